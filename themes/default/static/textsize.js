/* qingdan: 大字版, larger text for older readers and anyone who wants it.
 *
 * The choice is kept in localStorage and applied as the class `large-text` on <html>. This
 * file runs first in static/site.js, which every page loads in <head> without `defer`, so the
 * class is set before the page is first drawn (no jump from small to large text). The toggle
 * button in the header carries `hidden` in the HTML: without JavaScript it is not shown, and
 * nothing else depends on it. Dependency-free ES5, no inline script (the pages' CSP forbids
 * them). */
(function () {
  'use strict';

  var KEY = 'qingdan-large-text';
  var CLASS = 'large-text';
  var html = document.documentElement;

  function stored() {
    try {
      return window.localStorage.getItem(KEY) === '1';
    } catch (e) {
      return false; // storage disabled (private mode, policies): standard size
    }
  }

  function store(on) {
    try {
      if (on) window.localStorage.setItem(KEY, '1');
      else window.localStorage.removeItem(KEY);
    } catch (e) {
      // The choice then lasts for this page only.
    }
  }

  function apply(on) {
    if (html.classList) html.classList.toggle(CLASS, on);
  }

  apply(stored());

  function start() {
    var buttons = document.querySelectorAll('button.text-size');
    var sync = function () {
      var on = html.classList.contains(CLASS);
      for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute('aria-pressed', on ? 'true' : 'false');
    };
    var toggle = function () {
      var on = !html.classList.contains(CLASS);
      apply(on);
      store(on);
      sync();
    };
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener('click', toggle);
      buttons[i].hidden = false;
    }
    sync();
    // Another tab changed the setting.
    window.addEventListener('storage', function (e) {
      if (e.key === KEY) {
        apply(stored());
        sync();
      }
    });
  }

  if (!html.classList || !document.querySelectorAll) return;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
