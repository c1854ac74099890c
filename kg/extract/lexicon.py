"""The extractors' word lists, read from the data files in ``lexicons/``.

One file per concept, one entry per line: the word (a lemma unless the file says otherwise), any
value the concept gives it, and last an example the entry exists for. Lines starting with ``#``
say what the list is. Read once, on first use, into one frozen ``Lexicon``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from types import MappingProxyType


@cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The entries of ``lexicons/NAME.tsv`` in file order, each without its example."""
    text = files(__package__).joinpath("lexicons", f"{name}.tsv").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        *entry, _example = line.split("\t")
        if not entry:
            raise ValueError(f"lexicons/{name}.tsv: an entry without an example: {line!r}")
        out.append(tuple(entry))
    return tuple(out)


def words(name: str) -> frozenset[str]:
    return frozenset(r[0] for r in rows(name))


def table(name: str) -> Mapping[str, str]:
    """Each entry's first value, by entry."""
    return MappingProxyType({r[0]: r[1] for r in rows(name)})


@dataclass(frozen=True)
class Lexicon:
    speech_verbs: frozenset[str]  # report speech or a claim
    quote_verbs: frozenset[str]  # of those, the ones that introduce a quotation alone
    claim_verbs: frozenset[str]  # report a count: the speech verbs and "show", "count"...
    quoting_verbs: frozenset[str]  # whose object is the one quoted: "the website quoted Ms. Simonyan as saying"
    role_nouns: frozenset[str]
    report_nouns: frozenset[str]  # a count someone keeps: "The U.N.'s tally includes more than 80 dead children"
    speech_nouns: frozenset[str]  # name what someone said: "Biden's remark that Putin “cannot remain in power”"
    criticism_verbs: frozenset[str]  # attack verbs that criticise when a person does them: "Hannity blasts Biden"
    total_verbs: frozenset[str]  # bring a running total to a number: "the death toll rose to 34"
    owner_prepositions: frozenset[str]  # introduce the employer after a role: "an editor at Channel One"
    refusal_verbs: frozenset[str]  # governing a verb of saying, it was not said: "refused to acknowledge"
    institution_words: frozenset[str]  # name an institution, never a role's field: "Senate Minority Leader"
    past_captures: frozenset[str]  # places whose taking is an event of another era: "seized Crimea" (2014)
    thinking_verbs: frozenset[str]  # their subject goes on speaking: "Chesser thinks ... “...,” he said"
    locator_words: frozenset[str]  # "of <place>" after them locates another place: "a town west of Kyiv"
    clause_links: frozenset[str]  # tie an attack phrase to the clause it times: "after the military shelled ..."
    race_words: frozenset[str]  # the office a candidate runs for: "Ohio Senate candidate J.D. Vance"
    role_qualifiers: frozenset[str]
    anaphoric_roles: frozenset[str]
    org_nouns: frozenset[str]
    person_pronouns: frozenset[str]
    thing_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    place_nouns: Mapping[str, str]  # noun -> the kind of place it points back to (city, country, any)
    city_roles: frozenset[str]
    national_roles: frozenset[str]
    role_prepositions: frozenset[str]
    role_stop_words: frozenset[str]
    role_tenses: frozenset[str]
    occupations: frozenset[str]
    office_verbs: Mapping[str, str]  # verb -> object, subject or copula: how it gives a role
    role_abbreviations: Mapping[str, str]
    attack_verbs: frozenset[str]
    attack_nouns: frozenset[str]
    capture_phrases: frozenset[tuple[str, str]]  # (verb, particle or object): "take over", "seize control"
    attack_list_prepositions: frozenset[str]
    site_nouns: frozenset[str]
    generic_site_nouns: frozenset[str]  # "shelled the site": the last known facility named, whatever its kind
    harm_verbs: frozenset[str]  # attack verbs that report no strike alone: "its power supply had been damaged"
    attack_participles: frozenset[str]  # adjectives that tell of a place struck: "the bombarded city of Mariupol"
    facility_nouns: frozenset[str]  # a building struck as a target of its own: "bombed a theater in Mariupol"
    scene_nouns: frozenset[str]  # "Irpin has been the scene of fierce fighting": the subject was struck
    gathering_nouns: frozenset[str]  # "the attack at a news conference in Washington": where it is spoken of
    other_eras: tuple[str, ...]
    known_days: Mapping[str, str]  # a day named by an event of the story: "the first day of the invasion" -> 2022-02-24
    caption_markers: frozenset[str]
    loose_date_words: frozenset[str]
    source_prepositions: frozenset[str]
    fraction_words: frozenset[str]
    indefinite_determiners: frozenset[str]
    receive_verbs: frozenset[str]
    irrealis: frozenset[str]
    asserted_clause_marks: frozenset[str]  # "... as Russian troops bombarded the city": told as having happened
    intention_words: frozenset[str]  # "its plan to accept 100,000 refugees": no count of people
    non_military: frozenset[str]
    too_large: frozenset[str]
    area_nouns: frozenset[str]
    place_prepositions: frozenset[str]
    undergo_verbs: frozenset[str]
    support_verbs: frozenset[str]
    armed_forces: frozenset[str]
    weapon_nouns: frozenset[str]
    volley_nouns: frozenset[str]  # "a string of explosions rocked Odesa": the noun stands for the attacks it is of
    continuing_verbs: frozenset[str]  # "he added": the quotation before, unattributed, is his too
    issuing_verbs: frozenset[str]  # "issued a statement that ...": the subject says it
    framing_verbs: frozenset[str]  # attribute words in an "as" clause: the speech verbs and "put" ("as X put it")
    org_classifiers: frozenset[str]  # "software firm Sendmail": the name after them is an organisation's
    plural_titles: frozenset[str]  # "Sens.": a title of each name listed after it
    state_roles: frozenset[str]  # "New York Rep.": held for a state, not the city of its name
    org_name_ends: frozenset[str]  # "Stanford Program": end an organisation's name, never a person's
    group_prefixes: frozenset[str]  # "Team Biden": a person's people, not a person
    life_verbs: frozenset[str]
    capture_verbs: frozenset[str]
    measures: Mapping[str, str]
    groups: Mapping[str, str]
    count_qualifiers: tuple[str, ...]  # longest first where one ends another
    number_words: Mapping[str, int]
    number_scales: Mapping[str, int]
    time_references: Mapping[str, str]
    weekdays: Mapping[str, int]
    date_numbers: Mapping[str, int | None]
    seasons: Mapping[str, str]
    generic_org_words: frozenset[str]
    name_particles: frozenset[str]
    honorifics: frozenset[str]
    company_words: frozenset[str]
    first_names: Mapping[str, str]  # first name -> male or female
    gendered_words: Mapping[str, str]
    pronoun_genders: Mapping[str, str]
    title_function_words: frozenset[str]
    platforms: frozenset[str]  # folded


