-- The ROME métiers each offered formation leads to (Certif Info), with the
-- France Travail transition flags of each ROME fiche.
WITH c AS (
    SELECT DISTINCT cfd, unnest([rome_1, rome_2, rome_3, rome_4, rome_5]) AS code_rome
    FROM certif_info WHERE cfd IS NOT NULL
)
SELECT c.cfd, r.code_rome, r.libelle,
    coalesce(r.transition_eco, '') AS transition_eco,
    coalesce(r.transition_num, '') AS transition_num,
    coalesce(r.transition_demo, '') AS transition_demo
FROM c
JOIN rome r ON r.code_rome = c.code_rome
WHERE c.cfd IN (SELECT cfd FROM entree_agg WHERE echelle = 'formation')
ORDER BY c.cfd, r.code_rome
