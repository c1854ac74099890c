"""Who holds which role, of which organisation or place.

Patterns, each a reading of the dependency parse around a person's name:
- a title before the name: "Russian Foreign Minister Sergey Lavrov", "Mariupol mayor Vadym
  Boychenko", "WHO chief Tedros Adhanom Ghebreyesus", "the city's Mayor Oleksandr Markushin";
- an apposition either way: "its mayor, Ihor Terekhov", "Ihor Terekhov, the mayor of Kharkiv";
- a copula: "Terekhov is the mayor of Kharkiv".
The owner is a possessive ("Ukraine's", "its", "the country's"), a nationality ("Russian" ->
Russia), a named place or organisation before the role ("Mariupol mayor"), or "of X" after it.
A role stated without an owner takes the owner the same person's role has elsewhere in the
article, or the owner of the same role described without a name just before ("its mayor said
... Mayor Boichenko told").
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from kg.extract.context import ArticleContext, Findings
from kg.extract.entities import EntityIndex
from kg.extract.lexicon import lexicon
from kg.extract.reference import Resolver
from kg.extract.rolenames import (
    Title,
    hyphen_bound,
    is_owner_word,
    is_plural_title,
    is_role_modifier,
    is_role_noun,
    phrase_title,
    read_title,
)
from kg.extract.spans import covering, sentence_span
from kg.records import EntityKind, Role
from kg.resolve.names import fold, post_nominals, titles


def _title_word(token: Token, index: EntityIndex) -> bool:
    """Can this word be part of a title written before a name?"""
    if token.text in ("'s", "’s", "'", "’") or token.lower_ in ("the", "its", "their", "his", "her"):
        return True
    if (token.dep_ == "acomp" or token.pos_ == "ADJ" and token.i > 0 and token.nbor(-1).lemma_ == "be") \
            and token.lower_ not in lexicon().role_tenses and token.lower_ not in lexicon().role_qualifiers:
        return False  # "he was confident shadow home secretary Mr Davis would": the adjective is the verb's
    if is_role_modifier(token) or token.lower_ in lexicon().place_nouns or token.lower_ in lexicon().org_nouns:
        return True
    if token.lower_ in lexicon().role_prepositions or token.lower_ == "and":
        return True
    if hyphen_bound(token):
        return True  # the "in" of "editor-in-chief"
    if token.text == "." and token.i > 0 and token.doc[token.i - 1].lower_ + "." in lexicon().role_abbreviations:
        return True  # "Lt. Gen.", tokenised "Lt", ".", "Gen."
    key = index.entity_of(token)
    if key is not None:
        return index.kind_of(key) is not EntityKind.PERSON
    return token.ent_type_ in ("GPE", "NORP", "ORG", "LOC") or is_owner_word(token) and token.ent_type_ != "PERSON" or \
        token.pos_ == "PROPN" and fold(token.text) in titles()


def _title_before(doc: Doc, start: int, index: EntityIndex) -> list[Token]:
    """The title written just before a name, read from the words rather than the parse.

    The small model often misparses titles ("WHO chief Tedros" as pronoun, verb, object), so the
    title is the run of title words before the name, and it must end with a role word.
    """
    if start > 1 and doc[start - 1].lower_.rstrip(".") in lexicon().honorifics and not is_role_noun(doc[start - 1]) \
            and is_role_noun(doc[start - 2]):
        start -= 1  # "shadow home secretary Mr Davis": the title before the honorific
    left = start
    while left > 0 and start - left < 8 and _title_word(doc[left - 1], index):
        if doc[left - 1].lower_ == "and" and left > 1 and index.entity_of(doc[left - 2]) is not None \
                and index.entity_of(doc[left - 1]) is None:  # (not the "and" of "the Office of Management and Budget")
            break  # "... Avril Haines and Adviser Jake Sullivan": a list's next title, not one across "and"
        left -= 1
    tokens = list(doc[left:start])
    while tokens and tokens[0].text in ("'s", "’s", "'", "’"):
        tokens.pop(0)
    if not tokens:
        return []
    if tokens[-1].text == "." and len(tokens) > 1 and is_role_noun(tokens[-2]):
        tokens.pop()  # "Col", "."
    preps = [n for n, t in enumerate(tokens) if t.lower_ in lexicon().role_prepositions
             and not hyphen_bound(t)]  # not "editor-in-chief"
    rest = tokens[preps[-1] + 1:] if preps else []
    if preps and rest and preps[-1] > 0 and is_role_noun(rest[-1]) and is_role_noun(tokens[preps[-1] - 1]):
        # "a top spokesperson for Russian President Vladimir Putin": the name's title is the one after
        # the preposition; the role before it is someone else's
        tokens = rest
    elif preps and all(t.lower_.rstrip(".") in lexicon().honorifics or t.text in (".", "the") for t in rest):
        # "a former adviser to Mr. Trump", "a letter to President Putin": the name is the object of the
        # role before it, and holds only the title written right before it, if any
        tokens = [t for t in rest if t.lower_ != "the"]
        if not any(is_role_noun(t) for t in tokens):
            return []
    if is_role_noun(tokens[-1]) or tokens[-1].lower_ in lexicon().role_qualifiers:
        return tokens
    # "Director General of the IAEA Rafael Grossi": the owner comes last; "High Commissioner on
    # Refugees Filippo Grandi", "Ambassador to the UK Vadym Prystaiko": the role's complement does
    title = read_title(tokens)
    if title is None:
        return []
    complement = title.noun.i + 1 < tokens[-1].i and title.noun.nbor().lower_ in lexicon().role_prepositions \
        and tokens[-1].lower_ not in lexicon().role_prepositions  # not "the editor of Novaya Gazeta"
    return tokens if title.after and title.after[-1] == tokens[-1] or complement else []


def _phrase_titles(noun: Token, *, allow_plural: bool = False) -> list[Title]:
    """The role a noun phrase names, and those coordinated with it, sharing "former" and the owner.

    "Carl Bildt, a former prime minister and foreign minister of Sweden": two former roles of Sweden.
    """
    objects = [o for p in noun.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
    # "president of the Victims of Communism Memorial Foundation and former U.S. permanent representative":
    # the parser hangs the second role on the owner's last name word
    objects += [o for n in objects for p in n.children if p.dep_ == "prep" and p.lower_ == "of"
                for o in p.children if o.dep_ == "pobj" and o.pos_ == "PROPN"]
    coordinated = [c for n in [noun, *objects] for c in n.children if c.dep_ == "conj" and is_role_noun(c)]
    titles = [t for t in [phrase_title(noun, allow_plural=allow_plural)] + [phrase_title(c) for c in coordinated] if t is not None]
    if len(titles) < 2:
        return titles
    first = titles[0]
    tense = first.role.split()[0] if first.role.split()[0] in lexicon().role_tenses else None
    # "a former civil servant in the Ministry of Defence and a visiting fellow at CSIS": a role with an article of
    # its own keeps its owner to itself
    owner = next((t.after for t in reversed(titles) if t.after and not _own_article(t, first)), [])
    # "Russia's ambassador and permanent representative": the second role shares the first's possessive owner
    possessive = first.before if any(u.lower_ in ("'s", "’s") or u.dep_ == "poss" for u in first.before) else []
    return [replace(t, role=f"{tense} {t.role}" if tense and not t.role.startswith(tense) and not _own_article(t, first) else t.role,
                    before=t.before or (possessive if t is not first and not t.after else []),
                    after=t.after or ([] if any(u.text[:1].isupper() for u in t.before) or _has_complement(t)
                                      or _own_complement(t, first) else owner))
            for t in titles]


def _own_complement(title: Title, first: Title) -> bool:
    """ "a political scientist at Hamilton College and the author of a recent book on coups": a coordinated
    role with an article and a complement of its own names what it is of; the first role's owner is not its."""
    return _own_article(title, first) and any(p.dep_ == "prep" and p.lower_ in ("of", "on", "about") for p in title.noun.children)


