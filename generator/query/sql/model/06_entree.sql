-- Constat de rentrée, Affelnet and Parcoursup rows mapped from MEF STAT 11 to
-- (formation, dispositif, year of study). Affelnet keeps offers that are not
-- "vœux de recensement" and of statut scolaire (ST), summed per UAI × MEF as
-- Orion does; Parcoursup keeps statut Scolaire and ignores capacities 0/999.
CREATE TABLE entree_brute AS
WITH c AS (
    SELECT c.rentree, c.uai, m.cfd, m.dispositif, m.annee,
           sum(c.effectif) AS effectif, NULL::BIGINT AS capacite, NULL::BIGINT AS voeux, 'constat' AS source
    FROM constat c JOIN mef m ON m.mef_stat_11 = c.mefstat11
    GROUP BY ALL
),
a AS (
    SELECT a.rentree, a.uai, m.cfd, m.dispositif, m.annee,
           NULL::BIGINT AS effectif, sum(a.capacite) AS capacite, sum(a.voeux1) AS voeux, 'affelnet' AS source
    FROM affelnet a JOIN mef m ON m.mef_stat_11 = a.mefstat11
    WHERE a.voeu_recensement = 'N' AND a.statut = 'ST'
    GROUP BY ALL
),
p AS (
    SELECT p.rentree, p.uai, m.cfd, m.dispositif, m.annee,
           NULL::BIGINT AS effectif,
           sum(p.capacite) FILTER (WHERE p.capacite NOT IN (0, 999)) AS capacite,
           sum(p.voeux) AS voeux, 'parcoursup' AS source
    FROM parcoursup_bts p JOIN mef m ON m.mef_stat_11 = p.mefstat11
    WHERE p.statut = 'Scolaire'
    GROUP BY ALL
)
SELECT * FROM c UNION ALL SELECT * FROM a UNION ALL SELECT * FROM p
