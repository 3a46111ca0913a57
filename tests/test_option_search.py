"""Long option lists narrowed by what was typed: every word, any case, in order, bounded."""

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from dashboard.option_search import matches

LABELS = pd.Series(
    ["Ann Lee (Sales)", "Bob Stone (Operations)", "Annie Bloggs (Sales)", "Lee Ann (HR)"],
    index=["E1", "E2", "E3", "E4"],
)


def test_every_word_must_appear_in_any_case():
    found, total = matches(LABELS, "ann SALES")
    assert list(found.index) == ["E1", "E3"] and total == 2


def test_an_id_cannot_be_found_unless_it_is_in_the_label_but_words_in_any_order_can():
    found, _ = matches(LABELS, "lee ann")
    assert list(found.index) == ["E1", "E4"]


def test_at_most_limit_matches_are_offered_and_the_total_is_told():
    found, total = matches(LABELS, "(", limit=2)
    assert list(found.index) == ["E1", "E2"] and total == 4


def test_blank_text_offers_nothing():
    for text in ("", "   "):
        found, total = matches(LABELS, text)
        assert found.empty and total == 0


def test_text_is_matched_literally_not_as_a_pattern():
    found, total = matches(LABELS, "(hr)")
    assert list(found.index) == ["E4"] and total == 1
    assert matches(LABELS, ".*")[1] == 0


@given(
    st.lists(st.text(min_size=0, max_size=12), min_size=0, max_size=30),
    st.text(max_size=8),
    st.integers(min_value=0, max_value=10),
)
def test_matches_contain_every_word_keep_order_and_respect_the_limit(labels, text, limit):
    series = pd.Series(labels, index=[f"id{i}" for i in range(len(labels))], dtype="str")
    found, total = matches(series, text, limit=limit)
    words = text.casefold().split()
    expected = [
        i for i, label in series.items() if words and all(w in label.casefold() for w in words)
    ]
    assert total == len(expected)
    assert list(found.index) == expected[:limit]
