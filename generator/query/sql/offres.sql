-- Every school × formation × dispositif × rentrée of the universe, with
-- the inputs of its entry figures: the taux de pression for CAP and bac pro
-- (Affelnet), the taux de demande for BTS (Parcoursup), each "sans objet"
-- for the other kind; the taux de remplissage where the rentrée has both an
-- effectif and a capacity; a private school's Affelnet capacity, dropped
-- by Orion's rule, says so.
SELECT o.rentree, o.uai, o.cfd, o.dispositif, f.libelle, f.niveau_libelle, d.code AS departement3,
    o.effectif_1, o.effectif_2, o.effectif_3, o.effectif_entree, o.annee_debut,
    o.source_attractivite, o.capacite, o.premiers_voeux,
    o.annee_capacite,
    CASE WHEN o.prive AND o.capacite IS NULL AND o.capacite_brute BETWEEN 5 AND 500 AND o.source_attractivite = 'affelnet'
         THEN 'prive_non_retenu' END AS capacite__statut,
    CASE WHEN o.niveau NOT IN ('320', '323') AND o.capacite IS NOT NULL AND o.premiers_voeux IS NOT NULL THEN o.premiers_voeux END AS pression_num,
    CASE WHEN o.niveau NOT IN ('320', '323') AND o.capacite IS NOT NULL AND o.premiers_voeux IS NOT NULL THEN o.capacite END AS pression_den,
    CASE WHEN o.niveau IN ('320', '323') THEN 'sans_objet'
         WHEN o.prive AND o.capacite IS NULL AND o.capacite_brute BETWEEN 5 AND 500 AND o.source_attractivite = 'affelnet' THEN 'prive_non_retenu' END AS taux_pression__statut,
    CASE WHEN o.niveau IN ('320', '323') AND o.capacite IS NOT NULL AND o.premiers_voeux IS NOT NULL THEN o.premiers_voeux END AS demande_num,
    CASE WHEN o.niveau IN ('320', '323') AND o.capacite IS NOT NULL AND o.premiers_voeux IS NOT NULL THEN o.capacite END AS demande_den,
    CASE WHEN o.niveau NOT IN ('320', '323') THEN 'sans_objet' END AS taux_demande__statut,
    CASE WHEN o.capacite IS NOT NULL AND o.effectif_entree IS NOT NULL THEN o.effectif_entree END AS remplissage_num,
    CASE WHEN o.capacite IS NOT NULL AND o.effectif_entree IS NOT NULL THEN o.capacite END AS remplissage_den
FROM offre o
JOIN formation f ON f.cfd = o.cfd
JOIN etablissement e ON e.uai = o.uai
JOIN departement d ON d.code3 = e.departement3
ORDER BY o.rentree, o.uai, o.cfd, o.dispositif