@cache
def lexicon() -> Lexicon:
    speech = table("speech_verbs")
    pronouns = table("pronouns")
    return Lexicon(
        speech_verbs=frozenset(speech),
        quote_verbs=frozenset(v for v, alone in speech.items() if alone == "1"),
        claim_verbs=frozenset(speech) | words("claim_verbs"),
        quoting_verbs=words("quoting_verbs"),
        owner_prepositions=words("owner_prepositions"),
        race_words=words("race_words"),
        clause_links=words("clause_links"),
        locator_words=words("locator_words"),
        thinking_verbs=words("thinking_verbs"),
        past_captures=words("past_captures"),
        institution_words=words("institution_words"),
        refusal_verbs=words("refusal_verbs"),
        total_verbs=words("total_verbs"),
        criticism_verbs=words("criticism_verbs"),
        report_nouns=words("report_nouns"),
        speech_nouns=words("speech_nouns"),
        role_nouns=words("role_nouns"),
        role_qualifiers=words("role_qualifiers"),
        anaphoric_roles=words("anaphoric_roles"),
        org_nouns=words("org_nouns"),
        person_pronouns=frozenset(p for p, kind in pronouns.items() if kind == "person"),
        thing_pronouns=frozenset(p for p, kind in pronouns.items() if kind == "thing"),
        plural_pronouns=frozenset(p for p, kind in pronouns.items() if kind == "plural"),
        place_nouns=table("place_nouns"),
        city_roles=words("city_roles"),
        national_roles=words("national_roles"),
        role_prepositions=words("role_prepositions"),
        role_stop_words=words("role_stop_words"),
        role_tenses=words("role_tenses"),
        occupations=words("occupations"),
        office_verbs=table("office_verbs"),
        role_abbreviations=table("role_abbreviations"),
        attack_verbs=words("attack_verbs"),
        attack_nouns=words("attack_nouns"),
        capture_phrases=frozenset(tuple(r[0].split(" ", 1)) for r in rows("capture_phrases")),
        attack_list_prepositions=words("attack_list_prepositions"),
        site_nouns=words("site_nouns"),
        generic_site_nouns=words("generic_site_nouns"),
        facility_nouns=words("facility_nouns"),
        attack_participles=words("attack_participles"),
        harm_verbs=words("harm_verbs"),
        scene_nouns=words("scene_nouns"),
        gathering_nouns=words("gathering_nouns"),
        other_eras=tuple(r[0] for r in rows("other_eras")),
        known_days=table("known_days"),
        caption_markers=words("caption_markers"),
        loose_date_words=words("loose_date_words"),
        source_prepositions=words("source_prepositions"),
        fraction_words=words("fraction_words"),
        indefinite_determiners=words("indefinite_determiners"),
        receive_verbs=words("receive_verbs"),
        irrealis=words("irrealis"),
        asserted_clause_marks=words("asserted_clause_marks"),
        intention_words=words("intention_words"),
        non_military=words("non_military"),
        too_large=words("too_large"),
        area_nouns=words("area_nouns"),
        place_prepositions=words("place_prepositions"),
        undergo_verbs=words("undergo_verbs"),
        support_verbs=words("support_verbs"),
        armed_forces=words("armed_forces"),
        weapon_nouns=words("weapon_nouns"),
        volley_nouns=words("volley_nouns"),
        continuing_verbs=words("continuing_verbs"),
        issuing_verbs=words("issuing_verbs"),
        framing_verbs=frozenset(speech) | words("framing_verbs"),
        org_classifiers=words("org_classifiers"),
        plural_titles=words("plural_titles"),
        state_roles=words("state_roles"),
        org_name_ends=words("org_name_ends"),
        group_prefixes=words("group_prefixes"),
        life_verbs=words("life_verbs"),
        capture_verbs=words("capture_verbs"),
        measures=table("measures"),
        groups=table("groups"),
        count_qualifiers=tuple(r[0] for r in rows("count_qualifiers")),
        number_words=MappingProxyType({w: int(v) for w, v in table("number_words").items()}),
        number_scales=MappingProxyType({w: int(v) for w, v in table("number_scales").items()}),
        time_references=table("time_references"),
        weekdays=MappingProxyType({w: int(n) for w, n in table("weekdays").items()}),
        date_numbers=MappingProxyType({w: None if n == "none" else int(n) for w, n in table("date_numbers").items()}),
        seasons=table("seasons"),
        generic_org_words=words("generic_org_words"),
        name_particles=words("name_particles"),
        honorifics=words("honorifics"),
        company_words=words("company_words"),
        first_names=table("first_names"),
        gendered_words=table("gendered_words"),
        pronoun_genders=table("pronoun_genders"),
        title_function_words=words("title_function_words"),
        platforms=frozenset(" ".join(re.findall(r"[a-z0-9]+", w)) for w in words("platforms")),
    )
