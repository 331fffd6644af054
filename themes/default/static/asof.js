/* qingdan: what was in force on a date (progressive enhancement).
 *
 * A form `form.asof` with a date field. On the releases page (data-source="index") it reads
 * data/releases/index.json, the release data the site publishes, and names the release in
 * force on that date: the latest whose effective date is not after it. On an item page
 * (data-source="timeline") it reads the item's timeline (li[data-effective]) and links the
 * item as it stood on that date. Without JavaScript the form stays hidden: the releases page
 * lists every release with the period it was in force, and the timeline every version.
 * Dependency-free ES5, no inline script. Part of static/site.js. */
(function (main) {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main);
  else main();
})(function () {
  'use strict';
  if (!document.querySelectorAll || !window.JSON) {
    return;
  }
  var forms = document.querySelectorAll('form.asof');
  var DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

  function chinese(date) {
    var m = DATE.exec(date);
    return m ? Number(m[1]) + '年' + Number(m[2]) + '月' + Number(m[3]) + '日' : date;
  }

  /* The entry in force on `date` among [{effective, ...}] sorted by effective date: the last
   * whose effective date is not after it (dates as YYYY-MM-DD compare as text). */
  function inForce(entries, date) {
    var found = null;
    for (var i = 0; i < entries.length; i++) {
      if (entries[i].effective && entries[i].effective <= date) {
        found = entries[i];
      }
    }
    return found;
  }

  function show(out, parts) {
    while (out.firstChild) out.removeChild(out.firstChild);
    for (var i = 0; i < parts.length; i++) {
      var p = parts[i];
      if (typeof p === 'string') {
        out.appendChild(document.createTextNode(p));
      } else {
        var a = document.createElement('a');
        a.href = p.href;
        a.appendChild(document.createTextNode(p.text));
        out.appendChild(a);
      }
    }
  }

  function getJSON(url, done) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', url, true);
    xhr.onreadystatechange = function () {
      if (xhr.readyState !== 4) return;
      if (xhr.status !== 200 && xhr.status !== 0) {
        done(null);
        return;
      }
      try {
        done(JSON.parse(xhr.responseText));
      } catch (e) {
        done(null);
      }
    };
    xhr.send();
  }

  function fromIndex(form, date, out) {
    var root = form.getAttribute('data-root') || '';
    getJSON(form.getAttribute('data-index'), function (index) {
      if (!index || !index.versions) {
        show(out, ['无法读取版本数据。请查看下面的版本列表和施行期间。']);
        return;
      }
      var releases = [];
      for (var i = 0; i < index.versions.length; i++) {
        if (!index.versions[i].current) releases.push(index.versions[i]);
      }
      var r = inForce(releases, date);
      if (!r) {
        show(out, [chinese(date) + '时还没有发布的清单版本。最早的版本自' + chinese(releases[0].effective) + '起施行。']);
        return;
      }
      show(out, [
        chinese(date) + '施行的是 ',
        { href: root + QINGDAN_URLS.releaseUrl(r.id), text: r.title },
        '（' + chinese(r.effective) + '起施行）。'
      ]);
    });
  }

  function fromTimeline(form, date, out) {
    var items = document.querySelectorAll('[data-effective][data-version-href]');
    var entries = [];
    for (var i = 0; i < items.length; i++) {
      entries.push({
        effective: items[i].getAttribute('data-effective'),
        href: items[i].getAttribute('data-version-href'),
        title: items[i].getAttribute('data-title')
      });
    }
    entries.sort(function (a, b) { return a.effective < b.effective ? -1 : a.effective > b.effective ? 1 : 0; });
    var e = inForce(entries, date);
    if (!e) {
      show(out, [chinese(date) + '时本事项还没有发布。']);
      return;
    }
    show(out, [
      chinese(date) + '施行的是本事项在 ',
      { href: e.href, text: e.title },
      ' 中的内容（' + chinese(e.effective) + '起）。'
    ]);
  }

  for (var f = 0; f < forms.length; f++) {
    (function (form) {
      var input = form.querySelector('input[type=date]');
      var out = form.querySelector('.asof-result');
      if (!input || !out) return;
      form.removeAttribute('hidden');
      form.addEventListener('submit', function (ev) {
        ev.preventDefault();
        var date = input.value;
        if (!DATE.test(date)) {
          show(out, ['请填写日期，如 2025-03-15。']);
          return;
        }
        if (form.getAttribute('data-source') === 'index') fromIndex(form, date, out);
        else fromTimeline(form, date, out);
      });
    })(forms[f]);
  }
});
