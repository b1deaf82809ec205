-- MEF STAT 11 -> formation (CFD), dispositif and year of study. The key is
-- unique in the BCN but for one DNMADE code; the open MEF wins.
CREATE TABLE mef AS
SELECT mef_stat_11, mef, cfd, dispositif, annee, duree, annee = duree AS terminale
FROM n_mef
WHERE mef_stat_11 IS NOT NULL
QUALIFY row_number() OVER (
    PARTITION BY mef_stat_11
    ORDER BY date_fermeture IS NULL DESC, try_strptime(date_fermeture, '%d/%m/%Y') DESC, mef
) = 1
