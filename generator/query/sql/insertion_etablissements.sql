-- The DEPP InserJeunes rates of every school of the universe, as published
-- (all formations together): one row per school × millésime × population.
SELECT d.uai, d.millesime, d.filiere, d.population,
    d.taux_poursuite AS depp_poursuite_etudes, d.taux_emploi_6_mois AS depp_emploi_6_mois,
    d.taux_attendu AS depp_emploi_attendu, d.valeur_ajoutee AS depp_valeur_ajoutee,
    d.part_poursuite AS depp_part_poursuite, d.part_emploi_6_mois AS depp_part_emploi_6_mois,
    -- Devenir favorable: the two published shares of pupils in studies or
    -- in employment 6 months after, added (DEPP publishes no count).
    d.part_poursuite + d.part_emploi_6_mois AS depp_devenir_favorable,
    d.src_file
FROM depp_etab d
JOIN etablissement e ON e.uai = d.uai
ORDER BY d.uai, d.millesime, d.filiere, d.population
