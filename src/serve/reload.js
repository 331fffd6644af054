// qingdan serve: reloads the page when the site is rebuilt, and shows the build's errors over
// the page while the sources are broken (the last good page stays underneath). Added to pages
// by the preview server only; built sites never contain it.
(function () {
  "use strict";
  var known = null;
  var overlay = null;

  function show(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "qingdan-overlay";
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-label", "源文件有错误");
      var s = overlay.style;
      s.position = "fixed"; s.inset = "0"; s.zIndex = "2147483647"; s.overflow = "auto";
      s.background = "rgba(20, 20, 20, 0.94)"; s.color = "#fff"; s.padding = "1.5rem";
      s.font = "15px/1.5 monospace";
      var head = document.createElement("p");
      head.textContent = "源文件有错误，网站未更新（仍显示上一次成功生成的页面）。修正并保存后自动刷新。";
      head.style.fontWeight = "bold"; head.style.color = "#ffb4a9"; head.style.fontFamily = "sans-serif";
      var close = document.createElement("button");
      close.type = "button"; close.textContent = "关闭";
      close.addEventListener("click", function () { overlay.hidden = true; });
      var pre = document.createElement("pre");
      pre.style.whiteSpace = "pre-wrap";
      overlay.append(head, close, pre);
      document.body.append(overlay);
    }
    overlay.querySelector("pre").textContent = text;
    overlay.hidden = false;
  }

  var source = new EventSource("/__qingdan/events");
  source.addEventListener("status", function (event) {
    var status = JSON.parse(event.data);
    if (known !== null && status.build !== known) {
      location.reload();
      return;
    }
    known = status.build;
    if (status.error) {
      show(status.error);
    } else if (overlay) {
      overlay.hidden = true;
    }
  });
})();
