DELETE { GRAPH $corpus { ?e ?p ?o } } WHERE { GRAPH $corpus { VALUES ?e { $entities } ?e ?p ?o FILTER(?p IN (skos:prefLabel, skos:altLabel)) } }