def _own_article(title: Title, first: Title) -> bool:
    """A coordinated role with an article of its own keeps its own tense: "a former NSC senior director
    and a distinguished fellow at the Council" (a fellow now), unlike "a former prime minister and foreign
    minister"."""
    return title is not first and any(c.dep_ == "det" and c.lower_ in ("a", "an", "the") for c in title.noun.children)


def _office_titles(head: Token) -> list[Title]:
    """Roles a verb gives the person: "Terekhov is the mayor of Kharkiv", "Kuleba, who serves as
    foreign minister", "Biden named Samantha Power as administrator of USAID", "Reznikov was
    appointed defence minister"."""
    verbs = lexicon().office_verbs
    found: list[Title] = []

    def roles_of(verb: Token, *, direct: bool) -> None:
        if any(c.dep_ == "neg" for c in verb.children):
            return  # "Johnson is not the only Western leader resisting": no role stated
        for c in verb.children:
            if c.dep_ in ("attr", "oprd") and is_role_noun(c) and c.i != head.i:
                found.extend(_phrase_titles(c))
            elif c.dep_ == "prep" and c.lower_ in ("as", "to"):
                found.extend(t for o in c.children if o.dep_ == "pobj" and is_role_noun(o) for t in _phrase_titles(o))
            elif direct and c.dep_ == "dobj" and c.i > head.i and is_role_noun(c):
                found.extend(_phrase_titles(c))  # "appointed Oleksii Reznikov defence minister", parsed as one object

    verb = head.head
    how = verbs.get(verb.lemma_.lower())
    if head.dep_ == "nsubj" and how in ("copula", "subject") or head.dep_ == "nsubjpass" and how == "object" or head.dep_ == "dobj" and how == "object":
        roles_of(verb, direct=False)
    elif head.dep_ == "compound" and head.head.dep_ == "dobj" and is_role_noun(head.head) and verbs.get(head.head.head.lemma_.lower()) == "object":
        found.extend(_phrase_titles(head.head))  # "appointed Oleksii Reznikov defence minister"
    for rel in head.children:  # "Oksana Markarova, who is Ukraine's ambassador": "Kuleba, who serves as foreign minister"
        if rel.dep_ == "relcl" and verbs.get(rel.lemma_.lower()) in ("copula", "subject"):
            roles_of(rel, direct=False)
    return found


