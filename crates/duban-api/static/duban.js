// duban's one script: the bulletin editor's live preview. As the office types, the
// form is sent to /bulletins/{id}/preview (nothing is saved) and the draft below is
// replaced by the one drafted with the new text. Without the script the editor works
// the same, previewing on 保存.
"use strict";
(function () {
  var form = document.querySelector("form[data-preview]");
  var target = document.querySelector(".preview");
  if (!form || !target) {
    return;
  }
  var timer = null;
  var sent = 0;
  function refresh() {
    var mine = ++sent;
    var body = new URLSearchParams(new FormData(form));
    fetch(form.getAttribute("data-preview"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
    })
      .then(function (res) {
        return res.ok ? res.text() : null;
      })
      .then(function (html) {
        // Only the latest answer counts: an earlier one may arrive after it.
        if (html !== null && mine === sent) {
          target.innerHTML = html;
        }
      })
      .catch(function () {});
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
})();
