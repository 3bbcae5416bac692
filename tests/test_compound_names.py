"""Names that run past an ampersand, a possessive office, "and" or "on", and the runs that
must be cut: credit lines and a country glued to the person who serves there."""

from __future__ import annotations

import pytest

from summarizer.candidates.names import find_names
from summarizer.candidates.sentences import split_sentences


def names_of(text: str) -> dict[str, list[str]]:
    return {c.name: c.aliases for c in find_names(text, split_sentences(text))}


@pytest.mark.parametrize("sentence, name", [
    ("Shares of Barton & Pryce fell after the report.", "Barton & Pryce"),
    ("The Kern County Sheriff's Office opened an inquiry.", "Kern County Sheriff's Office"),
    ("A spokesman for the U.S. Attorney's Office for the District of Vermont declined.",
     "U.S. Attorney's Office for the District of Vermont"),
    ("The People's Liberation Army held drills near the strait.", "People's Liberation Army"),
    ("Regulators at the Food and Drug Administration approved it.",
     "Food and Drug Administration"),
    ("Officers of Customs and Border Protection seized the cargo.",
     "Customs and Border Protection"),
    ("The study was paid for by the National Institute on Aging.",
     "National Institute on Aging"),
    ("The Centers for Disease Control and Prevention issued a warning.",
     "Centers for Disease Control and Prevention"),
    ("The Foreign Ministry summoned the envoy.", "Foreign Ministry"),
])
def test_a_name_runs_on_where_its_own_words_continue_it(sentence: str, name: str) -> None:
    assert name in names_of(sentence)


def test_an_owner_still_ends_a_name_and_dates_and_countries_stay_apart() -> None:
    found = names_of("Moreno's Justice Department met the Senate Committee on Monday. "
                     "Talks between Britain and European Union negotiators stalled.")
    assert {"Moreno", "Justice Department", "Senate Committee", "Britain",
            "European Union"} <= set(found)
    assert not any(" on Monday" in name or "Britain and" in name for name in found)


def test_a_party_named_alone_elsewhere_is_not_joined_to_an_agency() -> None:
    found = names_of("Shares of Vexor rose. Lawyers for Vexor and Federal Trade Commission "
                     "staff met on Friday.")
    assert "Vexor" in found and "Federal Trade Commission" in found


def test_a_country_before_the_person_who_holds_a_post_there_is_cut_off() -> None:
    found = names_of("Our ambassador to Peru Ana Lindqvist said the talks went well.")
    assert "Peru" in found and "Ana Lindqvist" in found


def test_a_two_word_surname_folds_into_the_full_name_but_a_place_does_not() -> None:
    found = names_of("Judge Maria Lopez Ortega ruled on Tuesday. Lopez Ortega said more. "
                     "He drove from East Los Angeles to Los Angeles.")
    assert found["Maria Lopez Ortega"] == ["Lopez Ortega"]
    assert "Los Angeles" in found and "East Los Angeles" in found


def test_a_credit_line_names_no_one_in_the_story() -> None:
    found = names_of("Tom Reyes was charged on Monday.\n\nContributing: Alma Kurtz\n"
                     "(Reporting by Ben Ode; Editing by Cy Vance)")
    assert list(found) == ["Tom Reyes"]


def test_a_town_named_with_its_river_keeps_its_short_form_as_an_alias() -> None:
    found = names_of("The mill stands in Lauda am Tauber. Lauda is small. "
                     "The Department of Health and Human Services and Barton & Pryce settled.")
    assert found["Lauda am Tauber"] == ["Lauda"]
    assert {"Department of Health and Human Services", "Barton & Pryce"} <= set(found)


@pytest.mark.parametrize("sentence, body, person, title", [
    ("Shares rose after Orvell CEO Dana Pike spoke.", "Orvell", "Dana Pike", "CEO"),
    ("He said Bank of Lorne Chief Executive Ravi Shah agreed.", "Bank of Lorne", "Ravi Shah",
     "Chief Executive"),
    ("They met Estonian Prime Minister Kaja Tamm on Monday.", "Estonian", "Kaja Tamm",
     "Prime Minister"),
])
def test_a_post_between_a_body_and_a_person_splits_them(sentence: str, body: str, person: str,
                                                         title: str) -> None:
    found = {c.name: c.titles for c in find_names(sentence, split_sentences(sentence))}
    assert body in found and found[person] == [title]


def test_titles_alone_before_a_person_stay_titles() -> None:
    found = {c.name: c.titles
             for c in find_names("It is where former Vice President Jo Ruiz leads.",
                                 split_sentences("It is where former Vice President Jo Ruiz "
                                                 "leads."))}
    assert found == {"Jo Ruiz": ["Vice President"]}


def test_an_acronym_opening_a_sentence_is_a_name_and_folds_into_its_full_name() -> None:
    found = names_of("The clash was first reported by Voice of America. VOA said later that "
                     "the Department of Justice would act. UNICEF agreed. Get. It. OUT, "
                     "he said.")
    assert found["Voice of America"] == ["VOA"]
    assert "UNICEF" in found and "OUT" not in found


@pytest.mark.parametrize("sentence, name", [
    ("Bank of Lorne said profits rose.", "Bank of Lorne"),
    ("University of Tarlow researchers found 3 cases.", "University of Tarlow"),
    ("Residents of Vessel Bay fled on Monday.", "Vessel Bay"),
])
def test_a_body_named_of_a_place_may_open_a_sentence(sentence: str, name: str) -> None:
    assert list(names_of(sentence)) == [name]
