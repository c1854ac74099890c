DELETE { ?s ?p ?o } WHERE { GRAPH $graph { ?s ?p ?o $where } FILTER NOT EXISTS { GRAPH ?other { ?s ?p ?o } FILTER(?other != $graph) } }
