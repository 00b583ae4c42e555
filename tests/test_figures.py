"""Tests for figure extraction and cross-outlet claims (analysis.quantities, analysis.figures)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

from analysis.article import Article
from analysis.figures import (CLAIM_COLUMNS, FIGURE_COLUMNS, FigureParams, claims_summary, claims_table, claims_tables,
                              figures_table, mark_shared_figures, write_tables)
from analysis.quantities import extract_figures, normalise_subject

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIX = Path(__file__).parent / "fixtures" / "figures"


def one(text: str):
    figs = extract_figures(text)
    assert len(figs) == 1, [(f.text, f.value) for f in figs]
    return figs[0]


# ------------------------------------------------------------- extraction
@pytest.mark.parametrize("text,value,unit", [
    ("They arrested 35,000 people.", 35000, "count"),
    ("The index closed at 1,463.87 points.", 1463.87, "count"),
    ("It cost $1.5 billion last year.", 1.5e9, "USD"),
    ("It cost $ 1.5 billion last year.", 1.5e9, "USD"),
    ("A fine of €3bn was imposed.", 3e9, "EUR"),
    ("It raised 12 mln dollars.", 12e6, "USD"),
    ("Sales reached £4.2m in May.", 4.2e6, "GBP"),
    ("It paid 333.6 million yen for the fish.", 333.6e6, "JPY"),
    ("It paid 500 USD for the car.", 500, "USD"),
    ("Exports fell 7% on the year.", 7, "%"),
    ("Exports fell 7 per cent on the year.", 7, "%"),
    ("Exports fell 7 percent on the year.", 7, "%"),
    ("There were two mosques.", 2, "count"),
    ("About a dozen planes arrived.", 12, "count"),
    ("The rod was 72.7 metres long.", 0.0727, "km"),
])
def test_values_and_units(text, value, unit):
    f = one(text)
    assert f.value == pytest.approx(value)
    assert f.unit == unit
    assert text[f.start:f.end] == f.text


def test_miles_are_normalised_to_km():
    f = one("It shares nearly 700 miles of border with Ukraine.")
    assert f.unit == "km" and f.kind == "measure"
    assert f.value == pytest.approx(700 * 1.609344)
    assert f.raw_value == 700 and f.raw_unit == "miles"
    assert f.subject == "border"
    assert f.qualifier == "~" and f.low < f.value and f.high == pytest.approx(f.value)


def test_range_gets_scale_on_both_ends():
    f = one("Turnover will reach $44-45 billion this year.")
    assert (f.low, f.high) == (44e9, 45e9)
    assert f.qualifier == "range" and f.unit == "USD"
    f = one("There are 1 to 2 thousand people.")
    assert (f.low, f.high) == (1000, 2000)


def test_figure_text_starts_at_its_qualifier_not_at_of():
    f = one("a sampling of around 3.5 million households")
    assert f.text == "around 3.5 million" and f.qualifier == "~"
    assert (f.low, f.high) == pytest.approx((3.15e6, 3.85e6))


def test_range_with_about_is_widened():
    f = one("Turnover will reach about $44-45 billion this year.")
    assert f.low < 44e9 and f.high > 45e9 and f.text.startswith("about")


@pytest.mark.parametrize("text,q,low,high", [
    ("involving as many as 200,000 troops", "<=", 0, 200000),
    ("involving up to 200,000 troops", "<=", 0, 200000),
    ("more than 30,000 Russian troops gathered", ">", 30000, math.inf),
    ("at least 30,000 troops gathered", ">=", 30000, math.inf),
    ("about 200,000 troops took part", "~", 180000, 220000),
    ("around 200,000 troops took part", "~", 180000, 220000),
    ("nearly 200,000 troops took part", "~", 180000, 200000),
    ("fewer than 50 troops took part", "<", 0, 50),
])
def test_qualifiers_become_intervals(text, q, low, high):
    f = one(text)
    assert f.qualifier == q
    assert f.low == pytest.approx(low) and f.high == pytest.approx(high)
    assert f.subject_norm == "troops"


@pytest.mark.parametrize("text,low,high", [
    ("They will get dozens of combat jets.", 24, 120),
    ("These are several dozen helicopters.", 36, 120),
    ("Hundreds of people marched.", 200, 1000),
    ("Thousands of demonstrators were beaten.", 2000, 10000),
    ("That is maybe tens of millions of dollars.", 1e7, 1e8),
])
def test_vague_plurals_are_ranges(text, low, high):
    f = one(text)
    assert (f.low, f.high) == (low, high)


def test_fractions():
    f = one("Almost half of the voters stayed home.")
    assert f.qualifier == "~" and f.high == pytest.approx(50) and f.low < 50
    assert one("It is 1/16 of a pint.").raw_value == pytest.approx(1 / 16)
    f = one("Two-thirds of voters stayed home.")
    assert f.kind == "percent" and f.value == pytest.approx(200 / 3)
    assert extract_figures("In the first half of the year sales rose.") == []


@pytest.mark.parametrize("text", [
    "It may buy S-400 missile systems and TOR-M2 launchers.",
    "A Belarussian T-72B3 Main Battle Tank.",
    "The Zapad 2021 exercise followed one in 2017.",
    "They met on September 9, 2021 and again on Feb. 24.",
    "The talks start at 12:30 pm and end at 5 p.m.",
    "He was elected to a sixth term and came 22nd.",
    "See https://t.co/hSupGpGwx5 or www.example.com/2021/09/13 for more.",
    "Call +1 202 555 0143 for details.",
    "Belarus is Russia's number one ally.",
    "It happened in the 1990s.",
    "The 2014-15 season.",
    "The court issued a 5-4 decision and the home side won 2-1.",
    "The office is at 575 Wilbraham Road, near 22 Ave Foch.",
    "We met at 3 o'clock.",
    "Part two of the law tells providers what to do, under Article 5 and phase 3 rules.",
    "The 9/11 attacks changed air travel; the helpline is open 24/7.",
    "Spotify rescinds its policy ### 1 / 3 ### Back to Gallery ###",
    "Add your two cents: was it a baker's dozen, or the whole nine yards? They left one by one.",
    "Player ratings ### David de Gea – 6 – Made fine saves. ### Ander Herrera: 4 Started the game and limped off.",
    "May 31, 201906:37 ### The odds were 3:1 against.",
    "Trump meets Putin ### 12 Comments ### Shares 1.2K ### Slideshow (3 Images) ### 1 of 12 ###",
    "By Jane Doe, CNN ### Updated 2 days ago ### Leaders of the G20 will meet.",
    "",
    "   \n  ",
])
def test_not_figures(text):
    assert extract_figures(text) == [], [(f.text, f.value) for f in extract_figures(text)]


def test_model_names_do_not_hide_real_figures():
    figs = extract_figures("Belarus will buy more than $1 billion worth of weaponry, including S-400 systems.")
    assert [f.text for f in figs] == ["more than $1 billion"]
    assert figs[0].subject_norm == "weapons"


def test_year_with_unit_is_a_figure():
    assert one("The 1520 sq m medical centre opened.").unit == "km2"


def test_subjects_and_synonyms():
    figs = extract_figures("The drill involves 200,000 troops, 80 aircraft, 760 armored vehicles and 15 warships.")
    assert [f.subject_norm for f in figs] == ["troops", "aircraft", "vehicle", "ship"]
    assert normalise_subject("combat jets") == normalise_subject("warplanes") == normalise_subject("planes")
    assert normalise_subject("soldiers") == normalise_subject("troops")
    assert normalise_subject("weaponry") == normalise_subject("arms") == "weapons"


def test_money_subjects():
    assert one("Moscow granted Belarus a new $ 1.5 billion loan.").subject_norm == "loan"
    assert one("It will buy $1 billion worth of weapons.").subject_norm == "weapons"


def test_quotation_and_speaker():
    text = ('Lukashenko met Putin. “It is, indeed, about a dozen planes,” Lukashenko said. '
            'Officials counted 15 warships.')
    figs = extract_figures(text)
    assert figs[0].quoted and figs[0].speaker == "Lukashenko"
    assert not figs[1].quoted and figs[1].speaker == ""
    f = one('Andreichenko said: "Today we reviewed 28 union programs."')
    assert f.quoted and f.speaker == "Andreichenko"


def test_sentence_and_offsets():
    text = "First sentence here. The army sent 15 warships north. Last one."
    f = one(text)
    assert f.sentence == "The army sent 15 warships north."
    assert text[f.sentence_start:f.sentence_start + len(f.sentence)] == f.sentence


def test_ranges_across_units():
    f = one("The limit is between 15kHz and 17kHz.")
    assert (f.raw_low, f.raw_high) == (15, 17) and f.unit == "Hz"
    f = one("Trade could see a five per cent to 20 per cent rebound.")
    assert (f.low, f.high) == (5, 20)
    # a change is two figures, not a range
    assert len(extract_figures("Horsepower jumped from 240 hp to 273 hp.")) == 2
    assert one("Flats are priced from $120,000 to $300,000.").qualifier == "range"


def test_change_direction():
    figs = extract_figures("Nvidia rose 8% while energy fell 0.94%.")
    assert [f.change for f in figs] == ["up", "down"]


@pytest.mark.parametrize("text,changes", [
    # the level a rise or fall reached is no change; a temperature reached is a temperature, not a difference
    ("Oil climbed to $80 a barrel and the yen fell to 150.", ["", ""]),
    # a rise or fall said after a comma, after the figure, or with the thing changed between verb and "by"
    ("Exports were 4 million tons, down 12% on the year, and wages rose, up 3 cents.", ["", "down", "up"]),
    ("The CAC 40 ended 31 points higher at 5,400.", ["up", ""]),
    ("Three lower courts agreed.", [""]),
    ("The bank raised its main rate by 0.5 percentage points.", ["up"]),
    # a sign is a change ("FTSE -0.6%"), the word "minus" gives a level below zero
    ("The deposit rate stays at minus 0.5%; the DAX -1.2%.", ["", "down"]),
    # the same change said again in other terms
    ("The index lost 310 points, or 2.4%, and gold gained $12 (0.9%).", ["down", "down", "up", "up"]),
])
def test_change_wording(text, changes):
    assert [f.change for f in extract_figures(text)] == changes
    if "climbed to" in text:
        assert extract_figures("Temperatures climbed to 38C on Friday.")[0].unit == "°C"


@pytest.mark.parametrize("text,values", [
    # a list of set scores is no range ("1-6" beside "6-4"); a list of age brackets is
    ("Halep won 6-4, 1-6, 6-3 in two hours.", [2]),
    ("Those aged 18-29, 30-44 and 45-64 were asked.", [(18, 29), (30, 44), (45, 64)]),
    # a margin either way is not a negative number; "minus" alone is
    ("The margin of error is plus or minus 2.8 points, or +/-3 in the second poll; it was minus 4 degrees.",
     [2.8, 3, -4]),
    # a duration in parts ends where a part is not smaller than the one before
    ("She won in one hour, 12 minutes and 5 seconds, 40 seconds ahead of the rest.",
     [pytest.approx(1 + 12 / 60 + 5 / 3600), 40]),
    # a name with a number in it after "the"; a count of people named by their group stays
    ("Airlines grounded the 737 Max and the 300 Tory MPs met at the 100 Club.", [300]),
    ("In 48 hours, the 120 Syrian refugees had arrived.", [48, 120]),
    # a capitalised word ending in "s" names a product too; a count of a group stays
    ("Support for Windows 10 will end next year; Beats 1 radio has 10 million listeners.", [10e6]),
    ("The Senate: Democrats 47, Republicans 53; among Republicans 52 voted yes.", [47, 53, 52]),
    ("The Democrats 47 seats and the Republicans 53 were counted; Officials said 12 were hurt.", [47, 53, 12]),
    # written high to low, two shares are a tally, not a range
    ("Labour leads 41% to 35%, within the 38%-42% band.", [41, 35, (38, 42)]),
])
def test_scores_margins_parts_and_names(text, values):
    assert _as_written(text) == values


def _as_written(text: str) -> list:
    """Each figure's number as written: its value, or its two ends for a range."""
    return [(f.raw_low, f.raw_high) if f.raw_low != f.raw_high else f.raw_value for f in extract_figures(text)]


