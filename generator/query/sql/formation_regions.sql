-- Every région offering each formation: entry sums and the région's
-- InserJeunes sums for that formation.
SELECT e.cfd, r.code, r.libelle,
    e.* EXCLUDE (echelle, code_region, departement3, uai, nsf, cfd, dispositif),
    s.* EXCLUDE (millesime, echelle, code_region, nsf, niveau, cfd, dispositif)
FROM entree_agg e
JOIN region r ON r.code = e.code_region
LEFT JOIN sortie_agg s ON s.echelle = 'region+formation' AND s.code_region = e.code_region
    AND s.cfd = e.cfd AND s.millesime = (SELECT millesime FROM annees)
WHERE e.echelle = 'region+formation'
ORDER BY e.cfd, r.code
