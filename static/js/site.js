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
  // A language picked in the switch is kept in Django's language cookie, so that an
  // address without a language (a printed link, a QR code) opens in it next time.
  // The links work without this; the pages never depend on the cookie.
  document.querySelectorAll(".language-switch a[hreflang]").forEach(function (link) {
    link.addEventListener("click", function () {
      var secure = window.location.protocol === "https:" ? "; secure" : "";
      document.cookie = "django_language=" + link.getAttribute("hreflang") +
        "; max-age=31536000; path=/; samesite=lax" + secure;
    });
  });
})();
