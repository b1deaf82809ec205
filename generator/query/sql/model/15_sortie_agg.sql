-- InserJeunes sums (regional file, voie scolaire) at every level a page
-- shows, for every millésime, computed once. Formation-level sums take the
-- continuum rows of a renewed formation (15_continuum.sql) and name the
-- predecessor whose leavers they count in cfd_continuum. Every numerator and
-- denominator (*_num, *_den) of 11_insertion.sql is summed: a new rate needs
-- only its pair there.
CREATE TABLE sortie_agg AS
WITH base AS (
    SELECT * EXCLUDE (echelle, uai), NULL::VARCHAR AS cfd_continuum FROM sortie WHERE echelle = 'region'
),
formation_rows AS (
    SELECT * FROM base
    UNION ALL BY NAME
    SELECT * EXCLUDE (echelle, uai) FROM sortie_continuum
)
SELECT
    millesime,
    concat_ws('+',
        CASE WHEN grouping(code_region) = 0 THEN 'region' END,
        CASE WHEN grouping(nsf) = 0 THEN 'domaine' END,
        CASE WHEN grouping(niveau) = 0 THEN 'niveau' END) AS echelle,
    code_region, nsf, niveau, NULL::VARCHAR AS cfd, NULL::VARCHAR AS dispositif,
    sum(COLUMNS(c -> c IN ('nb_annee_term', 'nb_sortant') OR suffix(c, '_num') OR suffix(c, '_den')))::BIGINT,
    NULL::VARCHAR AS cfd_continuum
FROM base
GROUP BY GROUPING SETS (
    (millesime),
    (millesime, code_region),
    (millesime, niveau),
    (millesime, code_region, niveau),
    (millesime, nsf),
    (millesime, code_region, nsf)
)
UNION ALL BY NAME
SELECT
    millesime,
    concat_ws('+',
        CASE WHEN grouping(code_region) = 0 THEN 'region' END,
        'formation',
        CASE WHEN grouping(dispositif) = 0 THEN 'dispositif' END) AS echelle,
    code_region, NULL::VARCHAR AS nsf, NULL::VARCHAR AS niveau, cfd, dispositif,
    sum(COLUMNS(c -> c IN ('nb_annee_term', 'nb_sortant') OR suffix(c, '_num') OR suffix(c, '_den')))::BIGINT,
    -- one predecessor per renewed formation: any_value is that one
    any_value(cfd_continuum) AS cfd_continuum
FROM formation_rows
GROUP BY GROUPING SETS (
    (millesime, cfd),
    (millesime, cfd, dispositif),
    (millesime, code_region, cfd),
    (millesime, code_region, cfd, dispositif)
)
