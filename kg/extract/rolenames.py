"""Read a role's name out of a title: "Russian Foreign Minister" -> "foreign minister".

A role is a phrase around a role noun ("minister", "astronaut", "correspondent"): the words before
it that describe the role ("deputy prime", "chief international", "former", "press") and a
complement after it that is not an owner ("secretary of state", "minister of foreign affairs",
"high commissioner on refugees", "ambassador to the U.K."). Owners (names, nationalities,
possessives, "of Kharkiv") are left out of the role and handed back for the owner to be read from.
The role keeps the text's own words and spelling, lower-cased.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from kg.extract.lexicon import lexicon
from kg.resolve.gazetteer import Gazetteer
from kg.resolve.organizations import is_known_org

OWNER_TYPES = frozenset({"GPE", "NORP", "ORG", "LOC", "PERSON", "FAC"})


def singular(token: Token) -> str:
    """The role noun in the singular: "Representatives" -> "representative" (the model keeps
    capitalised plurals as their own lemma)."""
    nouns, word = lexicon().role_nouns, token.lower_
    if token.tag_ in ("NNS", "NNPS") or token.tag_ == "NNP" and word not in nouns and word.endswith("s"):  # "Senators" as a name word
        for cut in (1, 2):
            if word.endswith("s") and word[:-cut] in nouns:
                return word[:-cut]
        return token.lemma_.lower()
    return word


def is_role_noun(token: Token) -> bool:
    lex = lexicon()
    if token.lower_ in lex.role_nouns or token.lemma_.lower() in lex.role_nouns or singular(token) in lex.role_nouns:
        return True
    # "Col", "." tokenised apart at a sentence's start: "Col. Stephen Ganyard explained"
    return token.i + 1 < len(token.doc) and token.nbor().text == "." and token.lower_ + "." in lex.role_nouns


def is_plural_title(token: Token) -> bool:
    """A role noun for several people: "cosmonauts", "Sens." (each of the names listed after it)."""
    titles = lexicon().plural_titles
    return token.tag_ in ("NNS", "NNPS") or token.lower_ in titles or token.lower_ + "." in titles or _capitalised_plural(token)


def _capitalised_plural(token: Token) -> bool:
    """ "Senators Ron Johnson ... and Charles E. Grassley": a plural the model tagged a proper noun."""
    return token.tag_ == "NNP" and token.lower_ not in lexicon().role_nouns and singular(token) in lexicon().role_nouns


def is_abbreviated_title(token: Token) -> bool:
    """ "Maj", "Lt.", "Gen": a title written short."""
    full = lexicon().role_abbreviations
    return token.lower_ in full or token.lower_ + "." in full


CANDIDACY_NOUNS = ("candidate", "nominee")  # roles whose office run for stands before them: "Ohio Senate candidate"


def hyphen_bound(token: Token) -> bool:
    """Is the word the middle of a hyphened compound, written without spaces ("in" of "editor-in-chief")?"""
    doc, i = token.doc, token.i
    return 0 < i < len(doc) - 1 and doc[i - 1].text == doc[i + 1].text == "-" and not token.whitespace_ \
        and not doc[i - 1].whitespace_


def _capitalised_run(token: Token) -> list[Token]:
    """The run of capitalised words the token stands in, cut at role nouns and qualifiers."""
    doc, lex = token.doc, lexicon()

    def part(t: Token) -> bool:
        return t.text[:1].isupper() and not is_role_noun(t) and t.lower_ not in lex.role_qualifiers

    lo = hi = token.i
    while lo > 0 and part(doc[lo - 1]):
        lo -= 1
    while hi + 1 < len(doc) and part(doc[hi + 1]):
        hi += 1
    return list(doc[lo:hi + 1])


def _written_elsewhere(run: list[Token]) -> bool:
    """Is the run written as a name somewhere else in the article?"""
    doc, text, n = run[0].doc, " ".join(t.text for t in run), len(run)
    for i in _positions(doc).get(run[0].text, ()):
        if run[0].i <= i <= run[-1].i or i + n > len(doc) or doc[i:i + n].text != text:
            continue
        if n == 1 and (doc[i].is_sent_start or i > 0 and doc[i - 1].text in ("“", '"', "‘", ":")
                       or not (doc[i].ent_type_ or doc[i].pos_ == "PROPN")):
            continue  # a capital any word gets at a sentence's start
        return True
    return False


def _positions(doc: Doc) -> dict[str, list[int]]:
    """Each word's token positions, found once per Doc: words are looked up in the whole article many times."""
    positions = doc.user_data.get("kg_word_positions")
    if positions is None:
        positions = doc.user_data["kg_word_positions"] = {}
        for t in doc:
            positions.setdefault(t.text, []).append(t.i)
    return positions


