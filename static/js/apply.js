// Upload progress for the application form. Progressive enhancement: without
// this file (or without XHR upload events) the form posts normally.
(function () {
  "use strict";
  var form = document.querySelector("form[data-upload-progress]");
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
  if (!form || !window.FormData || !("upload" in new XMLHttpRequest())) { return; }
  var box = form.querySelector("[data-progress]");
  var bar = box && box.querySelector("progress");
  var sending = false;
  form.addEventListener("submit", function (event) {
    var file = form.querySelector("input[type=file]");
    if (!box || !file || !file.files.length) { return; }  // nothing slow to show
    event.preventDefault();
    if (sending) { return; }  // a second click while uploading does nothing
    sending = true;
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    box.hidden = false;
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.action || window.location.href);
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { bar.value = Math.round((e.loaded / e.total) * 100); }
    });
    xhr.addEventListener("load", function () {
      if (xhr.responseURL && xhr.responseURL !== window.location.href && xhr.status < 400) {
        window.location.assign(xhr.responseURL);
        return;
      }
      document.open();
      document.write(xhr.responseText);
      document.close();
    });
    xhr.addEventListener("error", function () {
      sending = false;
      if (button) { button.disabled = false; }
      box.hidden = true;
      form.submit();  // fall back to a plain post
    });
    xhr.send(new FormData(form));
  });
})();
