-- InserJeunes sums (regional file, voie scolaire) at every level a page
-- shows, for every millésime, computed once.
CREATE TABLE sortie_agg AS
SELECT
    millesime,
    concat_ws('+',
        CASE WHEN grouping(code_region) = 0 THEN 'region' END,
        CASE WHEN grouping(nsf) = 0 THEN 'domaine' END,
        CASE WHEN grouping(niveau) = 0 THEN 'niveau' END,
        CASE WHEN grouping(cfd) = 0 THEN 'formation' END,
        CASE WHEN grouping(dispositif) = 0 THEN 'dispositif' END) AS echelle,
    code_region, nsf, niveau, cfd, dispositif,
    sum(nb_annee_term)::BIGINT AS nb_annee_term,
    sum(nb_sortant)::BIGINT AS nb_sortant,
    sum(emploi6_num)::BIGINT AS emploi6_num,
    sum(emploi6_den)::BIGINT AS emploi6_den,
    sum(emploi12_num)::BIGINT AS emploi12_num,
    sum(emploi12_den)::BIGINT AS emploi12_den,
    sum(poursuite_num)::BIGINT AS poursuite_num,
    sum(poursuite_den)::BIGINT AS poursuite_den,
    sum(favorable_num)::BIGINT AS favorable_num,
    sum(favorable_den)::BIGINT AS favorable_den
FROM sortie
WHERE echelle = 'region'
GROUP BY GROUPING SETS (
    (millesime),
    (millesime, code_region),
    (millesime, niveau),
    (millesime, code_region, niveau),
    (millesime, nsf),
    (millesime, code_region, nsf),
    (millesime, cfd),
    (millesime, cfd, dispositif),
    (millesime, code_region, cfd),
    (millesime, code_region, cfd, dispositif)
)
