-- The DEPP InserJeunes rates of every school of the universe, as published
-- (all formations together): one row per school × millésime × population.
SELECT d.uai, d.millesime, d.filiere, d.population,
    d.taux_poursuite, d.taux_emploi_6_mois, d.taux_attendu, d.valeur_ajoutee, d.src_file
FROM depp_etab d
JOIN etablissement e ON e.uai = d.uai
ORDER BY d.uai, d.millesime, d.filiere, d.population
