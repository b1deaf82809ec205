-- Entry rates for every rentrée, for the evolution charts: taux de
-- pression (CAP, bac pro) and taux de remplissage of each school, its
-- département, its région and the nation.
CREATE TABLE entree_annee AS
SELECT
    o.rentree,
    concat_ws('+',
        CASE WHEN grouping(d.code_region) = 0 THEN 'region' END,
        CASE WHEN grouping(e.departement3) = 0 THEN 'departement' END,
        CASE WHEN grouping(o.uai) = 0 THEN 'etablissement' END) AS echelle,
    d.code_region, e.departement3, o.uai,
    sum(o.premiers_voeux) FILTER (WHERE o.niveau NOT IN ('320', '323') AND o.capacite IS NOT NULL AND o.premiers_voeux IS NOT NULL)::BIGINT AS pression_num,
    sum(o.capacite) FILTER (WHERE o.niveau NOT IN ('320', '323') AND o.capacite IS NOT NULL AND o.premiers_voeux IS NOT NULL)::BIGINT AS pression_den,
    sum(o.effectif_entree) FILTER (WHERE o.capacite IS NOT NULL AND o.effectif_entree IS NOT NULL)::BIGINT AS remplissage_num,
    sum(o.capacite) FILTER (WHERE o.capacite IS NOT NULL AND o.effectif_entree IS NOT NULL)::BIGINT AS remplissage_den
FROM offre o
JOIN etablissement e ON e.uai = o.uai
JOIN departement d ON d.code3 = e.departement3
GROUP BY GROUPING SETS ((o.rentree), (o.rentree, d.code_region), (o.rentree, e.departement3), (o.rentree, o.uai))
