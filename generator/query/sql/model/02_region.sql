CREATE TABLE region AS
SELECT DISTINCT t.code_region AS code, t.libelle_region AS libelle
FROM territoire t
WHERE t.code_region IN (SELECT code_region FROM departement)
ORDER BY code
