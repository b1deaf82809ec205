-- Every région offering formations of each NSF groupe: entry sums and the
-- région's InserJeunes sums for the groupe.
SELECT e.nsf AS nsf, r.code, r.libelle,
    e.* EXCLUDE (echelle, code_region, departement3, uai, nsf, cfd, dispositif),
    s.* EXCLUDE (millesime, echelle, code_region, nsf, niveau, cfd, dispositif)
FROM entree_agg e
JOIN region r ON r.code = e.code_region
LEFT JOIN sortie_agg s ON s.echelle = 'region+domaine' AND s.code_region = e.code_region
    AND s.nsf = e.nsf AND s.millesime = (SELECT millesime FROM annees)
WHERE e.echelle = 'region+domaine'
ORDER BY e.nsf, r.code