@pytest.mark.parametrize("text,values", [
    # number words: "of" between two numbers joins two counts; "zero" only as a reading
    ("Three of four voters agree.", [3, 4]),
    ("It takes between seven and ten years.", [(7, 10)]),
    ("It took two hundred and fifty days, and one and a half million people came.", [250, 1.5e6]),
    ("The car goes from 0 to sixty-two mph.", [(0, 62)]),
    ("The vehicle goes from zero to 100 km/h in 4 seconds.", [(0, 100), 4]),
    ("Emissions fell to zero last year.", [0]),
    ("Zero tolerance is the policy.", []),
    # fractions in words, of a scale, as Unicode, and mixed numbers
    ("Sales fell by a fifth since January.", [pytest.approx(0.2)]),
    ("Two-fifths of the budget goes on health.", [pytest.approx(0.4)]),
    ("More than a quarter of a million people signed the petition.", [250000]),
    ("The economy grew ½ per cent in the first quarter.", [0.5]),
    ("The board measures 3½ inches.", [3.5]),
    ("Sales rose 3 1/2 percent last quarter.", [3.5]),
    ("A couple of thousand people came.", [2000]),
    ("A few hundred people gathered.", [(200, 1000)]),
    ("The debt stands at 1.5 trln yuan.", [1.5e12]),
    # ordinals are not shares
    ("They won a fifth straight title.", []),
    ("He was re-elected for a third term.", []),
    # negatives written as words
    ("Temperatures dropped to minus 20 degrees Celsius.", [-20]),
    # a rise, then the level reached; a tally: two figures, not a range
    ("Shares rose 5p to 120p.", [5, 120]),
    ("Its market value has fallen by $100bn to $300bn since January.", [100e9, 300e9]),
    ("The bill passed by a vote of 68 to 32.", [68, 32]),
    # ...while these stay ranges
    ("Prices rose 2 to 3 percent.", [(2, 3)]),
    ("Sales grew 10%-15% last year.", [(10, 15)]),
    ("It costs $10 to $20.", [(10, 20)]),
    # pence at the end of a sentence
    ("It fell 3p.", [3]),
    # a span of time before now in running text is a figure; a clock's "ago" is not
    ("Apollo 11 landed on the moon 50 years ago.", [50]),
    ("Ten years ago the company had just 50 employees.", [10, 50]),
    ("Four hours ago police said the suspect had been detained.", []),
    ("Posted 3 days ago", []),
    # a four-digit number that could be a year but counts something
    ("The company said it would hire 1500 new workers.", [1500]),
    ("Almost 2000 people attended the rally.", [2000]),
    ("The town has a population of 1200.", [1200]),
    ("Gold rose 0.5 per cent to 1511 an ounce.", [0.5, 1511]),
    # ...and years
    ("In 1850 settlers arrived; around 2010 the firm moved, and its 2018 sales fell.", []),
    # an age after a name, in text stripped of its commas
    ("Nick Hague 44 has spent the last 200 days in space.", [44, 200]),
    ("Joe Maddon 66 has used the downtime to get in better shape, but Covid 19 has killed 2,000.", [66, 2000]),
    # a name, a colon and a mark opens a line of player ratings; a colon before a count does not
    ("The verdict: 3 people were hurt.", [3]),
    # labels: the number names a route, a flight, a ballot measure
    ("Bus route 38 will be diverted and passengers on flight 370 were never found.", []),
    ("Voters backed proposition 22 by a wide margin.", []),
    # stock indices named in lower case; street addresses with an ordinal; a size after a model name
    ("the ftse 100 fell 20 points and the nikkei 225 rose 1%.", [20, 1]),
    ("In Europe: Stoxx 50 -1.3% FTSE -0.6%.", [-1.3, -0.6]),
    ("The S&P/ASX 200 index rose 0.3 percent.", [0.3]),
    ("The flat at 350 5th Ave sold for $2m.", [2e6]),
    ("The MacBook Pro 16 inch is worth $2,000; the iPhone 12 Mini costs $699.", [16, 2000, 699]),
    # a glued "m" is millions after a word of money (the currency sign lost), metres after a word of length
    ("The firm said profits were 12.4m, up from 9.1m.", [12.4e6, 9.1e6]),
    ("The tower is 300m tall and cost 45m to build.", [300, 45e6]),
    ("The fee for the 100m runner was 2m.", [100, 2e6]),
    ("The sale of 1200 homes was approved.", [1200]),
    # "one-" before a unit measures; before anything else it is a word ("one-off", "one-time")
    ("The one-year-old boy was unhurt after the one-day match.", [1, 1]),
    ("The firm reported a one-time charge in a one-off deal.", []),
    ("The results showed one in every five users quit.", [pytest.approx(0.2)]),
    # currency codes before the number in lower-cased text; "PS" for "£" as some exports write it, not "PS4"
    ("heineken rose 18 sen to rm23.50 and the villa sold for $us5,931,000.", [18, 23.5, 5931000]),
    ("Sony sold 100 million PS4 consoles; flights cost PS21,700.", [100e6, 21700]),
])
def test_numbers_as_written(text, values):
    assert _as_written(text) == values


