"""Figures: casualty and displacement counts with their claimants."""

from __future__ import annotations

from datetime import date

import pytest

WED = date(2022, 3, 2)


def names(x) -> dict[str, str]:
    return {e.key: e.name for e in x.entities}


@pytest.mark.parametrize(
    ("text", "count", "measure", "group", "qualifier", "claimant"),
    [
        ("Ukraine's State Emergency Service said that 2,000 civilians have been killed.", 2000, "killed", "civilians", None,
         "State Emergency Service of Ukraine"),
        # people an army or a country lost are its dead
        ("Russia's military has lost seven generals and at least 7,000 soldiers as Ukrainian forces have resisted.", 7000,
         "killed", "troops", "at least", None),
        ("More than 560 troops were lost, according to the Russian summary.", 560, "killed", "troops", "more than", None),
        # a count a claim comes with; a claimant in a "with" phrase; whose tally holds it; a name across a hyphen
        ("Between February 24th and March 15th, the United Nations recorded 1,900 civilian casualties in Ukraine, with 727 "
         "people killed, mostly by explosive weapons.", 727, "killed", "people", None, "United Nations"),
        ("Millions have fled since the assault began, with the United Nations estimating over 3.8 million Ukrainians have "
         "fled the nation.", 3800000, "refugees", "Ukrainians", "over", "United Nations"),
        ("An estimated 2,570 civilians have been killed or wounded, according to the United Nations. The U.N.'s tally "
         "includes more than 80 dead children.", 80, "killed", "children", "more than", "United Nations"),
        ("OVD-Info said more than 13,000 people have been arrested in the country since demonstrations began.", 13000,
         "detained", "people", "more than", "OVD-Info"),
        # people who entered or crossed into a country fled; protesters arrested; "one more" is a count
        ("On Saturday, United Nations refugee chief Filippo Grandi said more than 150,000 Ukrainians had now entered those "
         "two countries and neighboring Poland and Hungary.", 150000, "refugees", "Ukrainians", "more than", "Filippo Grandi"),
        ("Russian authorities arrested more than 4,300 protesters on Sunday, according to OVD-Info.", 4300, "detained",
         "protesters", "more than", "OVD-Info"),
        ("Three people were killed in the eastern region of Donetsk on Wednesday and one more was wounded, Gov. Pavlo "
         "Kyrylenko said on Telegram.", 1, "injured", "people", None, "Pavlo Kyrylenko"),
        # "Ukraine's president" is not the Russian president named last, nor one of no country named last
        ("Ukrainian President Volodymyr Zelenskyy was a performer. SAG president Fran Drescher spoke. Russian President "
         "Vladimir Putin ordered his nuclear forces put on alert. Ukraine's president says at least 16 children have been "
         "killed.", 16, "killed", "children", "at least", "Volodymyr Zelenskyy"),
        # an aside of another year in the sentence before does not set the figure in it
        ("In addition to Crimea, which Russia annexed in 2014, Russian forces have expanded control to the south. Ukraine's "
         "armed forces have said almost 9,000 military personnel have been killed in the war.", 9000, "killed", "personnel",
         "almost", "Ukraine armed forces"),
        ("The UN high commissioner for refugees reports that more than 2.1 million Ukrainians have fled their homeland.",
         2100000, "refugees", "Ukrainians", "more than", "UNHCR"),
        # a long name of the organisation table the model cuts short ("The Office of the United Nations")
        ("The Office of the United Nations High Commissioner for Human Rights said 406 civilians were killed.", 406,
         "killed", "civilians", None, "OHCHR"),
        # "..., X tweeted" parsed as a verb coordinated with the figure's
        ("More than 1.5 million people have fled Ukraine, UN refugee agency chief Filippo Grandi tweeted.", 1500000,
         "refugees", "people", "more than", "Filippo Grandi"),
        # a running total: the measure and group its subject names; "since World War II" is a yardstick
        ("The death toll in Kharkiv rose to 34, the governor said.", 34, "killed", "people", None, "governor"),
        ("According to UNHCR data, the number of Ukrainians who have fled has climbed to 836,000, the biggest exodus "
         "since World War II.", 836000, "refugees", "Ukrainians", None, "UNHCR"),
        # "the besieged city of Chernihiv" is Chernihiv, not the city of the paragraph before
        ("President Biden arrived in Warsaw on Friday. In neighbouring Ukraine, the war goes on. The city council of the "
         "besieged Ukrainian city of Chernihiv has said 40 people were killed in a bombing of its library.", 40, "killed",
         "people", None, "city council of Chernihiv"),
        # a group of people counted ("a garrison of 13 border guards")
        ("An entire garrison of 13 Ukrainian border guards was killed on Snake Island, Ukrainian President Volodymyr Zelenskyy "
         "said.", 13, "killed", "troops", None, "Volodymyr Zelenskyy"),
        ("Well over 800,000 Ukrainians have become refugees, the UN believes.", 800000, "refugees", "Ukrainians", "well over", "United Nations"),
        ("More than 1 million people have fled Ukraine, the United Nations said.", 1000000, "refugees", "people", "more than", "United Nations"),
        ("At least 227 civilians have been killed and another 525 wounded, according to the U.N. human rights office.", 525, "injured",
         "civilians", None, "OHCHR"),
        ("Ukrainian authorities later said that 21 people died and 112 were injured.", 112, "injured", "people", None, "Ukrainian authorities"),
        ("The exodus of more than 1 million refugees, per UNHCR data released Wednesday, has led to chaos.", 1000000, "refugees",
         "people", "more than", "UNHCR"),
        ("Slovakia has taken in more than 140,000 Ukrainian refugees.", 140000, "refugees", "Ukrainians", "more than", None),
        # a time after the count that is no rate
        ("More than 1,000 civilians were killed in the Bucha region during a month under Russian occupation.", 1000, "killed",
         "civilians", "more than", None),
        # a people that claims a count is its country
        ("Ukrainians say they have killed 11,000 Russian troops.", 11000, "killed", "troops", None, "Ukraine"),
        # a range claims at least its lower bound
        ("The war is now in its fourth week, with the United Nations estimating that some 7,000 to 15,000 Russian troops "
         "have been killed.", 7000, "killed", "troops", "some", "United Nations"),
        ("NATO this week also estimated that 7,000 to 15,000 Russian soldiers have died from fighting.", 7000, "killed",
         "troops", None, "NATO"),
        # a verb the model took for the noun counted
        ("More than 3.7 million have fled Ukraine since the war began, with more than 2.2 million crossing into Poland.",
         2200000, "refugees", "people", "more than", None),
        ("Poland received 1.2 million of those fleeing Ukraine, according to UNHCR data.", 1200000, "refugees", "people", None,
         "UNHCR"),
        # a counted noun that is the measure itself; a briefing reports; more nouns of people counted
        ("The UN human rights office said it had recorded 227 deaths, with 525 injured.", 227, "killed", "people", None, "OHCHR"),
        ("The UN refugee agency briefed Western countries on Wednesday that there were now an estimated 2.2 million refugees.",
         2200000, "refugees", "people", "an estimated", "UNHCR"),
        ("He pays tribute to two colleagues killed in Ukraine.", 2, "killed", "colleagues", None, None),
        ("Grossi said two security personnel were injured.", 2, "injured", "personnel", None, "Grossi"),
        # casualties and lives counted, a nationality counted, "a million"
        ("The invasion has claimed over 1,000 civilian casualties so far, according to the United Nations.", 1000, "killed",
         "civilians", "over", "United Nations"),
        ("Five Ukrainians have also lost their lives after a military plane was shot down.", 5, "killed", "Ukrainians", None, None),
        ("The attack claimed 20 lives, the mayor said.", 20, "killed", "people", None, "mayor"),
        ("The war has killed nearly a million Americans.", 1000000, "killed", "Americans", "nearly", None),
        # who says it before whose report says so
        ("Ukraine Interior Ministry adviser Anton Herashchenko said Tuesday that rocket strikes in Kharkiv left 10 people dead "
         "and 35 injured, according to CNN.", 35, "injured", "people", None, "Anton Herashchenko"),
        # a count a claim verb takes as its object is claimed by the verb's subject
        ("The United Nations has recorded 726 civilian deaths and 1,174 injuries in Ukraine since Russia invaded.", 726,
         "killed", "civilians", None, "United Nations"),
        # counts the model labels otherwise, or leaves its "a" outside
        ("More than two and a half million refugees have fled Ukraine, the U.N. said.", 2500000, "refugees", "people",
         "more than", "United Nations"),
        ("Poland has taken in a million refugees, the agency said.", 1000000, "refugees", "people", None, "agency"),
    ],
)
def test_figures(extract_text, text, count, measure, group, qualifier, claimant):
    x = extract_text(text, published=WED)
    n = names(x)
    got = {(f.count, f.measure, f.group, f.qualifier, n.get(f.claimant)) for f in x.figures}
    assert (count, measure, group, qualifier, claimant) in got, got


