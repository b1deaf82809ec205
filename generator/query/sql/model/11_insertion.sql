-- InserJeunes counts per region × formation (and per school × formation when
-- such a file is supplied), normalised to Orion's numerator/denominator
-- pairs; a pair counts only when both its terms are published:
--   taux d'emploi à 6 (12) mois = Σ en emploi / Σ sortants
--   taux de poursuite d'études  = Σ poursuite / Σ élèves en année terminale
--   taux de devenir favorable   = Σ (poursuite + emploi 6 mois) / Σ année terminale
-- Voie scolaire rows are keyed by the terminal-year MEF, apprentissage rows
-- by CFD (no dispositif).
CREATE TABLE insertion AS
WITH src AS (
    SELECT 'region' AS echelle, code_region, NULL::VARCHAR AS uai, millesime, voie, cfd, mefstat11,
           nb_annee_term, nb_sortant, nb_poursuite_etudes, nb_en_emploi_6_mois, nb_en_emploi_12_mois
    FROM ij_region
    UNION ALL
    SELECT 'etablissement', d.code_region, i.uai, i.millesime, i.voie, i.cfd, i.mefstat11,
           i.nb_annee_term, i.nb_sortant, i.nb_poursuite_etudes, i.nb_en_emploi_6_mois, i.nb_en_emploi_12_mois
    FROM ij_uai i
    JOIN etablissement e ON e.uai = i.uai
    JOIN departement d ON d.code3 = e.departement3
)
SELECT
    s.echelle, s.code_region, s.uai, s.millesime, s.voie,
    coalesce(m.cfd, s.cfd) AS cfd,
    m.dispositif,
    s.mefstat11,
    substr(coalesce(m.cfd, s.cfd), 1, 3) AS niveau,
    s.nb_annee_term, s.nb_sortant, s.nb_poursuite_etudes, s.nb_en_emploi_6_mois, s.nb_en_emploi_12_mois,
    s.nb_en_emploi_6_mois AS emploi6_num,
    CASE WHEN s.nb_en_emploi_6_mois IS NOT NULL THEN s.nb_sortant END AS emploi6_den,
    s.nb_en_emploi_12_mois AS emploi12_num,
    CASE WHEN s.nb_en_emploi_12_mois IS NOT NULL THEN s.nb_sortant END AS emploi12_den,
    s.nb_poursuite_etudes AS poursuite_num,
    CASE WHEN s.nb_poursuite_etudes IS NOT NULL THEN s.nb_annee_term END AS poursuite_den,
    CASE WHEN s.nb_poursuite_etudes IS NOT NULL AND s.nb_en_emploi_6_mois IS NOT NULL
         THEN s.nb_poursuite_etudes + s.nb_en_emploi_6_mois END AS favorable_num,
    CASE WHEN s.nb_poursuite_etudes IS NOT NULL AND s.nb_en_emploi_6_mois IS NOT NULL
         THEN s.nb_annee_term END AS favorable_den,
    coalesce(fc.cfd IS NOT NULL, false) AS annee_commune
FROM src s
LEFT JOIN mef m ON s.voie = 'scolaire' AND m.mef_stat_11 = s.mefstat11
LEFT JOIN (SELECT DISTINCT cfd_commun AS cfd FROM famille_metiers) fc ON fc.cfd = coalesce(m.cfd, s.cfd)
ORDER BY s.echelle, s.code_region, s.uai, s.millesime, s.voie, cfd, m.dispositif, s.mefstat11