def is_field(run: list[Token]) -> bool:
    """Is a run of capitalised words a role's field ("Science", "Global Affairs", "Cyber Espionage Analysis")
    rather than a name? No name the gazetteer, the known organisations or the article knows, no acronym,
    no nationality, no organisation, institution or place noun, no first name."""
    lex, gazetteer = lexicon(), Gazetteer.load()
    words = [t for t in run if t.lower_ not in lex.title_function_words]
    text = " ".join(t.text for t in run)
    if not words or is_known_org(text) or gazetteer.lookup(text) is not None or _written_elsewhere(run):
        return False
    for t in words:
        low = t.lower_
        if not t.is_alpha or t.is_upper and len(t.text) > 1 or not t.text[:1].isupper() \
                or t.ent_type_ in ("NORP", "DATE", "TIME", "GPE", "PERSON", "CARDINAL", "ORDINAL", "EVENT"):
            return False  # "Republican Sen.", "Wednesday President", "Cold War"
        if gazetteer.country_of_demonym(t.text) is not None or gazetteer.lookup(t.text) is not None or is_known_org(t.text):
            return False
        if any(low in words_ for words_ in (lex.org_nouns, lex.company_words, lex.org_name_ends, lex.place_nouns,
                                            lex.first_names, lex.institution_words, lex.org_classifiers)):
            return False
    return True


def _field_before_title(token: Token) -> bool:
    """ "Science Minister George Freeman", "Threat Disruption Director": a field written before a
    capitalised role noun, part of the role, never its owner."""
    if not token.text[:1].isupper():
        return False
    run = _capitalised_run(token)
    doc, lex = token.doc, lexicon()
    after = run[-1].i + 1
    while after < len(doc) and doc[after].lower_ in lex.role_qualifiers and not is_role_noun(doc[after]):
        after += 1
    if after >= len(doc) or not (is_role_noun(doc[after]) or is_abbreviated_title(doc[after])):
        return False
    return doc[after].text[:1].isupper() and not doc[after].is_sent_start and is_field(run)


def is_owner_word(token: Token) -> bool:
    """A word that names who the role belongs to rather than the role: "Russian", "Kremlin", "Odesa"."""
    if is_abbreviated_title(token) or _field_before_title(token):
        return False  # "Maj." is no town of Mai; "Threat Disruption Director": a field the model labelled an organisation
    if token.ent_type_ in OWNER_TYPES or is_known_org(token.text):
        return True
    if not token.text[:1].isupper() or is_role_noun(token) or token.lower_ in lexicon().role_qualifiers:
        return False
    gazetteer = Gazetteer.load()
    return gazetteer.country_of_demonym(token.text) is not None or token.pos_ == "PROPN" and gazetteer.lookup(token.text) is not None


def is_role_modifier(token: Token) -> bool:
    """Can this word, written before a role noun, be part of the role's name?

    Role words and qualifiers always are ("deputy", "prime", "foreign", "state"); other adjectives and
    nouns are ("chief international correspondent", "press secretary", "ice dancer") unless they
    name an owner, are an organisation or place noun ("ministry", "city"), or only judge the holder
    ("embattled", "longtime").
    """
    lex = lexicon()
    if token.text == "-":
        return True
    if token.lower_ in lex.role_stop_words:
        # but "late-night host": the first word of a hyphened compound
        return not token.whitespace_ and token.i + 1 < len(token.doc) and token.nbor().text == "-"
    if token.lower_ in lex.role_qualifiers or token.lower_ in lex.role_tenses or is_role_noun(token) or is_abbreviated_title(token):
        return not (token.text[:1].isupper() and Gazetteer.load().country_of_demonym(token.text) is not None)
    if token.pos_ not in ("ADJ", "NOUN", "PROPN", "VERB") or token.like_num or is_owner_word(token):
        return False
    if token.pos_ == "VERB" and token.tag_ != "VBN":  # "retired"; "acting" is a qualifier
        return False
    lemma = token.lemma_.lower()
    if lemma in lex.org_nouns or lemma in lex.place_nouns:
        return False
    return any(c.isalpha() for c in token.text)