def test_population_and_vote_counts_are_not_figures(extract_text):
    x = extract_text("Kharkiv, a city of about 1.5 million people, voted 141 to five. Some 15,000 Russian soldiers are approaching.")
    assert x.figures == ()


@pytest.mark.parametrize(
    "text",
    ["\"No one is being killed,\" he said.",
     "In other groups, Biden's lost 21 points among young adults.",
     "The actor died at 84 in his home in Kyiv.",
     "Half of Ukraine's 7.5 million children have been displaced, the agency said.",
     "A mother of two was arrested in Moscow.",
     "We always said he was like a cat with nine lives.",
     "Times photographer Lynsey Addario captured a widely viewed image of the four civilians.",
     "More than 1,800 people are still dying from Covid every day in the United States on average.",
     "People know nothing of the Holodomor, which was Stalin's planned famine in Ukraine that killed over 10 million people.",
     "Letting Russians kill 200 or 300 or 400 children?\u201d he asked.",
     "The U.S. will welcome up to 100,000 refugees from Ukraine, Biden said.",
     "At least 15 died in the cold last year, the charity said.",
     "Since 2014, more than 13,000 people have been killed in the Donbas.",
     "In 1994, I was a young journalist. When the fighting ended in Rwanda, 800,000 people were dead.",
     # a pledge is no count of people who fled; a year before the article's in the clause is another era
     "Canada announced its plan to accept up to 100,000 refugees from Ukraine.",
     "On Sept. 29-30, 1941, Nazi squads executed 33,000 Jews at Babyn Yar.",
     # the Capitol riot is another event; a family's size; a vote's tally is no loss of people
     "His incitement of the Jan. 6 assault on the Capitol killed five people, including a police officer.",
     "The 45-year-old lives with his wife, three children and mother in the complex.",
     "Trump, despite losing the election by 7 million votes nationally and 306-232 in the Electoral College, became the first.",
     # a span of a century; the sentence before set in an earlier year; a participle of a past event's clause
     "Many are unaware that some 100 million people have been killed by communist parties over the last century.",
     "We were embedded with the lead Marine company in the battle of Fallujah in Iraq in 2004. Three Marines were killed, "
     "18 injured, just in our unit.",
     "Malaysia Airlines Flight 17 was shot down over eastern Ukraine on July 17, 2014, killing 298 people aboard.",
     # a narrative set in an earlier year goes on through its counts; a time "ago" in another year
     "The Aug. 26, 2021 suicide bombing outside the airport in Kabul took the lives of 13 U.S. service members. Eighteen other "
     "U.S. service members were wounded. The bombing also left more than 150 civilians dead.",
     "The Kabul airport bombing just seven months ago killed 13 soldiers.",
     # the pronoun "one", a name's numeral, an army crossing a border
     "The FSB said Vovk used a license plate to enter Russia before switching to a Ukrainian one to cross into Estonia.",
     "President Joe Biden leaves Air Force One as he arrives at Warsaw Chopin Airport, in Warsaw, Poland.",
     "Some 100,000 Russian troops crossed into Ukraine on Thursday.",
     # a rate is no count of people; a border crossing is no one who crossed
     "The situation is very difficult: we're losing 60 to 100 soldiers per day, Zelenskiy said.",
     "Drivers waited for hours at the 12 border crossing points into Poland.",
     # the consequence of what could happen
     "The war could force millions to flee, displacing up to 5 million people."],
)
def test_ages_parts_questions_plans_and_other_eras_are_not_figures(extract_text, text):
    x = extract_text(text, published=WED)
    assert x.figures == (), [(f.count, f.measure) for f in x.figures]


