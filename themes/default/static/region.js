/* A region's search page: the county chosen and the words typed open that county's own
   search page (each county has its own static index), so only its shards are fetched. */
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var form = document.querySelector('form[data-region-search]');
    if (!form) return;
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var county = form.querySelector('select').value;
      var q = form.querySelector('input[name="q"]').value;
      window.location.href = county + (q ? '?q=' + encodeURIComponent(q) : '');
    });
  });
})();
