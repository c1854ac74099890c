"""Read a role's name out of a title: "Russian Foreign Minister" -> "foreign minister"."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from kg.extract.lexicon import lexicon


def is_role_noun(token: Token) -> bool:
    return token.lower_ in lexicon().role_nouns or token.lemma_.lower() in lexicon().role_nouns


@dataclass(frozen=True)
class Title:
    role: str  # "deputy defence minister"
    noun: Token  # the role noun: "minister"
    before: list[Token]  # the words before the role: "the country's"


def read_title(tokens: list[Token]) -> Title | None:
    """The role named by the last role noun in ``tokens``, with its qualifiers.

    Qualifiers ("deputy", "prime", "foreign") are part of the role; names, nationalities and
    possessives before them are the role's owner and are left in ``before``.
    """
    at = max((i for i, t in enumerate(tokens) if is_role_noun(t)), default=None)
    if at is None or tokens[at].lower_ in ("officials", "spokesmen"):
        return None
    start = at
    while start > 0 and tokens[start - 1].lower_ in lexicon().role_qualifiers and tokens[start - 1].ent_type_ not in ("GPE", "NORP", "ORG", "PERSON"):
        start -= 1
    role = " ".join(lexicon().role_spellings.get(t.lower_, t.lower_) for t in tokens[start:at + 1])
    return Title(role, tokens[at], tokens[:start])
