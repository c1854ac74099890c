INSERT DATA {
$triples
}