@dataclass(frozen=True)
class Title:
    role: str  # "deputy defence minister", "secretary of state"
    noun: Token  # the role noun: "minister", "secretary"
    before: list[Token]  # the words before the role: "the country's", "Russian"
    after: list[Token]  # an owner written after the role: "the IAEA" of "Director General of the IAEA"


def _text(tokens: list[Token]) -> str:
    """The words as written, lower-cased, abbreviated titles in full ("Lt. Gen." -> "lieutenant general")."""
    full = lexicon().role_abbreviations
    words = []
    for i, t in enumerate(tokens):
        if t.text == "." and i > 0 and tokens[i - 1].lower_ + "." in full:
            words.append(" ")  # the full stop of "Lt", ".": the word is already written in full
        elif t.text == "-" and i > 0 and tokens[i - 1].lower_ in full:
            words.append(" ")  # "then-President": "former president"
        elif t.lower_ in full:
            words.append(full[t.lower_] + t.whitespace_)
        else:
            words.append(t.text_with_ws)
    text = "".join(words)
    return " ".join(text.strip().lower().split())


def _role_start(tokens: list[Token], at: int) -> int:
    """Where the role's name begins, reading left from its noun at ``at``.

    A title written capitalised ("Ukraine war Rep. Scott Fitzgerald") takes lower-case words only
    when they are role words ("retired Col.", "former Rep.").
    """
    lex = lexicon()
    titled = tokens[at].text[:1].isupper() and not tokens[at].is_sent_start

    def fits(token: Token) -> bool:
        if titled and token.is_lower and token.text != "-":
            return token.lower_ in lex.role_qualifiers or token.lower_ in lex.role_tenses or is_role_noun(token)
        return is_role_modifier(token)

    full = lex.role_abbreviations
    start = at
    if at >= 4 and [t.text for t in tokens[at - 3:at]] == ["-", "in", "-"] and not any(t.whitespace_ for t in tokens[at - 4:at]):
        at = start = at - 4  # "editor-in-chief", "commander-in-chief": one word, read from its first part
    while start > 0:
        prev = tokens[start - 1]
        if start == at and is_abbreviated_title(tokens[at]) and is_role_noun(prev) and not is_abbreviated_title(prev) \
                and prev.lower_ not in lex.role_qualifiers and prev.lower_ not in lex.role_tenses:
            break  # "ranking member Rep. Michael McCaul": the abbreviated title starts a role of its own
        if fits(prev) or prev.lower_ in lex.race_words and tokens[start].lemma_.lower() in CANDIDACY_NOUNS:
            start -= 1  # "Ohio Senate candidate": the office run for is part of the role
        elif is_owner_word(prev) and _beat(tokens, start) and Gazetteer.load().country_of_demonym(prev.text) is None:
            # "Chief White House Correspondent", "senior White House correspondent": a name between
            # role words is the holder's beat, part of the role; the owner comes before it all
            while start > 0 and is_owner_word(tokens[start - 1]):
                start -= 1
        elif prev.text == "." and start > 1 and tokens[start - 2].lower_ + "." in full:
            start -= 2  # "Lt. Gen.", tokenised "Lt", ".", "Gen."
        elif prev.lower_ == "and" and start > 1 and fits(tokens[start - 2]) and not is_role_noun(tokens[start - 2]) \
                and not (titled and tokens[start - 2].is_lower):
            start -= 1  # "work and pensions secretary"; "chairman and chief executive" are two roles
        else:
            break
    while start < at and _unknown_name(tokens[start]) and tokens[start].lower_ not in lex.race_words:  # "Roscosmos head": a name the model did not label
        if start + 2 < at and tokens[start + 1].lower_ == "and" and _field_before_title(tokens[start + 2]):
            break  # "Work and Pensions Secretary": the first word of a field of two
        start += 1
        while start < at and tokens[start].lower_ == "and":
            start += 1
    if start < at and tokens[start].text == "-":  # "British-born astronaut": "born" goes with "British"
        start += 2 if start + 1 < at and tokens[start - 1:start] and is_owner_word(tokens[start - 1]) else 1
    return start


def _beat(tokens: list[Token], start: int) -> bool:
    """Is the run of owner words ending before ``start`` preceded by a role noun ("Chief")? (After a
    qualifier it is the owner: "the senior Keidanren officer", "Former U.S. Ambassador".)"""
    lex = lexicon()
    j = start - 1
    while j > 0 and is_owner_word(tokens[j - 1]):
        j -= 1
    if j == 0:
        return False
    word = tokens[j - 1]
    return is_role_noun(word) and word.lower_ not in lex.role_tenses and is_role_modifier(word)