def _has_complement(title: Title) -> bool:
    """ "professor of migration studies": the role names its own field, the owner named later is another's."""
    return any(word in lexicon().role_prepositions for word in title.role.split())


def _titles(doc: Doc, start: int, end: int, index: EntityIndex, *, listed: bool = False) -> list[tuple[Title, Token]]:
    """Every title the parse attaches to the name at tokens [start, end), with the name's head.

    A name in a list takes the plural title of the list's first name ("Russian cosmonauts Oleg
    Artemyev, Denis Matveyev and Sergey Korsakov"; "The three cosmonauts, Denis Matveyev, ...").
    """
    head = doc[end - 1]
    while start <= head.head.i < end and head.head != head:
        head = head.head
    found: list[Title | None] = []
    before = _title_before(doc, start, index)
    if before:
        found.append(read_title(before, allow_plural=True))
        for k, word in enumerate(before):
            # "Actor and director Sean Penn", "former army captain and MP Tobias Ellwood": each role of the run
            if word.lower_ == "and" and 0 < k < len(before) - 1 and is_role_noun(before[k - 1]) \
                    and any(is_role_noun(u) for u in before[k + 1:]) and not any(t is not None and t.noun.i == before[k - 1].i for t in found) \
                    and not any(u.lower_ in lexicon().role_prepositions for u in before[k + 1:]):  # not "... and wife of Justice"
                found.append(read_title(before[:k]))
    if head.dep_ == "appos" and is_role_noun(head.head) and not _object_of_to(doc, head.head.i, start):
        found += _phrase_titles(head.head)  # "its mayor, Ihor Terekhov"
    elif head.dep_ == "appos" and head.head.dep_ == "pobj" and is_role_noun(head.head.head.head) \
            and head.head.head.lower_ in lexicon().role_prepositions:  # "the mayor of Lviv, Andriy Sadovyi"
        found += _phrase_titles(head.head.head.head)
    if not listed:
        for child in head.children:  # "Ihor Terekhov, the mayor of Kharkiv"
            if child.dep_ == "appos" and child.text[:1].isupper() and not any(c.dep_ == "det" for c in child.children) \
                    and (head.dep_ == "conj" or any(c.dep_ == "conj" for c in child.children)):
                continue  # "Secretary of State Antony Blinken, Director of National Intelligence Avril Haines and ...": the next name's title
            if child.dep_ == "appos" and is_role_noun(child):
                found += _phrase_titles(child)
            elif child.dep_ == "appos":  # "John Lewis, the civil rights icon and congressman"
                for role in child.conjuncts:
                    if is_role_noun(role) and role.i > child.i:
                        found += _phrase_titles(role)
        found += _office_titles(head)
        # "Serhiy Leshchenko, one of Ukraine's most prominent investigative journalists": one of the holders
        ones = [c for c in head.children if c.dep_ == "appos" and c.lower_ == "one"]
        if head.dep_ == "appos" and head.head.lower_ == "one":
            ones.append(head.head)  # "One of Mr. Trump's 2016 campaign managers, Paul Manafort,"
        members = [t for c in ones for p in c.children
                   if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj" and is_role_noun(o)
                   for t in _phrase_titles(o, allow_plural=True)]
    else:
        members = []
    if head.dep_ in ("conj", "appos") and not listed:
        first = below = head  # up the list: "Representatives Matt Rosendale of Montana, Lauren Boebert of Colorado"
        while first.head != first and (first.dep_ == "conj" or first.dep_ == "appos" and first.head.i in index.token_entity):
            below, first = first, first.head
        if first.i not in index.token_entity and is_role_noun(first) and first.tag_ in ("NNS", "NNPS") and (
                below.dep_ == "appos" or doc[below.left_edge.i - 1].text == ","):
            # (not "hate speech towards Russian soldiers and Vladimir Putin": a name joined to the plural is not one of them)
            found += _phrase_titles(first, allow_plural=True)  # "The three cosmonauts, Denis Matveyev, ..."
        elif first.i in index.mention_tokens and first.i != head.i:
            found += [t for t, _ in _titles(doc, *index.mention_tokens[first.i], index, listed=True)
                      if is_plural_title(t.noun)]
    if not listed and head.dep_ != "appos":
        members += _apposition_unparsed(doc, start, end, index, [t for t in found if t is not None])
    return [(t, head) for t in found if t is not None and (listed or not is_plural_title(t.noun) or _in_list(head, index))] \
        + [(t, head) for t in members]


