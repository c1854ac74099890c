"""Quotations and their speakers."""

from __future__ import annotations

from datetime import date

import pytest

WED = date(2022, 3, 2)


def names(x) -> dict[str, str]:
    return {e.key: e.name for e in x.entities}


@pytest.mark.parametrize(
    ("text", "quote_start", "speaker"),
    [
        ("Ukraine’s deputy prime minister called on Pope Francis to intervene.\n\n\"I hope the conversation will take place,\" she said.",
         "I hope", "Ukraine’s deputy prime minister"),
        ("President Volodymyr Zelensky said Russia is preparing an attack. In a televised address the defiant leader said: “Rockets against Odesa? "
         "This will be a war crime.” He went on to demand a no-fly zone. He added: “The world is strong enough to close our skies.”",
         "The world is strong", "Volodymyr Zelensky"),
        ("Ukraine has claimed that 2,000 of its civilians have been killed. "
         "The country’s emergency service also said that hundreds of structures have been destroyed.\n\n"
         "“Children, women and defence forces are losing their lives every hour,” it said in a statement.",
         "Children, women", "State Emergency Service of Ukraine"),
        ("On Wednesday, the Prime Minister's official spokesman said \"I think no one can be in any doubt that these are war crimes\".",
         "I think no one", "Prime Minister's official spokesman"),
        ("“Kharkiv is a Russian-speaking city,” its mayor, Ihor Terekhov, said.\n\n“We never expected this could happen.”",
         "We never expected", "Ihor Terekhov"),
        # a pronoun that speaks continues the last speaker, not the last subject
        ("Senator Christopher Murphy noted that Republicans had backed Ukraine. Mr. Trump was withholding military aid. "
         "“I wish they would have made clear that there should be consequences,” he said.", "I wish they", "Christopher Murphy"),
        # ... unless the last subject is a person just introduced by name
        ("“We stood with Kyiv,” Mr. Scalise said. Senator John Thune of South Dakota, the No. 2 Republican in the Senate, "
         "did not try to explain the shift. “There are many things that happened in the past,” he said.",
         "There are many", "John Thune"),
        # a relative clause speaks for its noun
        ("And Hungarian Prime Minister Viktor Orban, who declared, “we're letting everyone in,” regarding refugees, has campaigned.",
         "we're letting", "Viktor Orban"),
        # "the official" after "a senior defense official" is that source
        ("“The Ukrainians are fighting very hard,” a senior U.S. defense official said. Pentagon spokesman John Kirby spoke later. "
         "“A lot of significant fighting is going on there,” the official said.", "A lot of significant", "senior U.S. defense official"),
        # a pronoun is never a name inside the clause it says, fronted or not
        ("Dr. Oleh Marchenko runs a clinic in Kyiv. The clinic has forty beds. "
         "If the West keeps ignoring him, Putin will go further, he said. “We hope help comes soon,” he said.",
         "We hope help", "Oleh Marchenko"),
        # a participle of saying continues the verb of saying above it, however deep the parser hangs it
        ("Ambassador Taras Hrytsenko said Russian troops are trying to seize the plants, adding, "
         "“Russia is conducting a war against everyone.”", "Russia is conducting", "Taras Hrytsenko"),
        # a surname the tagger takes for a plural is still one person
        ("Professor Andrew Hodges studies migration. Minister Dmytro Marchuk announced a hotline on Wednesday. “We are "
         "working to help,” he tweeted. Hodges said that refugees fleeing Ukraine, particularly men, are “falling through "
         "the protection cracks.” “They don't fit the frame of the crisis at all,” he said.", "They don't fit", "Andrew Hodges"),
        # a verb of saying the parser joined to a noun is coordinated with the verb above it
        ("On Monday, Ms. Kelly Marsh used her Twitter account to both call one of the whistle-blowers in the first inquiry, "
         "retired Lt. Col. Peter Hale, a “clown” who was “clueless about Americans being fed up with sending our sons to die "
         "in foreign lands,” and advise, “While innocent people are being murdered, we must stay out.”",
         "While innocent", "Kelly Marsh"),
        # a noun of saying names whose words its clause quotes
        ("Biden's remark that Putin “cannot remain in power” caused a stir in Europe.", "cannot remain", "Biden"),
        ("He defended comments made by former Secretary of State John Kerry that the war could have a “profound negative "
         "impact on the climate.”", "profound negative", "John Kerry"),
        # a verb the parser left without a subject: the name just before it, not the first of the sentence
        ("As Hungary kept pushing back against pressure from the European Union to accept refugees from Syria, Viktor Orban, "
         "leader of Hungary's ruling party and current Prime Minister, argued in 2018 that doing so would "
         "\"completely change our way of life and lower the level of safety in our country.\"", "completely change", "Viktor Orban"),
        # a name the model left unlabelled, set off by commas after the role it explains
        ("The editor of Novaya Gazeta, Dmitry Muratov, who won last year's Nobel peace prize, put out a statement: "
         "\"President Putin has ordered our country to start a war with Ukraine.\"", "President Putin", "Dmitry Muratov"),
        # "he" is the subject of the sentence before, not one deep in its clauses; but a speaker there is a speaker
        ("Senator Tom Cotton gave a lengthy speech on Monday, trying to explain how the party of Trump stood by as a president "
         "sided with Russia. \"Vladimir Putin must pay for this war of aggression,\" he concluded.", "Vladimir Putin must",
         "Tom Cotton"),
        # "the agency" is the agency named before
        ("The U.S. Cybersecurity and Infrastructure Security Agency issued a warning. \"While there are not currently any "
         "specific credible threats, we are mindful,\" the agency said.", "While there",
         "U.S. Cybersecurity and Infrastructure Security Agency"),
        # a manner of speaking, inverted
        ("\u201cWe're talking Ukraine,\u201d thundered Representative Jim Jordan, Republican of Ohio, in 2019.", "We're talking",
         "Jim Jordan"),
        # "he added" goes on with an unattributed quotation just before it
        ("Mr Howard, however, was dismissive. \"These things happen from time to time. There are disagreements between "
         "Robert Jackson and me.\n\n\"The election is not going to be decided on what Robert Jackson did,\" he added.",
         "These things", "Howard"),
        # the subject of the verb that issues a statement; an "as" clause beside the quotation; "which said"
        ("The White House issued a statement that the U.S. \"has no intention of using chemical weapons, period.\"",
         "has no intention", "White House"),
        ("It was an effort to, as one Klansman put it in 1993, \"put Christ back into Christmas.\"", "put Christ", "one Klansman"),
        ("They were \"first on their block with a wok,\" as described by Karin Brown, General Foods senior product manager.",
         "first on their", "Karin Brown"),
        ("He went on to quote a Belarusian TV channel which said \"about 7 medical buses arrived at the center.\"", "about 7",
         "Belarusian TV channel"),
        ("Bollywood film distributors have hailed the conviction as \"a major boost for the industry\".", "a major boost",
         "Bollywood film distributors"),
        # "the president" is the one named with that title since the description before
        ("The Ukraine president has said that the world must act. Now Ukraine President Volodymyr Zelensky has addressed "
         "the world. \"It is a global catastrophe for all of us,\" the president said.", "It is a global", "Volodymyr Zelensky"),
        # a passive's agent is who "he" goes on with
        ("Similar sentiments were expressed by EU Commissioner Thierry Breton at the time. He said: \"We will take all "
         "necessary decisions in time to work on it.\"", "We will take", "Thierry Breton"),
        # a first name alone, unlabelled, is the one person of the article who carries it; letters after a name are no part of it
        ("Wladimir Klitschko and his brother Vitali Klitschko have vowed to fight Vladimir Putin. Wladimir recently accused "
         "the Russian president of lying and maintained that the attacks are the result of \"weakness in Western democracies, for years "
         "now\".", "weakness in", "Wladimir Klitschko"),
        ("The chairman of the Bar Council, Guy Mansfield QC warned there was a real risk that people on the \"margins of "
         "society\" would be driven into the hands of extremists.", "margins of", "Guy Mansfield"),
        ("\"You can call it a peace dividend,\" smiles one broker.", "You can call", "one broker"),
        # a plural description is none of the people who hold that title
        ("Buhecha was previously a legitimate distributor of Bollywood films. Legitimate Bollywood film distributors have "
         "hailed the conviction as \"a major boost for the industry\".", "a major boost", "Legitimate Bollywood film distributors"),
        # words quoted in a sentence with no verb of saying are its subject's, when the article quotes that person
        ("\"I support him as a president of my country,\" Yaryna Arieva said. Once the war is over, Arieva wants to "
         "finish renovating her flat and \"start a new family life\" that is calm.", "start a new", "Yaryna Arieva"),
        # "ranted", "bellowed" report speech
        ("\"Better today to come and ask forgiveness,\" a wild-looking Ramzan Kadyrov ranted on his Telegram channel.",
         "Better today", "Ramzan Kadyrov"),
        # a photo caption's people are the picture's: "He added" goes on past them
        ("Oleg Ignatov said the elites were divided. Russian President Vladimir Putin, center, listens to Minister of Industry "
         "Denis Manturov while visiting a plant in Gubkin, Belgorod Region, Russia, Friday, July 14, 2017. He added that some "
         "elites think so: \"They would never say this in public, but you can see it.\"", "They would never", "Oleg Ignatov"),
        # the person a spokesman speaks for is not the speaker; a name after the role's object is
        ("Speaking of the attack, a spokesman for Prime Minister Boris Johnson said: \"Both leaders agreed that Russia must "
         "cease its attack.\"", "Both leaders", "spokesman for Prime Minister Boris Johnson"),
        ("Ukrainian Ambassador to the UK Vadym Prystaiko said: \"We need more weapons now.\"", "We need more", "Vadym Prystaiko"),
        # an organisation's name the model cut at "of" and "for" is one, and "the agency" is it
        ("Now the State Agency of Ukraine for Exclusion Zone Management says the occupiers have damaged the laboratory. "
         "The agency said in a Facebook post: \"Russian occupiers robbed and destroyed the laboratory.\"", "Russian occupiers",
         "State Agency of Ukraine for Exclusion Zone Management"),
        # "the home secretary" with no one of that title named is the person the article just spoke of
        ("David Blunkett has apologised to MPs after the Home Office announced a review. The home secretary said: \"The review "
         "will go ahead as planned.\"", "The review", "David Blunkett"),
        # a passive verb of saying tells no speaker of its subject
        ("Administration officials said specifics will be announced “in the coming weeks.”", "in the coming",
         "Administration officials"),
        # the subject of a verb of thinking goes on speaking, not an earlier speaker
        ("Dmytro Kuleba said Russia had seized the plant. Ron Chesser thinks another reason Russians seized control of it could "
         "be how symbolic it is. \"It's highly symbolic in that taking over the site is a major news item,\" he said.",
         "It's highly symbolic", "Ron Chesser"),
        # a full stop after a name that looks abbreviated still ends the sentence before an opening mark
        ("“Russia’s legitimate security aspiration should be given attention,” said China’s ambassador, Zhang Jun. “Ukraine "
         "should be a bridge between East and West.” But the abstentions came as a surprise.", "Russia’s legitimate", "Zhang Jun"),
        # the source of "according to" is who "he" goes on with, not an earlier speaker
        ("Ukrainian President Volodymyr Zelenskyy has insisted on staying in Kyiv. In Russia, citizens have risked arrest to "
         "protest the war, something that would not have happened during the Cold War, according to Andrew Bremberg. \"It is "
         "hopeful to see many thousands of Russians protest this war,\" he explained.", "It is hopeful", "Andrew Bremberg"),
        # a sentence after that reports something of its own attributes nothing before it
        ("\"But notably, there was not a request for a no-fly zone,\" an official added. Volodymyr Zelenskyy spoke later. "
         "\"There was also not a request for NATO membership.\" Mr. Zelenskyy did ask for tanks and said he has not been "
         "given an answer.", "There was also", "official"),
    ],
)
def test_speakers(extract_text, text, quote_start, speaker):
    x = extract_text(text, published=WED)
    n = names(x)
    got = {q.text[:len(quote_start)]: n.get(q.speaker) for q in x.quotes if q.kind == "direct"}
    assert got.get(quote_start) == speaker, got