@pytest.mark.parametrize("text,values", [
    # a headline in title case: connectors and "of" in capitals
    ("Savings Ranging From $200,000 To $414 Million For Preserving Natural Assets.", [(200000, 414e6)]),
    ("It Is 1/16 Of A US Pint And Amazon Has 35m Of Its Echo Devices In Homes.", [1 / 16, 35e6]),
    ("One Out Of Three Germans Have Housing Problems.", [pytest.approx(1 / 3)]),
])
def test_title_case_reads_as_running_text(text, values):
    assert _as_written(text) == values


@pytest.mark.parametrize("text,values", [
    # page furniture, timestamps, phone numbers, scores and labels on real pages: no figures
    ("Updated 1:45 pm, Friday, June 1, 2018 ###", []),
    ("Update June 2 at 7:15 a.m. ET: Adds comment from the ministry.", []),
    ("Posted: Tue 12:34 PM, Jun 05, 2018 | Updated: Tue 6:10 PM, Jun 05, 2018", []),
    ("By John Smith, AP | Published 2 hours ago | 3 min read", []),
    ("Watch: Iran's foreign minister speaks to reporters (2:14)", []),
    ("For more information call 1-800-273-8255 or visit the website.", []),
    ("The Warriors won 121-104 and lead the series 3-1.", []),
    ("The pair will hold their first one-on-one talks since the G20 summit in Hamburg.", []),
    # ...while the figures beside names and labels stay
    ("Leaders of the Group of 20 major economies meet for two days of talks.", [2]),
    ("Ukraine has asked for at least 24 F-16 fighter jets.", [24]),
    ("NATO's Article 5 commits all 29 members to defend an ally.", [29]),
    ("Photo 3 of 12: more than 1,000 homes have burned.", [1000]),
    ("Suite 210 at the hotel costs $900 a night.", [900]),
    ("The storm strengthened into a Category 4 hurricane with winds of 130 mph.", [130]),
    # a picture standard is no number; megapixels are a unit
    ("The camera has a 48MP sensor and records 4K video; the film was shot in 4K.", [48]),
    # "per billion" names a unit
    ("Lead reached 27 parts per billion, above the 15 ppb action level.", [27, 15]),
    # a share whose counted noun was said before: "(that) one in five had", "3 in 10 say"
    ("A survey of 1,500 people found that one in five had been scammed.", [1500, pytest.approx(0.2)]),
    ("Of those asked, 3 in 10 say they will move.", [pytest.approx(0.3)]),
    ("He scored 3 in 10 games.", [3, 10]),
    ("Nearly 4 in 10 civil servants and 1 in 5 young adults agree; he scored 3 in 10 home games.",
     [pytest.approx(0.4), pytest.approx(0.2), 3, 10]),
    # a clause that opens on a place, its comma lost, then a count
    ("In Ohio 12 schools closed. Across Europe 27 countries signed.", [12, 27]),
    ("The firm sold 63000 Model 3 sedans.", [63000]),
    # several labels listed after a plural label noun
    ("The M25 was closed between junctions 10 and 11 for 14 hours; read chapters 3, 4 and 5.", [14]),
    ("Exits 4 to 6 were shut, and 2 and 3 lanes stayed open.", [2, 3]),
    ("The firm sold items 10 to 20 percent cheaper.", [(10, 20)]),
    # a rate written as one word is a figure ("-a-" of "5-a-side" joins an idiom)
    ("Ministers announced a £3,000-a-year bonus and a £200-a-week rent cap for 5-a-side pitches.", [3000, 200]),
    # "N in M of the ...": a share
    ("Nine in 10 of the country's 3.4 million firms have fewer than 10 staff.", [pytest.approx(0.9), 3.4e6, 10]),
    # a count, then the airliner model it counts; thousands set apart by a space or a narrow no-break space
    ("Boeing delivered 30 737 jets and 12 787 Dreamliners; the plant made 250 000 tonnes and 1\u202f200 cars.",
     [30, 12, 250000, 1200]),
    # scale words applied without binary noise: 4.1bn is 4100000000
    ("Sales were 4.1bn yuan, and C$4.1 billion, or 2.3 to 4.1 billion.", [4.1e9, 4.1e9, (2.3e9, 4.1e9)]),
])
def test_pages_names_and_shares(text, values):
    assert _as_written(text) == values


