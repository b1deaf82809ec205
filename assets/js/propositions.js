// Proposals: the receipt shows the numéro the handler put in the address;
// the form gets, when JavaScript runs, a school picker fed by
// /propositions/etablissements.json, the formations offered by the chosen
// school (/propositions/offres/{3 first characters of the UAI}.json, the
// offers of a département's schools keyed by UAI), type-dependent fields, an
// idempotency key, and checks mirroring the handler's rules with each
// error shown beside its field. Without JavaScript the form is plain HTML
// and the handler checks everything.
(function () {
  'use strict';

  function receipt() {
    var el = document.querySelector('.proposition-numero');
    if (!el) { return; }
    var n = new URLSearchParams(window.location.search).get('numero');
    if (n && /^P-[0-9]{4}-[0-9]{6}$/.test(n)) { el.textContent = n; }
  }

  function val(form, name) {
    var el = form.elements[name];
    return el ? parseInt(el.value || '0', 10) || 0 : 0;
  }

  // typo sets the no-break spaces of French typography, as the site's
  // pages and the handler's answers have them (Go package typo): after «,
  // before » and before a colon ending a word, a no-break space; before
  // ; ! and ?, a narrow one.
  function typo(s) {
    return s.replace(/«\s+/g, '«\u00a0').replace(/\s+»/g, '\u00a0»')
      .replace(/\s+:(?=\s|$)/g, '\u00a0:').replace(/\s+([;!?])(?=[\s;!?]|$)/g, '\u202f$1');
  }

  // errors mirrors the handler's rules (orion-spec §5): a list of
  // {name, msg}, name being the form field the message belongs to.
  function errors(form) {
    var t = form.elements.typeDemande.value, e = [];
    function add(name, msg) { e.push({ name: name, msg: typo(msg) }); }
    var sa = val(form, 'capaciteScolaireActuelle'), sf = val(form, 'capaciteScolaire');
    var aa = val(form, 'capaciteApprentissageActuelle'), af = val(form, 'capaciteApprentissage');
    var ca = val(form, 'capaciteScolaireColoreeActuelle') + val(form, 'capaciteApprentissageColoreeActuelle');
    var cf = val(form, 'capaciteScolaireColoree') + val(form, 'capaciteApprentissageColoree');
    var act = sa + aa, fut = sf + af;
    var coloration = form.elements.coloration.checked;
    var motifs = form.querySelectorAll('input[name="motif"]:checked');
    [['code', /./, 'Saisissez le code d’accès.'],
     ['uai', /^[0-9]{3}[0-9A-Z]{4}[A-Z]$/, 'Saisissez l’UAI de l’établissement : 8 caractères, par exemple 0010001W.'],
     ['cfd', /^[0-9A-Z]{8}$/, 'Saisissez le code formation diplôme : 8 caractères, par exemple 40030004.'],
     ['codeDispositif', /^[0-9A-Z]{3}$/, 'Saisissez le code du dispositif : 3 caractères, par exemple 247.']
    ].forEach(function (r) {
      if (!r[1].test(form.elements[r[0]].value.trim().toUpperCase())) { add(r[0], r[2]); }
    });
    Array.prototype.forEach.call(form.querySelectorAll('input[type="number"]'), function (i) {
      if (i.value !== '' && !/^[0-9]+$/.test(i.value)) { add(i.name, 'Un nombre de places est un entier positif ou nul.'); }
    });
    if (t.indexOf('ouverture') === 0 && act !== 0) { add('capaciteScolaireActuelle', 'Une ouverture part de capacités actuelles nulles.'); }
    if (t === 'fermeture' && fut !== 0) { add('capaciteScolaire', 'Une fermeture mène à des capacités futures nulles.'); }
    if (t.indexOf('augmentation') === 0 && !(fut > act && sf >= sa && af >= aa)) { add('capaciteScolaire', 'Une augmentation demande des capacités futures supérieures aux capacités actuelles.'); }
    if (t === 'diminution' && !(fut < act && sf <= sa && af <= aa)) { add('capaciteScolaire', 'Une diminution demande des capacités futures inférieures aux capacités actuelles.'); }
    if (t === 'transfert' && !(af > aa && af > 0 && sf < sa)) { add('capaciteApprentissage', 'Un transfert fait passer des places de la voie scolaire à l’apprentissage.'); }
    if (t.indexOf('ouverture') !== 0 && t !== 'ajustement' && act === 0) { add('capaciteScolaireActuelle', 'Les capacités actuelles ne peuvent pas être toutes nulles.'); }
    if (t !== 'fermeture' && t !== 'coloration' && fut === 0) { add('capaciteScolaire', 'Les capacités futures ne peuvent pas être toutes nulles.'); }
    if (!coloration && (ca > 0 || cf > 0)) { add('coloration', 'Des places colorées supposent de cocher « Coloration ».'); }
    if (coloration && !form.elements.libelleColoration1.value.trim()) { add('libelleColoration1', 'Donnez le libellé de la coloration.'); }
    if (t !== 'ajustement' && motifs.length === 0) { add('motif', 'Cochez au moins un motif.'); }
    [['capaciteScolaireColoreeActuelle', 'capaciteScolaireActuelle'], ['capaciteScolaireColoree', 'capaciteScolaire'],
     ['capaciteApprentissageColoreeActuelle', 'capaciteApprentissageActuelle'], ['capaciteApprentissageColoree', 'capaciteApprentissage']
    ].forEach(function (p) {
      if (val(form, p[0]) > val(form, p[1])) { add(p[0], 'Les places colorées ne peuvent pas dépasser les places de la même voie.'); }
    });
    var autre = form.querySelector('input[name="motif"][value="autre"]:checked');
    if (autre && !form.elements.autreMotif.value.trim()) { add('autreMotif', 'Précisez l’autre motif.'); }
    if (!autre && form.elements.autreMotif.value.trim()) { add('autreMotif', '« Autre motif » n’est rempli que si le motif « autre » est coché.'); }
    if (form.elements.libelleColoration2.value.trim() && !form.elements.libelleColoration1.value.trim()) { add('libelleColoration2', 'Le second libellé de coloration suppose le premier.'); }
    return e;
  }

  // target is where an error on the field name is shown: the field and
  // its DSFR group, or, for the motifs, the fieldset of the chosen type.
  function target(form, name) {
    if (name === 'motif') {
      var fs = form.querySelector('fieldset.motifs:not([hidden])');
      var first = fs && fs.querySelector('input');
      return fs && first ? { field: first, group: fs, described: fs, cls: 'fr-fieldset--error' } : null;
    }
    var el = form.elements[name];
    if (!el || !el.id) { return null; }
    var group = el.closest('.fr-input-group, .fr-select-group, .fr-checkbox-group');
    if (!group) { return null; }
    var cls = group.classList.contains('fr-select-group') ? 'fr-select-group--error'
      : group.classList.contains('fr-checkbox-group') ? 'fr-checkbox-group--error' : 'fr-input-group--error';
    return { field: el, group: group, described: el, cls: cls };
  }

  // clear removes the marks of a previous attempt.
  function clear(form) {
    Array.prototype.forEach.call(form.querySelectorAll('.erreur-champ'), function (p) { p.parentNode.removeChild(p); });
    Array.prototype.forEach.call(form.querySelectorAll('[aria-invalid]'), function (el) { el.removeAttribute('aria-invalid'); });
    Array.prototype.forEach.call(form.querySelectorAll('[data-decrit]'), function (el) {
      var d = el.getAttribute('data-decrit');
      if (d) { el.setAttribute('aria-describedby', d); } else { el.removeAttribute('aria-describedby'); }
      el.removeAttribute('data-decrit');
    });
    ['fr-input-group--error', 'fr-select-group--error', 'fr-checkbox-group--error', 'fr-fieldset--error'].forEach(function (c) {
      Array.prototype.forEach.call(form.querySelectorAll('.' + c), function (el) { el.classList.remove(c); });
    });
  }

  // mark shows each error beside its field (DSFR error state, message
  // tied to the field by aria-describedby) and returns, per error, the id
  // of the field to link to from the summary.
  function mark(form, errs) {
    return errs.map(function (er, i) {
      var tg = target(form, er.name);
      if (!tg) { return ''; }
      var p = document.createElement('p');
      p.className = 'fr-error-text erreur-champ';
      p.id = 'erreur-' + i;
      p.textContent = er.msg;
      if (tg.field === tg.described && tg.cls !== 'fr-checkbox-group--error') {
        tg.field.insertAdjacentElement('afterend', p);
      } else {
        tg.group.appendChild(p);
      }
      tg.group.classList.add(tg.cls);
      if (!tg.described.hasAttribute('data-decrit')) {
        tg.described.setAttribute('data-decrit', tg.described.getAttribute('aria-describedby') || '');
      }
      var d = tg.described.getAttribute('aria-describedby');
      tg.described.setAttribute('aria-describedby', (d ? d + ' ' : '') + p.id);
      if (tg.field === tg.described) { tg.field.setAttribute('aria-invalid', 'true'); }
      return tg.field.id;
    });
  }

  function enhance(form) {
    var box = document.createElement('div');
    box.className = 'fr-alert fr-alert--error fr-mb-4w';
    box.setAttribute('role', 'alert');
    box.hidden = true;
    form.insertBefore(box, form.firstChild);
    var key = document.createElement('input');
    key.type = 'hidden';
    key.name = 'cle';
    key.value = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random();
    form.appendChild(key);
    // The script checks every field itself and says what is wrong beside
    // each one, instead of the browser's own bubbles.
    form.noValidate = true;
    form.addEventListener('submit', function (ev) {
      clear(form);
      var e = errors(form);
      if (e.length === 0) { box.hidden = true; return; }
      ev.preventDefault();
      var ids = mark(form, e);
      box.textContent = '';
      var title = document.createElement('p');
      title.className = 'fr-alert__title';
      title.textContent = typo(e.length === 1 ? 'La proposition ne peut pas être envoyée : 1 champ est à corriger.'
        : 'La proposition ne peut pas être envoyée : ' + e.length + ' erreurs sont à corriger.');
      var ul = document.createElement('ul');
      e.forEach(function (er, i) {
        var li = document.createElement('li');
        if (ids[i]) {
          var a = document.createElement('a');
          a.href = '#' + ids[i];
          a.textContent = er.msg;
          a.addEventListener('click', function (ev) {
            var f = document.getElementById(ids[i]);
            if (!f) { return; }
            ev.preventDefault();
            f.focus();
            f.scrollIntoView({ block: 'center' });
          });
          li.appendChild(a);
        } else {
          li.textContent = er.msg;
        }
        ul.appendChild(li);
      });
      box.appendChild(title);
      box.appendChild(ul);
      box.hidden = false;
      box.focus();
    });
    box.tabIndex = -1;

    // Type-dependent fields: only the motifs of the chosen type, the
    // coloration labels only when coloration is ticked. Hidden inputs are
    // unticked so that they are not sent.
    function byType() {
      var t = form.elements.typeDemande.value;
      form.querySelectorAll('fieldset.motifs').forEach(function (fs) {
        var on = (' ' + fs.getAttribute('data-types') + ' ').indexOf(' ' + t + ' ') >= 0;
        fs.hidden = !on;
        if (!on) { fs.querySelectorAll('input').forEach(function (i) { i.checked = false; }); }
      });
      var col = form.elements.coloration.checked || t === 'coloration';
      form.querySelectorAll('.coloration-champ').forEach(function (el) { el.hidden = !col; });
    }
    form.elements.typeDemande.addEventListener('change', byType);
    form.elements.coloration.addEventListener('change', byType);
    byType();

    fetch('/propositions/etablissements.json').then(function (r) { return r.ok ? r.json() : null; }).then(function (list) {
      if (!list) { return; }
      var uai = form.elements.uai, datalist = document.createElement('datalist');
      datalist.id = 'etablissements-liste';
      var noms = {};
      list.forEach(function (e) {
        noms[e[0]] = e[1];
        var o = document.createElement('option');
        o.value = e[0];
        o.label = e[1];
        datalist.appendChild(o);
      });
      form.appendChild(datalist);
      uai.setAttribute('list', datalist.id);
      var group = document.createElement('div');
      group.className = 'fr-select-group';
      var label = document.createElement('label');
      label.className = 'fr-label';
      label.htmlFor = 'p-offre';
      label.textContent = 'Formations proposées par l’établissement';
      var sel = document.createElement('select');
      sel.className = 'fr-select';
      sel.id = 'p-offre';
      group.appendChild(label);
      group.appendChild(sel);
      // Its own element of the fieldset, after the UAI's: an error on the
      // UAI does not colour it.
      var wrap = document.createElement('div');
      wrap.className = 'fr-fieldset__element';
      wrap.appendChild(group);
      var uaiElement = uai.closest('.fr-fieldset__element');
      uaiElement.parentNode.insertBefore(wrap, uaiElement.nextSibling);
      // groups holds the fetched offer files by UAI prefix: a promise of
      // the object keyed by UAI, or of null when the file could not be read.
      var groups = {}, shown = null;
      function offresOf(code) {
        var p = code.slice(0, 3);
        if (!groups[p]) {
          groups[p] = fetch('/propositions/offres/' + encodeURIComponent(p) + '.json').then(function (r) {
            return r.ok ? r.json() : null;
          }).catch(function () { return null; });
          // A failure is not kept: typing the UAI again tries again.
          groups[p].then(function (g) { if (g === null) { delete groups[p]; } });
        }
        return groups[p];
      }
      function options(code, first, list) {
        if (code !== shown) { return; }
        sel.textContent = '';
        var o = document.createElement('option');
        o.value = '';
        o.textContent = first;
        sel.appendChild(o);
        list.forEach(function (f) {
          var opt = document.createElement('option');
          opt.value = f[0] + '|' + f[1];
          opt.textContent = f[2] + ' (' + f[0] + ', dispositif ' + f[1] + ')';
          sel.appendChild(opt);
        });
      }
      // fill lists the formations of the school whose UAI is typed,
      // fetched once per département.
      function fill() {
        var code = uai.value.trim().toUpperCase();
        shown = code;
        if (!noms[code]) { options(code, 'Saisissez d’abord une UAI connue', []); return; }
        var nom = noms[code], first = 'Choisir une formation de ' + nom;
        options(code, 'Chargement des formations de ' + nom + '…', []);
        offresOf(code).then(function (g) {
          var l = g && g[code];
          if (!l) { options(code, 'Formations indisponibles : saisissez les codes ci-dessous', []); return; }
          options(code, l.length ? first : nom + ' : aucune formation connue, saisissez les codes ci-dessous', l);
        });
      }
      uai.addEventListener('input', fill);
      sel.addEventListener('change', function () {
        var p = sel.value.split('|');
        if (p.length === 2) { form.elements.cfd.value = p[0]; form.elements.codeDispositif.value = p[1]; }
      });
      fill();
    }).catch(function () { /* the plain inputs still work */ });
  }

  function start() {
    receipt();
    var form = document.querySelector('form.proposition');
    if (form) { enhance(form); }
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
