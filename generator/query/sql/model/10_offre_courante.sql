-- One row per school × formation × dispositif offered at any shown year,
-- with the numerator/denominator pairs of Orion's entry indicators:
--   taux de pression  = Σ premiers vœux / Σ capacité (rows with both; not for BTS)
--   taux de demande   = the same ratio for BTS and BTSA (Parcoursup)
--   taux de remplissage = Σ effectif d'entrée / Σ capacité (same rentrée, rows with both)
CREATE TABLE offre_courante AS
WITH y AS (SELECT * FROM annees),
courante AS (
    SELECT DISTINCT o.uai, o.cfd, o.dispositif, o.niveau
    FROM offre o, y
    WHERE o.rentree IN (y.rentree_constat, y.rentree_affelnet, y.rentree_parcoursup)
),
-- A school known only at an older rentrée keeps the offers of its latest
-- one, with no figure at the shown rentrées, so that it is listed and
-- counted like the others.
ancienne AS (
    SELECT DISTINCT o.uai, o.cfd, o.dispositif, o.niveau
    FROM offre o
    WHERE o.uai NOT IN (SELECT uai FROM courante)
    QUALIFY o.rentree = max(o.rentree) OVER (PARTITION BY o.uai)
),
k AS (SELECT * FROM courante UNION ALL SELECT * FROM ancienne),
c AS (SELECT o.* FROM offre o, y WHERE o.rentree = y.rentree_constat AND o.au_constat),
a AS (
    SELECT o.* FROM offre o, y
    WHERE o.a_attractivite AND (
        o.source_attractivite = 'affelnet' AND o.rentree = y.rentree_affelnet
        OR o.source_attractivite = 'parcoursup' AND o.rentree = y.rentree_parcoursup)
),
r AS (SELECT o.* FROM offre o, y WHERE o.rentree = y.rentree_remplissage)
SELECT
    k.uai, k.cfd, k.dispositif, k.niveau,
    c.effectif_1, c.effectif_2, c.effectif_3, c.effectif_entree,
    a.rentree AS rentree_attractivite,
    a.source_attractivite,
    a.capacite,
    a.premiers_voeux,
    a.annee_capacite,
    -- a private school's Affelnet capacity, dropped by Orion's rule
    a.prive AND a.source_attractivite = 'affelnet' AND a.capacite IS NULL AND a.capacite_brute BETWEEN 5 AND 500 AS capacite_prive,
    CASE WHEN k.niveau NOT IN ('320', '323') AND a.capacite IS NOT NULL AND a.premiers_voeux IS NOT NULL THEN a.premiers_voeux END AS pression_num,
    CASE WHEN k.niveau NOT IN ('320', '323') AND a.capacite IS NOT NULL AND a.premiers_voeux IS NOT NULL THEN a.capacite END AS pression_den,
    CASE WHEN k.niveau IN ('320', '323') AND a.capacite IS NOT NULL AND a.premiers_voeux IS NOT NULL THEN a.premiers_voeux END AS demande_num,
    CASE WHEN k.niveau IN ('320', '323') AND a.capacite IS NOT NULL AND a.premiers_voeux IS NOT NULL THEN a.capacite END AS demande_den,
    CASE WHEN r.capacite IS NOT NULL AND r.effectif_entree IS NOT NULL THEN r.effectif_entree END AS remplissage_num,
    CASE WHEN r.capacite IS NOT NULL AND r.effectif_entree IS NOT NULL THEN r.capacite END AS remplissage_den
FROM k
LEFT JOIN c USING (uai, cfd, dispositif)
LEFT JOIN a USING (uai, cfd, dispositif)
LEFT JOIN r USING (uai, cfd, dispositif)
ORDER BY k.uai, k.cfd, k.dispositif