@pytest.mark.parametrize("text,units", [
    # a change written as two figures names its unit once, after the level reached: the first borrows it
    ("Revenue rose from 2.1 to 2.9 million euros.", [(2.1e6, "EUR"), (2.9e6, "EUR")]),
    ("Unemployment fell from 3.8 to 3.6 percent.", [(3.8, "%"), (3.6, "%")]),
    ("Horsepower jumped from 240 to 273 hp.", [(240, "kW"), (273, "kW")]),
    # ...but not a scale that would make it a different order of magnitude, nor a noun
    ("Its population grew from 900,000 to 1.2 million.", [(900000, "count"), (1.2e6, "count")]),
    ("It went from 5 to 7 people.", [(5, "count"), (7, "count")]),
])
def test_change_from_borrows_the_unit_of_the_level(text, units):
    assert [(f.raw_value, f.unit) for f in extract_figures(text)] == units


def test_heights_in_feet_and_inches_and_basis_points():
    # a height written in feet and inches is one length, as "2 hours and 10 minutes" is one duration
    f = one("The suspect is 5ft 10in tall.")
    assert f.text == "5ft 10in" and f.value == pytest.approx(1.778e-3)
    assert [f.text for f in extract_figures("The wall is 10 feet and 3 inches were added.")] == ["10 feet", "3 inches"]
    # "in" after a tally is no inch
    assert extract_figures("They won 2-1 in extra time.") == []
    # a basis point is a hundredth of a percentage point
    assert [f.value for f in extract_figures("The bank cut rates by 50bp, or 0.5 percentage points.")] == [0.5, 0.5]


