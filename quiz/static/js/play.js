// The play page: one question per screen, every tap saved, answers queued while offline.
// The server keeps time and the answers; this script only shows them and resends what the
// network dropped. No framework, no build step.
(function () {
  "use strict";
  var root = document.getElementById("play");
  if (!root) { return; }
  var texts = document.getElementById("texts").dataset;
  var api = root.dataset.api;
  var csrf = root.dataset.csrf;
  var contestId = root.dataset.contest;
  var el = function (id) { return document.getElementById(id); };

  var attempt = null;      // the attempt as the API returned it
  var answers = {};        // question id -> [keys], what the student chose last
  var index = 0;           // the question on screen
  var deadline = 0;        // Date.now() value at which time is up (from the server's remaining)
  var finishing = false;
  var queueKey = "";       // localStorage key of answers not yet confirmed by the server

  var fill = QuizCommon.fill;

  function request(method, path, body) {
    var headers = {"Accept": "application/json", "X-CSRFToken": csrf};
    if (body !== undefined) { headers["Content-Type"] = "application/json"; }
    return fetch(api + path, {
      method: method, headers: headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      if (response.status === 401) { window.location.href = root.dataset.home; }
      return response.json().catch(function () { return {}; }).then(function (data) {
        return {status: response.status, body: data};
      });
    });
  }

  // --- the queue of unsent answers, kept across reloads and lost connections -----------------

  function loadQueue() {
    try { return JSON.parse(localStorage.getItem(queueKey) || "{}"); } catch (e) { return {}; }
  }
  function storeQueue(queue) {
    try { localStorage.setItem(queueKey, JSON.stringify(queue)); } catch (e) { /* private mode */ }
  }
  function setState(kind, text) {
    var box = el("save-state");
    box.className = "save-state " + kind;
    box.textContent = text;
  }

  var sending = {};
  function send(questionId) {
    var queue = loadQueue();
    var keys = queue[questionId];
    if (!keys || sending[questionId]) { return Promise.resolve(); }
    sending[questionId] = true;
    setState("saving", texts.saving);
    return request("PUT", "/attempts/" + attempt.id + "/answers/" + questionId, {answer: keys})
      .then(function (result) {
        var now = loadQueue();
        if (result.status === 200 || result.status === 409 || result.status === 422) {
          if (JSON.stringify(now[questionId]) === JSON.stringify(keys)) { delete now[questionId]; }
          storeQueue(now);
        }
        if (result.status === 200) {
          deadline = Date.now() + result.body.remaining_seconds * 1000;
          setState(Object.keys(now).length ? "saving" : "saved",
                   Object.keys(now).length ? texts.saving : texts.saved);
        } else if (result.status === 409) {
          setState("late", texts.late);
        } else {
          setState("late", (result.body.error && result.body.error.message) || texts.error);
        }
      })
      .catch(function () { setState("offline", texts.offline); })
      .then(function () {
        sending[questionId] = false;
        var again = loadQueue();
        if (again[questionId] && JSON.stringify(again[questionId]) !== JSON.stringify(keys)) {
          return send(questionId);  // the student changed their mind while this was in flight
        }
      });
  }
  function flush() {
    var queue = loadQueue();
    return Promise.all(Object.keys(queue).map(send));
  }

  // --- drawing questions ----------------------------------------------------------------------

  var node = QuizCommon.node;

  function render() {
    var question = attempt.questions[index];
    var box = el("question");
    box.innerHTML = "";
    var head = node("p", "muted", fill(texts.question, {i: index + 1, n: attempt.questions.length})
      + " · " + texts[question.type] + " · " + fill(texts.points, {n: question.points}));
    box.appendChild(head);
    QuizCommon.drawQuestion(box, question, answers[question.id] || [],
                            function (key) { choose(question, key); });
    el("prev").disabled = index === 0;
    el("next").disabled = index === attempt.questions.length - 1;
    renderMap();
  }

  function renderMap() {
    var map = el("map");
    map.innerHTML = "";
    attempt.questions.forEach(function (question, i) {
      var cell = node("button", "cell" + (answers[question.id] && answers[question.id].length
        ? " done" : "") + (i === index ? " here" : ""), String(i + 1));
      cell.type = "button";
      cell.addEventListener("click", function () { index = i; render(); window.scrollTo(0, 0); });
      map.appendChild(cell);
    });
  }

  function choose(question, key) {
    if (finishing) { return; }
    var current = (answers[question.id] || []).slice();
    if (QuizCommon.picksMany(question)) {
      var at = current.indexOf(key);
      if (at >= 0) { current.splice(at, 1); } else { current.push(key); }
    } else {
      current = [key];
    }
    answers[question.id] = current;
    render();
    if (!current.length) { return; }  // nothing to save until something is chosen
    var queue = loadQueue();
    queue[question.id] = current;
    storeQueue(queue);
    send(String(question.id));
  }

  // --- time -------------------------------------------------------------------------------------

  function tick() {
    if (!attempt || finishing) { return; }
    var left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    var minutes = Math.floor(left / 60), seconds = left % 60;
    var box = el("countdown");
    box.textContent = (minutes < 10 ? "0" : "") + minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    box.classList.toggle("urgent", left <= 60);
    if (left === 0) {
      setState("saving", texts.timeup);
      finish(true);
    }
  }

  function resync() {
    if (!attempt || finishing) { return; }
    request("GET", "/attempts/" + attempt.id).then(function (result) {
      if (result.status !== 200) { return; }
      if (result.body.finished) { finish(true); return; }
      deadline = Date.now() + result.body.remaining_seconds * 1000;
    }).catch(function () { /* offline: the local countdown goes on */ });
  }

  // --- finishing ----------------------------------------------------------------------------------

  function finish(automatic) {
    if (finishing) { return; }
    if (!automatic) {
      var open = attempt.questions.filter(function (q) {
        return !(answers[q.id] && answers[q.id].length);
      }).length;
      var message = (open ? fill(texts.unanswered, {n: open}) + "\n" : "") + texts.confirm;
      if (!window.confirm(message)) { return; }
    }
    finishing = true;
    setState("saving", texts.finishing);
    flush().then(function () {
      return request("POST", "/attempts/" + attempt.id + "/finish");
    }).then(function (result) {
      if (result.status !== 200) { throw new Error("finish " + result.status); }
      showResult(result.body);
    }).catch(function () {
      finishing = false;  // offline: try again when the network returns
      setState("offline", texts.offline);
      window.setTimeout(function () { finish(true); }, 5000);
    });
  }

  function keysToText(question, keys) {
    if (!keys.length) { return texts.none; }
    return question.options.filter(function (o) { return keys.indexOf(o.key) >= 0; })
      .map(function (o) { return o.text; }).join("；");
  }

  function showResult(result) {
    try { localStorage.removeItem(queueKey); } catch (e) { /* ignore */ }
    ["question", "nav", "map-box", "finish", "loading", "countdown"].forEach(function (id) {
      el(id).classList.add("hidden");
    });
    setState("saved", "");
    var box = el("result");
    box.innerHTML = "";
    var card = node("div", "card result");
    card.appendChild(node("p", "muted", texts.score));
    card.appendChild(node("p", "big-score", result.score + " / " + result.max_score));
    var used = Math.floor(result.time_used_seconds / 60) + ":" +
      ("0" + (result.time_used_seconds % 60)).slice(-2);
    card.appendChild(node("p", "", fill(texts.correctCount,
      {c: result.correct, n: result.total, t: used})));
    box.appendChild(card);
    if (!result.review.length) {
      box.appendChild(node("p", "card muted", texts.reviewLater));
    }
    result.review.forEach(function (item, i) {
      var question = attempt.questions.filter(function (q) { return q.id === item.question_id; })[0];
      var row = node("article", "card review " + (item.correct ? "right" : "wrong"));
      row.appendChild(node("p", "verdict", (i + 1) + ". " + (item.correct ? texts.right : texts.wrong)));
      row.appendChild(node("p", "stem", question.stem));
      row.appendChild(node("p", "", texts.your + "：" + keysToText(question, item.your_answer)));
      row.appendChild(node("p", "", texts.answer + "：" + keysToText(question, item.correct_answer)));
      row.appendChild(node("p", "explanation", texts.explain + "：" + item.explanation));
      row.appendChild(reportForm(item.question_id));
      box.appendChild(row);
    });
    var home = node("a", "button block", texts.home);
    home.href = root.dataset.home;
    box.appendChild(home);
    box.classList.remove("hidden");
    window.scrollTo(0, 0);
  }

  // A student who thinks a question is wrong says so right here (纠错).
  function reportForm(questionId) {
    var details = node("details", "report");
    details.appendChild(node("summary", "", texts.report));
    var reason = node("select", "input");
    [["wrong_answer", texts.reasonWrong_answer], ["unclear", texts.reasonUnclear],
     ["outdated", texts.reasonOutdated], ["other", texts.reasonOther]].forEach(function (pair) {
      var option = node("option", "", pair[1]);
      option.value = pair[0];
      reason.appendChild(option);
    });
    var text = node("textarea", "input");
    text.placeholder = texts.reportText;
    text.maxLength = 500;
    var send = node("button", "button secondary", texts.reportSend);
    send.type = "button";
    var status = node("p", "hint");
    send.addEventListener("click", function () {
      send.disabled = true;
      request("POST", "/attempts/" + attempt.id + "/reports",
              {question_id: questionId, reason: reason.value, text: text.value})
        .then(function (result) {
          status.textContent = result.status === 201 ? texts.reportDone
            : (result.body.error && result.body.error.message) || texts.error;
          send.disabled = result.status === 201;
        })
        .catch(function () { status.textContent = texts.offline; send.disabled = false; });
    });
    [reason, text, send, status].forEach(function (n) { details.appendChild(n); });
    return details;
  }

  // --- start --------------------------------------------------------------------------------------

  function start() {
    request("POST", "/contests/" + contestId + "/attempts").then(function (result) {
      if (result.status !== 200) {
        el("loading").textContent = (result.body.error && result.body.error.message) || texts.error;
        return;
      }
      attempt = result.body;
      queueKey = "quiz-unsent-" + attempt.id;
      Object.keys(attempt.answers).forEach(function (id) { answers[id] = attempt.answers[id]; });
      var queue = loadQueue();
      Object.keys(queue).forEach(function (id) { answers[id] = queue[id]; });  // newer than server
      deadline = Date.now() + attempt.remaining_seconds * 1000;
      el("loading").classList.add("hidden");
      ["question", "nav", "map-box", "finish"].forEach(function (id) {
        el(id).classList.remove("hidden");
      });
      if (attempt.finished) { finish(true); return; }
      render();
      tick();
      flush();
      window.setInterval(tick, 250);
      window.setInterval(resync, 30000);
      window.setInterval(function () { if (Object.keys(loadQueue()).length) { flush(); } }, 5000);
    }).catch(function () {
      el("loading").textContent = texts.offline;
      window.setTimeout(start, 3000);
    });
  }

  el("prev").addEventListener("click", function () { if (index > 0) { index -= 1; render(); } });
  el("next").addEventListener("click", function () {
    if (index < attempt.questions.length - 1) { index += 1; render(); }
  });
  el("finish").addEventListener("click", function () { finish(false); });
  window.addEventListener("online", flush);
  start();
})();