def _object_of_to(doc: Doc, role: int, start: int) -> bool:
    """Does the name follow a "to" after the role with no punctuation between: "a special advisor to chief executive
    Jeroen van der Veer" (his title is the one right before him, not the advisor's)?"""
    to = next((i for i in range(start - 1, role, -1) if doc[i].lower_ == "to"), None)
    return to is not None and not any(t.is_punct for t in doc[to:start])


def _apposition_unparsed(doc: Doc, start: int, end: int, index: EntityIndex, found: list[Title]) -> list[Title]:
    """An apposition the parser did not build, read from the words: "... by the chair of the National
    Republican Senatorial Committee, Sen. Rick Scott, R-Fla.", "President Joe Biden's Supreme Court
    nominee, Ketanji Brown Jackson, Karl pressed", "A former boxing champion, Vitali Klitschko delivers"."""
    if start < 2 or doc[start - 1].text != "," and not (doc[start - 1].text[:1].isupper() or doc[start - 1].text == "."):
        return []  # neither a comma nor a title right before the name: no apposition to read
    title = _title_before(doc, start, index)
    if title and title[0].lower_ == "and":
        return []  # "..., the top commander of NATO forces, and Gen. Mark Milley": the next of a list
    j = start - len(title)
    if j < 2 or doc[j - 1].text != ",":
        return []
    last = doc[j - 2]
    if last.i in index.token_entity and index.kind_of(index.token_entity[last.i]) is EntityKind.PERSON:
        return []  # "..., Joe Biden, Kamala Harris": a list of names
    noun = None
    if is_role_noun(last) and last.tag_ in ("NN", "NNP") and last.dep_ != "compound":
        noun = last
    else:  # "the chair of the National Republican Senatorial Committee, Sen. Rick Scott"
        h = last
        while h.dep_ in ("compound", "amod", "flat") and h.head.i > h.i:
            h = h.head
        if h.i == last.i and h.dep_ == "pobj" and h.head.lower_ in lexicon().role_prepositions \
                and is_role_noun(h.head.head) and h.head.head.tag_ in ("NN", "NNP"):
            noun = h.head.head
    if noun is None or any(t.noun.i == noun.i for t in found) or any(c.dep_ == "appos" for c in noun.children):
        return []
    while end < len(doc) and doc[end].text.isupper() and fold(doc[end].text) in post_nominals():
        end += 1  # "the chairman of the Bar Council, Guy Mansfield QC warned"
    after = doc[end] if end < len(doc) else None
    if after is not None and not (after.is_punct or after.pos_ in ("VERB", "AUX")):
        return []  # the name must end the apposition: a comma, a verb or the sentence's end after it
    opening = noun.left_edge.i == noun.sent.start or doc[noun.left_edge.i - 1].is_punct
    if after is not None and after.lemma_.lower() in lexicon().speech_verbs and not opening:
        return []  # "... emerge as a fierce Putin critic, Professor Shrayer said": the role is in what he said
    return _phrase_titles(noun)


