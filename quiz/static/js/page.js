// Behaviour shared by the server-rendered pages, kept out of the HTML so that the
// Content-Security-Policy can forbid inline scripts and on…= handlers (quiz/security_headers.py).
(function () {
  // <button data-print>: print the page (login slips).
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-print]") : null;
    if (target) { window.print(); }
  });

  document.addEventListener("change", function (event) {
    var target = event.target;
    // <select data-navigate>: the chosen option's value is the new query string.
    if (target.hasAttribute("data-navigate")) { window.location.search = target.value; }
    // <select data-autosubmit>: choosing submits its form.
    if (target.hasAttribute("data-autosubmit") && target.form) { target.form.submit(); }
  });

  // form[data-progress]: a "checking…" state for slow uploads (see _progress.html).
  var forms = document.querySelectorAll("form[data-progress]");
  function setBusy(form, busy) {
    var button = form.querySelector("button[type=submit]");
    var state = form.querySelector(".upload-state");
    if (button) { button.disabled = busy; }
    if (state) { state.classList.toggle("hidden", !busy); }
  }
  forms.forEach(function (form) {
    form.addEventListener("submit", function () { setBusy(form, true); });
  });
  // The Back button may restore the page as it was left: busy, with the button disabled.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { forms.forEach(function (form) { setBusy(form, false); }); }
  });

  // <body data-refresh-seconds="10">: reload, but not while someone is typing into a field.
  var refresh = document.body && document.body.getAttribute("data-refresh-seconds");
  if (refresh) {
    window.setInterval(function () {
      var active = document.activeElement;
      if (!active || active.tagName !== "INPUT") { window.location.reload(); }
    }, Number(refresh) * 1000);
  }
})();
