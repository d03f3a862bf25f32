"""Sentence splitting: wire datelines are no part of the sentence they open."""

import pytest

from eventwire.nlp import dateline, split_sentences


@pytest.mark.parametrize("line, first", [
    ("KYIV (Reuters) - Russian forces shelled Kharkiv.", "Russian forces shelled Kharkiv."),
    ("NIAMEY, Niger (AP) \u2014 Thousands of people marched.", "Thousands of people marched."),
    ("WASHINGTON, March 3 (Reuters) - The Senate voted.", "The Senate voted."),
    ("GENEVA - United Nations agencies condemned the attack.", "United Nations agencies condemned the attack."),
    ("ABU DHABI \u2013 The ministry said so.", "The ministry said so."),
    ("UN - the body met.", "UN - the body met."),  # two capitals are an acronym, not a place
    ("Kyiv - Russian forces shelled it.", "Kyiv - Russian forces shelled it."),  # datelines are in capitals
])
def test_a_dateline_is_cut_from_the_sentence_it_opens(line, first):
    text = "Title line\n" + line + " Then more."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["Title line", first, "Then more."]
    assert all(text[s.start : s.start + len(s.text)] == s.text for s in sentences)


@pytest.mark.parametrize("text, expected", [
    ("NIAMEY, Niger (AP) \u2014 Thousands of people marched.", ("NIAMEY", "Niger")),
    ("\n  KYIV (Reuters) - Russian forces shelled Kharkiv.", ("KYIV", "")),
    ("Thousands marched.\nKYIV (Reuters) - Russian forces shelled Kharkiv.", None),  # the first line's only
    ("UN - the body met.", None),
])
def test_the_dateline_of_an_article_is_its_first_lines(text, expected):
    assert dateline(text) == expected