def test_numbers_after_names_in_title_case_lists_stay_names():
    # related-headline lists and station names on real pages: "BBC Radio 6 Music", "... Passengers Buzz 60"
    assert extract_figures("BBC Radio 6 Music ### The Most Annoying Types Of Airline Passengers Buzz 60 ###") == []


@pytest.mark.parametrize("text,value,unit", [
    ("About 10 000 people marched.", 10000, "count"),
    ("Some 10\u202f000 people marched in 2019.", 10000, "count"),
    ("The price is R2.5 billion.", 2.5e9, "ZAR"),
    ("It cost R1,500 to fix the R2-D2 droid.", 1500, "ZAR"),
    ("He earned KSh 50,000 a month.", 50000, "KES"),
    ("He ran three 100m races.", 100, "km"),
])
def test_thousands_apart_and_more_currencies(text, value, unit):
    figs = [f for f in extract_figures(text) if f.raw_value == value]
    assert len(figs) == 1 and figs[0].unit == unit, [(f.text, f.raw_value, f.unit) for f in extract_figures(text)]


@pytest.mark.parametrize("text,unit", [
    ("It cost 1.2 million pounds.", "GBP"),
    ("The club paid 500 pounds for the tickets.", "GBP"),
    ("He weighs 200 pounds.", "kg"),
    ("The fish weighed 1.2 million pounds in all.", "kg"),
])
def test_pounds_of_money_and_of_weight(text, unit):
    assert [f.unit for f in extract_figures(text)] == [unit]


def test_a_common_word_is_no_currency_code():
    assert [f.unit for f in extract_figures("We will try 5 times.")] == ["count"]


def test_currency_codes_in_any_case():
    assert [f.unit for f in extract_figures("heineken rose 18 sen to rm23.50, worth $us5,931,000 (PS21,700).")] == [
        "MYR-sen", "MYR", "USD", "GBP"]


@pytest.mark.parametrize("text", ["", "\x00\x01", "ünïcødé ✓ 🙂 ٣٤٥", "1" * 5000, "$" * 300,
                                  "more than " * 200, "- - - 1-2-3-4-5 ...", "a dozen " * 500])
def test_odd_text_does_not_crash(text):
    extract_figures(text)


# ------------------------------------------------------------- wording that bounds, moves or names a figure
@pytest.mark.parametrize("text,figure,qualifier", [
    # "no more than" is an upper bound, not "more than"
    ("Limit exposure to no more than 0.5 R per day.", "0.5", "<="),
    # "passed", "crossed", "past" a number: more than it; a vote that passed is a tally
    ("The death toll passed 350 on Monday.", "350", ">"),
    ("The index crossed 30,000 for the first time.", "30,000", ">"),
    ("The yen weakened past 112 per dollar.", "112", ">"),
    ("In the past 24 hours 12 people died.", "24", "="),
    ("The bill passed 232 to 196.", "232", "="),
    # "within": at most
    ("The asteroid will pass within 7.4 million km of Earth.", "7.4 million", "<="),
    # "over" as a verb's particle, or as the span a figure before it is spread over, is no "more than"
    ("The bus rolled over 25 times down a ravine.", "25", "="),
    ("The jury deliberated for about nine hours over two days.", "two days", "="),
    ("The scheme took $1.2 billion from investors over nine years.", "nine years", "="),
    ("He served over 20 years in prison.", "20", ">"),
    ("Children over five years old were tested.", "five", ">"),
])
def test_bounding_words_are_read_by_their_sense(text, figure, qualifier):
    fig = next(f for f in extract_figures(text) if figure in f.text)
    assert fig.qualifier == qualifier, (fig.text, fig.qualifier)


@pytest.mark.parametrize("text,figure,change", [
    # up to four words, or "an average of", between the verb and "by"
    ("The drug cut the risk of death by 20 percent.", "20", "down"),
    ("Readings fell by an average of 11 points.", "11", "down"),
    # money raised is an amount collected, not a rise; a dividend raised by 5 cents is a rise
    ("Saudi Aramco raised $25.6 billion in its listing.", "25.6", ""),
    ("The charity raised a quarter of a million pounds.", "quarter", ""),
    ("The firm raised its dividend by 5 cents.", "5", "up"),
])
def test_rise_and_fall_wording(text, figure, change):
    fig = next(f for f in extract_figures(text) if figure in f.text)
    assert fig.change == change, (fig.text, fig.change)


@pytest.mark.parametrize("text,odds", [
    ("The odds of winning the jackpot are 1 in 302.5 million.", 302.5e6),
    ("The odds of winning were one in 302,575,350.", 302575350),
    ("The chance of a direct hit was put at one in 10,000.", 10000),
])
def test_odds_are_one_share_whatever_their_size(text, odds):
    """"1 in 302.5 million" is one figure (a share), not a count of 1 and one of 302.5 million."""
    fig = one(text)
    assert fig.kind == "percent" and fig.value == pytest.approx(100 / odds)


def test_a_year_after_one_is_no_odds():
    assert [f.value for f in extract_figures("He won 1 in 2019 and 2 in 2020.")] == [1, 2]


def _rows(text: str) -> list[dict]:
    return figures_table([Article(article_id="a", text=text)]).to_dict("records")


