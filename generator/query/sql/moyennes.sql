-- InserJeunes means per région × niveau and national × niveau at the latest
-- millésime: the reference lines of Orion's quadrant. code is '' for national.
SELECT coalesce(s.code_region, '') AS code, s.niveau,
    s.* EXCLUDE (millesime, echelle, code_region, nsf, niveau, cfd, dispositif)
FROM sortie_agg s
WHERE s.echelle IN ('region+niveau', 'niveau') AND s.millesime = (SELECT millesime FROM annees)
ORDER BY code, s.niveau
