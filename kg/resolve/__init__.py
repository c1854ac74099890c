"""Which entity a name is: name keys, the gazetteer, organisation aliases, preferred labels and near-duplicates.

Everything here is a pure function of names and counts, used within an article (``kg.extract``)
and across the corpus (``kg.store.writer``): spelling-insensitive keys (``names``), places from an
offline GeoNames gazetteer (``gazetteer``), organisations and their aliases (``organizations``),
the name an entity goes by across articles (``labels``), and near-duplicate articles
(``duplicates``).
"""
