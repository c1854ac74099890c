"""Properties that hold for any input (hypothesis): reading never crashes, dates never crash, IRIs
are always valid, and every export of any graph re-parses, with three parsers, to the same graph."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kg.extract.timex import TimeValue, normalise
from kg.ingest import read_articles
from kg.ingest.dates import BadDate, dateline, parse_date
from kg.rdf.export import FORMATS
from kg.rdf.graph import article_graph, safe_url
from kg.rdf.namespace import Minter
from kg.rdf.ntriples import term
from kg.records import Article, Attack, Entity, EntityKind, Extraction, Figure, InputProblem, Place, Quote, Role, Span
from kg.resolve.duplicates import fingerprint
from kg.store import open_store
from kg.store.writer import CorpusState, write_article

# Text as scraped pages deliver it: any code point, with the troublemakers made likely.
NASTY = ['"', "'", "<", ">", "\\", "\n", "\r", "\t", "\x00", "\u200f", "\u202e", "\u2028", "\ufeff", "}", "{",
         " . ", "@en", "^^", "#", "%", "\ud800", "é", "💥", "Київ", "<script>", "]]>", "&amp;", "\x7f",
         # Unicode's non-characters: Oxigraph escapes U+FFFE and U+FFFF, and rapper refuses those escapes.
         "\ufffe", "\uffff", "\ufdd0", "\U0001fffe", "\U0010ffff", "\\uFFFF"]
raw_text = st.lists(st.one_of(st.characters(), st.sampled_from(NASTY)), max_size=30).map("".join)
# What an Article can hold: ingest replaces lone surrogates (from JSON's "\ud800" escapes), checked below.
text = st.lists(st.one_of(st.characters(exclude_categories=["Cs"]), st.sampled_from([c for c in NASTY if c != "\ud800"])),
               max_size=30).map("".join)
SURROGATE = re.compile("[\ud800-\udfff]")


def _valid_iri(iri: str) -> bool:
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    term(URIRef(iri))  # raises for what N-Triples and SPARQL forbid
    return iri.startswith(("http://", "https://"))


# -- ingest -------------------------------------------------------------------------------------------


def _read(name: str, data: bytes) -> list[Article | InputProblem]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        got = list(read_articles([str(path)], today=date(2026, 1, 1)))
    for item in got:
        if isinstance(item, InputProblem):
            assert name in item.origin and "\n" not in str(item), item
        else:
            assert item.text.strip() and "\x00" not in item.text and item.id
            fields = [item.id, item.title, item.text, item.url, item.source, item.author]
            assert not any(SURROGATE.search(f) for f in fields if f), item
    return got


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["a.txt", "a.html", "a.jsonl"]), st.one_of(st.binary(max_size=300), raw_text.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_reading_any_bytes_never_raises(name, data):
    _read(name, data)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | raw_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(raw_text, inner, max_size=3),
    max_leaves=8,
)
fields = st.sampled_from(["id", "title", "headline", "text", "body", "content", "published", "date", "url", "source",
                          "outlet", "author", "authors"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.dictionaries(fields, json_values, max_size=7), json_values), max_size=4))
def test_reading_any_jsonl_never_raises(records):
    lines = [json.dumps(r) for r in records]
    got = _read("dump.jsonl", "\n".join(lines).encode("utf-8", "surrogatepass"))
    assert len(got) >= sum(1 for line in lines if line.strip())  # every line gives an article, a problem or both


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(raw_text, st.sampled_from(["<p>", "</p>", "<script>", "</script>", "<article>", "<br>", "<h1>",
                                                 "<meta property='og:title' content='", "'>", "<!--", "-->", "<time datetime='"])),
                max_size=20))
def test_reading_any_html_never_raises(parts):
    _read("page.html", "".join(parts).encode("utf-8", "surrogatepass"))


date_words = st.sampled_from(["2022", "20222", "02", "31", "29", "0", "00", "February", "Feb.", "March", "Wed,", "13:44",
                              "GMT", "-", "T", "Z", ":", "|", "Updated:", "Published", "1st", "of", "0001", "9999"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(date_words, raw_text), max_size=8).map(" ".join))
def test_publication_dates_parse_or_say_why(s):
    for parse in (parse_date, dateline):
        try:
            got = parse(s)
        except BadDate as exc:
            assert str(exc)
        else:
            assert got is None or isinstance(got, date)


# -- date resolution ------------------------------------------------------------------------------------

timex_words = st.sampled_from(
    ["yesterday", "today", "tomorrow", "last", "next", "this", "coming", "previous", "monday", "sunday", "week",
     "weekend", "month", "year", "quarter", "summer", "ago", "days", "weeks", "months", "years", "a", "two",
     "1000000", "99999999999", "0", "the", "first", "of", "march", "february", "31", "30", "29", "2022", "9999",
     "0001", "1990s", "early", "on", "in", "morning", "night", "day", "before", "-", ","])
# The calendar's ends matter: a publication date of 0001-01-01 is accepted by ingest.
dcts = st.one_of(st.sampled_from([None, date.min, date.max, date(1, 1, 7), date(9999, 12, 25)]), st.dates())


@settings(max_examples=600, deadline=None)
@given(st.one_of(st.lists(timex_words, min_size=1, max_size=4).map(" ".join), st.lists(st.one_of(timex_words, text), max_size=6).map(" ".join)),
       dcts, st.sampled_from(["past", "present", "future"]))
def test_date_resolution_never_raises(s, dct, tense):
    got = normalise(s, dct, tense=tense)
    assert got is None or isinstance(got, TimeValue)
    if got is not None and got.day is not None:
        assert got.value == got.day.isoformat()


# -- IRIs -------------------------------------------------------------------------------------------------

bases = st.sampled_from(["https://kg.example/id/", "http://example.org/data#", "urn:x-kg:", "https://a.example/ü/"])


@settings(max_examples=300, deadline=None)
@given(text, text, st.sampled_from([k.value for k in EntityKind]), st.integers(0, 10**6), st.integers(0, 10**6))
def test_every_minted_iri_is_valid(s, other, kind, start, length):
    m = Minter()
    iris = [m.article(s), m.span(s, start, start + length), m.entity(kind, s), m.role(s), m.fact("quote", s, other),
            m.extractor(s), m.corpus_graph()]
    for iri in iris:
        assert _valid_iri(str(iri)), iri
    assert m.article_id(str(m.article(s))) == s
    assert len({str(m.entity(kind, s)), str(m.entity(kind, other))}) == (1 if s == other else 2)


@settings(max_examples=100, deadline=None)
@given(bases, text)
def test_minting_under_any_valid_base(base, s):
    m = Minter(base)
    for iri in (m.article(s), m.entity("person", s), m.fact("figure", s)):
        ox.NamedNode(str(iri))
        term(iri)


@settings(max_examples=300, deadline=None)
@given(st.one_of(text, st.sampled_from(["http://", "https://[oops/x", "http://a b/c", "https://e.x/%zz", "http://ex.com:99999999999/",
                                        "ftp://x/<y>", "https://e.x/\u0000"]).map(lambda s: s + "x")))
def test_urls_from_input_become_valid_iris_or_nothing(url):
    iri = safe_url(url)
    if iri is not None:
        ox.NamedNode(str(iri))
        term(iri)


# -- exports ----------------------------------------------------------------------------------------------


@st.composite
def extractions(draw) -> Extraction:
    """An article's extraction with arbitrary text in every field that comes from input."""
    body = draw(text.filter(lambda t: t.strip()))
    article = Article(
        id=draw(text.filter(bool)), title=draw(text), text=body,
        published=draw(st.one_of(st.none(), st.dates())), url=draw(st.one_of(st.none(), text.map(lambda t: "https://e.x/" + t))),
        source=draw(st.one_of(st.none(), text.filter(str.strip))), author=draw(st.one_of(st.none(), text.filter(str.strip))),
    )
    n = len(body)
    span = st.builds(lambda a, b: Span(min(a, b), max(a, b)), st.integers(0, n), st.integers(0, n))
    kinds = list(EntityKind)
    entities = draw(st.lists(st.builds(
        lambda kind, name, variants, place: Entity(f"{kind.value}:{name}", kind, name, tuple(variants),
                                                   place if kind is EntityKind.PLACE else None),
        st.sampled_from(kinds), text.filter(str.strip), st.lists(text, max_size=2),
        st.one_of(st.none(), st.builds(Place, st.integers(1, 10**7), text, st.sampled_from(["city", "country"]),
                                       st.sampled_from(["UA", "RU"]), st.integers(0, 10**7), st.floats(-90, 90), st.floats(-180, 180)))),
        max_size=4, unique_by=lambda e: e.key))
    keys = [e.key for e in entities]
    key = st.one_of(st.none(), st.sampled_from(keys)) if keys else st.none()
    roles = draw(st.lists(st.builds(Role, st.sampled_from(keys), text, key, span), max_size=2)) if keys else []
    quotes = draw(st.lists(st.builds(Quote, text, span, key, st.one_of(st.none(), text), st.one_of(st.none(), text),
                                     st.sampled_from(["direct", "indirect"]), span), max_size=2))
    attacks = draw(st.lists(st.builds(Attack, st.sampled_from(keys), st.one_of(st.none(), st.dates()), st.one_of(st.none(), text),
                                      key, text, span), max_size=2)) if keys else []
    figures = draw(st.lists(st.builds(Figure, st.integers(0, 10**9), text, st.one_of(st.none(), text), st.one_of(st.none(), text),
                                      key, key, st.one_of(st.none(), text), st.one_of(st.none(), st.dates()), span), max_size=2))
    return Extraction(article, tuple(entities), (), tuple(roles), tuple(quotes), tuple(attacks), tuple(figures))


