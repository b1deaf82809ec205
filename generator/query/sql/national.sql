-- The national key figures and the years they carry.
SELECT
    a.rentree_constat, a.rentree_affelnet, a.rentree_parcoursup, a.rentree_remplissage,
    a.millesime, a.millesime_precedent, a.millesime_etablissement,
    e.* EXCLUDE (echelle, code_region, departement3, uai, nsf, cfd, dispositif),
    s.* EXCLUDE (millesime, echelle, code_region, nsf, niveau, cfd, dispositif)
FROM annees a
LEFT JOIN entree_agg e ON e.echelle = ''
LEFT JOIN sortie_agg s ON s.echelle = '' AND s.millesime = a.millesime
