-- Every CFD of the BCN (open ones from N_FORMATION_DIPLOME, closed ones from
-- V_FORMATION_DIPLOME) with its niveau, NSF groupe and famille de métiers.
CREATE TABLE formation AS
WITH bcn AS (
    SELECT cfd, niveau, groupe_specialite, libelle, libelle_court, date_ouverture, date_fermeture, 1 AS prio
    FROM n_formation_diplome
    UNION ALL
    SELECT cfd, niveau, groupe_specialite, libelle, libelle_court, date_ouverture, date_fermeture, 2 AS prio
    FROM v_formation_diplome
),
one AS (
    SELECT * FROM bcn
    QUALIFY row_number() OVER (PARTITION BY cfd ORDER BY prio) = 1
),
famille_bcn AS (
    SELECT l.cfd, min(g.libelle_edition) AS famille
    FROM lien_formation_groupe l JOIN groupe_formation g ON g.groupe = l.groupe AND g.type_groupe = 'TG01'
    GROUP BY l.cfd
),
famille_fm AS (
    SELECT cfd_specialite AS cfd, min(famille) AS famille FROM famille_metiers GROUP BY 1
),
dp AS (
    SELECT left(replace(replace(code_diplome, '-', ''), ' ', ''), 8) AS cfd,
           min(intitule) AS intitule, min(cpc) AS cpc, min(cpc_secteur) AS cpc_secteur
    FROM diplome_professionnel GROUP BY 1
),
commune AS (
    SELECT DISTINCT cfd_commun AS cfd FROM famille_metiers WHERE cfd_commun IS NOT NULL
)
SELECT
    one.cfd,
    -- Display label: the DGESCO title of the speciality (mixed case, with
    -- accents) when it exists, else the BCN label in sentence case with
    -- its accents and without its trailing diploma (libelle_formation,
    -- written by package query from package libelle).
    coalesce(dp.intitule, lf.libelle, one.libelle) AS libelle,
    one.libelle AS libelle_bcn,
    dp.cpc,
    dp.cpc_secteur,
    one.niveau,
    coalesce(nv.libelle_court, one.niveau) AS niveau_libelle,
    one.groupe_specialite AS nsf,
    coalesce(lg.libelle, g.libelle) AS nsf_libelle,
    g.domaine AS nsf_domaine,
    one.date_ouverture,
    one.date_fermeture,
    one.prio = 2 AS historique_bcn,
    CASE
        WHEN one.cfd IN (SELECT cfd FROM commune) THEN '2nde commune'
        -- a spécialité of a famille de métiers: in familleMetiers.csv, or
        -- linked to a famille (TG01) by the BCN, which GUIDE.md prefers
        -- (13 bac pro CFDs are linked by the BCN only)
        WHEN fm.cfd IS NOT NULL OR fb.cfd IS NOT NULL THEN 'spécialité'
        ELSE NULL
    END AS type_famille,
    coalesce(fb.famille, fm.famille) AS famille
FROM one
LEFT JOIN n_niveau nv ON nv.niveau = one.niveau
LEFT JOIN nsf_groupe g ON g.groupe = one.groupe_specialite
LEFT JOIN libelle_nsf_groupe lg ON lg.groupe = one.groupe_specialite
LEFT JOIN libelle_formation lf ON lf.cfd = one.cfd
LEFT JOIN famille_bcn fb ON fb.cfd = one.cfd
LEFT JOIN famille_fm fm ON fm.cfd = one.cfd
LEFT JOIN dp ON dp.cfd = one.cfd
ORDER BY one.cfd
