-- One row per school × formation × dispositif × rentrée: effectifs by year
-- of study (constat), and the entry capacity and first-choice wishes
-- (Affelnet; Parcoursup for BTS) of the entry year. The entry year is the
-- 2nd year for a spécialité of a famille de métiers (its 1st year is the
-- 2nde commune), the 1st otherwise. Capacities outside 5–500 are dropped
-- and private schools get none in Affelnet, as in Orion; Parcoursup
-- capacities 0 and 999 were already ignored.
CREATE TABLE offre AS
WITH e AS (
    SELECT b.*, f.niveau, CASE WHEN f.type_famille = 'spécialité' THEN 2 ELSE 1 END AS annee_debut
    FROM entree_brute b
    JOIN formation f ON f.cfd = b.cfd
    JOIN etablissement et ON et.uai = b.uai
    WHERE f.niveau IN (SELECT niveau FROM niveau_scope)
),
o AS (
SELECT
    e.rentree, e.uai, e.cfd, e.dispositif, any_value(e.niveau) AS niveau, any_value(e.annee_debut) AS annee_debut,
    sum(effectif) FILTER (WHERE source = 'constat' AND annee = 1) AS effectif_1,
    sum(effectif) FILTER (WHERE source = 'constat' AND annee = 2) AS effectif_2,
    sum(effectif) FILTER (WHERE source = 'constat' AND annee = 3) AS effectif_3,
    sum(effectif) FILTER (WHERE source = 'constat' AND annee = annee_debut) AS effectif_entree,
    bool_or(source = 'constat') AS au_constat,
    sum(capacite) FILTER (WHERE source <> 'constat' AND annee = annee_debut) AS capacite_brute,
    sum(voeux) FILTER (WHERE source <> 'constat' AND annee = annee_debut) AS premiers_voeux,
    bool_or(source <> 'constat' AND annee = annee_debut) AS a_attractivite,
    any_value(source) FILTER (WHERE source <> 'constat') AS source_attractivite
FROM e
GROUP BY e.rentree, e.uai, e.cfd, e.dispositif
),
prive AS (
    SELECT uai FROM etablissement WHERE secteur = 'privé sous contrat'
)
SELECT o.*,
    CASE
        WHEN o.source_attractivite = 'parcoursup' THEN o.capacite_brute
        WHEN o.capacite_brute BETWEEN 5 AND 500 AND o.uai NOT IN (SELECT uai FROM prive) THEN o.capacite_brute
    END AS capacite
FROM o
ORDER BY o.rentree, o.uai, o.cfd, o.dispositif
