/*
 * Orion: the site's only script. Plain ES2017, no build step; it needs
 * nothing but the global `echarts`, loaded before it on pages with charts.
 *
 * Every page works without it: charts come with a table twin, views are all
 * shown, tables keep their order, the search form submits to /recherche/.
 * With it:
 *   1. charts: JSON islands <script type="application/json" class="chart-option"
 *      data-chart="ID"> become ECharts charts in the element #ID, shown
 *      (.graphique__zone--actif) before it is drawn and resized with its box;
 *      the "orion" key of the option (unit, kind, why values are missing, the
 *      quadrant's dimensions, links and filter) is turned into French
 *      formatters, a click opening a point's page and a minimum filter, and
 *      removed before setOption;
 *   2. table twins: button.chart-toggle shows or hides the twin it controls;
 *   3. sortable tables: table.sortable headers th[data-sort] become buttons;
 *   4. niveau views: div.view-switch[hidden] is shown, and its select shows
 *      one div.view at a time;
 * The site search is recherche.js.
 */
(function () {
  'use strict';

  var NNBSP = '\u202f';
  var DECIMALS = { percent: 1, ratio: 2, count: 0 };

  // ---- French numbers ----------------------------------------------------

  var formats = {};
  function numberFormat(min, max) {
    var key = min + ':' + max;
    if (!formats[key]) {
      formats[key] = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: min, maximumFractionDigits: max });
    }
    return formats[key];
  }

  function isMissing(v) {
    return v === null || v === undefined || v === '-' || v === '' || (typeof v === 'number' && isNaN(v));
  }

  // formatValue prints a value as the twin does: 43,6 %, 1,25, 1 234.
  function formatValue(unit, v) {
    if (isMissing(v)) {
      return 'donnée non disponible';
    }
    var d = DECIMALS[unit] === undefined ? 1 : DECIMALS[unit];
    var s = numberFormat(d, d).format(Number(v));
    return unit === 'percent' ? s + NNBSP + '%' : s;
  }

  // formatAxis prints an axis tick: no trailing zeros, "40 %".
  function formatAxis(unit) {
    var d = DECIMALS[unit] === undefined ? 1 : DECIMALS[unit];
    return function (v) {
      var s = numberFormat(0, d).format(v);
      return unit === 'percent' ? s + NNBSP + '%' : s;
    };
  }

  function escapeHTML(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function each(list, fn) {
    Array.prototype.forEach.call(list, fn);
  }

  // ---- 1. Charts ---------------------------------------------------------

  function valueAxes(option, fn) {
    ['xAxis', 'yAxis'].forEach(function (key) {
      var axes = option[key];
      if (!axes) {
        return;
      }
      (Array.isArray(axes) ? axes : [axes]).forEach(function (axis) {
        if (axis.type === 'value') {
          fn(axis);
        }
      });
    });
  }

  function missingReason(meta, i, j) {
    var m = meta.missing && meta.missing[i];
    return (m && m[j]) || '';
  }

  // axisTooltip lists each series at the hovered category, with the reason
  // when a value is missing.
  function axisTooltip(meta) {
    return function (params) {
      if (!Array.isArray(params)) {
        params = [params];
      }
      if (params.length === 0) {
        return '';
      }
      var lines = ['<strong>' + escapeHTML(params[0].axisValueLabel || params[0].name || '') + '</strong>'];
      params.forEach(function (p) {
        var reason = missingReason(meta, p.seriesIndex, p.dataIndex);
        var v = p.value && typeof p.value === 'object' ? p.value.value : p.value;
        var text = reason || formatValue(meta.unit, v);
        lines.push(p.marker + escapeHTML(p.seriesName) + ' : ' + escapeHTML(text));
      });
      return lines.join('<br>');
    };
  }

  // quadrantTooltip shows a formation and its values, labelled and
  // formatted as the chart's dimensions say (the "orion" key: dims).
  function quadrantTooltip(meta, state) {
    var dims = meta.dims || [];
    return function (p) {
      if (p.componentType === 'markLine') {
        return escapeHTML(p.name) + ' : ' + escapeHTML(formatValue(meta.unit, p.value));
      }
      if (p.componentType === 'markArea') {
        return escapeHTML(p.name);
      }
      var i = state.shown[p.dataIndex];
      var v = p.value || [];
      var lines = ['<strong>' + escapeHTML(p.name) + '</strong>'];
      dims.forEach(function (d, j) {
        var reason = missingReason(meta, i, j);
        lines.push(escapeHTML(d.label) + ' : ' + escapeHTML(reason || formatValue(d.unit, v[j])));
      });
      if (meta.hrefs && meta.hrefs[i]) {
        lines.push('<em>Cliquer pour ouvrir sa page</em>');
      }
      return lines.join('<br>');
    };
  }

  // narrow reports whether a chart is drawn on a phone.
  function narrow(state) {
    return state.el.clientWidth < 560;
  }

  // finish adds to an option what JSON cannot carry: functions.
  function finish(option, meta, state) {
    var unit = meta.unit || 'count';
    valueAxes(option, function (axis) {
      axis.axisLabel = Object.assign({}, axis.axisLabel, { formatter: formatAxis(unit) });
    });
    // Every category keeps its label; on a phone "2021+2022" breaks after
    // its "+" rather than being skipped.
    var xs = option.xAxis ? (Array.isArray(option.xAxis) ? option.xAxis : [option.xAxis]) : [];
    xs.forEach(function (axis) {
      if (axis.type === 'category') {
        if ((axis.data || []).some(function (c) { return String(c).indexOf('+') >= 0; })) {
          axis.nameGap = Math.max(axis.nameGap || 0, 44); // room for a label on two lines
        }
        axis.axisLabel = Object.assign({}, axis.axisLabel, {
          interval: 0,
          formatter: function (v) { return narrow(state) ? String(v).replace(/\+/g, '+\n') : v; }
        });
      }
    });
    option.tooltip = Object.assign({}, option.tooltip, {
      formatter: meta.kind === 'quadrant' ? quadrantTooltip(meta, state) : axisTooltip(meta)
    });
    (option.series || []).forEach(function (s) {
      if (s.markLine) {
        s.markLine.label = Object.assign({}, s.markLine.label, {
          formatter: function (p) { return formatValue(unit, p.value); }
        });
      }
      if (s.markArea) {
        // "Q1 – 3 formations" in each corner; on a phone the four labels
        // would run into each other: "Q1" only (the count is in the
        // summary, the twin and the tooltip).
        s.markArea.label = Object.assign({}, s.markArea.label, {
          formatter: function (p) {
            return narrow(state) ? String(p.name).split(' – ')[0] : p.name;
          }
        });
      }
    });
    return option;
  }

  function plural(n, one, many) {
    return numberFormat(0, 0).format(n) + ' ' + (n === 1 ? one : many);
  }

  // quadrantFilter puts before the chart a field hiding the points under a
  // minimum of one dimension (the effectif), with a live count. The twin
  // keeps every formation: the field says so.
  function quadrantFilter(el, chart, meta, state, all, areas) {
    var at = (meta.dims || []).map(function (d) { return d.id; }).indexOf(meta.filter);
    if (at < 0 || !el.parentNode || all.length === 0) {
      return; // nothing drawn, nothing to filter: the twin says why
    }
    var dim = meta.dims[at];
    var box = document.createElement('div');
    box.className = 'fr-input-group graphique__filtre';
    var label = document.createElement('label');
    label.className = 'fr-label';
    label.htmlFor = el.id + '-minimum';
    label.textContent = dim.label + ' minimum';
    var hint = document.createElement('span');
    hint.className = 'fr-hint-text';
    hint.textContent = 'Masque du graphique les formations sous ce nombre (et celles dont il est inconnu) ; le tableau des données les garde toutes.';
    label.appendChild(hint);
    var input = document.createElement('input');
    input.className = 'fr-input';
    input.type = 'number';
    input.id = el.id + '-minimum';
    input.min = '0';
    input.step = '1';
    input.value = '0';
    input.inputMode = 'numeric';
    var count = document.createElement('p');
    count.className = 'fr-hint-text graphique__compte';
    count.setAttribute('aria-live', 'polite');
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(count);
    el.parentNode.insertBefore(box, el);

    var announce = null;
    var apply = function (live) {
      var min = parseFloat(input.value);
      if (isNaN(min) || min < 0) {
        min = 0;
      }
      state.shown = [];
      all.forEach(function (d, i) {
        var v = d && d.value ? d.value[at] : null;
        if (min <= 0 || (!isMissing(v) && Number(v) >= min)) {
          state.shown.push(i);
        }
      });
      var perArea = {};
      state.shown.forEach(function (i) {
        var q = meta.quadrants && meta.quadrants[i];
        perArea[q] = (perArea[q] || 0) + 1;
      });
      var series = { data: state.shown.map(function (i) { return all[i]; }) };
      if (areas) {
        // "Q1 – 3 formations": the count of the points still shown.
        series.markArea = {
          data: areas.map(function (pair) {
            var name = String(pair[0].name || '');
            var q = name.split(' – ')[0];
            var first = Object.assign({}, pair[0], { name: q + ' – ' + plural(perArea[q] || 0, 'formation', 'formations') });
            return [first, pair[1]];
          })
        };
      }
      chart.setOption({ series: [series] });
      var text = plural(state.shown.length, 'formation affichée', 'formations affichées') + ' sur ' + all.length +
        (min > 0 ? ' (' + dim.label.toLowerCase() + ' d\'au moins ' + numberFormat(0, 0).format(min) + ')' : '') + '.';
      clearTimeout(announce);
      if (live) {
        // Wait for typing to pause, so that a screen reader reads one count.
        announce = setTimeout(function () { count.textContent = text; }, 400);
      } else {
        count.textContent = text;
      }
    };
    input.addEventListener('input', function () { apply(true); });
    apply(false);
  }

  // quadrantLinks opens a point's page on click; keyboard users have the
  // same links in the twin.
  function quadrantLinks(chart, meta, state) {
    if (!meta.hrefs) {
      return;
    }
    chart.on('click', function (p) {
      if (p.componentType !== 'series') {
        return;
      }
      var href = meta.hrefs[state.shown[p.dataIndex]];
      if (href) {
        window.location.assign(href);
      }
    });
  }

  var instances = [];

  // resized keeps each chart as wide as its box: when the window, a view
  // or the fonts change its size, and once a hidden view is shown.
  var observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(function (entries) {
    entries.forEach(function (e) {
      var chart = echarts.getInstanceByDom(e.target);
      if (chart && !chart.isDisposed() && e.contentRect.width > 0) {
        chart.resize();
      }
    });
  });

  function initCharts() {
    if (typeof echarts === 'undefined') {
      return;
    }
    each(document.querySelectorAll('script.chart-option[type="application/json"]'), function (script) {
      var el = document.getElementById(script.getAttribute('data-chart'));
      if (!el) {
        return;
      }
      var option;
      try {
        option = JSON.parse(script.textContent);
      } catch (e) {
        return; // the twin still holds the numbers
      }
      var meta = option.orion || {};
      delete option.orion;
      // The zone takes its width before ECharts reads it: shown without a
      // size, a chart is drawn 100 px wide.
      el.classList.add('graphique__zone--actif');
      // Horizontal bars of many categories (18 régions) get a taller zone,
      // so that each name keeps a line of its own.
      var cats = option.yAxis && option.yAxis[0] && option.yAxis[0].data;
      if (meta.kind === 'hbars' && cats && cats.length > 8) {
        el.classList.add('graphique__zone--haut');
      }
      var chart = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: 'canvas' });
      var series = option.series && option.series[0];
      var all = (series && series.data) || [];
      var state = { el: el, shown: all.map(function (d, i) { return i; }) };
      chart.setOption(finish(option, meta, state));
      if (meta.kind === 'quadrant') {
        quadrantLinks(chart, meta, state);
        quadrantFilter(el, chart, meta, state, all, series && series.markArea && series.markArea.data);
      }
      instances.push(chart);
      if (observer) {
        observer.observe(el);
      }
    });
    if (instances.length === 0 || observer) {
      return;
    }
    var pending = false;
    window.addEventListener('resize', function () {
      if (pending) {
        return;
      }
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        instances.forEach(function (c) {
          if (!c.isDisposed()) {
            c.resize();
          }
        });
      });
    });
  }

  // resizeCharts resizes the charts inside root, once it is shown.
  function resizeCharts(root) {
    if (typeof echarts === 'undefined') {
      return;
    }
    each(root.querySelectorAll('script.chart-option'), function (script) {
      var el = document.getElementById(script.getAttribute('data-chart'));
      var chart = el && echarts.getInstanceByDom(el);
      if (chart) {
        chart.resize();
      }
    });
  }

  // ---- 2. Table twins ----------------------------------------------------

  var SHOW = 'Voir les données';
  var HIDE = 'Masquer les données';

  function initToggles() {
    each(document.querySelectorAll('button.chart-toggle[aria-controls]'), function (button) {
      var twin = document.getElementById(button.getAttribute('aria-controls'));
      if (!twin) {
        return; // keep the twin shown and the button hidden
      }
      var set = function (open) {
        twin.hidden = !open;
        button.setAttribute('aria-expanded', open ? 'true' : 'false');
        button.textContent = open ? HIDE : SHOW;
      };
      set(false);
      button.hidden = false;
      button.addEventListener('click', function () {
        set(twin.hidden);
      });
    });
  }

  // ---- 3. Sortable tables ------------------------------------------------

  // parseFrench reads "1 234", "43,6 %", "−2,5"; NaN when it is no number.
  function parseFrench(text) {
    var s = text.replace(/[\s\u00a0\u202f]/g, '').replace(/\u2212/g, '-').replace(/%$/, '').replace(',', '.');
    if (!/^-?\d+(\.\d+)?$/.test(s)) {
      return NaN;
    }
    return parseFloat(s);
  }

  var collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

  // sortKey is a number, a string, or null for an empty or missing cell.
  function sortKey(cell, kind) {
    if (!cell || cell.querySelector('.absent')) {
      return null;
    }
    if (kind === 'num') {
      var raw = cell.getAttribute('data-value');
      var v = raw !== null && raw !== '' ? parseFloat(raw) : parseFrench(cell.textContent);
      return isNaN(v) ? null : v;
    }
    var t = cell.textContent.trim();
    return t === '' ? null : t;
  }

  function sortTable(table, th, index, kind) {
    var body = table.tBodies[0];
    if (!body) {
      return;
    }
    var descending = th.getAttribute('aria-sort') === 'ascending';
    var rows = Array.prototype.map.call(body.rows, function (row, i) {
      return { row: row, i: i, key: sortKey(row.cells[index], kind) };
    });
    rows.sort(function (a, b) {
      if (a.key === null || b.key === null) {
        if (a.key === b.key) {
          return a.i - b.i;
        }
        return a.key === null ? 1 : -1; // missing last, either way
      }
      var c = kind === 'num' ? a.key - b.key : collator.compare(a.key, b.key);
      if (descending) {
        c = -c;
      }
      return c || a.i - b.i;
    });
    rows.forEach(function (r) {
      body.appendChild(r.row);
    });
    each(table.querySelectorAll('thead th[aria-sort]'), function (other) {
      other.removeAttribute('aria-sort');
    });
    th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
  }

  function initSortable() {
    each(document.querySelectorAll('table.sortable'), function (table) {
      each(table.querySelectorAll('thead th[data-sort]'), function (th) {
        if (th.querySelector('button')) {
          return;
        }
        var button = document.createElement('button');
        button.type = 'button';
        button.className = 'sort-button';
        if (th.querySelector('a, button, input, select')) {
          // A heading with a link (to the glossary) keeps it: a link may
          // not sit inside a button, so the button comes after it.
          var arrows = document.createElement('span');
          arrows.setAttribute('aria-hidden', 'true');
          arrows.textContent = '\u21c5';
          var label = document.createElement('span');
          label.className = 'fr-sr-only';
          label.textContent = 'Trier par ' + th.textContent.trim();
          button.className = 'sort-button sort-button--apres';
          button.appendChild(arrows);
          button.appendChild(label);
        } else {
          while (th.firstChild) {
            button.appendChild(th.firstChild);
          }
        }
        th.appendChild(button);
        button.addEventListener('click', function () {
          sortTable(table, th, th.cellIndex, th.getAttribute('data-sort'));
        });
      });
    });
  }

  // ---- 4. Niveau views ---------------------------------------------------

  function initViews() {
    each(document.querySelectorAll('.view-switch'), function (sw) {
      var select = sw.querySelector('select');
      if (!select) {
        return;
      }
      // Hidden without this script, which would leave every view shown.
      sw.hidden = false;
      var show = function () {
        each(select.options, function (o) {
          var view = document.getElementById(o.value);
          if (!view) {
            return;
          }
          var on = o.value === select.value;
          view.hidden = !on;
          if (on) {
            resizeCharts(view);
          }
        });
      };
      select.addEventListener('change', show);
      show();
    });
  }

  // ---- start -------------------------------------------------------------

  function start() {
    initCharts(); // while every view is shown, so that charts get their size
    initToggles();
    initSortable();
    initViews();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
