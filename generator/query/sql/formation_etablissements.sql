-- The schools offering each formation, for the links of formation pages.
SELECT DISTINCT o.cfd, o.uai, et.nom, et.commune, d.code AS departement, o.code_region
FROM offre_geo o
JOIN etablissement et ON et.uai = o.uai
JOIN departement d ON d.code3 = o.departement3
ORDER BY o.cfd, o.code_region, d.code, et.nom NULLS LAST, o.uai