@pytest.mark.parametrize("text,ages", [
    ("The former mayor died at 75 after a long illness, his family said.", [75]),
    ("The singer died at the age of 82 on Sunday.", [82]),
    ("He died aged 91 in hospital.", [91]),
    ("Hofeller died last August at age 75.", [75]),
    ("Two men, aged 19 and 23, were charged with murder.", [19, 23]),
    ("Serena Williams, 37, is seeking a 24th major title.", [37]),
    ("The woman, 52, pleaded guilty to two counts of theft.", [52]),
    ("The defendant, who turned 80 last month, was sentenced.", [80]),
    ("He is 45 years of age.", [45]),
    ("Turnout among voters aged 18 to 29 jumped to 36 percent.", [18]),
    # text scraped without its commas: a name, an age, what befalls a person or where they are from
    ("Smith 31 was charged with two counts of fraud.", [31]),
    ("Police said Jones 45 of Leeds was arrested.", [45]),
    ("Williams 29 and Brown 34 were named in the indictment.", [29, 34]),
    ("Nick Hague 44 has spent 200 days in space.", [44]),
])
def test_a_persons_age_is_an_age_not_a_count_of_people(text, ages):
    rows = _rows(text)
    got = [r["value"] for r in rows if r["unit"] == "years of age"]
    assert got == ages, rows
    assert not any(r["subject_norm"] == "people" and r["value"] in ages for r in rows)


@pytest.mark.parametrize("text,values", [
    # the model numbers of a name are no age, however the name is followed
    ("Interstate 95 was closed in both directions.", []),
    ("The Galaxy 20 and Galaxy 21 ran on 40 machines.", [40]),
    ("Liverpool 20 and Everton 18 drew on 40 occasions.", [40]),
])
def test_a_name_and_its_number_are_no_age(text, values):
    assert [r["value"] for r in _rows(text)] == values


@pytest.mark.parametrize("text,expected", [
    # a bound written after the number, or after its unit: the number keeps its scale, unit and noun
    ("It has sold 10m+ copies.", [(10e6, ">=", "copies")]),
    ("We have 20+ years of experience and 2,500 or more staff.", [(20, ">=", "experience"), (2500, ">=", "staff")]),
    ("He served 20 years or more; about 40 or so people came.", [(20, ">=", ""), (40, "~", "people")]),
    ("Voters aged 65 or over backed it, and groups of 3 people or fewer may meet.", [(65, ">=", ""), (3, "<=", "people")]),
    # a plus between digits is no bound
    ("The P5+1 talks lasted 3 hours.", [(3, "=", "")]),
])
def test_a_bound_after_the_number(text, expected):
    figs = extract_figures(text)
    assert [(f.raw_value, f.qualifier, f.subject) for f in figs] == expected
    for f in figs:
        assert text[f.start:f.end] == f.text and f.sentence == text
        if f.qualifier == ">=":
            assert f.low == f.value and f.high == math.inf
    assert extract_figures("We have 20+ years of experience.")[0].unit == "hour"


def test_counts_beside_commas_stay_counts():
    rows = _rows("In Ohio, 12 schools closed and 3 of them stayed shut.")
    assert [(r["value"], r["unit"]) for r in rows] == [(12, "count"), (3, "count")]


def test_a_place_after_a_drop_is_not_what_dropped():
    fig = next(f for f in extract_figures("Home sales fell, led by a 20.3 percent drop in Maine.") if f.value == 20.3)
    assert fig.subject != "Maine"
    fig = one("They saw a 5.1 percent decrease in response rates.")
    assert fig.subject == "response rates"


@pytest.mark.parametrize("text,subject", [
    ("The company will cut 1,200 factory and office jobs.", "factory and office jobs"),
    ("They found 12 boy and girl scouts.", "boy and girl scouts"),
    ("It sold 40 cars and trucks.", "cars"),
])
def test_nouns_joined_before_one_plural_head(text, subject):
    assert one(text).subject == subject


def test_a_count_beaten_or_shot_is_not_the_crowd():
    """The role in the noun ("protesters": they took part) is what they did only when nothing was done to them."""
    beaten = _rows("Police were filmed beating thousands of protesters in the capital.")[0]
    assert beaten["subject_norm"] == "people" and beaten["action"] != "attend"
    shot = _rows("Troops shot 12 protesters.")[0]
    assert shot["action"] != "attend"
    crowd = _rows("Organisers said 5,000 protesters marched.")[0]
    assert crowd["subject_norm"] == "people" and crowd["action"] == "attend"


@pytest.mark.parametrize("text,values", [
    ("The incidence rose to 12.4 cases per 100,000 people.", [12.4]),
    ("The infant mortality rate is 5.6 deaths per 1,000 live births.", [5.6]),
    ("Water costs $3 per 1,000 gallons, up 4 per cent.", [3, 4]),
])
def test_the_base_of_a_rate_is_no_figure(text, values):
    """"per 100,000 people" is the base of the rate before it, not a count of 100,000 people (which would
    line up with other counts of 100,000 people)."""
    assert [f.raw_value for f in extract_figures(text)] == values


def test_a_number_of_times_is_no_count_of_people():
    rows = _rows("The bus rolled over 25 times down a ravine, killing 17 passengers.")
    times = next(r for r in rows if r["value"] == 25)
    dead = next(r for r in rows if r["value"] == 17)
    assert times["subject_norm"] != "people" and times["qualifier"] == "="
    assert dead["subject_norm"] == "people" and dead["action"] == "kill"


# ------------------------------------------------------------- claims
def _articles():
    """Three retellings of one invented story (fixtures/figures/*.txt)."""
    return [Article(article_id=p.stem, text=p.read_text(encoding="utf-8"), outlet=p.stem.split("_")[1])
            for p in sorted(FIX.glob("*.txt"))]


