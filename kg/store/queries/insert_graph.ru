INSERT DATA { GRAPH $graph {
$triples
} }