def test_scare_quotes_are_not_quotations(extract_text):
    x = extract_text("It deplored Russia's \"aggression\" against Ukraine and the \"special operation\".")
    assert not [q for q in x.quotes if q.kind == "direct"]


def test_words_quoted_inside_reported_speech_are_a_direct_quotation_of_the_reported_one(extract_text):
    x = extract_text("The mayor, Ihor Terekhov, said the town was \"running out of water and medicine\" and that help must come.")
    direct = [q for q in x.quotes if q.kind == "direct"]
    reported = [q for q in x.quotes if q.kind == "indirect"]
    assert [q.text for q in direct] == ["running out of water and medicine"] and direct[0].embedded
    assert names(x)[direct[0].speaker] == "Ihor Terekhov"
    assert reported and "running out of water" in reported[0].text and reported[0].speaker == direct[0].speaker


def test_a_wholly_quoted_clause_is_only_the_direct_quotation(extract_text):
    x = extract_text("Kuleba said that \"Ukraine's government spares no effort to solve the problem\".")
    assert [q.kind for q in x.quotes] == ["direct"]


@pytest.mark.parametrize("text", [
    # the paragraph break between the two was lost, as in flattened scrapes: two quotations, never glued
    "“We are running out of food right now “They are committing war crimes,” she said.",
    "\"We are running out of food right now \"They are committing war crimes,\" she said.",
])
def test_a_quotation_left_open_runs_to_its_paragraph_end_and_stays_apart(extract_text, text):
    x = extract_text("Iryna Vereshchuk spoke on Monday. " + text)
    texts = [q.text for q in x.quotes if q.kind == "direct"]
    assert texts == ["We are running out of food right now", "They are committing war crimes"], texts


