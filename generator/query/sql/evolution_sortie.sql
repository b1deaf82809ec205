-- InserJeunes sums at every millésime for the nation, régions, formations
-- and domaines; code is '' for the nation.
SELECT millesime, echelle, coalesce(code_region, cfd, nsf, '') AS code,
    nb_annee_term, nb_sortant, emploi6_num, emploi6_den, emploi12_num, emploi12_den,
    poursuite_num, poursuite_den, favorable_num, favorable_den
FROM sortie_agg
WHERE echelle IN ('', 'region', 'formation', 'domaine')
ORDER BY echelle, code, millesime
