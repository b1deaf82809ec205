-- Every formation × dispositif of each NSF groupe, with national sums.
SELECT f.nsf AS code, f.cfd, e.dispositif, coalesce(di.libelle, e.dispositif) AS dispositif_libelle,
    f.libelle, f.niveau, f.niveau_libelle, f.type_famille,
    e.* EXCLUDE (echelle, code_region, departement3, uai, nsf, cfd, dispositif),
    s.* EXCLUDE (millesime, echelle, code_region, nsf, niveau, cfd, dispositif)
FROM entree_agg e
JOIN formation f ON f.cfd = e.cfd
LEFT JOIN n_dispositif di ON di.dispositif = e.dispositif
LEFT JOIN sortie_agg s ON s.echelle = 'formation+dispositif' AND s.cfd = e.cfd AND s.dispositif = e.dispositif
    AND s.millesime = (SELECT millesime FROM annees)
WHERE e.echelle = 'formation+dispositif' AND f.nsf IS NOT NULL
ORDER BY f.nsf, (SELECT ordre FROM niveau_scope n WHERE n.niveau = f.niveau), f.libelle, f.cfd, e.dispositif
