-- The niveaux the site covers: CAP, CAP agricole, bac pro, bac pro agricole,
-- BTS and BTS agricole (BCN niveau 323, "BTSA", which Parcoursup lists with
-- the BTS). taux_entree names the entry rate of the niveau: the taux de
-- pression for the Affelnet niveaux, the taux de demande for the Parcoursup
-- ones (BTS and BTSA); a query tests it rather than a niveau code.
CREATE TABLE niveau_scope AS
SELECT * FROM (VALUES
    ('500', 'CAP', 1, 'pression'),
    ('503', 'CAPA', 2, 'pression'),
    ('400', 'Bac pro', 3, 'pression'),
    ('403', 'Bac pro agricole', 4, 'pression'),
    ('320', 'BTS', 5, 'demande'),
    ('323', 'BTSA', 6, 'demande')
) AS t(niveau, libelle, ordre, taux_entree)