def _unknown_name(token: Token) -> bool:
    """A capitalised proper noun that is no role word: the name of an owner ("Roscosmos")."""
    lex = lexicon()
    return token.tag_ == "NNP" and token.text[:1].isupper() and not is_role_noun(token) \
        and token.lower_ not in lex.role_qualifiers and token.lower_ not in lex.role_tenses and not is_abbreviated_title(token) \
        and not _field_before_title(token) \
        and not _capitalised_first(token)  # "Science Minister", "Tennis star": the field starts the role


def _capitalised_first(token: Token) -> bool:
    """A word capitalised only because it starts its sentence, before a role written in lower case ("Tennis star
    Sergiy Stakhovsky"): no name the model saw, the gazetteer or the known organisations hold, and never a name of its
    own elsewhere in the article (not "United Nations High Commissioner", a name of words in capitals)."""
    doc = token.doc
    if not token.is_sent_start or token.i + 1 >= len(doc) or not doc[token.i + 1].is_lower or token.ent_type_ \
            or is_known_org(token.text) or Gazetteer.load().lookup(token.text) is not None:
        return False
    return not any(i != token.i and not doc[i].is_sent_start
                   and not any(0 <= k < len(doc) and k != i and doc[k].is_title and not doc[k].is_sent_start
                               for k in (i - 1, i + 1)) for i in _positions(doc)[token.text])


def _tense_before(tokens: list[Token], start: int) -> Token | None:
    """ "former" or "acting" written before the owner that precedes the role: "Former Swedish Prime Minister"."""
    i = start
    while i > 0 and (is_owner_word(tokens[i - 1]) or tokens[i - 1].lower_ == "and" and i > 1 and is_owner_word(tokens[i - 2])):
        i -= 1  # "former State Department and Pentagon official"
    if i < start and i > 0 and tokens[i - 1].lower_ in lexicon().role_tenses:
        return tokens[i - 1]
    return None


