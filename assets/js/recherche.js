/*
 * Orion: the site search. Plain ES2017 in an ES5 style, no build step, no
 * dependency; loaded on every page for the header's search.
 *
 * Without it every search form is a plain GET form to /recherche/, whose
 * static HTML says that the search needs JavaScript and links to the
 * indexes. With it, form.site-search[data-index] searches
 * /recherche/index.json (built by generator/site/search.go), fetched on
 * the first focus, the only request this script makes:
 *   - the header's form (data-suggestions="N") shows its first N results
 *     under the field (in the search dialog on a phone), with a link to all
 *     of them; Enter still opens /recherche/?q=…;
 *   - a page's form shows its first 20 results and the same link, unless
 *     the page is its action (/recherche/), where it lists every result,
 *     grouped by kind with their counts (the first screen at once, the
 *     rest 150 at a time, the list aria-busy meanwhile), and reads ?q=.
 *
 * Matching: the query is folded (case, accents) and cut into words; small
 * words (de, la, l'…) are dropped unless nothing else is left. Every word
 * must match a word of the entry: whole word > start of a word > inside a
 * word (4 letters or more, not codes) > one typo (5 letters or more: one
 * letter wrong, missing, added, or two letters swapped). A school matches
 * through its name, commune and UAI, its département and région, and the
 * formations it offers: "cuisine rennes" finds the schools of Rennes that
 * offer a Cuisine formation; it is not listed for a formation or a
 * territory alone (its formation's and its territory's pages list it). A
 * formation also matches its niveau (CAP, BAC PRO…) and the abbreviations
 * of the index's table (MCV…); a département its région.
 *
 * Ranking, criterion after criterion: the weakest word's kind of match
 * (every word whole, then some only the start of a word, then inside a
 * word, then with a typo); the score, the sum over the words of the kind
 * of match times the field's weight (a name, a commune, a code, an
 * abbreviation weigh most, a school's name a little less, a school's
 * territory and formations least; a département's région as much as its
 * name); open before closed (a formation, or the formation through which a
 * school matched); the name or the commune typed exactly; région,
 * département, formation, domaine, établissement; alphabetical order.
 *
 * The matching core (fold, Index) needs no DOM: .ci/bench-recherche.js
 * runs it in Node on the real index to time each keystroke.
 */
