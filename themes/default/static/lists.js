/* qingdan: a body's list on its page, made usable on a phone however long it is.
 *
 * The three parts of a 履行职责事项清单 and their groups (类别 or 权力类型) are <details>
 * elements (macros.html item_tables), so they open and close without JavaScript. With it:
 * - each part gets a filter box (its `.part-tools`, `hidden` in the HTML): typing narrows the
 *   part to the items whose row contains every word typed (or whose group's name does), opens
 *   the groups that have some and hides the others, and says how many were found in a status
 *   line that screen readers announce; clearing the box restores what was open;
 * - a button opens or closes all groups of the part;
 * - before printing every <details> of the page is opened and every item shown (a township's
 *   printed list is the official notice, all three tables), and put back as it was afterwards.
 * Dependency-free ES5, no inline script (the pages' CSP forbids them). */
(function () {
  'use strict';

  var HIDE = 'filtered-out';

  /** Text as compared: lower case, without white space. */
  function norm(s) {
    return String(s || '').toLowerCase().replace(/\s+/g, '');
  }

  function each(list, fn) {
    for (var i = 0; i < list.length; i++) fn(list[i], i);
  }

  function toggle(e, cls, on) {
    if (on) e.classList.add(cls);
    else e.classList.remove(cls);
  }

  function Part(details) {
    this.details = details;
    this.tools = details.querySelector('.part-tools');
    this.input = this.tools.querySelector('input');
    this.status = this.tools.querySelector('.filter-status');
    this.button = this.tools.querySelector('.expand-all');
    this.groups = [];
    var self = this;
    each(details.querySelectorAll('details.group'), function (g) {
      var label = g.querySelector('summary .group-label');
      self.groups.push({ details: g, label: norm(label ? label.textContent : ''), rows: g.querySelectorAll('tbody tr'), texts: null, was: null });
    });
    this.tools.hidden = false;
    this.input.addEventListener('input', function () { self.filter(); });
    // Escape clears the box, as in a search field.
    this.input.addEventListener('keydown', function (e) {
      if ((e.key === 'Escape' || e.key === 'Esc') && self.input.value) {
        self.input.value = '';
        self.filter();
      }
    });
    if (this.button) {
      if (this.groups.length < 2) this.button.hidden = true;
      this.button.addEventListener('click', function () { self.expand(); });
      each(details.querySelectorAll('details.group'), function (g) {
        g.addEventListener('toggle', function () { self.sync(); });
      });
      this.sync();
    }
  }

  /** Shows the items of the part that contain every word typed. */
  Part.prototype.filter = function () {
    var words = this.input.value.split(/\s+/).map(norm).filter(function (w) { return w; });
    var found = 0;
    each(this.groups, function (g) {
      if (!g.texts) {
        g.texts = [];
        each(g.rows, function (r) { g.texts.push(norm(r.textContent)); });
      }
      var all = words.length && words.every(function (w) { return g.label.indexOf(w) >= 0; });
      var shown = 0;
      each(g.rows, function (r, i) {
        var text = g.texts[i];
        var ok = !words.length || all || words.every(function (w) { return text.indexOf(w) >= 0; });
        toggle(r, HIDE, !ok);
        if (ok) shown++;
      });
      toggle(g.details, HIDE, words.length > 0 && shown === 0);
      if (words.length) {
        if (g.was === null) g.was = g.details.open;
        g.details.open = shown > 0;
      } else if (g.was !== null) {
        g.details.open = g.was;
        g.was = null;
      }
      found += shown;
    });
    this.status.textContent = !words.length ? '' : found ? '找到 ' + found + ' 项' : '没有找到含“' + this.input.value.trim() + '”的事项';
    this.sync();
  };

  /** Opens every group (or closes them all when all are open). */
  Part.prototype.expand = function () {
    var open = !this.allOpen();
    each(this.groups, function (g) {
      if (!g.details.classList.contains(HIDE)) g.details.open = open;
    });
    this.sync();
  };

  Part.prototype.allOpen = function () {
    for (var i = 0; i < this.groups.length; i++) {
      var g = this.groups[i].details;
      if (!g.open && !g.classList.contains(HIDE)) return false;
    }
    return true;
  };

  Part.prototype.sync = function () {
    if (!this.button) return;
    var open = this.allOpen();
    this.button.textContent = open ? '全部收起' : '全部展开';
    this.button.setAttribute('aria-expanded', open ? 'true' : 'false');
  };

  // Printing: everything open and shown, then as it was.
  var saved = null;
  function beforePrint() {
    if (saved) return;
    saved = [];
    each(document.querySelectorAll('main details'), function (d) {
      saved.push([d, d.open]);
      d.open = true;
    });
  }
  function afterPrint() {
    if (!saved) return;
    each(saved, function (s) { s[0].open = s[1]; });
    saved = null;
  }

  function start() {
    each(document.querySelectorAll('details.part'), function (d) {
      if (d.querySelector('.part-tools')) new Part(d);
    });
    window.addEventListener('beforeprint', beforePrint);
    window.addEventListener('afterprint', afterPrint);
    if (window.matchMedia) {
      var print = window.matchMedia('print');
      var change = function (m) { if (m.matches) beforePrint(); else afterPrint(); };
      if (print.addEventListener) print.addEventListener('change', change);
      else if (print.addListener) print.addListener(change);
    }
  }

  if (!document.querySelectorAll || !document.documentElement.classList || ![].every) return;
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
