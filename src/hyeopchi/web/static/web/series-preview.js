// Keeps the new-series preview (dates in words, next meetings, seats) in step with the form.
// Without JavaScript the "Preview" button sends the same request and reloads the page.
(function () {
  "use strict";
  var form = document.getElementById("series-form");
  var region = document.getElementById("series-preview");
  if (!form || !region || !window.fetch) return;
  var timer = null;
  function refresh() {
    var body = new FormData(form);
    body.append("preview", "1");
    fetch(form.action || window.location.href, {
      method: "POST",
      body: body,
      headers: { "X-Preview": "1" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (html !== null) region.innerHTML = html;
    }).catch(function () {});
  }
  form.addEventListener("change", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 300);
  });
})();
