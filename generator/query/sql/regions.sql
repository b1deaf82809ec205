-- One row per région: entry sums at the shown rentrées, InserJeunes sums
-- (voie scolaire) at the latest millésime, unemployment at its latest year.
WITH ch AS (
    SELECT code_region, annee AS annee_chomage, taux_chomage FROM chomage_region
    QUALIFY row_number() OVER (PARTITION BY code_region ORDER BY annee DESC) = 1
)
SELECT r.code, r.libelle,
    (SELECT count(*) FROM departement d WHERE d.code_region = r.code)::BIGINT AS nb_departements,
    coalesce(e.nb_etablissements, 0) AS nb_etablissements, coalesce(e.nb_formations, 0) AS nb_formations,
    e.* EXCLUDE (echelle, code_region, departement3, uai, nsf, cfd, dispositif, nb_etablissements, nb_formations),
    s.* EXCLUDE (millesime, echelle, code_region, nsf, niveau, cfd, dispositif),
    ch.annee_chomage, ch.taux_chomage
FROM region r
LEFT JOIN entree_agg e ON e.echelle = 'region' AND e.code_region = r.code
LEFT JOIN sortie_agg s ON s.echelle = 'region' AND s.code_region = r.code AND s.millesime = (SELECT millesime FROM annees)
LEFT JOIN ch ON ch.code_region = r.code
ORDER BY r.code