def _in_list(head: Token, index: EntityIndex) -> bool:
    """Is this name one of several ("Representatives Matt Rosendale of Montana, Lauren Boebert ...")?"""
    return head.dep_ == "conj" or any(c.dep_ in ("conj", "appos") and c.i in index.token_entity for c in head.children) \
        or any(t.i in index.token_entity and t.i != head.i and index.token_entity[t.i] != index.token_entity.get(head.i)
               for t in head.doc[head.i + 1:min(head.i + 8, head.sent.end)])


def _owner_after_name(head: Token, index: EntityIndex) -> str | None:
    """ "President Emmanuel Macron of France": the owner written after the name."""
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                key = index.entity_of(obj)
                if key and index.kind_of(key) in (EntityKind.PLACE, EntityKind.ORGANIZATION):
                    return key
    return None


def find_roles(context: ArticleContext) -> Findings[Role]:
    """Every (person, role, owner) the article states, once each."""
    doc, resolver = context.doc, context.resolver()
    index = resolver.index
    spans = sorted({index.mention_tokens[i] for i, k in index.token_entity.items()
                    if index.kind_of(k) is EntityKind.PERSON and not index.entities[k].described})
    subjects = list(context.subjects)
    raw: list[tuple[Role, int]] = []
    for start, end in spans:
        person = index.token_entity[start]
        for title, head in _titles(doc, start, end, index):
            # "Senator Mitch McConnell of Kentucky, the Republican leader": "of Kentucky" is the senator's
            after_name = _owner_after_name(head, index) if title.noun.i < start else None
            owner = resolver.state_for(resolver.role_owner(title.before, title.noun, after=title.after) or after_name, title.noun)
            sent = head.sent
            raw.append((Role(person, title.role, owner, sentence_span(sent)), head.i))
    raw += _named_next(doc, index, resolver, subjects, {r.person for r, _ in raw})
    return Findings.of(_consolidate(raw, doc, resolver), resolver, context.index)


def _named_next(doc: Doc, index: EntityIndex, resolver: Resolver, subjects: list[tuple[int, str, EntityKind]],
                with_roles: set[str]) -> list[tuple[Role, int]]:
    """A role described without a name, then named by the next sentence's speaker.

    "Kyiv's mayor earlier warned that ... “We will defend Kyiv!,” Vitali Klitschko wrote." The
    description must have an owner, the next sentence's subject must be a named person who speaks
    and holds no other role in the article, and nobody else may be named in between.
    """
    found: list[tuple[Role, int]] = []
    for at, role, owner in resolver.described_roles:
        sent = doc[at].sent
        if sent.end >= len(doc):
            continue
        following = doc[sent.end].sent
        speakers = [(i, k) for i, k, kind in subjects if following.start <= i < following.end and kind is EntityKind.PERSON
                    and not index.entities[k].described and doc[i].head.lemma_.lower() in lexicon().quote_verbs]
        named_between = {index.token_entity[i] for i in range(at + 1, following.start) if i in index.token_entity
                         and index.kind_of(index.token_entity[i]) is EntityKind.PERSON}
        if len(speakers) == 1 and not named_between and speakers[0][1] not in with_roles:
            i, person = speakers[0]
            found.append((Role(person, role, owner, covering([sent, following])), i))
    return found


def _consolidate(raw: list[tuple[Role, int]], doc: Doc, resolver: Resolver) -> list[Role]:
    """One role per (person, role, owner); a role with no owner takes one stated elsewhere."""
    owned = {(r.person, r.role): r.org for r, _ in raw if r.org}
    out: dict[tuple[str, str, str | None], Role] = {}
    for r, at in raw:
        org = r.org or owned.get((r.person, r.role)) or _described_owner(r.role, at, doc, resolver)
        out.setdefault((r.person, r.role, org), Role(r.person, r.role, org, r.evidence))
    return sorted(out.values(), key=lambda r: (r.evidence.start, r.person, r.role))


def _described_owner(role: str, at: int, doc: Doc, resolver: Resolver) -> str | None:
    """The owner of the same role described without a name in the three sentences before."""
    sent_start = doc[at].sent.start
    window_start = sent_start
    for _ in range(3):
        if window_start == 0:
            break
        window_start = doc[window_start - 1].sent.start
    candidates = [owner for i, r, owner in resolver.described_roles if window_start <= i < at and r.split()[-1] == role.split()[-1]]
    return candidates[-1] if candidates else None
