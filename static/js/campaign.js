// The campaign page, live: countdown, application counter, the job on stage, copy link.
// Progressive enhancement: without this file the page shows everything as it was
// when it loaded (the counter's figure, the highlighted job, the start time).
(function () {
  "use strict";
  var page = document.querySelector("[data-live-url]");
  if (!page) { return; }
  var LIVE_MS = 5000, QUIET_MS = 30000, MAX_BACKOFF_MS = 60000;
  var counter = page.querySelector("[data-live-count]");
  var shelf = page.querySelector("[data-job-shelf]");
  var notice = page.querySelector("[data-state-notice]");
  var loadedState = page.getAttribute("data-state");
  var format = window.Intl ? new Intl.NumberFormat(document.documentElement.lang) : null;
  var order = shelf ? Array.prototype.slice.call(shelf.children) : [];
  var timer = null, backoff = 0, presenting;

  // --- Countdown to the start -------------------------------------------------------
  var clock = page.querySelector("[data-countdown]");
  if (clock) {
    var starts = 1000 * Number(clock.getAttribute("data-countdown"));
    var parts = {}, words = {};
    ["days", "hours", "minutes", "seconds"].forEach(function (unit) {
      parts[unit] = clock.querySelector("[data-unit=" + unit + "]");
      words[unit] = clock.querySelector("[data-unit-word=" + unit + "]");
    });
    var pad = function (n) { return n < 10 ? "0" + n : String(n); };
    // "1 day", "2 days": the page gives each word in both forms, in its language.
    var show = function (unit, n, text) {
      parts[unit].textContent = text;
      var word = words[unit];
      if (word) { word.textContent = word.getAttribute(n === 1 ? "data-one" : "data-other"); }
    };
    var tick = function () {
      var left = Math.max(0, Math.floor((starts - Date.now()) / 1000));
      var days = Math.floor(left / 86400), hours = Math.floor(left % 86400 / 3600);
      var minutes = Math.floor(left % 3600 / 60), seconds = left % 60;
      show("days", days, String(days));
      show("hours", hours, pad(hours));
      show("minutes", minutes, pad(minutes));
      show("seconds", seconds, pad(seconds));
      if (left > 0) { window.setTimeout(tick, 1000 - Date.now() % 1000); } else { poll(); }
    };
    if (!isNaN(starts)) { tick(); }
  }

  // --- The counter: only from the campaign's threshold, as a round figure -------------
  var chinese = /^zh/.test(document.documentElement.lang);
  function roundedDown(n) {  // as recruitment.livestream.rounded_down
    if (n < 10) { return n; }
    var step = Math.pow(10, Math.max(1, String(n).length - 2));
    return Math.floor(n / step) * step;
  }
  function people(n) {  // as the `people` template filter
    if (chinese && n >= 1e8) { return Math.round(n / 1e7) / 10 + "亿"; }
    if (chinese && n >= 1e4) { return Math.round(n / 1e3) / 10 + "万"; }
    return chinese || !format ? String(n) : format.format(n);
  }
  function showCount(n) {
    if (!counter || typeof n !== "number") { return; }
    if (n < Number(counter.getAttribute("data-threshold"))) { counter.hidden = true; return; }
    var figure = roundedDown(n);
    var text = counter.getAttribute(figure < n ? "data-more-than" : "data-exactly");
    counter.textContent = text.replace("{n}", people(figure));
    counter.hidden = false;
  }

  // --- Times in the reader's own time zone -------------------------------------------
  if (window.Intl && Intl.DateTimeFormat) {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone && zone !== "Asia/Shanghai" && zone !== "Asia/Chongqing") {
      var local = new Intl.DateTimeFormat(document.documentElement.lang, {
        year: "numeric", month: "long", day: "numeric", hour: "numeric", minute: "2-digit",
        timeZoneName: "short"
      });
      Array.prototype.forEach.call(page.querySelectorAll("[data-local-time]"), function (el) {
        var when = new Date(el.getAttribute("datetime"));
        if (!isNaN(when)) { el.textContent = local.format(when); }
      });
    }
  }

  // --- The bar on phones: the job on stage and one tap to apply -----------------------
  var bar = page.querySelector("[data-sticky-apply]");
  function showOnBar(slug) {
    if (!bar) { return; }
    var card = slug && shelf ? shelf.querySelector('[data-job="' + slug + '"]') : null;
    var link = bar.querySelector("[data-sticky-link]");
    var base = bar.getAttribute("data-apply-url");
    bar.querySelector("[data-sticky-label]").hidden = !card;
    bar.querySelector("[data-sticky-title]").textContent =
      card ? card.getAttribute("data-title") : bar.getAttribute("data-campaign-title");
    link.href = card ? base + "?job=" + encodeURIComponent(slug) : base;
  }

  // --- The job on stage moves first, highlighted ------------------------------------
  function showPresenting(slug) {
    if (!shelf || slug === presenting) { return; }
    presenting = slug;
    showOnBar(slug);
    order.forEach(function (item) {
      var on = item.getAttribute("data-job") === slug;
      item.classList.toggle("is-presenting", on);
      var badge = item.querySelector(".presenting-badge");
      if (badge) { badge.hidden = !on; }
      shelf.appendChild(item);  // back to the page's order...
    });
    order.forEach(function (item) {  // ...then the one on stage first
      if (item.getAttribute("data-job") === slug) { shelf.insertBefore(item, shelf.firstChild); }
    });
  }

  // --- Polling live.json ------------------------------------------------------------
  function schedule(ms) {
    window.clearTimeout(timer);
    timer = document.hidden ? null : window.setTimeout(poll, ms);
  }

  function poll(fresh) {
    if (!window.fetch || document.hidden) { return; }
    // The first answer must not be the browser's copy from the last visit (max-age=2).
    var options = { credentials: "omit", cache: fresh === true ? "no-cache" : "default" };
    fetch(page.getAttribute("data-live-url"), options)
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (data) {
        backoff = 0;
        showCount(data.applications_received);
        showPresenting(data.now_presenting);
        if (notice && data.state !== loadedState) { notice.hidden = false; }
        schedule(data.state === "live" ? LIVE_MS : QUIET_MS);
      })
      .catch(function () {
        // Back off when the server struggles: many viewers retrying at once make it worse.
        backoff = Math.min(MAX_BACKOFF_MS, backoff ? backoff * 2 : LIVE_MS * 2);
        schedule(backoff + Math.random() * 1000);
      });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) { window.clearTimeout(timer); timer = null; } else { poll(); }
  });
  var current = shelf && shelf.querySelector(".is-presenting");
  presenting = current ? current.getAttribute("data-job") : null;
  // A page from the cache may be seconds old: its counter is brought up to date at once.
  poll(true);

  // --- Copy the page's link ---------------------------------------------------------
  var copy = page.querySelector("[data-copy-link]");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(copy.getAttribute("data-copy-link")).then(function () {
        copy.textContent = copy.getAttribute("data-copied");
      });
    });
  }
})();