def test_the_paragraphs_of_a_speech_left_open_go_on_with_its_speaker(extract_text):
    # paragraphs run together: each opens with a mark, only the last closes, an insert stands between two
    x = extract_text("Volodymyr Zelensky accused Putin. He said in a television address: “Russian people, I want to appeal "
                     "to you. Follow all the updates on the war on our liveblog “Radiation does not know where Russia is. "
                     "“You have to remember the burning graphite. “This is the first time in our history.” The IAEA said "
                     "the fire was out.")
    n = names(x)
    got = {q.text[:14]: n.get(q.speaker) for q in x.quotes if q.kind == "direct"}
    assert got == dict.fromkeys(["Russian people", "Radiation does", "You have to re", "This is the fi"], "Volodymyr Zelensky"), got


def test_a_quotation_split_by_its_attribution_is_one(extract_text):
    x = extract_text("“We will rebuild every street,” Terekhov said. “Nobody will stop us now.”")
    direct = [q for q in x.quotes if q.kind == "direct"]
    assert len(direct) == 1 and direct[0].text.startswith("We will rebuild") and direct[0].text.endswith("stop us now.")


def test_quotations_with_a_report_of_its_own_between_are_two(extract_text):
    x = extract_text("\"Prevent the death of Europe from the nuclear disaster.\" Zelensky said that an explosion at the plant "
                     "would be a catastrophe. \"It is a global catastrophe for everyone,\" the president said.")
    assert len([q for q in x.quotes if q.kind == "direct"]) == 2


