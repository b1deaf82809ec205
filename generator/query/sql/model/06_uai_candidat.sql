-- Every UAI that offers a diploma of the site (niveau_scope) in voie
-- scolaire in one of the sources: the constat de rentrée, Affelnet or
-- Parcoursup (BTS and BTSA). Whether it enters the universe of schools
-- (07_etablissement.sql) and, if not, why:
--   - its UAI is not in one of the 101 départements (collectivités
--     d'outre-mer and Nouvelle-Calédonie, outside Orion's perimeter);
--   - it is known from Parcoursup only and every one of its offers there is
--     "entièrement en distanciel": a distance-learning provider (the CNED's
--     BTS reach thousands of places), whose places belong to no territory.
CREATE TABLE uai_candidat AS
WITH e AS (
    SELECT e.uai,
        bool_or(e.source = 'constat') AS au_constat,
        bool_or(e.source = 'affelnet') AS dans_affelnet,
        bool_or(e.source = 'parcoursup') AS dans_parcoursup,
        list_sort(list_distinct(list(n.libelle) FILTER (WHERE e.source = 'parcoursup'))) AS niveaux_parcoursup
    FROM entree_brute e
    JOIN formation f ON f.cfd = e.cfd
    JOIN niveau_scope n ON n.niveau = f.niveau
    GROUP BY e.uai
),
-- Parcoursup offers in voie scolaire of the site's niveaux, with their
-- label: a distance-learning offer says so in its label.
distance AS (
    SELECT p.uai, bool_and(lower(p.libelle) LIKE '%entièrement en distanciel%') AS a_distance
    FROM parcoursup_bts p
    JOIN mef m ON m.mef_stat_11 = p.mefstat11
    JOIN formation f ON f.cfd = m.cfd
    WHERE p.statut = 'Scolaire' AND f.niveau IN (SELECT niveau FROM niveau_scope)
    GROUP BY p.uai
),
c AS (
    SELECT e.*,
        NOT e.au_constat AND NOT e.dans_affelnet AS parcoursup_seul,
        coalesce(d.a_distance, false) AS a_distance,
        dep.code3 AS departement3
    FROM e
    LEFT JOIN distance d ON d.uai = e.uai
    LEFT JOIN departement dep
        ON dep.code3 = CASE substr(e.uai, 1, 3) WHEN '620' THEN '02A' WHEN '720' THEN '02B' ELSE substr(e.uai, 1, 3) END
),
-- Where the school's presence comes from, for its page.
p AS (
    SELECT c.*,
        'Parcoursup (' || array_to_string(c.niveaux_parcoursup, ', ') || ')' AS parcoursup_libelle,
        list_filter([
            CASE WHEN c.au_constat THEN 'constat de rentrée' END,
            CASE WHEN c.dans_affelnet THEN 'Affelnet' END,
            CASE WHEN c.dans_parcoursup THEN 'Parcoursup (' || array_to_string(c.niveaux_parcoursup, ', ') || ')' END
        ], x -> x IS NOT NULL) AS sources
    FROM c
)
SELECT
    p.uai,
    p.departement3,
    p.au_constat,
    p.dans_affelnet,
    p.dans_parcoursup,
    p.parcoursup_seul,
    p.a_distance,
    CASE
        WHEN p.parcoursup_seul THEN p.parcoursup_libelle || ' seulement'
        WHEN len(p.sources) = 1 THEN p.sources[1]
        ELSE array_to_string(p.sources[1:len(p.sources) - 1], ', ') || ' et ' || p.sources[len(p.sources)]
    END AS source_etablissement,
    CASE
        WHEN p.departement3 IS NULL THEN 'hors des 101 départements'
        WHEN p.parcoursup_seul AND p.a_distance THEN 'formations entièrement à distance'
    END AS exclusion
FROM p
ORDER BY p.uai
