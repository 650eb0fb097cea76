// Keeps the campaign page's application counter current while the stream is on.
// Progressive enhancement: without it the page shows the count from when it loaded.
(function () {
  "use strict";
  var page = document.querySelector("[data-live-url]");
  var counter = document.querySelector("[data-live-count]");
  if (!page || !counter || !window.fetch) { return; }
  var format = window.Intl ? new Intl.NumberFormat(document.documentElement.lang) : null;
  function poll() {
    fetch(page.getAttribute("data-live-url"), { credentials: "omit" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var n = data.applications_received;
        counter.textContent = format ? format.format(n) : String(n);
        if (data.state !== "ended") { window.setTimeout(poll, 5000); }
      })
      .catch(function () { window.setTimeout(poll, 15000); });
  }
  window.setTimeout(poll, 5000);
})();
