-- Renewals of the BCN: each formation and the formations it replaces
-- (ANCIEN_DIPLOME_1…7 of N_FORMATION_DIPLOME), with their labels.
WITH l AS (
    SELECT cfd, unnest([ancien_diplome_1, ancien_diplome_2, ancien_diplome_3, ancien_diplome_4,
                        ancien_diplome_5, ancien_diplome_6, ancien_diplome_7]) AS ancien
    FROM n_formation_diplome
)
SELECT DISTINCT l.cfd, l.ancien, a.libelle AS ancien_libelle, n.libelle AS nouveau_libelle
FROM l
LEFT JOIN formation a ON a.cfd = l.ancien
LEFT JOIN formation n ON n.cfd = l.cfd
WHERE l.ancien IS NOT NULL
  AND (l.cfd IN (SELECT cfd FROM entree_agg WHERE echelle = 'formation')
       OR l.ancien IN (SELECT cfd FROM entree_agg WHERE echelle = 'formation'))
ORDER BY l.cfd, l.ancien
