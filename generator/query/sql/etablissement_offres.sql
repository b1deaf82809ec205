-- Every offer of every school: its own entry figures, its région's
-- InserJeunes sums for the formation (labelled régional) and, when a
-- per-school × formation InserJeunes file was supplied, the school's own;
-- the taux de pression (de demande for BTS) of the same formation in the
-- school's département, région and in France.
WITH own AS (
    SELECT uai, cfd, dispositif,
        sum(emploi6_num)::BIGINT AS emploi6_num_etablissement, sum(emploi6_den)::BIGINT AS emploi6_den_etablissement,
        sum(emploi12_num)::BIGINT AS emploi12_num_etablissement, sum(emploi12_den)::BIGINT AS emploi12_den_etablissement,
        sum(poursuite_num)::BIGINT AS poursuite_num_etablissement, sum(poursuite_den)::BIGINT AS poursuite_den_etablissement,
        sum(favorable_num)::BIGINT AS favorable_num_etablissement, sum(favorable_den)::BIGINT AS favorable_den_etablissement
    FROM insertion
    WHERE echelle = 'etablissement' AND voie = 'scolaire' AND millesime = (SELECT millesime FROM annees)
    GROUP BY ALL
)
SELECT o.uai, f.cfd, o.dispositif, coalesce(di.libelle, o.dispositif) AS dispositif_libelle,
    f.libelle, f.niveau, f.niveau_libelle, f.type_famille,
    o.rentree_attractivite, o.source_attractivite,
    1::BIGINT AS nb_etablissements, CASE WHEN coalesce(f.type_famille, '') <> '2nde commune' THEN 1 ELSE 0 END::BIGINT AS nb_formations,
    o.effectif_1, o.effectif_2, o.effectif_3, o.effectif_entree, o.capacite, o.premiers_voeux, o.annee_capacite,
    CASE WHEN o.capacite_prive THEN 'prive_non_retenu' END AS capacite__statut,
    CASE WHEN o.niveau IN ('320', '323') THEN 'sans_objet' WHEN o.capacite_prive THEN 'prive_non_retenu' END AS taux_pression__statut,
    CASE WHEN o.niveau NOT IN ('320', '323') THEN 'sans_objet' END AS taux_demande__statut,
    CASE WHEN o.effectif_1 IS NOT NULL OR o.effectif_2 IS NOT NULL OR o.effectif_3 IS NOT NULL
         THEN coalesce(o.effectif_1, 0) + coalesce(o.effectif_2, 0) + coalesce(o.effectif_3, 0) END AS effectif_total,
    o.pression_num, o.pression_den, o.demande_num, o.demande_den, o.remplissage_num, o.remplissage_den,
    s.* EXCLUDE (millesime, echelle, code_region, nsf, niveau, cfd, dispositif),
    own.* EXCLUDE (uai, cfd, dispositif),
    ed.pression_num AS pression_num_departement, ed.pression_den AS pression_den_departement,
    ed.demande_num AS demande_num_departement, ed.demande_den AS demande_den_departement,
    ed.taux_pression__statut AS taux_pression_departement__statut, ed.taux_demande__statut AS taux_demande_departement__statut,
    er.pression_num AS pression_num_region, er.pression_den AS pression_den_region,
    er.demande_num AS demande_num_region, er.demande_den AS demande_den_region,
    er.taux_pression__statut AS taux_pression_region__statut, er.taux_demande__statut AS taux_demande_region__statut,
    en.pression_num AS pression_num_france, en.pression_den AS pression_den_france,
    en.demande_num AS demande_num_france, en.demande_den AS demande_den_france,
    en.taux_pression__statut AS taux_pression_france__statut, en.taux_demande__statut AS taux_demande_france__statut
FROM offre_geo o
JOIN formation f ON f.cfd = o.cfd
LEFT JOIN n_dispositif di ON di.dispositif = o.dispositif
LEFT JOIN sortie_agg s ON s.echelle = 'region+formation+dispositif' AND s.code_region = o.code_region
    AND s.cfd = o.cfd AND s.dispositif = o.dispositif AND s.millesime = (SELECT millesime FROM annees)
LEFT JOIN own ON own.uai = o.uai AND own.cfd = o.cfd AND own.dispositif = o.dispositif
LEFT JOIN entree_agg ed ON ed.echelle = 'departement+formation+dispositif' AND ed.departement3 = o.departement3 AND ed.cfd = o.cfd AND ed.dispositif = o.dispositif
LEFT JOIN entree_agg er ON er.echelle = 'region+formation+dispositif' AND er.code_region = o.code_region AND er.cfd = o.cfd AND er.dispositif = o.dispositif
LEFT JOIN entree_agg en ON en.echelle = 'formation+dispositif' AND en.cfd = o.cfd AND en.dispositif = o.dispositif
ORDER BY o.uai, (SELECT ordre FROM niveau_scope n WHERE n.niveau = f.niveau), f.libelle, f.cfd, o.dispositif
