/* A region's search page: the county chosen and the words typed open that county's own
   search page (each county has its own static index), so only its shards are fetched. The
   page shows this form only with JavaScript; without it, a form per county does the same
   (region-search.html). */
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var box = document.querySelector('[data-region-search]');
    if (!box) return;
    var form = box.querySelector('form');
    box.hidden = false;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var county = form.querySelector('select').value;
      var q = form.querySelector('input[name="q"]').value;
      window.location.href = county + (q ? '?q=' + encodeURIComponent(q) : '');
    });
  });
})();
