// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  var notice = document.querySelector("[data-cookie-notice]");
  if (notice) {
    notice.querySelector("[data-cookie-notice-close]").addEventListener("click", function () {
      document.cookie = "cookie_notice_seen=1; max-age=31536000; path=/; samesite=lax";
      notice.remove();
    });
  }
  // The language switch submits as soon as a language is picked.
  var languageSelect = document.getElementById("language-select");
  if (languageSelect) {
    languageSelect.addEventListener("change", function () { languageSelect.form.submit(); });
    // Without JavaScript the button submits; with it, the choice alone does.
    languageSelect.form.querySelector("button[type=submit]").hidden = true;
  }
})();
