// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // The cookie notice is the same in every page; whether this reader has closed it
  // is remembered in the browser alone, never sent to the server.
  var SEEN = "cookie-notice-seen";
  var notice = document.querySelector("[data-cookie-notice]");
  var seen = false;
  try { seen = window.localStorage.getItem(SEEN) === "1"; } catch (e) { /* storage blocked */ }
  if (notice && !seen) {
    notice.hidden = false;
    notice.querySelector("[data-cookie-notice-close]").addEventListener("click", function () {
      try { window.localStorage.setItem(SEEN, "1"); } catch (e) { /* storage blocked */ }
      notice.remove();
    });
  }
})();
