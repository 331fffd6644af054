/* qingdan: the citizen's own township, remembered.
 *
 * A township page (its <h1 data-township="code">) stores its code in localStorage; the home
 * page then offers that township first ("上次查看"), by copying the link the page already has
 * for it (a[data-township] in the chooser), so no address is built here. Pages listing several
 * townships for one item (一件事) move that township's link first. The 一次性告知单 gets a
 * print button. Without JavaScript or storage everything works, only without the shortcut.
 * Dependency-free ES5, no inline script (CSP). */
(function () {
  'use strict';

  var KEY = 'qingdan-township';

  function get() {
    try {
      return window.localStorage.getItem(KEY);
    } catch (e) {
      return null;
    }
  }

  function set(code) {
    try {
      window.localStorage.setItem(KEY, code);
    } catch (e) {
      // storage disabled: nothing remembered
    }
  }

  function start() {
    var here = document.querySelector('h1[data-township]');
    if (here) set(here.getAttribute('data-township'));
    var mine = get();
    var slot = document.getElementById('my-township');
    if (slot && mine) {
      var links = document.querySelectorAll('.chooser a[data-township]');
      for (var i = 0; i < links.length; i++) {
        if (links[i].getAttribute('data-township') !== mine) continue;
        var copy = links[i].cloneNode(true);
        copy.removeAttribute('data-township');
        copy.className = 'place mine';
        slot.querySelector('.my-township-link').appendChild(copy);
        slot.hidden = false;
        break;
      }
    }
    if (mine) {
      var lists = document.querySelectorAll('.event-item .places');
      for (var j = 0; j < lists.length; j++) {
        var own = lists[j].querySelector('a[data-township="' + mine.replace(/["\\]/g, '') + '"]');
        if (own && own.parentNode !== lists[j].firstElementChild) {
          own.className += ' mine';
          lists[j].insertBefore(own.parentNode, lists[j].firstElementChild);
        }
      }
    }
    var print = document.querySelector('.print-button');
    if (print) {
      print.hidden = false;
      print.addEventListener('click', function () { window.print(); });
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
