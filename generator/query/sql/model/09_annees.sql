-- The years shown: each figure carries its own. Effectifs come from the
-- latest constat, capacities and wishes from the latest Affelnet (CAP, bac
-- pro) or Parcoursup (BTS) campaign, the fill rate from the latest rentrée
-- where both the constat and a capacity exist (none in the real bundle:
-- constat 2020 only, Affelnet 2021-2022), InserJeunes from the latest
-- millésime and the one before it.
CREATE TABLE annees AS
SELECT
    (SELECT max(rentree) FROM offre WHERE au_constat) AS rentree_constat,
    (SELECT max(rentree) FROM offre WHERE source_attractivite = 'affelnet') AS rentree_affelnet,
    (SELECT max(rentree) FROM offre WHERE source_attractivite = 'parcoursup') AS rentree_parcoursup,
    (SELECT max(rentree) FROM offre WHERE au_constat AND capacite IS NOT NULL) AS rentree_remplissage,
    (SELECT max(millesime) FROM ij_region) AS millesime,
    (SELECT max(millesime) FROM ij_region WHERE millesime < (SELECT max(millesime) FROM ij_region)) AS millesime_precedent,
    (SELECT max(millesime) FROM depp_etab) AS millesime_etablissement
