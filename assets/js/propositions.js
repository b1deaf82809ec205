// Receipt of a proposal: shows the numéro the handler put in the address
// (?numero=P-2026-000123). Without JavaScript the page says where to read it.
(function () {
  'use strict';
  function show() {
    var el = document.querySelector('.proposition-numero');
    if (!el) { return; }
    var n = new URLSearchParams(window.location.search).get('numero');
    if (n && /^P-[0-9]{4}-[0-9]{6}$/.test(n)) {
      el.textContent = n;
    }
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', show);
  } else {
    show();
  }
})();
