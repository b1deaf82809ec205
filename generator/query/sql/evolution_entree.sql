-- Taux de pression and de remplissage at every rentrée, nation, régions,
-- départements and schools; code is '' for the nation.
SELECT rentree, echelle, coalesce(code_region, departement3, uai, '') AS code,
    pression_num, pression_den, remplissage_num, remplissage_den
FROM entree_annee
ORDER BY echelle, code, rentree
