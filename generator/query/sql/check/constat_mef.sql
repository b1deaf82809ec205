-- Every constat row names a MEF STAT 11 of the BCN.
SELECT src_file, src_line, 'mefstat11' AS colonne, mefstat11 AS valeur,
    'a MEF STAT 11 of the BCN (nMef.csv)' AS attendu
FROM constat
WHERE mefstat11 NOT IN (SELECT mef_stat_11 FROM n_mef WHERE mef_stat_11 IS NOT NULL)
ORDER BY src_file, src_line
