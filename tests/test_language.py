"""Language of a text in spaced scripts, told by the stop words among its words (stopwords-iso's lists)."""

from __future__ import annotations

import pytest

from triage.language import SPACED_WORD, language_of, stop_words


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Das war ein schöner Tag in Berlin, und es war warm", "de"),  # a German blog (htmldate's crazy-julia.de)
        ("Je ne viens pas, car il pleut et il fait froid", "fr"),
        ("Il presidente ha parlato ai giornalisti e ai cittadini della crisi", "it"),
        ("Hülya Koçyiğit'ten önemli açıklama! Uyardıktan sonra nasihat etti ve konuştu, çok", "tr"),
        ("The war in Ukraine enters its third year", "en"),
    ],
)
def test_the_language_is_the_one_whose_stop_words_the_text_uses_most(text, language):
    assert language_of(SPACED_WORD.findall(text)) == language


def test_too_few_stop_words_tell_no_language():
    assert language_of(SPACED_WORD.findall("Russia war escalates")) is None  # 'war' alone is German and Breton
    assert language_of([]) is None


def test_stop_words_are_lower_case():
    assert {"war", "bist", "und"} <= stop_words("de")
    assert all(w == w.lower() for w in stop_words("de"))
