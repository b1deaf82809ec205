-- One row per school of the universe with its identity and entry sums.
SELECT et.uai, et.nom, et.source_nom, et.code_commune, et.commune, et.latitude, et.longitude,
    et.secteur, et.type_lycee, et.source_etablissement, et.parcoursup_seul,
    d.code3 AS departement3, d.code AS departement, d.libelle AS departement_libelle,
    d.code_academie, d.libelle_academie, d.code_region, r.libelle AS region_libelle,
    coalesce(e.nb_formations, 0) AS nb_formations,
    (SELECT max(o.rentree) FROM offre o WHERE o.uai = et.uai) AS derniere_rentree,
    e.* EXCLUDE (echelle, code_region, departement3, uai, nsf, cfd, dispositif, nb_etablissements, nb_formations)
FROM etablissement et
JOIN departement d ON d.code3 = et.departement3
JOIN region r ON r.code = d.code_region
LEFT JOIN entree_agg e ON e.echelle = 'etablissement' AND e.uai = et.uai
ORDER BY et.uai
