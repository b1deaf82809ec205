-- Current offers with their territory and formation attributes, the common
-- base of every page query.
CREATE VIEW offre_geo AS
SELECT o.*, e.departement3, d.code_region, d.code_academie, f.nsf, f.type_famille
FROM offre_courante o
JOIN etablissement e ON e.uai = o.uai
JOIN departement d ON d.code3 = e.departement3
JOIN formation f ON f.cfd = o.cfd
