-- Entry sums at every level a page shows, computed once. `echelle` names the
-- grouping keys ('' = national); sums are never divided here: package query
-- divides them once for every declared figure (generator/indicator).
CREATE TABLE entree_agg AS
SELECT
    concat_ws('+',
        CASE WHEN grouping(code_region) = 0 THEN 'region' END,
        CASE WHEN grouping(departement3) = 0 THEN 'departement' END,
        CASE WHEN grouping(uai) = 0 THEN 'etablissement' END,
        CASE WHEN grouping(nsf) = 0 THEN 'domaine' END,
        CASE WHEN grouping(cfd) = 0 THEN 'formation' END,
        CASE WHEN grouping(dispositif) = 0 THEN 'dispositif' END) AS echelle,
    code_region, departement3, uai, nsf, cfd, dispositif,
    count(DISTINCT uai)::BIGINT AS nb_etablissements,
    count(DISTINCT cfd || '|' || dispositif) FILTER (WHERE coalesce(type_famille, '') <> '2nde commune')::BIGINT AS nb_formations,
    sum(effectif_1)::BIGINT AS effectif_1,
    sum(effectif_2)::BIGINT AS effectif_2,
    sum(effectif_3)::BIGINT AS effectif_3,
    sum(effectif_entree)::BIGINT AS effectif_entree,
    CASE WHEN count(effectif_1) + count(effectif_2) + count(effectif_3) > 0
         THEN coalesce(sum(effectif_1), 0) + coalesce(sum(effectif_2), 0) + coalesce(sum(effectif_3), 0) END::BIGINT AS effectif_total,
    -- Denominator of the taux de transformation (orion-spec §3): entry-year
    -- effectifs without the 2ndes communes.
    sum(effectif_entree) FILTER (WHERE coalesce(type_famille, '') <> '2nde commune')::BIGINT AS effectif_entree_transfo,
    sum(capacite)::BIGINT AS capacite,
    sum(premiers_voeux)::BIGINT AS premiers_voeux,
    sum(pression_num)::BIGINT AS pression_num,
    sum(pression_den)::BIGINT AS pression_den,
    sum(demande_num)::BIGINT AS demande_num,
    sum(demande_den)::BIGINT AS demande_den,
    sum(remplissage_num)::BIGINT AS remplissage_num,
    sum(remplissage_den)::BIGINT AS remplissage_den,
    -- Effectifs or capacities exist but never for the same rentrée and
    -- offer: the fill rate is not computable (rather than unavailable).
    -- why a sum is empty: a private school's Affelnet capacity is in the
    -- file but not retained (Orion's rule); a scope without any CAP or bac
    -- pro has no taux de pression, one without any BTS no taux de demande
    CASE WHEN sum(capacite) IS NULL AND bool_or(capacite_prive) THEN 'prive_non_retenu' END AS capacite__statut,
    CASE WHEN bool_and(niveau IN ('320', '323')) THEN 'sans_objet'
         WHEN sum(pression_den) IS NULL AND bool_or(capacite_prive) THEN 'prive_non_retenu' END AS taux_pression__statut,
    CASE WHEN NOT bool_or(niveau IN ('320', '323')) THEN 'sans_objet' END AS taux_demande__statut,
    CASE WHEN sum(remplissage_den) IS NULL
          AND (sum(effectif_entree) IS NOT NULL OR sum(capacite) IS NOT NULL) THEN 'non_calculable' END AS taux_remplissage__statut
FROM offre_geo
GROUP BY GROUPING SETS (
    (),
    (code_region),
    (departement3),
    (uai),
    (nsf),
    (code_region, nsf),
    (cfd),
    (cfd, dispositif),
    (code_region, cfd),
    (code_region, cfd, dispositif),
    (departement3, cfd, dispositif),
    (uai, cfd, dispositif)
)
