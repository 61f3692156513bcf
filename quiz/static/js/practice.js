// Practice (by scam type, the mistake book, 每日一练): one question at a time, untimed, the
// explanation right after each answer, no reload between questions. The server draws the
// questions and marks the answers; this script shows them. No framework, no build step.
(function () {
  "use strict";
  var root = document.getElementById("practice");
  if (!root) { return; }
  var texts = document.getElementById("texts").dataset;
  var el = function (id) { return document.getElementById(id); };
  var question = null;   // the question on screen, as /next returned it
  var chosen = [];
  var busy = false;

  var fill = QuizCommon.fill;
  var node = QuizCommon.node;

  function post(path, body) {
    return fetch(root.dataset.api + path, {
      method: "POST", credentials: "same-origin",
      headers: {"Accept": "application/json", "Content-Type": "application/json",
                "X-CSRFToken": root.dataset.csrf},
      body: JSON.stringify(body)
    }).then(function (response) {
      if (response.status === 401 || response.redirected) {
        window.location.href = root.dataset.home;  // the login ran out
      }
      return response.json().catch(function () { return {}; }).then(function (data) {
        return {status: response.status, body: data};
      });
    });
  }

  function showLevel(level) {
    if (!level) { return; }
    el("xp").textContent = fill(texts.level, {l: level.level, name: level.name, xp: level.xp});
  }
  function showDaily(daily) {
    if (!daily) { return; }
    el("daily-progress").textContent = fill(texts.daily,
      {a: daily.answered, n: daily.total, s: daily.streak});
  }
  function fail(result) {
    var message = (result && result.body && result.body.error && result.body.error.message)
      || texts.error;
    var box = el("feedback");
    box.className = "card feedback wrong";
    box.textContent = message;
    busy = false;
  }

  function load() {
    busy = true;
    post("/next", {source: root.dataset.source, scam_type: root.dataset.scamType || null})
      .then(function (result) {
        busy = false;
        el("loading").classList.add("hidden");
        if (result.status !== 200) { fail(result); el("feedback").classList.remove("hidden"); return; }
        showLevel(result.body.level);
        showDaily(result.body.daily);
        if (!result.body.question) { finished(result.body.message); return; }
        question = result.body.question;
        chosen = [];
        render();
      })
      .catch(function () {
        el("loading").textContent = texts.offline;
        window.setTimeout(load, 3000);
      });
  }

  function render() {
    var box = el("question");
    box.innerHTML = "";
    box.appendChild(node("p", "muted", question.scam_type + " · " + texts[question.type]));
    QuizCommon.drawQuestion(box, question, [], choose);
    box.classList.remove("hidden");
    el("feedback").classList.add("hidden");
    el("next").classList.add("hidden");
    el("submit").classList.remove("hidden");
    el("submit").disabled = false;
    window.scrollTo(0, 0);
  }

  function choose(key) {
    if (busy || !question || question.answered) { return; }
    if (QuizCommon.picksMany(question)) {
      var at = chosen.indexOf(key);
      if (at >= 0) { chosen.splice(at, 1); } else { chosen.push(key); }
    } else {
      chosen = [key];
    }
    Array.prototype.forEach.call(document.querySelectorAll("#question .choice"), function (b) {
      var on = chosen.indexOf(b.dataset.key) >= 0;
      b.classList.toggle("chosen", on);
      b.setAttribute("aria-checked", on ? "true" : "false");
    });
  }

  function submit() {
    if (busy || !question) { return; }
    if (!chosen.length) {
      var box = el("feedback");
      box.className = "card feedback";
      box.textContent = texts.pick;
      return;
    }
    busy = true;
    el("submit").disabled = true;
    post("/answer", {ticket: question.ticket, answer: chosen}).then(function (result) {
      if (result.status !== 200) { el("submit").disabled = false; fail(result); return; }
      busy = false;
      question.answered = true;
      showResult(result.body);
    }).catch(function () {
      busy = false;
      el("submit").disabled = false;
      var box = el("feedback");
      box.className = "card feedback wrong";
      box.textContent = texts.offline;
    });
  }

  function showResult(result) {
    Array.prototype.forEach.call(document.querySelectorAll("#question .choice"), function (b) {
      b.disabled = true;
      if (result.correct_answer.indexOf(b.dataset.key) >= 0) { b.classList.add("right"); }
      else if (result.your_answer.indexOf(b.dataset.key) >= 0) { b.classList.add("wrong"); }
    });
    var box = el("feedback");
    box.innerHTML = "";
    box.className = "card feedback " + (result.correct ? "right" : "wrong");
    box.appendChild(node("p", "verdict", result.correct ? texts.right : texts.wrong));
    if (!result.correct) {
      var answer = question.options.filter(function (o) {
        return result.correct_answer.indexOf(o.key) >= 0;
      }).map(function (o) { return o.text; }).join("；");
      box.appendChild(node("p", "", texts.answer + "：" + answer));
    }
    box.appendChild(node("p", "explanation", texts.explain + "：" + result.explanation));
    if (result.xp) { box.appendChild(node("p", "gain", fill(texts.xp, {n: result.xp}))); }
    else if (result.correct && !result.repeated) { box.appendChild(node("p", "muted", texts.capped)); }
    var mistake = {added: texts.mistakeAdded, progress: texts.mistakeProgress,
                   cleared: texts.mistakeCleared}[result.mistake];
    if (mistake) { box.appendChild(node("p", "muted", mistake)); }
    if (result.daily_bonus) {
      box.appendChild(node("p", "gain", texts.dailyDone + " " +
        fill(texts.dailyBonus, {n: result.daily_bonus})));
    }
    (result.badges || []).forEach(function (badge) {
      box.appendChild(node("p", "gain", texts.badge + badge.name));
    });
    showLevel(result.level);
    showDaily(result.daily);
    box.classList.remove("hidden");
    el("submit").classList.add("hidden");
    el("next").classList.remove("hidden");
    box.focus();
    box.scrollIntoView({block: "nearest"});
  }

  function finished(message) {
    ["question", "feedback", "submit", "next"].forEach(function (id) {
      el(id).classList.add("hidden");
    });
    var box = el("done");
    box.innerHTML = "";
    box.appendChild(node("p", "", message || texts["none" + root.dataset.source.charAt(0)
      .toUpperCase() + root.dataset.source.slice(1)]));
    var home = node("a", "button block", texts.home);
    home.href = root.dataset.home;
    box.appendChild(home);
    box.classList.remove("hidden");
  }

  el("submit").addEventListener("click", submit);
  el("next").addEventListener("click", function () { if (!busy) { load(); } });
  load();
})();
