-- The InserJeunes regional file as loaded: région × formation × dispositif
-- × voie × millésime, with Orion's numerator/denominator pairs. The counts
-- of leavers in studies or in employment are declared figures with the
-- secret of their rate (generator/indicator): under it, they are not
-- published, since with the published population they would give the rate
-- back.
SELECT i.code_region, r.libelle AS region_libelle, i.millesime, i.voie, i.cfd, i.dispositif, i.mefstat11,
    f.libelle, i.niveau,
    i.nb_annee_term, i.nb_sortant, i.nb_poursuite_etudes, i.nb_en_emploi_6_mois, i.nb_en_emploi_12_mois,
    i.emploi6_num, i.emploi6_den, i.emploi12_num, i.emploi12_den,
    i.poursuite_num, i.poursuite_den, i.favorable_num, i.favorable_den
FROM insertion i
LEFT JOIN region r ON r.code = i.code_region
LEFT JOIN formation f ON f.cfd = i.cfd
WHERE i.echelle = 'region'
ORDER BY i.code_region, i.millesime, i.voie, i.cfd, i.dispositif NULLS FIRST, i.mefstat11 NULLS FIRST