@pytest.mark.parametrize(
    ("text", "published", "day"),
    [("Officials said Tuesday that rocket strikes left 10 people dead.", WED, date(2022, 3, 1)),
     ("More than 1 million people have fled Ukraine, the United Nations said.", WED, WED),
     ("More than 1 million people have fled Ukraine, the United Nations said.", None, None)],
)
def test_a_figure_is_dated_by_its_words_else_by_the_article(extract_text, text, published, day):
    x = extract_text(text, published=published)
    assert {f.date for f in x.figures} == {day}


def test_a_figure_in_a_quotation_is_its_speaker_s_claim(extract_text):
    text = "\u201cThey have killed over 100 children,\u201d Ukrainian President Volodymyr Zelenskyy said."
    x = extract_text(text, published=WED)
    n = names(x)
    assert {(f.count, n.get(f.claimant)) for f in x.figures} == {(100, "Volodymyr Zelenskyy")}


@pytest.mark.parametrize(
    ("text", "place"),
    [("Poland received 1.2 million of those fleeing Ukraine, according to UNHCR data.", "Poland"),
     ("Russian shelling killed 10 people in Kharkiv on Tuesday.", "Kharkiv")],
)
def test_a_figure_s_place(extract_text, text, place):
    x = extract_text(text, published=WED)
    n = names(x)
    assert {n.get(f.place) for f in x.figures} == {place}


def test_the_reporting_frame_goes_on_into_the_next_sentence(extract_text):
    x = extract_text("The governor said 21 people were killed. Another 112 were injured.\n\nAt least 40 homes burned down.",
                     published=WED)
    n = names(x)
    assert [(f.count, n.get(f.claimant)) for f in x.figures][:2] == [(21, "governor"), (112, "governor")]