(function () {
  'use strict';

  // ---- folding and words ---------------------------------------------------

  // fold makes text comparable: lower case, no accents, œ and æ spelled
  // out. Each character other than ASCII is folded once, then looked up:
  // much faster than normalizing all the text of the index.
  var folded = Object.create(null);
  function foldChar(ch) {
    var f = folded[ch];
    if (f === undefined) {
      f = folded[ch] = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/\u0153/g, 'oe').replace(/\u00e6/g, 'ae');
    }
    return f;
  }

  function fold(s) {
    return String(s || '').toLowerCase().replace(/[^\x00-\x7f]/g, foldChar);
  }

  function wordsOf(s) {
    return fold(s).split(/[^a-z0-9]+/).filter(Boolean);
  }

  // Words too common to mean anything in a query.
  var SMALL = {};
  'a au aux d de des du en et l la le les sur un une pour par'.split(' ').forEach(function (w) { SMALL[w] = true; });

  // queryWords: the folded words of a query, small words dropped unless
  // they are all there is, each word once, at most 8.
  function queryWords(q) {
    var all = wordsOf(q);
    var big = all.filter(function (w) { return !SMALL[w]; });
    var words = big.length ? big : all;
    var seen = {};
    return words.filter(function (w) {
      if (seen[w]) {
        return false;
      }
      seen[w] = true;
      return true;
    }).slice(0, 8);
  }

  // Kinds of match, weakest first, and their points.
  var NONE = 0, TYPO = 1, INSIDE = 2, PREFIX = 3, WHOLE = 4;
  var POINTS = [0, 2, 3, 6, 8];

  // oneTypo: a and the first lb letters of b differ by one letter
  // changed, added or removed, or by two neighbouring letters swapped.
  function oneTypo(a, b, lb) {
    var la = a.length, i = 0, j;
    if (la - lb > 1 || lb - la > 1) {
      return false;
    }
    while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) {
      i++;
    }
    if (la === lb) {
      if (i === la) {
        return false; // the same
      }
      for (j = i + 1; j < la && a.charCodeAt(j) === b.charCodeAt(j); j++) {}
      if (j >= la) {
        return true; // one letter changed
      }
      if (i + 1 < la && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i)) {
        for (j = i + 2; j < la && a.charCodeAt(j) === b.charCodeAt(j); j++) {}
        return j >= la; // two letters swapped
      }
      return false;
    }
    if (la > lb) {
      for (j = i; j < lb && a.charCodeAt(j + 1) === b.charCodeAt(j); j++) {}
      return j >= lb; // one letter added
    }
    for (j = i; j < la && a.charCodeAt(j) === b.charCodeAt(j + 1); j++) {}
    return j >= la; // one letter missing
  }

  // matchWord: how a query word t matches a word w of the index; code
  // says that t has a digit (a code is never matched inside a word or
  // with a typo).
  function matchWord(t, w, code) {
    if (w === t) {
      return WHOLE;
    }
    if (w.length > t.length && w.lastIndexOf(t, 0) === 0) {
      return PREFIX;
    }
    if (code) {
      return NONE;
    }
    if (t.length >= 4 && w.indexOf(t) > 0) {
      return INSIDE;
    }
    if (t.length >= 5 && w.length >= t.length - 1) {
      // A typo in the whole word, or in the start of a longer word (the
      // word being typed).
      if (oneTypo(t, w, w.length)) {
        return TYPO;
      }
      for (var n = t.length - 1; n <= t.length + 1; n++) {
        if (w.length > n && oneTypo(t, w, n)) {
          return TYPO;
        }
      }
    }
    return NONE;
  }

  // ---- the index -------------------------------------------------------------

  var KINDS = [
    { key: 'regions', one: 'Région', many: 'Régions' },
    { key: 'departements', one: 'Département', many: 'Départements' },
    { key: 'formations', one: 'Formation', many: 'Formations' },
    { key: 'domaines', one: 'Domaine', many: 'Domaines' },
    { key: 'etablissements', one: 'Établissement', many: 'Établissements' }
  ];
  var REGION = 0, DEPT = 1, FORMATION = 2, DOMAINE = 3, SCHOOL = 4;

  // Field weights: a name, a commune or a code weighs most; a school's name
  // (long, made of common words) a little less; what an entry inherits
  // (its territory, a school's formations) least.
  var W_NAME = 3, W_SCHOOL_NAME = 2, W_NIVEAU = 2, W_CODE = 3, W_LOW = 1;

  // foldAll folds many texts at once (15 000 on the real index).
  function foldAll(texts) {
    return fold(texts.join('\n')).split('\n');
  }

  // Index prepares the JSON index for searching: every distinct word once
  // (the vocabulary), every entry's fields as lists of word numbers.
  function Index(raw) {
    var self = this;
    var vocab = Object.create(null);
    var words = this.words = [];
    // ids: the word numbers of a folded text, each once.
    var ids = function (folded) {
      var out = [], ws = folded.split(/[^a-z0-9]+/);
      for (var i = 0; i < ws.length; i++) {
        var w = ws[i];
        if (!w) {
          continue;
        }
        var id = vocab[w];
        if (id === undefined) {
          id = vocab[w] = words.length;
          words.push(w);
        }
        if (out.indexOf(id) < 0) {
          out.push(id);
        }
      }
      return out;
    };
    var url = raw.url || {};
    var niveaux = raw.niveaux || [];
    var entry = function (kind, code, title, key) {
      return { kind: kind, code: code, title: title, key: key, url: (url[KINDS[kind].key] || '/') + code + '/',
        f: [], w: [], nameText: '', nameDrop: [], name: null, communeText: '', closed: false };
    };
    var field = function (e, list, weight) {
      e.f.push(list);
      e.w.push(weight);
      return list;
    };
    var col = function (rows, i) { return rows.map(function (r) { return String(r[i] || ''); }); };

    var R = raw.regions || [], RT = foldAll(col(R, 1));
    this.regions = R.map(function (r, i) {
      var e = entry(REGION, r[0], r[1], RT[i]);
      e.inherit = field(e, ids(RT[i]), W_NAME);
      field(e, ids(r[0].toLowerCase()), W_LOW);
      e.nameText = RT[i];
      e.nameDrop = ['region'];
      return e;
    });
    var D = raw.departements || [], DT = foldAll(col(D, 1));
    this.depts = D.map(function (d, i) {
      var e = entry(DEPT, d[0], d[1], DT[i]);
      var code = d[0].toLowerCase();
      var nameIDs = field(e, ids(DT[i]).filter(function (id) { return words[id] !== code; }), W_NAME);
      var codeIDs = field(e, ids(code), W_CODE);
      e.inherit = nameIDs.concat(codeIDs);
      e.region = d[2];
      e.nameText = DT[i];
      e.nameDrop = [code];
      return e;
    });
    var F = raw.formations || [], FL = foldAll(col(F, 1)), NV = foldAll(niveaux), FT = foldAll(F.map(function (f) {
      return f[1] + ' (' + niveaux[f[2]] + ')';
    }));
    this.formations = F.map(function (f, i) {
      var e = entry(FORMATION, f[0], f[1] + ' (' + niveaux[f[2]] + ')', FT[i]);
      e.niveau = niveaux[f[2]];
      e.closed = f[3] === 1;
      e.sigles = [];
      field(e, ids(FL[i]), W_NAME);
      field(e, ids(NV[f[2]] || ''), W_NIVEAU);
      field(e, ids(f[0].toLowerCase()), W_CODE);
      e.nameText = FL[i];
      return e;
    });
    Object.keys(raw.sigles || {}).sort().forEach(function (s) {
      var sid = ids(s.toLowerCase());
      raw.sigles[s].forEach(function (i) {
        var e = self.formations[i];
        if (e) {
          e.sigles.push(s);
          field(e, sid, W_NAME);
        }
      });
    });
    var N = raw.domaines || [], NT = foldAll(col(N, 1));
    this.domaines = N.map(function (d, i) {
      var e = entry(DOMAINE, d[0], d[1], NT[i]);
      field(e, ids(NT[i]), W_NAME);
      field(e, ids(d[0].toLowerCase()), W_CODE);
      e.nameText = NT[i];
      e.nameDrop = ['domaine'];
      return e;
    });
    var S = raw.etablissements || [], ST = foldAll(col(S, 1)), SC = foldAll(col(S, 2));
    this.schools = S.map(function (s, i) {
      var e = entry(SCHOOL, s[0], s[1], ST[i]);
      e.commune = s[2];
      e.dept = s[3];
      e.forms = s[4] || [];
      field(e, ids(ST[i]), W_SCHOOL_NAME);
      field(e, ids(SC[i]), W_NAME);
      field(e, ids(s[0].toLowerCase()), W_CODE);
      e.nameText = ST[i];
      e.communeText = SC[i];
      return e;
    });
    this.entries = [].concat(this.regions, this.depts, this.formations, this.domaines, this.schools);
    // Alphabetical order, the last criterion of the ranking.
    this.entries.slice().sort(function (a, b) { return a.key < b.key ? -1 : a.key > b.key ? 1 : 0; })
      .forEach(function (e, i) { e.order = i; });
    // Postings: for each word, the entries and the weight of the field
    // holding it (entry × 4 + weight), so that a search visits only the
    // entries whose words match.
    var post = this.post = words.map(function () { return []; });
    this.entries.forEach(function (e, x) {
      e.x = x;
      for (var k = 0; k < e.f.length; k++) {
        for (var j = 0; j < e.f[k].length; j++) {
          post[e.f[k][j]].push(x * 4 + e.w[k]);
        }
      }
    });
    // The schools of each département, the départements of each région.
    this.deptSchools = this.depts.map(function () { return []; });
    this.schools.forEach(function (s) {
      if (s.dept >= 0 && s.dept < self.deptSchools.length) {
        self.deptSchools[s.dept].push(s.x);
      }
    });
    this.regionDepts = this.regions.map(function () { return []; });
    this.depts.forEach(function (d, i) {
      if (d.region >= 0 && d.region < self.regionDepts.length) {
        self.regionDepts[d.region].push(i);
      }
    });
    this.cache = {};
    this.cached = [];
  }

  // matching: how a query word matches each word of the vocabulary (lv)
  // and which words it matches (ids), kept for the next keystrokes (typing
  // "cuisine rennes" computes "cuisine" once).
  Index.prototype.matching = function (t) {
    var m = this.cache[t];
    if (!m) {
      var code = /[0-9]/.test(t), ws = this.words;
      var lv = new Uint8Array(ws.length), ids = [];
      for (var i = 0; i < ws.length; i++) {
        if ((lv[i] = matchWord(t, ws[i], code))) {
          ids.push(i);
        }
      }
      m = this.cache[t] = { lv: lv, ids: ids };
      this.cached.push(t);
      if (this.cached.length > 64) {
        delete this.cache[this.cached.shift()];
      }
    }
    return m;
  };

  // joined: the words of a folded text, less small words and those of
  // drop, joined by one space, as queryWords are.
  function joined(text, drop) {
    return text.split(/[^a-z0-9]+/).filter(function (w) { return w && !SMALL[w] && drop.indexOf(w) < 0; }).join(' ');
  }

  // exactly: whether the query is an entry's name, less the words that only
  // say what it is ("Région", a département's code), or a school's commune.
  function exactly(e, typed) {
    if (e.name === null) {
      e.name = joined(e.nameText, e.nameDrop);
      e.communeName = e.communeText ? joined(e.communeText, []) : '';
    }
    return e.name === typed || e.communeName === typed;
  }

  function bestOf(ids, lv) {
    var b = 0;
    for (var j = 0; j < ids.length; j++) {
      if (lv[ids[j]] > b) {
        b = lv[ids[j]];
      }
    }
    return b;
  }

  // search returns every matching entry, best first, as
  // {e: entry, via: the formation through which a school matched, or null}.
  Index.prototype.search = function (query) {
    var self = this;
    var words = queryWords(query);
    var n = words.length;
    if (!n) {
      return [];
    }
    var typed = words.join(' ');
    var full = (1 << n) - 1;
    var N = this.entries.length;
    var i, j, k, x, e;
    // Each word's best match in each entry's own fields, through the
    // postings: level[i][x] (kind of match), points[i][x] (times the
    // field's weight); cand lists the entries matched.
    var level = [], points = [], cand = [], seen = new Uint8Array(N);
    var ms = words.map(function (t) { return self.matching(t); });
    for (i = 0; i < n; i++) {
      var L = new Uint8Array(N), P = new Uint8Array(N), lv = ms[i].lv, ids = ms[i].ids;
      for (j = 0; j < ids.length; j++) {
        var l = lv[ids[j]], ps = this.post[ids[j]];
        for (k = 0; k < ps.length; k++) {
          x = ps[k] >> 2;
          var p = POINTS[l] * (ps[k] & 3);
          if (l > L[x]) {
            L[x] = l;
          }
          if (p > P[x]) {
            P[x] = p;
          }
          if (!seen[x]) {
            seen[x] = 1;
            cand.push(x);
          }
        }
      }
      level.push(L);
      points.push(P);
    }
    // What départements and schools inherit: how each word matches each
    // région's name, each département's name and code; the entries of
    // the territories matched are candidates.
    var inherit = function (list, below) {
      return ms.map(function (m) {
        var out = new Uint8Array(list.length);
        for (var j = 0; j < list.length; j++) {
          if ((out[j] = bestOf(list[j].inherit, m.lv))) {
            below(j);
          }
        }
        return out;
      });
    };
    var addSchools = function (d) {
      var ss = self.deptSchools[d];
      for (var j = 0; j < ss.length; j++) {
        if (!seen[ss[j]]) {
          seen[ss[j]] = 1;
          cand.push(ss[j]);
        }
      }
    };
    var regionLv = inherit(this.regions, function (r) {
      self.regionDepts[r].forEach(function (d) {
        var dx = self.depts[d].x;
        if (!seen[dx]) {
          seen[dx] = 1;
          cand.push(dx);
        }
        addSchools(d);
      });
    });
    var deptLv = inherit(this.depts, addSchools);
    // Which words each formation matches, for formations and schools.
    var fMask = new Int32Array(this.formations.length);
    for (k = 0; k < this.formations.length; k++) {
      x = this.formations[k].x;
      for (i = 0; i < n; i++) {
        if (level[i][x]) {
          fMask[k] |= 1 << i;
        }
      }
    }

    var found = [];
    var lvs = new Uint8Array(n), pts = new Float64Array(n);
    var best = new Uint8Array(n), bestPts = new Float64Array(n);
    var add = function (e, lv, pt, via) {
      var cls = WHOLE, base = 0;
      for (var j = 0; j < n; j++) {
        cls = Math.min(cls, lv[j]);
        base += pt[j];
      }
      var closed = e.closed || (via !== null && via.closed) ? 1 : 0;
      var exact = exactly(e, typed) ? 1 : 0;
      // The ranking as one number: kind of match, score, open before
      // closed, name typed exactly, kind of entry, alphabetical order.
      var rank = ((((cls * 10000 + Math.round(base * 10)) * 2 + 1 - closed) * 2 + exact) * 8 + 7 - e.kind) * 8192 + 8191 - e.order;
      found.push({ e: e, via: via, cls: cls, base: base, closed: closed, exact: exact, rank: rank });
    };

    for (var c = 0; c < cand.length; c++) {
      x = cand[c];
      e = this.entries[x];
      var nameMask = 0, landMask = 0;
      var dept = e.kind === SCHOOL && e.dept >= 0 ? e.dept : -1;
      var region = e.kind === DEPT ? e.region : dept >= 0 ? this.depts[dept].region : -1;
      for (i = 0; i < n; i++) {
        lvs[i] = level[i][x];
        pts[i] = points[i][x];
        if (lvs[i]) {
          nameMask |= 1 << i;
        }
        // Territory: a département's région; a school's département and
        // région.
        var tl = Math.max(dept >= 0 ? deptLv[i][dept] : 0, region >= 0 ? regionLv[i][region] : 0);
        if (tl) {
          landMask |= 1 << i;
          if (tl > lvs[i]) {
            lvs[i] = tl;
          }
          var tp = POINTS[tl] * (e.kind === DEPT ? W_NAME : W_LOW);
          if (tp > pts[i]) {
            pts[i] = tp;
          }
        }
      }
      var mask = nameMask | landMask;
      if (e.kind !== SCHOOL) {
        if (mask === full) {
          add(e, lvs, pts, null);
        }
        continue;
      }
      // A school needs a word of its own (name, commune, UAI), or a
      // territory and a formation: not a territory alone (its page lists
      // it) nor a formation alone (the formation's page lists it).
      var via = null, bestScore = -1;
      if (mask === full && nameMask) {
        best.set(lvs);
        bestPts.set(pts);
        bestScore = sum(pts);
      }
      for (k = 0; k < e.forms.length; k++) {
        var fi = e.forms[k], fm = fMask[fi];
        if (!fm || (mask | fm) !== full || (nameMask | fm) === nameMask) {
          continue;
        }
        // A formation's word weighs little in a school's score; an open
        // formation is preferred to a closed one.
        var fx = this.formations[fi].x;
        var s = this.formations[fi].closed ? -0.5 : 0;
        for (i = 0; i < n; i++) {
          s += Math.max(pts[i], points[i][fx] / W_NAME);
        }
        if (s > bestScore) {
          bestScore = s;
          via = this.formations[fi];
          for (i = 0; i < n; i++) {
            best[i] = Math.max(lvs[i], level[i][fx]);
            bestPts[i] = Math.max(pts[i], points[i][fx] / W_NAME);
          }
        }
      }
      if (bestScore >= 0) {
        add(e, best, bestPts, via);
      }
    }

    found.sort(function (a, b) { return b.rank - a.rank; });
    return found;
  };

  function sum(a) {
    var s = 0;
    for (var i = 0; i < a.length; i++) {
      s += a[i];
    }
    return s;
  }

  // detail is what a result says under its title.
  Index.prototype.detail = function (r) {
    var e = r.e, parts = [KINDS[e.kind].one];
    switch (e.kind) {
      case DEPT:
        if (e.region >= 0) {
          parts.push(this.regions[e.region].title.replace(/^Région /, ''));
        }
        break;
      case FORMATION:
        parts.push(e.niveau);
        if (e.sigles.length) {
          parts.push(e.sigles.join(', '));
        }
        parts.push('CFD ' + e.code);
        if (e.closed) {
          parts.push('fermée');
        }
        break;
      case DOMAINE:
        parts.push('NSF ' + e.code);
        break;
      case SCHOOL:
        if (e.commune) {
          parts.push(e.commune + (e.dept >= 0 ? ' (' + this.depts[e.dept].code + ')' : ''));
        } else if (e.dept >= 0) {
          parts.push(this.depts[e.dept].title);
        }
        parts.push('UAI ' + e.code);
        if (r.via) {
          parts.push('propose ' + r.via.title + (r.via.closed ? ', fermée' : ''));
        }
        break;
    }
    return parts.join(' · ');
  };

  var core = { fold: fold, queryWords: queryWords, matchWord: matchWord, oneTypo: oneTypo, Index: Index, KINDS: KINDS };
  if (typeof module !== 'undefined' && module.exports) {
    module.exports = core;
  }
  if (typeof document === 'undefined') {
    return;
  }

  // ---- the forms -------------------------------------------------------------

  var PAGE_MAX = 20;
  var FILL = 150; // items added at a time on the search page

  function each(list, fn) {
    Array.prototype.forEach.call(list, fn);
  }

  function el(tag, cls, text) {
    var x = document.createElement(tag);
    if (cls) {
      x.className = cls;
    }
    if (text) {
      x.textContent = text;
    }
    return x;
  }

  var number = new Intl.NumberFormat('fr-FR');

  function count(n, one, many) {
    return number.format(n) + ' ' + (n === 1 ? one : many);
  }

  var loading = {};
  // load fetches and prepares an index once per page, however many forms
  // use it.
  function load(src) {
    if (!loading[src]) {
      loading[src] = fetch(src, { credentials: 'same-origin' })
        .then(function (r) {
          if (!r.ok) {
            throw new Error('HTTP ' + r.status);
          }
          return r.json();
        })
        .then(function (raw) {
          var ix = new Index(raw);
          // One search now, while nobody waits: the browser compiles the
          // search code here rather than on the first keystroke.
          ix.search('lycee cuisine');
          ix.cache = {};
          ix.cached = [];
          return ix;
        });
      loading[src].catch(function () {
        delete loading[src]; // try again on the next input
      });
    }
    return loading[src];
  }

  function resultItem(index, r) {
    var li = el('li');
    var a = el('a', null, r.e.title);
    a.href = r.e.url;
    li.appendChild(a);
    li.appendChild(el('span', 'search-detail', ' ' + index.detail(r)));
    return li;
  }

  function initForm(form) {
    var input = form.querySelector('input[type="search"]');
    var box = form.getAttribute('data-results') ? document.getElementById(form.getAttribute('data-results')) : null;
    var list = box ? box.querySelector("ul") : form.querySelector("ul.search-results");
    if (!input || !list) {
      return; // a plain form, submitted to the search page
    }
    var suggest = parseInt(form.getAttribute('data-suggestions'), 10) || 0;
    var action = new URL(form.getAttribute('action') || '/recherche/', window.location.href).pathname;
    var all = !suggest && action === window.location.pathname;
    var max = suggest || PAGE_MAX;
    // The count of results, for screen readers: the page's status line, or
    // one made here (outside the suggestions, which hide).
    var status = box ? null : form.querySelector('[aria-live]');
    if (!status) {
      status = el('p', box ? 'fr-sr-only' : 'search-status');
      status.setAttribute('aria-live', 'polite');
      (box || list).parentNode.insertBefore(status, box || list);
    }
    // The results: one list, or in the "all" mode one list per kind.
    var zone = el('div', 'search-zone');
    list.parentNode.insertBefore(zone, list);
    zone.appendChild(list);
    var index = null;
    var drawing = 0; // renders so far: a render's late items stop when a newer one starts

    var announce = null;
    var say = function (text) {
      clearTimeout(announce);
      // Wait for typing to pause, so that a screen reader reads one count.
      announce = setTimeout(function () { status.textContent = text; }, 400);
    };

    var moreLink = function (query, n) {
      var p = el('p', 'search-more fr-mt-1w fr-mb-0');
      var a = el('a', 'fr-link', 'Voir les ' + count(n, 'résultat', 'résultats'));
      a.href = action + '?' + new URLSearchParams({ q: query }).toString();
      p.appendChild(a);
      return p;
    };

    var render = function (query) {
      var found = index.search(query);
      var n = found.length;
      drawing++;
      // A new, empty zone in place of the old one: one removal instead of
      // one per item (thousands on /recherche/).
      var fresh = zone.cloneNode(false);
      zone.parentNode.replaceChild(fresh, zone);
      zone = fresh;
      zone.removeAttribute('aria-busy');
      // The query shown, for the browser tests.
      zone.setAttribute('data-requete', query);
      if (!query.trim()) {
        if (box) {
          box.hidden = true;
        }
        say('');
        return;
      }
      if (all && n) {
        // Every result, grouped by kind, the kind of the best result first.
        var groups = [], byKind = {};
        found.forEach(function (r) {
          var g = byKind[r.e.kind];
          if (!g) {
            g = byKind[r.e.kind] = { kind: r.e.kind, items: [] };
            groups.push(g);
          }
          g.items.push(r);
        });
        var lists = groups.map(function (g) {
          zone.appendChild(el('h2', 'fr-h5 fr-mt-4w fr-mb-1w', KINDS[g.kind].many + ' (' + number.format(g.items.length) + ')'));
          return zone.appendChild(el('ul', 'search-results'));
        });
        // The items come a few hundred at a time, the first screen at
        // once: a keystroke never waits for thousands of them (there are
        // 2 884 lycées). A newer keystroke stops the filling.
        var gi = 0, ii = 0, mine = drawing;
        var fill = function (count) {
          for (; count > 0 && gi < groups.length; count--) {
            lists[gi].appendChild(resultItem(index, groups[gi].items[ii++]));
            if (ii === groups[gi].items.length) {
              gi++;
              ii = 0;
            }
          }
          if (gi < groups.length) {
            zone.setAttribute('aria-busy', 'true');
            setTimeout(function () {
              if (mine === drawing) {
                fill(FILL);
              }
            }, 0);
          } else {
            zone.removeAttribute('aria-busy');
          }
        };
        fill(PAGE_MAX * 3);
        say(count(n, 'résultat', 'résultats') + ' : ' + groups.map(function (g) {
          return count(g.items.length, KINDS[g.kind].one.toLowerCase(), KINDS[g.kind].many.toLowerCase());
        }).join(', ') + '.');
        return;
      }
      var ul = list;
      ul.textContent = '';
      found.slice(0, max).forEach(function (r) { ul.appendChild(resultItem(index, r)); });
      zone.appendChild(ul);
      if (n === 0 && box) {
        zone.appendChild(el('p', 'search-none fr-mb-0', 'Aucun résultat.'));
      }
      if (n > max) {
        zone.appendChild(moreLink(query, n));
      }
      if (box) {
        box.hidden = false;
      }
      var text = n === 0 ? 'Aucun résultat.' : n === 1 ? '1 résultat.' : count(n, 'résultat', 'résultats') + '.';
      if (n > max) {
        text = count(n, 'résultat', 'résultats') + ', les ' + max + ' premiers sont affichés.';
      }
      say(text);
    };

    var run = function () {
      var query = input.value;
      load(form.getAttribute('data-index')).then(function (ix) {
        index = ix;
        if (input.value === query) {
          render(query);
        }
      }, function () {
        zone.textContent = '';
        say('La recherche est indisponible pour le moment.');
      });
    };

    input.addEventListener('focus', function () {
      load(form.getAttribute('data-index')).catch(function () {});
    });
    input.addEventListener('input', run);

    if (box) {
      // Suggestions: Enter sends the form to the search page; arrows move
      // between the field and the suggestions; Escape or leaving closes them.
      var links = function () { return box.querySelectorAll('a'); };
      var close = function () { box.hidden = true; };
      var quiet = false;
      input.addEventListener('keydown', function (ev) {
        if (ev.key === 'ArrowDown' && !box.hidden && links().length) {
          ev.preventDefault();
          links()[0].focus();
        } else if (ev.key === 'Escape' && !box.hidden) {
          ev.stopPropagation();
          close();
        }
      });
      box.addEventListener('keydown', function (ev) {
        var ls = Array.prototype.slice.call(links());
        var i = ls.indexOf(document.activeElement);
        if (ev.key === 'ArrowDown' && i >= 0 && i + 1 < ls.length) {
          ev.preventDefault();
          ls[i + 1].focus();
        } else if (ev.key === 'ArrowUp' && i >= 0) {
          ev.preventDefault();
          (i > 0 ? ls[i - 1] : input).focus();
        } else if (ev.key === 'Escape') {
          ev.stopPropagation();
          close();
          quiet = true; // the focus comes back without reopening them
          input.focus();
          quiet = false;
        }
      });
      var inside = function (node) { return node && (form.contains(node) || box.contains(node)); };
      var leave = function (ev) {
        if (!inside(ev.relatedTarget)) {
          setTimeout(function () {
            if (!inside(document.activeElement)) {
              close();
            }
          }, 0);
        }
      };
      form.addEventListener('focusout', leave);
      box.addEventListener('focusout', leave);
      input.addEventListener('focus', function () {
        if (!quiet && input.value.trim() && zone.firstChild) {
          box.hidden = false;
        }
      });
      document.addEventListener('click', function (ev) {
        if (!inside(ev.target)) {
          close();
        }
      });
    } else {
      form.addEventListener('submit', function (ev) {
        if (!all) {
          return; // to the search page, with every result
        }
        ev.preventDefault();
        run();
      });
    }

    // On the search page, the query sent by another page's form (?q=).
    if (all) {
      var q = new URLSearchParams(window.location.search).get(input.name || 'q');
      if (q) {
        input.value = q;
        run();
      }
    }
  }

  function start() {
    each(document.querySelectorAll('form.site-search[data-index]'), initForm);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
