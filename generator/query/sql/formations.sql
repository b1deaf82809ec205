-- One row per formation offered at a shown rentrée: identity, national entry
-- sums and national InserJeunes sums (voie scolaire) at the latest millésime.
SELECT f.cfd, f.libelle, f.niveau, f.niveau_libelle, f.nsf, f.nsf_libelle, f.famille, f.type_famille,
    f.date_ouverture, f.date_fermeture, f.historique_bcn,
    (SELECT string_agg(DISTINCT coalesce(di.libelle, x.dispositif), ', ' ORDER BY coalesce(di.libelle, x.dispositif))
       FROM entree_agg x LEFT JOIN n_dispositif di ON di.dispositif = x.dispositif
       WHERE x.echelle = 'formation+dispositif' AND x.cfd = f.cfd) AS dispositifs,
    e.* EXCLUDE (echelle, code_region, departement3, uai, nsf, cfd, dispositif),
    s.* EXCLUDE (millesime, echelle, code_region, nsf, niveau, cfd, dispositif)
FROM entree_agg e
JOIN formation f ON f.cfd = e.cfd
LEFT JOIN sortie_agg s ON s.echelle = 'formation' AND s.cfd = f.cfd AND s.millesime = (SELECT millesime FROM annees)
WHERE e.echelle = 'formation'
ORDER BY f.cfd
