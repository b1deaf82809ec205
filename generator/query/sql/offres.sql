-- Every school × formation × dispositif × rentrée of the universe.
SELECT o.rentree, o.uai, o.cfd, o.dispositif, f.libelle, f.niveau_libelle, d.code AS departement3,
    o.effectif_1, o.effectif_2, o.effectif_3, o.effectif_entree, o.annee_debut,
    o.source_attractivite, o.capacite, o.premiers_voeux
FROM offre o
JOIN formation f ON f.cfd = o.cfd
JOIN etablissement e ON e.uai = o.uai
JOIN departement d ON d.code3 = e.departement3
ORDER BY o.rentree, o.uai, o.cfd, o.dispositif
