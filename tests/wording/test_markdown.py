"""Data values reach markdown literally: every punctuation mark escaped, no autolinks."""

import re
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.wording.markdown import escape


@settings(deadline=None)
@given(st.text())
def test_every_punctuation_mark_is_escaped_and_the_text_comes_back(text):
    shown = escape(text)
    assert "\n" not in shown and "\r" not in shown
    # CommonMark shows a backslash-escaped punctuation mark as itself, and never as syntax.
    unescaped = iter(shown.replace("\u2060", ""))
    for char in unescaped:
        if char in string.punctuation:
            assert char == "\\"
            assert next(unescaped) in string.punctuation
    read = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", shown.replace("\u2060", ""))
    assert read == text.replace("\r", " ").replace("\n", " ")


def test_escape_on_hand_worked_values():
    assert escape("**Ops** & [HR]") == "\\*\\*Ops\\*\\* \\& \\[HR\\]"
    assert escape("line\r\nbreak") == "line  break"
    assert escape(3.5) == "3\\.5"


def test_web_addresses_do_not_become_links():
    assert escape("http://evil/") == "http\\:\u2060\\/\\/evil\\/"
    assert escape("see WWW.evil.org") == "see WWW\u2060\\.evil\\.org"
