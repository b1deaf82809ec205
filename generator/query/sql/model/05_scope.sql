-- The niveaux the site covers: CAP, CAP agricole, bac pro, bac pro agricole, BTS.
CREATE TABLE niveau_scope AS
SELECT * FROM (VALUES
    ('500', 'CAP', 1),
    ('503', 'CAPA', 2),
    ('400', 'Bac pro', 3),
    ('403', 'Bac pro agricole', 4),
    ('320', 'BTS', 5)
) AS t(niveau, libelle, ordre)
