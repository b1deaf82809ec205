-- Input rows that are legitimately odd, counted for the build summary.
SELECT libelle, nombre::BIGINT AS nombre FROM (
    SELECT 1 AS o, 'Lignes du constat de rentrée hors des 101 départements (collectivités d''outre-mer), ignorées' AS libelle,
        count(*) AS nombre
    FROM constat c
    WHERE CASE substr(c.uai, 1, 3) WHEN '620' THEN '02A' WHEN '720' THEN '02B' ELSE substr(c.uai, 1, 3) END
          NOT IN (SELECT code3 FROM departement)
    UNION ALL
    SELECT 1, 'Établissements hors des 101 départements (collectivités d''outre-mer), non retenus', count(*)
    FROM uai_candidat WHERE exclusion = 'hors des 101 départements'
    UNION ALL
    SELECT 1, 'Établissements présents seulement dans Parcoursup (BTS, BTSA), retenus', count(*)
    FROM etablissement WHERE parcoursup_seul
    UNION ALL
    SELECT 1, 'Établissements présents seulement dans Parcoursup dont toutes les formations sont entièrement à distance, non retenus', count(*)
    FROM uai_candidat WHERE exclusion = 'formations entièrement à distance'
    UNION ALL
    SELECT 2, 'Offres Affelnet « vœu de recensement » ou hors statut scolaire, ignorées', count(*)
    FROM affelnet WHERE voeu_recensement <> 'N' OR statut <> 'ST'
    UNION ALL
    SELECT 3, 'Capacités Affelnet hors de l''intervalle 5–500, non retenues', count(*)
    FROM offre WHERE source_attractivite = 'affelnet' AND capacite_brute IS NOT NULL AND NOT capacite_brute BETWEEN 5 AND 500
    UNION ALL
    SELECT 4, 'Capacités Affelnet d''établissements privés, non retenues (comme dans Orion)', count(*)
    FROM offre WHERE source_attractivite = 'affelnet' AND capacite_brute BETWEEN 5 AND 500 AND capacite IS NULL
    UNION ALL
    SELECT 5, 'Lignes Parcoursup BTS en apprentissage, hors du périmètre des capacités scolaires', count(*)
    FROM parcoursup_bts WHERE statut <> 'Scolaire'
    UNION ALL
    SELECT 5, 'Lignes Parcoursup BTS scolaires dont le MEF est absent de la BCN, ignorées', count(*)
    FROM parcoursup_bts WHERE statut = 'Scolaire'
      AND mefstat11 NOT IN (SELECT mef_stat_11 FROM n_mef WHERE mef_stat_11 IS NOT NULL)
    UNION ALL
    SELECT 6, 'Lignes InserJeunes régionales dont un effectif est non diffusé (cellule vide)', count(*)
    FROM ij_region WHERE nb_sortant IS NULL OR nb_poursuite_etudes IS NULL OR nb_en_emploi_6_mois IS NULL
    UNION ALL
    SELECT 7, 'Lignes InserJeunes régionales de moins de 20 élèves en année terminale (secret statistique)', count(*)
    FROM ij_region WHERE nb_annee_term < 20
    UNION ALL
    SELECT 8, 'Lignes InserJeunes en apprentissage dont le CFD est absent de la BCN', count(*)
    FROM insertion WHERE voie = 'apprentissage' AND cfd NOT IN (SELECT cfd FROM formation)
    UNION ALL
    SELECT 9, 'Établissements sans nom dans les fichiers ouverts (UAI affichée)', count(*)
    FROM etablissement WHERE nom IS NULL
    UNION ALL
    SELECT 10, 'Établissements sans commune connue', count(*)
    FROM etablissement WHERE commune IS NULL
    UNION ALL
    SELECT 11, 'Formations fermées dans la BCN (lues dans V_FORMATION_DIPLOME)', count(*)
    FROM formation WHERE historique_bcn AND cfd IN (SELECT cfd FROM offre)
    UNION ALL
    SELECT 12, 'Taux InserJeunes par lycée non diffusés (« nd » ou vide)', count(*)
    FROM depp_etab WHERE taux_emploi_6_mois IS NULL
) ORDER BY o, libelle
