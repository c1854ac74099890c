"""Word lists the extractors share. Lemmas, lower case."""

from __future__ import annotations

# Verbs that report speech or a claim ("said", "told", "wrote", "believes").
SPEECH_VERBS = frozenset(["say", "tell", "add", "write", "claim", "warn", "state", "announce", "insist", "explain", "note", "declare", "report", "confirm", "believe", "argue", "accuse", "deny", "reply", "respond", "urge", "ask", "stress", "tweet", "post", "estimate", "allege", "suggest", "predict", "vow", "promise", "admit", "acknowledge", "reveal", "emphasise", "emphasize", "describe", "call", "continue", "conclude", "concede", "complain", "plead", "demand", "agree", "comment", "testify", "recall", "indicate", "assert", "maintain"])
# Of those, the ones that introduce a quotation on their own ("she said", not "she called").
QUOTE_VERBS = SPEECH_VERBS - {"call", "describe"}
# A claim can be reported by these verbs too, though they rarely introduce a quotation.
CLAIM_VERBS = SPEECH_VERBS | frozenset({"say", "show", "indicate", "count", "record", "put", "tally"})

# Nouns that name a position held by a person.
ROLE_NOUNS = frozenset(["mayor", "governor", "president", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "official", "leader", "chief", "head", "adviser", "advisor", "ambassador", "commander", "general", "envoy", "commissioner", "chancellor", "premier", "director", "chairman", "chairwoman", "chair", "senator", "mp", "mep", "lawmaker", "diplomat", "prosecutor", "judge", "king", "queen", "pope", "ceo", "founder", "captain", "colonel", "lieutenant", "sergeant", "admiral", "marshal", "negotiator", "representative", "deputy", "aide", "administrator", "manager", "editor", "correspondent", "analyst", "spokesmen", "officials"])
# Words that qualify a role noun as part of the role's name ("deputy prime minister").
ROLE_QUALIFIERS = frozenset(["deputy", "vice", "prime", "foreign", "defence", "defense", "interior", "finance", "health", "justice", "home", "economy", "energy", "first", "acting", "former", "general", "chief", "senior", "top", "regional", "city", "military", "presidential", "press", "secretary", "state", "secretary-general", "high", "attorney", "district", "police", "armed", "forces", "security", "national", "communications", "culture", "education", "emergency", "emergencies", "infrastructure", "digital", "transformation", "veterans", "affairs", "agriculture", "transport", "environment"])
# Role nouns that, used alone with "the" ("the defiant leader"), refer back to a named person.
ANAPHORIC_ROLES = frozenset({"leader", "president", "mayor", "minister", "premier", "chancellor", "governor", "official"})

# Nouns heading a phrase that names an organisation by description ("the emergency service").
ORG_NOUNS = frozenset(["service", "services", "ministry", "agency", "office", "government", "army", "military", "police", "council", "committee", "commission", "organisation", "organization", "union", "alliance", "company", "authorities", "authority", "forces", "administration", "department", "parliament", "assembly", "court", "prosecutor's", "guard", "guards", "navy", "command", "staff", "headquarters", "kremlin", "embassy", "mission", "operator", "group"])

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
THING_PRONOUNS = frozenset({"it"})
PLURAL_PRONOUNS = frozenset({"they", "them"})