def _complement(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """Split "of state" / "of the IAEA" into (words of the role, words of the owner)."""
    if len(tokens) < 2:
        return [], []
    prep, rest = tokens[0], tokens[1:]
    if prep.lower_ in ("of", "for", "on") and rest[0].pos_ != "DET" and rest[0].text[:1].isupper() and is_field(rest):
        return [prep, *rest], []  # "Vice President of Global Affairs", "Minister for Higher Education": the role's field
    cut = next((n for n, t in enumerate(rest) if t.pos_ == "ADP" and n > 0), None)
    if cut is not None and all(t.is_lower for t in rest[:cut]):
        rest = rest[:cut]  # "head of external relations for the council": the role's field, then its owner
    owners = [t for t in rest if (is_owner_word(t) or t.tag_ == "NNP" and t.text[:1].isupper()) and t.lower_ not in lexicon().role_qualifiers]
    if owners and prep.lower_ == "to":
        return [], []  # "ambassador to Russia", "adviser to President Zelensky": neither role nor owner
    if owners:
        return [], rest
    if rest[0].pos_ == "DET" and all(t.is_lower for t in rest):
        return [], []  # "spokesman for the junta": a described owner, not part of the role
    if not all(t.pos_ in ("DET", "ADJ", "NOUN", "PROPN", "CCONJ") or t.text in ("-", "–") for t in rest):
        return [], []
    return [prep, *rest], []


def read_role(left: list[Token], noun: Token, complement: list[Token], *, allow_plural: bool = False) -> Title | None:
    """The role named by ``noun``, the words written before it and a prepositional complement.

    A plural role noun names a role only for a list of names written after it ("Russian
    cosmonauts Oleg Artemyev, Denis Matveyev and Sergey Korsakov"): ``allow_plural``.
    """
    plural = noun.tag_ in ("NNS", "NNPS") or _capitalised_plural(noun)
    if plural and not allow_plural:
        return None
    tokens = [*left, noun]
    start = _role_start(tokens, len(tokens) - 1)
    role_words, owner_words = _complement(complement)
    while start < len(tokens) - 1 and tokens[start].text in ("'s", "’s", "'", "’"):
        start += 1  # "Joe Biden’s president": the possessive is no part of the role
    written = _text(tokens[start:-1])
    joined = "" if written.endswith("-") and not tokens[-2].whitespace_ else " "  # "co-anchor", not "co- anchor"
    word = singular(noun) if plural and not is_abbreviated_title(noun) else _text([noun])  # "Reps." -> "representative"
    role = written + joined + word + " " + _text(role_words)
    role = " ".join(role.split())
    tense = _tense_before(tokens, start)
    if tense is not None:
        role = f"{tense.lower_} {role}"
    return Title(role, noun, tokens[:start], owner_words)


def read_title(tokens: list[Token], *, allow_plural: bool = False) -> Title | None:
    """The role in a run of words written as a title: "U.S. Secretary of State", "Mariupol mayor".

    The role noun is the last role word before a complement ("of", "on", "for", "to" and what
    follows), or the last role word of the run.
    """
    preps = lexicon().role_prepositions
    for at in range(len(tokens) - 1, 0, -1):
        if tokens[at].lower_ in preps and is_role_noun(tokens[at - 1]):
            return read_role(tokens[:at - 1], tokens[at - 1], tokens[at:], allow_plural=allow_plural)
    at = max((i for i, t in enumerate(tokens) if is_role_noun(t)), default=None)
    if at is None:
        return None
    return read_role(tokens[:at], tokens[at], [], allow_plural=allow_plural)


def _owner_preposition(noun: Token) -> Token | None:
    """The "at" of "an editor at X", also past the role's field: "a professor in international relations at X"."""
    node = noun
    for _ in range(2):
        preps = [p for p in node.rights if p.dep_ == "prep"]
        found = next((p for p in preps if p.lower_ in lexicon().owner_prepositions), None)
        if found is not None or not preps:
            return found
        node = next((o for o in preps[0].children if o.dep_ == "pobj"), None)
        if node is None:
            return None
    return None


def phrase_title(noun: Token, *, allow_plural: bool = False) -> Title | None:
    """The role a noun phrase names: "the mayor of Kharkiv", "Russia's deputy foreign minister"."""
    doc = noun.doc
    first = noun.left_edge.i
    while first >= 2 and doc[first - 1].text == "-" and not doc[first - 1].whitespace_ and not doc[first - 2].whitespace_ \
            and doc[first - 2].is_alpha and doc[first - 2].is_lower:
        first -= 2  # "co-founder", which the parser may leave in three pieces beside the name
    left = list(doc[first:noun.i])
    complement: list[Token] = []
    for prep in noun.rights:
        if prep.dep_ == "prep" and prep.lower_ in lexicon().role_prepositions and prep.i == noun.i + 1:
            end = prep.right_edge.i + 1
            stop = next((t.i for t in doc[prep.i + 1:end] if t.is_punct and t.text not in ("-", ".")
                         or t.pos_ == "CCONJ" and any(is_role_noun(u) for u in doc[t.i + 1:end])), end)
            complement = list(doc[prep.i:stop])
        break
    title = read_role(left, noun, complement, allow_plural=allow_plural)
    if title is not None and not title.role.startswith("former ") and (
            doc[noun.left_edge.i].lower_ == "then" or any(c.dep_ == "advmod" and c.lower_ == "then" for c in noun.children)):
        title = replace(title, role=f"former {title.role}")  # "Biden, then the vice president,"
    if title is not None and not title.after:
        # "an editor at Channel One television", "an analyst with the Brookings Institution": the
        # employer after a preposition of its own, beyond the role's complement
        at = _owner_preposition(noun)
        if at is not None:
            title = replace(title, after=[t for t in doc[at.i + 1:at.right_edge.i + 1] if not t.is_punct])
    elif title is not None:
        title = _field_then_owner(noun, title)
    return title


def _field_then_owner(noun: Token, title: Title) -> Title:
    """ "director for China on the National Security Council", "director of Cyber Espionage Analysis at the
    firm Mandiant": a complement followed by an owner phrase of its own is the role's field."""
    doc, lex = noun.doc, lexicon()
    following = title.after[-1].i + 1
    if following >= len(doc) or doc[following].lower_ not in ("at", "on", "with") or doc[following].dep_ != "prep" \
            or title.after[0].pos_ == "DET" or any(t.lower_ in lex.org_name_ends or t.lower_ in lex.org_nouns for t in title.after):
        return title
    owner = [t for t in doc[following + 1:doc[following].right_edge.i + 1] if not t.is_punct]
    if not any(t.ent_type_ in ("ORG", "GPE", "FAC") or t.lemma_.lower() in lex.org_nouns for t in owner):
        return title
    field = _text([doc[title.after[0].i - 1], *title.after])
    return replace(title, role=f"{title.role} {field}", after=owner)
