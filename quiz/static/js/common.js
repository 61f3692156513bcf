// Shared by play.js and practice.js: small DOM helpers and the body of a question (the chat
// dialogue, the stem and the choice buttons), so both pages draw a question the same way.
// Loaded before either script; no framework, no build step.
var QuizCommon = (function () {
  "use strict";

  // Fills "%(name)s" placeholders that survived translation in the page's texts.
  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_m, name) { return values[name]; });
  }
  function node(tag, className, text) {
    var n = document.createElement(tag);
    if (className) { n.className = className; }
    if (text !== undefined) { n.textContent = text; }
    return n;
  }

  // How a question type is offered, from the registry's attributes on the page's texts template
  // (data-many, data-unlettered: space-separated type codes), so no type code is written here.
  function typeIn(question, list) {
    var texts = document.getElementById("texts");
    var codes = texts && texts.dataset[list] ? texts.dataset[list].split(" ") : [];
    return codes.indexOf(question.type) >= 0;
  }
  function picksMany(question) { return typeIn(question, "many"); }

  // Appends the question's dialogue, stem and choice buttons to `box`. `chosen` lists the keys
  // already picked (shown pressed); `onChoose(key)` runs when a choice is tapped.
  function drawQuestion(box, question, chosen, onChoose) {
    if (question.dialogue && question.dialogue.length) {
      var chat = node("div", "chat");
      question.dialogue.forEach(function (turn) {
        var bubble = node("div", "bubble" + (turn.from === "我" ? " me" : ""));
        bubble.appendChild(node("span", "who", turn.from));
        bubble.appendChild(document.createTextNode(turn.text));
        chat.appendChild(bubble);
      });
      box.appendChild(chat);
    }
    box.appendChild(node("h2", "stem", question.stem));
    var list = node("div", "choices");
    var many = picksMany(question);
    list.setAttribute("role", many ? "group" : "radiogroup");
    question.options.forEach(function (option, i) {
      var on = chosen.indexOf(option.key) >= 0;
      var button = node("button", "choice" + (on ? " chosen" : ""));
      button.type = "button";
      button.dataset.key = option.key;
      button.setAttribute("role", many ? "checkbox" : "radio");
      button.setAttribute("aria-checked", on ? "true" : "false");
      if (!typeIn(question, "unlettered")) {
        button.appendChild(node("span", "letter", String.fromCharCode(65 + i)));
      }
      button.appendChild(node("span", "text", option.text));
      button.addEventListener("click", function () { onChoose(option.key); });
      list.appendChild(button);
    });
    box.appendChild(list);
  }

  return {fill: fill, node: node, drawQuestion: drawQuestion, picksMany: picksMany};
})();