def test_each_part_with_its_own_attribution_is_its_own_quotation(extract_text):
    x = extract_text("“We will rebuild every street,” Terekhov said. “Nobody will stop us now,” he added.")
    assert len([q for q in x.quotes if q.kind == "direct"]) == 2


@pytest.mark.parametrize(("text", "speaker"), [
    ("Hennadiy Trukhanov spoke on Monday.\n\n“The port is closed to every ship.” Trukhanov told reporters.", "Hennadiy Trukhanov"),
    ("In a statement, the ministry of defence of Ukraine said:\n\n“Our troops are holding every position in the east.”", None),
    # the quotation goes on with what was just reported
    ("One leading Karachi broker said the real reasons may be political. \"If you file a case against Saudi money, Arab "
     "money will not go to the US any more.\"", "One leading Karachi broker"),
    ("“There will be no ceasefire this week,” said Mr Irish, who edits the magazine. Oliver Irish is its editor.", "Oliver Irish"),
    ("“A very difficult situation is ahead of us,” a senior defense official told reporters.", "senior defense official"),
    # "the former president" is the one titled former, not the president named since
    ("Former President Donald Trump spoke on Saturday. President Joe Biden replied on Sunday. \"We will not back down,\" "
     "the former president said.", "Donald Trump"),
    ("Former President Donald Trump spoke on Saturday. President Joe Biden replied on Sunday. \"We will not back down,\" "
     "the president said.", "Joe Biden"),
])
def test_speakers_outside_the_quotations_sentence(extract_text, text, speaker):
    x = extract_text(text, published=WED)
    (quote,) = [q for q in x.quotes if q.kind == "direct"]
    found = names(x).get(quote.speaker)
    assert found == speaker if speaker else found, (found, quote.speaker_text)