def test_figures_table_columns_and_types():
    arts = _articles()
    df = figures_table(arts)
    assert list(df.columns) == FIGURE_COLUMNS
    assert df["start"].dtype == "int64" and df["value"].dtype == "float64"
    assert df["figure_id"].is_unique
    for r in df.itertuples():
        text = next(a.text for a in arts if a.article_id == r.article_id)
        assert text[r.start:r.end] == r.text


def test_table_intervals_are_the_numbers_the_wording_gives():
    df = figures_table([Article(article_id="x", text="It is, indeed, about a dozen planes.")])
    assert (df.loc[0, "low"], df.loc[0, "high"]) == (10.8, 13.2)


def test_claims_group_and_classify():
    arts = _articles()
    figs = figures_table(arts)
    claims = claims_table(figs, arts)
    assert list(claims.columns) == CLAIM_COLUMNS
    summ = claims_summary(claims)
    by = {}
    for r in claims.itertuples():
        by.setdefault(r.claim_id, set()).add((r.article_id, r.figure_text))
    status = dict(zip(summ.claim_id, summ.status))

    def claim_of(article_prefix, text):
        return next(c for c, m in by.items() if any(a.startswith(article_prefix) and t == text for a, t in m))

    # "about a dozen drones" vs "dozens of drones": disjoint intervals
    c = claim_of("a_", "about a dozen")
    assert claim_of("c_", "dozens") == c and status[c] == "conflict"
    # 9,000 vs about 9,000 vs as many as 9,000 sailors: overlap
    c = claim_of("a_", "9,000")
    assert claim_of("b_", "about 9,000") == c and status[c] == "compatible"
    # the loan and the purchase never meet
    assert claim_of("b_", "$2 billion") != claim_of("a_", "$2.5 billion")
    # the earlier, different, exercise is kept apart
    assert claim_of("c_", "1,500") != claim_of("a_", "9,000")
    # conflicts come first
    assert claims["status"].iloc[0] == "conflict"
    assert list(summ.columns)[:9] == ["claim_id", "subject", "unit", "status", "articles", "outlets",
                                      "independent", "low_min", "high_max"]


def test_a_copy_repeating_a_figure_is_not_an_independent_source():
    from analysis.overlap import find_overlap

    story = ("The navy said 40 warships took part in the drill off the northern coast on Monday, the largest "
             "exercise of its kind in a decade, with crews from three fleets working through the night while "
             "officials in the capital watched from a command ship anchored nearby in calm water.")
    arts = [Article("a", story, outlet="Wire"),
            Article("b", "Readers write in daily. " + story + " More on this later.", outlet="Copier"),
            Article("c", "Harbour officials counted 40 warships taking part in the naval drill in the north, "
                         "they told reporters at the port.", outlet="Local")]
    figs = figures_table(arts)
    overlap = find_overlap(arts)
    assert len(overlap.passages) == 1
    claims = mark_shared_figures(claims_table(figs, arts), figs, overlap.passages)
    row = claims[claims["figure_text"] == "40"].set_index("article_id").loc[:, ["claim_id", "shared_with"]]
    assert row.loc["a", "claim_id"] == row.loc["b", "claim_id"] == row.loc["c", "claim_id"]
    assert (row.loc["a", "shared_with"], row.loc["b", "shared_with"], row.loc["c", "shared_with"]) == ("b", "a", "")
    summ = claims_summary(claims).set_index("claim_id")
    assert summ.loc[row.loc["a", "claim_id"], ["articles", "independent"]].tolist() == [3, 2]
    # without the overlap stage every article counts
    alone = claims_summary(claims_table(figs, arts)).set_index("claim_id")
    assert alone.loc[row.loc["a", "claim_id"], "independent"] == 3


def test_publication_gap_separates_events():
    text = "The navy said 40 warships took part in the drill off the northern coast."
    a = Article("x", text, published="2020-01-01")
    b = Article("y", text.replace("40", "60"), published="2023-06-01")
    figs = figures_table([a, b])
    claims = claims_table(figs, [a, b])
    assert claims["claim_id"].nunique() == 2
    near = Article("y", b.text, published="2020-01-02")
    claims = claims_table(figures_table([a, near]), [a, near])
    assert claims["claim_id"].nunique() == 1 and claims["status"].iloc[0] == "conflict"
    # four days later the count may have changed: not a conflict, but listed apart with why
    later = Article("y", b.text, published="2020-01-05")
    claims, apart = claims_tables(figures_table([a, later]), [a, later])
    assert claims["claim_id"].nunique() == 2 and "conflict" not in set(claims["status"])
    assert len(apart) == 1 and apart["why_apart"].iloc[0].startswith("different times")
    patient = FigureParams(conflict_max_days=7)
    claims = claims_table(figures_table([a, later], patient), [a, later], patient)
    assert claims["claim_id"].nunique() == 1 and claims["status"].iloc[0] == "conflict"
    # the gap is a parameter: the same figure years later is another event, unless the gap allows it
    again = Article("y", text, published="2023-06-01")
    assert claims_table(figures_table([a, again]), [a, again])["claim_id"].nunique() == 2
    wide = FigureParams(max_publication_gap_days=5000)
    claims = claims_table(figures_table([a, again], wide), [a, again], wide)
    assert claims["claim_id"].nunique() == 1 and claims["status"].iloc[0] == "agree"


