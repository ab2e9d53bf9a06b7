// While a proposal is written, show existing proposals that look like it.
// The page works without this script: the first "Publish" shows the same list and asks again.
(function () {
  var form = document.getElementById("proposal-form");
  if (!form || !window.fetch) return;
  var title = form.querySelector("[name=title]");
  var body = form.querySelector("[name=body]");
  var target = document.getElementById("similar-live");
  var timer = null;
  function look() {
    var params = new URLSearchParams({ title: title.value, body: body.value.slice(0, 2000) });
    fetch(form.dataset.similarUrl + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { target.innerHTML = html; });
  }
  function later() { clearTimeout(timer); timer = setTimeout(look, 600); }
  title.addEventListener("input", later);
  body.addEventListener("input", later);
})();
