-- The 101 départements (96 metropolitan + 5 DROM); the territory file also
-- lists COM and pseudo rows (région 00/99, codes 975, 977, 978, 985…), which
-- are outside Orion's perimeter.
CREATE TABLE departement AS
SELECT
    code_departement AS code3,
    CASE WHEN code_departement LIKE '0%' THEN substr(code_departement, 2) ELSE code_departement END AS code,
    libelle_departement AS libelle,
    code_academie,
    libelle_academie,
    code_region
FROM territoire
WHERE regexp_full_match(code_departement, '0[0-9][0-9AB]|97[1-6]')
  AND code_region NOT IN ('00', '99')
ORDER BY code3