def test_an_article_restating_its_figure_is_one_claim():
    # headline, lede and a quote give the one sum; the sentences share few words, and the
    # headline names other entities than the quote, yet all three are one quantity
    a = Article("a", "Norway to buy $2 billion of frigates from France\n\n"
                     "Norway plans to spend more than $2 billion on French frigates, its defence ministry said.\n\n"
                     "\u201cWe will not give the final sum, but it is more than $2 billion,\u201d Admiral Berg told NRK "
                     "on Monday.", outlet="A")
    b = Article("b", "Oslo will spend more than $2 billion on frigates built in France, the ministry said on Monday.",
                outlet="B")
    claims = claims_table(figures_table([a, b]), [a, b])
    money = claims[claims["unit"] == "USD"]
    assert len(money) == 4 and money["claim_id"].nunique() == 1
    assert set(money["status"]) == {"compatible"}
    # small counts are not distinctive: "3 killed ... 3 injured" stay apart
    c = Article("c", "Three soldiers were killed in the blast near the border post.\n\n"
                     "Medics treated 3 soldiers for burns at a field hospital in the capital after a long wait.")
    cl = claims_table(figures_table([c]), [c])
    assert cl["claim_id"].nunique() == len(cl)


def test_rounding_is_compatible():
    a = Article("x", "The government approved a loan of $1.5 billion for the new port in the east.",
                published="2020-03-02")
    b = Article("y", "The government approved a loan of $1.45 billion for the new port in the east.",
                published="2020-03-02")
    claims = claims_table(figures_table([a, b]), [a, b])
    assert set(claims["status"]) == {"compatible"}
    strict = FigureParams(rounding_tolerance=0.0)
    claims = claims_table(figures_table([a, b], strict), [a, b], strict)
    assert set(claims["status"]) == {"conflict"}
    # with no time known for either, disagreeing outcomes are not called a conflict
    undated = [Article("x", a.text), Article("y", b.text)]
    claims = claims_table(figures_table(undated, strict), undated, strict)
    assert "conflict" not in set(claims["status"])


def test_empty_and_deterministic(tmp_path):
    assert len(figures_table([])) == 0
    assert len(claims_table(figures_table([]), [])) == 0
    assert len(claims_summary(claims_table(figures_table([]), []))) == 0
    arts = _articles() + [Article("empty", ""), Article("odd", "🙂 \x00 ###")]
    p1 = write_tables(arts, tmp_path / "one")
    p2 = write_tables(list(reversed(arts)), tmp_path / "two")
    for k in p1:
        assert Path(p1[k]).read_bytes() == Path(p2[k]).read_bytes()
    df = pd.read_csv(p1["figures"])
    # the table read back from CSV lines up the same way
    again = claims_table(df, arts)
    assert list(again["claim_id"]) == list(pd.read_csv(p1["claims"])["claim_id"])
    for col in ["article_id", "start", "end", "text", "value", "low", "high", "unit", "subject", "sentence"]:
        assert col in df.columns


# ------------------------------------------------------------- seeds
# publication dates as an ingestion step may or may not find them ("" = unknown)
_SEED_DATES = {"000": "2021-09-13", "001": "2021-09-13", "002": "2021-09-02", "003": "2022-03-01",
               "004": "2022-12-19"}


@pytest.mark.skipif(not SEEDS.is_dir() or not list(SEEDS.glob("*.txt")), reason="seeds not present")
@pytest.mark.parametrize("dated", [False, True])
def test_seed_behaviours(dated):
    arts = [Article(article_id=p.stem, text=p.read_text(encoding="utf-8"),
                    published=_SEED_DATES.get(p.stem[:3], "") if dated else "")
            for p in sorted(SEEDS.glob("*.txt"))]
    figs = figures_table(arts)
    # model names are no figures: the only 400 is the S-400's range in km
    assert not any("S-400" in t or "T-72" in t or "TOR" in t for t in figs["text"])
    assert set(figs.loc[figs["value"] == 400, "unit"]) <= {"km"}
    assert not ((figs["value"] == 300) | (figs["value"] == 72)).any()
    claims = claims_table(figs, arts)
    summ = claims_summary(claims).set_index("claim_id")

    def claims_with(pred):
        return set(claims[claims.apply(pred, axis=1)]["claim_id"])

    dozen = claims_with(lambda r: r.figure_text == "about a dozen" and r.subject == "aircraft")
    dozens = claims_with(lambda r: r.figure_text == "dozens" and r.subject == "aircraft")
    assert len(dozen) == 1 and dozen == dozens and summ.loc[dozen.pop(), "status"] == "conflict"
    big = claims_with(lambda r: r.subject == "troops" and "200,000" in r.figure_text)
    assert len(big) == 1
    cid = big.pop()
    assert summ.loc[cid, "status"] == "compatible" and summ.loc[cid, "articles"] == 3
    small = claims_with(lambda r: r.subject == "troops" and r.low == 30000)
    assert small and cid not in small
    prog = claims_with(lambda r: r.subject == "program" and r.low == 28)
    assert any(summ.loc[c, "status"] == "agree" and summ.loc[c, "articles"] >= 3 for c in prog)
    loan = claims_with(lambda r: r.low == 1.5e9 and r.unit == "USD")
    arms = claims_with(lambda r: r.low == 1e9 and r.unit == "USD")
    assert loan and arms and not (loan & arms)
    # the arms deal is one quantity however often an article restates it
    assert len(arms) == 1


# ------------------------------------------------------------- sentences written for these tests
def _written_sentences():
    path = FIX / "written_sentences.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", _written_sentences(), ids=lambda c: c["text"][:48])
def test_written_news_sentences(case):
    """News sentences written for this project (not from any evaluation set), read as a reader would: each
    figure's number as written, a range as its two ends; names, labels, dates and page furniture give none."""
    want = [tuple(v) if isinstance(v, list) else v for v in case["values"]]
    got = _as_written(case["text"])
    assert len(got) == len(want), got
    for g, w in zip(got, want):
        assert g == (pytest.approx(w) if not isinstance(w, tuple) else tuple(pytest.approx(x) for x in w)), got