def test_a_new_event_in_the_next_sentence_is_the_writer_s(extract_text):
    """The frame goes on with counts told of themselves, not with what the next sentence tells some other subject did."""
    x = extract_text("The office said 801 civilians were injured. The attack has prompted 1.7 million Ukrainians to flee "
                     "the country.", published=WED)
    n = names(x)
    assert [(f.count, n.get(f.claimant)) for f in x.figures] == [(801, "office"), (1_700_000, None)]


def test_a_figure_told_again_is_one_figure_claimed_where_a_telling_claims_it(extract_text):
    x = extract_text("4 US Marines killed in crash in Norway\n\nFour US Marines were killed when their aircraft crashed, "
                     "the Norwegian military said. The 4 Marines killed were on a training exercise.", published=WED)
    n = names(x)
    assert [(f.count, f.measure, n.get(f.claimant)) for f in x.figures if f.count == 4] == [(4, "killed", "Norwegian military")]


def test_a_bare_number_retelling_a_figure_is_the_same_figure(extract_text):
    x = extract_text("An entire garrison of 13 Ukrainian border guards was killed on Snake Island. They held their ground. "
                     "All 13 were killed.", published=WED)
    assert [(f.count, f.measure, f.group) for f in x.figures] == [(13, "killed", "troops")]


def test_the_participle_after_the_second_number_is_its_own(extract_text):
    x = extract_text("There have been at least 127 civilian casualties in Ukraine, including 25 people killed and 102 "
                     "wounded as a result of shelling.", published=WED)
    assert {(f.count, f.measure) for f in x.figures} >= {(25, "killed"), (102, "injured")}


def test_the_speaker_the_parse_left_without_its_verb(extract_text):
    x = extract_text("At least 40 people have been killed so far in Russia's attack on Ukraine, Oleksiy Arestovich, an "
                     "adviser to Ukrainian President Volodymyr Zelenskyy, said Thursday.", published=WED)
    assert [(f.count, names(x).get(f.claimant)) for f in x.figures] == [(40, "Oleksiy Arestovich")]


def test_who_claims_to_have_killed(extract_text):
    x = extract_text("Russia said it targeted a military train and claimed to have killed more than 200 Ukrainian reservists.",
                     published=WED)
    assert [(f.count, f.group, names(x).get(f.claimant)) for f in x.figures] == [(200, "troops", "Russia")]
    # not who "is said to have" killed: the speaker is not named
    x = extract_text("The Russian forces are said to have killed 200 Ukrainian soldiers.", published=WED)
    assert [(f.count, f.claimant) for f in x.figures] == [(200, None)]


def test_the_reporter_of_a_coordinated_clause_is_its_own(extract_text):
    # the speaker the parse took into the clause before is not that clause's subject
    x = extract_text("But Russian forces have continued shelling the region's largest city, Kharkiv, and the presidency "
                     "said six people were wounded Friday.", published=WED)
    assert [(f.count, f.claimant) for f in x.figures] == [(6, None)]


def test_the_children_a_death_toll_includes(extract_text):
    x = extract_text("The death toll from a Russian rocket attack on a train station climbed to 25, including at least two "
                     "children, Ukrainian authorities said Thursday.", published=WED)
    assert sorted((f.count, f.measure, f.group) for f in x.figures) == [(2, "killed", "children"), (25, "killed", "people")]


def test_what_the_counted_did_next(extract_text):
    x = extract_text("The Russian defense ministry said 265 Ukrainian militants have laid down arms and surrendered.",
                     published=WED)
    assert [(f.count, f.measure, f.group) for f in x.figures] == [(265, "captured", "troops")]
    # not a verb with its own words before it
    x = extract_text("In Kharkiv region, regional officials said five people were hospitalised and in Donetsk seven were "
                     "killed.", published=WED)
    assert (5, "killed") not in {(f.count, f.measure) for f in x.figures}


def test_the_speaker_of_a_participle_is_the_subject_above_it(extract_text):
    x = extract_text("Ukraine has rejected Russian claims that any military target was hit, saying the attack, which took "
                     "place hundreds of kilometres from the frontlines, killed at least 23 people.", published=WED)
    assert [(f.count, names(x).get(f.claimant)) for f in x.figures] == [(23, "Ukraine")]


def test_a_rate_that_opens_its_clause_is_no_count(extract_text):
    assert extract_text("Every day, about 100 Ukrainian soldiers are killed.", published=WED).figures == ()
    assert extract_text("Up to 100 of the country's soldiers were dying in combat each day.", published=WED).figures == ()


def test_who_publishes_a_list_of_the_dead_claims_it(extract_text):
    x = extract_text("The UN released figures showing 400 civilians killed.", published=WED)
    assert [(f.count, names(x).get(f.claimant)) for f in x.figures] == [(400, "United Nations")]