def test_the_census_first_names_give_he_and_she_their_person(extract_text):
    x = extract_text("Shalanda Young spoke first. Then Marvin Hale spoke. \"The plan works for everyone,\" she said.", published=WED)
    (quote,) = [q for q in x.quotes if q.kind == "direct"]
    assert names(x)[quote.speaker] == "Shalanda Young"


def test_she_finds_the_woman_not_the_nearer_man(extract_text):
    x = extract_text("Nancy Pelosi met reporters. Later John Kirby spoke to them as well. "
                     "“We are not going to send troops there at all,” she said.", published=WED)
    (quote,) = [q for q in x.quotes if q.kind == "direct"]
    assert names(x)[quote.speaker] == "Nancy Pelosi"


def test_an_unattributed_quotation_has_no_guessed_speaker(extract_text):
    x = extract_text("The sirens went off at dawn.\n\n“Everyone run to the shelters now,” was all anyone heard.")
    direct = [q for q in x.quotes if q.kind == "direct"]
    assert direct and direct[0].speaker is None


def test_the_quotation_links_to_the_role_its_speaker_spoke_in(extract_text):
    x = extract_text("“The city is under siege,” Mariupol Mayor Vadym Boychenko said.", published=WED)
    (quote,) = [q for q in x.quotes if q.kind == "direct"]
    assert (quote.speaker_role, names(x).get(quote.speaker_org)) == ("mayor", "Mariupol")



def test_a_report_reads_through_its_parenthetical_cue(extract_text):
    x = extract_text("Iryna Vereshchuk spoke on Saturday. Russian forces, she said, were transporting large amounts of old ammunition.")
    reported = [q for q in x.quotes if q.kind == "indirect"]
    assert reported and reported[0].text.startswith("Russian forces, she said, were transporting"), reported
    assert names(x)[reported[0].speaker] == "Iryna Vereshchuk"


def test_a_reported_clause_that_goes_on_to_a_quotation_of_its_own_is_still_reported(extract_text):
    x = extract_text("Ambassador Taras Hrytsenko said Russian troops are trying to seize the plants, adding, "
                     "“Russia is conducting a war against everyone.”")
    reported = [q.text for q in x.quotes if q.kind == "indirect"]
    assert reported == ["Russian troops are trying to seize the plants"], reported
    assert [q.text for q in x.quotes if q.kind == "direct"] == ["Russia is conducting a war against everyone."]


def test_straight_single_quotes_mark_a_quotation_but_not_a_plural_possessive(extract_text):
    x = extract_text("Staff were 'on the edge of their human capabilities due to exhaustion,' the ministry said. "
                     "The Russians' tanks rolled in and the troops' morale fell.")
    assert [q.text for q in x.quotes if q.kind == "direct"] == ["on the edge of their human capabilities due to exhaustion"]


@pytest.mark.parametrize("text", [
    "The Kremlin refused to even acknowledge its troops were in the separatist areas.",
    "The spokesman did not indicate that talks were planned.",
    "Putin ordered what he called a special military operation.",
])
def test_a_verb_of_saying_negated_refused_or_with_a_what_object_reports_nothing(extract_text, text):
    assert not [q.text for q in extract_text(text).quotes if q.kind == "indirect"]


def test_the_words_around_a_quotation_are_no_reported_clause(extract_text):
    x = extract_text("“We stay,” Andriy Hrytsenko, Ukraine's ambassador to the agency, told delegates.")
    assert not [q.text for q in x.quotes if q.kind == "indirect"]


def test_words_quoted_inside_a_reported_clause_are_its_speakers(extract_text):
    x = extract_text("Deputy Prime Minister Iryna Vereshchuk spoke on Tuesday. Russia, she said, was “ignoring all of these "
                     "risks” by continuing to transport weapons near the station.")
    direct = [q for q in x.quotes if q.kind == "direct"]
    assert [q.text for q in direct] == ["ignoring all of these risks"]
    assert names(x).get(direct[0].speaker) == "Iryna Vereshchuk"


def test_the_country_is_the_one_talked_about_not_the_last_one_named(extract_text):
    x = extract_text("Sanctions were widened on Monday.\n\nMeanwhile Norway has taken the decision to supply weapons to "
                     "Ukraine, the country's government announced.")
    reported = [q for q in x.quotes if q.kind == "indirect"]
    assert reported and "Norway" in names(x).get(reported[0].speaker, ""), [names(x).get(q.speaker) for q in reported]
