-- The universe of schools: every UAI offering a CAP, CAPA, bac pro (general
-- or agricultural), BTS or BTSA in voie scolaire in the constat de rentrée,
-- Affelnet or Parcoursup, located in one of the 101 départements, except
-- the distance-learning providers known from Parcoursup only
-- (06_uai_candidat.sql says which UAIs stay out and why; source_etablissement
-- says where a school's presence comes from). Metadata come, in order of
-- preference, from the DEPP InserJeunes files (official mixed-case name),
-- the IPS list (latest rentrée: commune, secteur, LP/LPO) and the Affelnet
-- 1re pro extract.
CREATE TABLE etablissement AS
WITH situe AS (
    SELECT uai, departement3, source_etablissement, parcoursup_seul
    FROM uai_candidat
    WHERE exclusion IS NULL
),
ips AS (
    SELECT * FROM ips_lycee
    QUALIFY row_number() OVER (PARTITION BY uai ORDER BY rentree_scolaire DESC, src_line) = 1
),
depp AS (
    SELECT uai, libelle FROM depp_etab
    WHERE libelle IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY uai ORDER BY millesime DESC, filiere DESC, src_line) = 1
),
aff AS (
    SELECT * FROM affelnet_etab
    QUALIFY row_number() OVER (PARTITION BY uai ORDER BY src_line) = 1
),
code_commune AS (
    SELECT uai,
        CASE
            WHEN c BETWEEN '75101' AND '75120' THEN '75056'
            WHEN c BETWEEN '69381' AND '69389' THEN '69123'
            WHEN c BETWEEN '13201' AND '13216' THEN '13055'
            ELSE c
        END AS code
    FROM (SELECT uai, CASE WHEN regexp_full_match(code_commune, '[0-9]+') THEN lpad(code_commune, 5, '0') ELSE code_commune END AS c FROM ips)
)
SELECT
    s.uai,
    s.departement3,
    coalesce(depp.libelle, ips.nom, nullif(trim(coalesce(aff.sigle, '') || ' ' || coalesce(aff.libelle, '')), '')) AS nom,
    CASE
        WHEN depp.libelle IS NOT NULL THEN 'InserJeunes (DEPP)'
        WHEN ips.nom IS NOT NULL THEN 'IPS des lycées (DEPP)'
        WHEN aff.libelle IS NOT NULL THEN 'Affelnet 1re pro'
    END AS source_nom,
    cc.code AS code_commune,
    coalesce(co.nom, ips.commune, aff.commune) AS commune,
    co.latitude,
    co.longitude,
    CASE
        WHEN ips.secteur = 'public' OR aff.secteur = 'PUBLIC' THEN 'public'
        WHEN ips.secteur LIKE 'priv%' OR aff.secteur = 'PRIVE' THEN 'privé sous contrat'
    END AS secteur,
    ips.type_lycee,
    s.source_etablissement,
    s.parcoursup_seul
FROM situe s
LEFT JOIN ips ON ips.uai = s.uai
LEFT JOIN depp ON depp.uai = s.uai
LEFT JOIN aff ON aff.uai = s.uai
LEFT JOIN code_commune cc ON cc.uai = s.uai
LEFT JOIN commune co ON co.code_commune = cc.code
ORDER BY s.uai
