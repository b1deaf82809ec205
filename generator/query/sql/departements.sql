-- One row per département: its entry sums; InserJeunes sums are its
-- région's (no departmental InserJeunes data exist), labelled as such.
SELECT d.code3, d.code, d.libelle, d.code_academie, d.libelle_academie, d.code_region, r.libelle AS region_libelle,
    coalesce(e.nb_etablissements, 0) AS nb_etablissements, coalesce(e.nb_formations, 0) AS nb_formations,
    e.* EXCLUDE (echelle, code_region, departement3, uai, nsf, cfd, dispositif, nb_etablissements, nb_formations),
    s.* EXCLUDE (millesime, echelle, code_region, nsf, niveau, cfd, dispositif),
    ch.annee AS annee_chomage, ch.taux_chomage
FROM departement d
JOIN region r ON r.code = d.code_region
LEFT JOIN entree_agg e ON e.echelle = 'departement' AND e.departement3 = d.code3
LEFT JOIN sortie_agg s ON s.echelle = 'region' AND s.code_region = d.code_region AND s.millesime = (SELECT millesime FROM annees)
LEFT JOIN (
    SELECT * FROM chomage_departement
    QUALIFY row_number() OVER (PARTITION BY code_departement ORDER BY annee DESC) = 1
) ch ON ch.code_departement = d.code3
ORDER BY d.code3
