-- InserJeunes rows that feed Orion's rates on pages: voie scolaire, niveaux
-- of the site (the BTSA included: the regional file's voie scolaire covers
-- the Éducation nationale's lycées only, one BTSA row a millésime), without
-- the common first years of familles de métiers.
CREATE VIEW sortie AS
SELECT i.*, f.nsf FROM insertion i
LEFT JOIN formation f ON f.cfd = i.cfd
WHERE i.voie = 'scolaire' AND NOT i.annee_commune
  AND i.niveau IN (SELECT niveau FROM niveau_scope)
