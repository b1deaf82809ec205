// Proposals: the receipt shows the numéro the handler put in the address;
// the form gets, when JavaScript runs, a school picker fed by
// /propositions/reference.json, the formations offered by the chosen
// school, type-dependent fields, an idempotency key and checks mirroring
// the handler's rules. Without JavaScript the form is plain HTML and the
// handler checks everything.
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

  // errors mirrors the capacity rules of the handler (orion-spec §5).
  function errors(form) {
    var t = form.elements.typeDemande.value, e = [];
    var sa = val(form, 'capaciteScolaireActuelle'), sf = val(form, 'capaciteScolaire');
    var aa = val(form, 'capaciteApprentissageActuelle'), af = val(form, 'capaciteApprentissage');
    var ca = val(form, 'capaciteScolaireColoreeActuelle') + val(form, 'capaciteApprentissageColoreeActuelle');
    var cf = val(form, 'capaciteScolaireColoree') + val(form, 'capaciteApprentissageColoree');
    var act = sa + aa, fut = sf + af;
    var coloration = form.elements.coloration.checked;
    var motifs = form.querySelectorAll('input[name="motif"]:checked');
    if (t.indexOf('ouverture') === 0 && act !== 0) { e.push('Une ouverture part de capacités actuelles nulles.'); }
    if (t === 'fermeture' && fut !== 0) { e.push('Une fermeture mène à des capacités futures nulles.'); }
    if (t.indexOf('augmentation') === 0 && !(fut > act && sf >= sa && af >= aa)) { e.push('Une augmentation demande des capacités futures supérieures aux capacités actuelles.'); }
    if (t === 'diminution' && !(fut < act && sf <= sa && af <= aa)) { e.push('Une diminution demande des capacités futures inférieures aux capacités actuelles.'); }
    if (t === 'transfert' && !(af > aa && af > 0 && sf < sa)) { e.push('Un transfert fait passer des places de la voie scolaire à l’apprentissage.'); }
    if (t.indexOf('ouverture') !== 0 && t !== 'ajustement' && act === 0) { e.push('Les capacités actuelles ne peuvent pas être toutes nulles.'); }
    if (t !== 'fermeture' && t !== 'coloration' && fut === 0) { e.push('Les capacités futures ne peuvent pas être toutes nulles.'); }
    if (!coloration && (ca > 0 || cf > 0)) { e.push('Des places colorées supposent de cocher « Coloration ».'); }
    if (coloration && !form.elements.libelleColoration1.value.trim()) { e.push('Donnez le libellé de la coloration.'); }
    if (t !== 'ajustement' && motifs.length === 0) { e.push('Cochez au moins un motif.'); }
    [['capaciteScolaireColoreeActuelle', 'capaciteScolaireActuelle'], ['capaciteScolaireColoree', 'capaciteScolaire'],
     ['capaciteApprentissageColoreeActuelle', 'capaciteApprentissageActuelle'], ['capaciteApprentissageColoree', 'capaciteApprentissage']
    ].forEach(function (p) {
      if (val(form, p[0]) > val(form, p[1])) { e.push('Les places colorées ne peuvent pas dépasser les places de la même voie.'); }
    });
    var autre = form.querySelector('input[name="motif"][value="autre"]:checked');
    if (autre && !form.elements.autreMotif.value.trim()) { e.push('Précisez l’autre motif.'); }
    if (!autre && form.elements.autreMotif.value.trim()) { e.push('« Autre motif » n’est rempli que si le motif « autre » est coché.'); }
    if (form.elements.libelleColoration2.value.trim() && !form.elements.libelleColoration1.value.trim()) { e.push('Le second libellé de coloration suppose le premier.'); }
    return e;
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
    form.addEventListener('submit', function (ev) {
      var e = errors(form);
      if (e.length === 0) { box.hidden = true; return; }
      ev.preventDefault();
      box.textContent = '';
      var title = document.createElement('p');
      title.className = 'fr-alert__title';
      title.textContent = 'La proposition ne peut pas être envoyée :';
      var ul = document.createElement('ul');
      e.forEach(function (m) { var li = document.createElement('li'); li.textContent = m; ul.appendChild(li); });
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

    fetch('/propositions/reference.json').then(function (r) { return r.ok ? r.json() : null; }).then(function (ref) {
      if (!ref) { return; }
      var uai = form.elements.uai, list = document.createElement('datalist');
      list.id = 'etablissements-liste';
      var byUAI = {};
      ref.etablissements.forEach(function (e) {
        byUAI[e.uai] = e;
        var o = document.createElement('option');
        o.value = e.uai;
        o.label = e.nom;
        list.appendChild(o);
      });
      form.appendChild(list);
      uai.setAttribute('list', list.id);
      var group = document.createElement('div');
      group.className = 'fr-select-group fr-mt-2w';
      var label = document.createElement('label');
      label.className = 'fr-label';
      label.htmlFor = 'p-offre';
      label.textContent = 'Formations proposées par l’établissement';
      var sel = document.createElement('select');
      sel.className = 'fr-select';
      sel.id = 'p-offre';
      group.appendChild(label);
      group.appendChild(sel);
      uai.parentNode.appendChild(group);
      function fill() {
        var e = byUAI[uai.value.trim().toUpperCase()];
        sel.textContent = '';
        var first = document.createElement('option');
        first.value = '';
        first.textContent = e ? 'Choisir une formation de ' + e.nom : 'Saisissez d’abord une UAI connue';
        sel.appendChild(first);
        (e ? e.offres : []).forEach(function (o) {
          var opt = document.createElement('option');
          opt.value = o.cfd + '|' + o.codeDispositif;
          opt.textContent = o.libelle + ' (' + o.cfd + ', dispositif ' + o.codeDispositif + ')';
          sel.appendChild(opt);
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
