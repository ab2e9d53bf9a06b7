// Follow a spreadsheet import while the worker runs it; reload the page once it has finished.
// The page works without this script: its "Reload" link shows the same.
(function () {
  var live = document.getElementById("import-live");
  if (!live || !window.fetch) return;
  var progress = document.getElementById("import-progress");
  var count = document.getElementById("import-count");
  var status = document.getElementById("import-status");
  function follow() {
    fetch(live.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) return;
        if (job.finished) { window.location.reload(); return; }
        status.textContent = job.status_label;
        if (job.rows) {
          progress.max = job.rows;
          progress.value = job.rows_checked;
          count.textContent = job.rows_checked + " / " + job.rows;
        }
        setTimeout(follow, 1000);
      })
      .catch(function () { setTimeout(follow, 5000); });
  }
  setTimeout(follow, 1000);
})();
