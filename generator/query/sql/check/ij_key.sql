-- InserJeunes rows: voie scolaire keyed by a known MEF STAT 11, apprentissage
-- by a CFD, and a région of the territory file.
SELECT src_file, src_line, colonne, valeur, attendu FROM (
    SELECT src_file, src_line, 'mefstat11' AS colonne, coalesce(mefstat11, '') AS valeur,
        'a MEF STAT 11 of the BCN (nMef.csv) for voie scolaire' AS attendu
    FROM ij_region
    WHERE voie = 'scolaire' AND (mefstat11 IS NULL OR mefstat11 NOT IN (SELECT mef_stat_11 FROM n_mef WHERE mef_stat_11 IS NOT NULL))
    UNION ALL
    SELECT src_file, src_line, 'cfd', '', 'a CFD for apprentissage rows'
    FROM ij_region WHERE voie = 'apprentissage' AND cfd IS NULL
    UNION ALL
    SELECT src_file, src_line, 'code_region', code_region, 'a région code of the territory file'
    FROM ij_region WHERE code_region NOT IN (SELECT code_region FROM territoire)
    UNION ALL
    SELECT src_file, src_line, 'mefstat11', coalesce(mefstat11, ''),
        'a MEF STAT 11 of the BCN (nMef.csv) for voie scolaire'
    FROM ij_uai
    WHERE voie = 'scolaire' AND (mefstat11 IS NULL OR mefstat11 NOT IN (SELECT mef_stat_11 FROM n_mef WHERE mef_stat_11 IS NOT NULL))
)
ORDER BY src_file, src_line
