DELETE { GRAPH $corpus { ?d kg:duplicateOf ?o } } WHERE { GRAPH $corpus { VALUES ?d { $articles } ?d kg:duplicateOf ?o } }
