-- One row per school × formation × dispositif × rentrée: effectifs by year
-- of study (constat), and the entry capacity and first-choice wishes
-- (Affelnet; Parcoursup for BTS). The entry year is the 2nd year for a
-- spécialité of a famille de métiers (its 1st year is the 2nde commune: the
-- BCN's TG01 links and familleMetiers.csv, 04_formation.sql), the 1st
-- otherwise. Capacities outside 5–500 are dropped and private schools get
-- none in Affelnet, as in Orion (capacite_brute keeps what the file says;
-- prive tells why it is not retained); Parcoursup capacities 0 and 999 were
-- already ignored. When the entry year has no valid capacity but the other
-- year of entry (1st or 2nd) has one, that one is kept, with its year in
-- annee_capacite, rather than nothing: Affelnet sometimes carries a
-- spécialité's places at the year the BCN does not say.
CREATE TABLE offre AS
WITH e AS (
    SELECT b.*, f.niveau, CASE WHEN f.type_famille = 'spécialité' THEN 2 ELSE 1 END AS annee_debut
    FROM entree_brute b
    JOIN formation f ON f.cfd = b.cfd
    JOIN etablissement et ON et.uai = b.uai
    WHERE f.niveau IN (SELECT niveau FROM niveau_scope)
),
prive AS (
    SELECT uai FROM etablissement WHERE secteur = 'privé sous contrat'
),
o AS (
SELECT
    e.rentree, e.uai, e.cfd, e.dispositif, any_value(e.niveau) AS niveau, any_value(e.annee_debut) AS annee_debut,
    sum(effectif) FILTER (WHERE source = 'constat' AND annee = 1) AS effectif_1,
    sum(effectif) FILTER (WHERE source = 'constat' AND annee = 2) AS effectif_2,
    sum(effectif) FILTER (WHERE source = 'constat' AND annee = 3) AS effectif_3,
    sum(effectif) FILTER (WHERE source = 'constat' AND annee = annee_debut) AS effectif_entree,
    bool_or(source = 'constat') AS au_constat,
    any_value(source) FILTER (WHERE source <> 'constat') AS source_attractivite,
    sum(capacite) FILTER (WHERE source <> 'constat' AND annee = annee_debut) AS cap_debut,
    sum(voeux) FILTER (WHERE source <> 'constat' AND annee = annee_debut) AS voeux_debut,
    bool_or(source <> 'constat' AND annee = annee_debut) AS offre_debut,
    sum(capacite) FILTER (WHERE source <> 'constat' AND annee IN (1, 2) AND annee <> annee_debut) AS cap_autre,
    sum(voeux) FILTER (WHERE source <> 'constat' AND annee IN (1, 2) AND annee <> annee_debut) AS voeux_autre,
    any_value(annee) FILTER (WHERE source <> 'constat' AND annee IN (1, 2) AND annee <> annee_debut) AS annee_autre
FROM e
GROUP BY e.rentree, e.uai, e.cfd, e.dispositif
),
v AS (
    -- what Orion retains of a capacity: Parcoursup as it is, Affelnet
    -- within 5–500 and for public schools only
    SELECT o.*,
        o.uai IN (SELECT uai FROM prive) AS prive,
        CASE WHEN o.source_attractivite = 'parcoursup' OR o.cap_debut BETWEEN 5 AND 500 AND o.uai NOT IN (SELECT uai FROM prive)
             THEN o.cap_debut END AS cap_debut_valide,
        CASE WHEN o.source_attractivite = 'parcoursup' OR o.cap_autre BETWEEN 5 AND 500 AND o.uai NOT IN (SELECT uai FROM prive)
             THEN o.cap_autre END AS cap_autre_valide
    FROM o
)
SELECT
    v.rentree, v.uai, v.cfd, v.dispositif, v.niveau, v.annee_debut,
    v.effectif_1, v.effectif_2, v.effectif_3, v.effectif_entree, v.au_constat, v.source_attractivite, v.prive,
    CASE WHEN v.cap_debut_valide IS NULL AND v.cap_autre_valide IS NOT NULL THEN v.annee_autre
         WHEN v.offre_debut THEN v.annee_debut END AS annee_capacite,
    CASE WHEN v.cap_debut_valide IS NULL AND v.cap_autre_valide IS NOT NULL THEN v.cap_autre ELSE v.cap_debut END AS capacite_brute,
    coalesce(v.cap_debut_valide, v.cap_autre_valide) AS capacite,
    CASE WHEN v.cap_debut_valide IS NULL AND v.cap_autre_valide IS NOT NULL THEN v.voeux_autre ELSE v.voeux_debut END AS premiers_voeux,
    v.offre_debut OR v.annee_autre IS NOT NULL AS a_attractivite
FROM v
ORDER BY v.rentree, v.uai, v.cfd, v.dispositif
