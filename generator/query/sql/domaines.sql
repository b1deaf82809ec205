-- One row per NSF groupe with offered formations: national entry sums and
-- InserJeunes sums.
SELECT g.groupe AS code, coalesce(lg.libelle, g.libelle) AS libelle, g.domaine, coalesce(ld.libelle, dom.libelle) AS domaine_libelle,
    e.* EXCLUDE (echelle, code_region, departement3, uai, nsf, cfd, dispositif),
    s.* EXCLUDE (millesime, echelle, code_region, nsf, niveau, cfd, dispositif)
FROM entree_agg e
JOIN nsf_groupe g ON g.groupe = e.nsf
LEFT JOIN nsf_domaine dom ON dom.domaine = g.domaine
LEFT JOIN libelle_nsf_groupe lg ON lg.groupe = g.groupe
LEFT JOIN libelle_nsf_domaine ld ON ld.domaine = g.domaine
LEFT JOIN sortie_agg s ON s.echelle = 'domaine' AND s.nsf = e.nsf AND s.millesime = (SELECT millesime FROM annees)
WHERE e.echelle = 'domaine'
ORDER BY g.groupe
