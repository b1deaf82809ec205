-- Continuum (orion-spec §3): a renewed formation without InserJeunes rows of
-- its own at a millésime takes the rows of the diploma it replaces, when
-- the renewal is one to one (BCN ANCIEN_DIPLOME_1…7: the new diploma has
-- that single predecessor, which has no other successor). Orion decides
-- per région; here the whole millésime of the new diploma is missing, so
-- that a formation's rates never mix its own leavers with those of its
-- predecessor. The rows keep the predecessor's code in cfd_continuum and
-- only feed the formation-level sums (sortie_agg), never the totals of a
-- région, niveau or domaine, where the predecessor is already counted.
CREATE TABLE sortie_continuum AS
WITH l AS (
    SELECT DISTINCT cfd AS nouveau, ancien
    FROM (
        SELECT cfd, unnest([ancien_diplome_1, ancien_diplome_2, ancien_diplome_3, ancien_diplome_4,
                            ancien_diplome_5, ancien_diplome_6, ancien_diplome_7]) AS ancien
        FROM n_formation_diplome
    )
    WHERE ancien IS NOT NULL AND ancien <> cfd
),
u AS (
    SELECT nouveau, ancien FROM l
    QUALIFY count(*) OVER (PARTITION BY nouveau) = 1 AND count(*) OVER (PARTITION BY ancien) = 1
)
SELECT s.* REPLACE (u.nouveau AS cfd), u.ancien AS cfd_continuum
FROM sortie s
JOIN u ON u.ancien = s.cfd
WHERE s.echelle = 'region'
  AND NOT EXISTS (
      SELECT 1 FROM sortie n
      WHERE n.echelle = 'region' AND n.cfd = u.nouveau AND n.millesime = s.millesime)