RAPPER = {"turtle": "turtle", "trig": "trig", "nquads": "nquads", "ntriples": "ntriples"}


@pytest.fixture(scope="module")
def rapper():
    path = shutil.which("rapper")
    assert path, "Debian's raptor2-utils (rapper) is required; .ci/setup installs it"
    return path


def _rapper_count(rapper: str, data: bytes, syntax: str) -> int:
    with tempfile.NamedTemporaryFile(suffix=".rdf") as f:
        f.write(data)
        f.flush()
        done = subprocess.run([rapper, "-i", syntax, "-c", f.name], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return int(done.stderr.split("returned ")[1].split()[0]) if "returned " in done.stderr else -1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(extractions(), min_size=1, max_size=2, unique_by=lambda x: x.article.id))
def test_every_export_reparses_to_the_store_graph(rapper, xs):
    minter = Minter()
    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "store") as db:
        state = CorpusState.load(db, minter)
        for x in xs:
            fp = fingerprint(x.article.text)
            g = article_graph(x, minter=minter, pipeline="test", fingerprint=(fp.encode(), fp.shingles))
            write_article(db, state, x.article.id, g, fp, content_hash=x.article.content_hash(), pipeline="test")
        stored = set(db.native.quads_for_pattern(None, None, None, None))
        quads = {q for q in stored if q.graph_name != ox.DefaultGraph()}
        triples = {q.triple for q in quads}
        # The default graph is the merge of the named graphs: each of their triples, once.
        assert {q.triple for q in stored if q.graph_name == ox.DefaultGraph()} == triples
        outputs = {fmt: db.export(fmt=fmt) for fmt in FORMATS}
    expected = Dataset()
    for q in quads:
        expected.add((*(_rdflib(t) for t in q.triple), URIRef(q.graph_name.value)))
    expected_union = Graph()
    for t in triples:
        expected_union.add(tuple(_rdflib(x) for x in t))
    for fmt, data in outputs.items():
        syntax = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
                  "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}[fmt]
        parsed = list(ox.parse(data, format=syntax))
        if fmt in ("trig", "nquads", "jsonld"):
            assert set(parsed) == quads, fmt
            ds = Dataset().parse(data=data, format="json-ld" if fmt == "jsonld" else fmt)
            got = {(s, p, o, g) for s, p, o, g in ds.quads()}
            want = {(s, p, o, g) for s, p, o, g in expected.quads()}
            assert got == want, fmt
        else:
            assert {getattr(x, "triple", x) for x in parsed} == triples, fmt
            assert isomorphic(Graph().parse(data=data, format=fmt), expected_union), fmt
        if fmt in RAPPER:
            assert _rapper_count(rapper, data, RAPPER[fmt]) == len(parsed), fmt


def _rdflib(node):  # noqa: ANN001, ANN202 - a pyoxigraph term to the rdflib term
    from rdflib import Literal

    if isinstance(node, ox.NamedNode):
        return URIRef(node.value)
    if node.language:
        return Literal(node.value, lang=node.language)
    if node.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(node.value)
    return Literal(node.value, datatype=URIRef(node.datatype.value))
