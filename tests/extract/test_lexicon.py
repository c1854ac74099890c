"""Linguistic knowledge is data: every word list is a file in kg/extract/lexicons, each entry with an example."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kg.extract.lexicon import lexicon, rows

KG = Path(__file__).resolve().parents[2] / "kg"
LEXICONS = sorted(p.stem for p in (KG / "extract" / "lexicons").glob("*.tsv"))


@pytest.mark.parametrize("name", LEXICONS)
def test_every_entry_has_an_example(name):
    text = (KG / "extract" / "lexicons" / f"{name}.tsv").read_text(encoding="utf-8")
    assert text.startswith("#"), "a lexicon says what it lists on its first lines"
    entries = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert entries and all(len(line.split("\t")) >= 2 and line.split("\t")[-1].strip() for line in entries)
    assert len(rows(name)) == len(entries)
    firsts = [r[0] for r in rows(name)]
    assert len(firsts) == len(set(firsts)), "an entry listed twice"


def test_the_lexicon_loads_every_list():
    lex = lexicon()
    assert "say" in lex.quote_verbs and "call" in lex.speech_verbs and "call" not in lex.quote_verbs
    assert lex.measures["flee"] == "refugees" and lex.number_scales["million"] == 1_000_000
    assert lex.place_nouns["city"] == "city" and "he" in lex.person_pronouns


@pytest.mark.parametrize("path", sorted((KG / "extract").glob("*.py")) + sorted((KG / "resolve").glob("*.py")), ids=lambda p: p.name)
def test_no_word_list_is_written_in_code(path):
    """A collection of more than six words in an extractor's code belongs in a lexicon file.

    spaCy's own labels (dependencies, parts of speech, entity types) name the parse, not the language.
    """
    from spacy.glossary import GLOSSARY

    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Set, ast.List, ast.Tuple, ast.Dict)):
            items = node.keys if isinstance(node, ast.Dict) else node.elts
            words = [i for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str) and i.value.isalpha()
                     and i.value not in GLOSSARY]
            assert len(words) <= 6, f"{path.name}:{node.lineno}: {len(words)} words in code; move them to a lexicon"
