"""Keywords: jieba's TF-IDF ranking over jieba's words (cut by rjieba), with numbers, single characters and
function words left out."""

from __future__ import annotations

from pathlib import Path

from triage.keywords import keywords, word_counts, words

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_b52fec7cb67c6a22.txt"


def test_keywords_are_words_not_numbers():
    words = keywords("截至6月6日收盘,润建股份报49.93元,较前一交易日上涨0.58%。当日成交额达7.48亿元", k=5)
    assert words and len(words) <= 5
    assert all(len(w) >= 2 and not w.replace(".", "").isdigit() for w in words)


def test_keywords_leave_out_function_words():
    words = keywords("OpenAI disbands its superalignment team after the resignations of its leaders")
    assert "superalignment" in words
    assert not {"its", "the", "after", "of"} & {w.lower() for w in words}


CRAWL_PAGES = sorted((Path(__file__).resolve().parent / "fixtures" / "crawl_pages").glob("*.txt"))


def jieba_words(text):
    """The reference: jieba's own cut, with its HMM, as jieba.analyse.extract_tags cuts."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return list(jieba.Tokenizer.cut(jieba.dt, text, HMM=True))


def test_words_of_real_pages_are_jiebas_words():
    for page in [SEED, *CRAWL_PAGES]:
        for line in page.read_text(encoding="utf-8").splitlines():
            assert [w for w in words(line) if w.strip()] == [w for w in jieba_words(line) if w.strip()], line


def test_word_counts_count_jiebas_words_in_order_of_first_occurrence():
    for page in [SEED, *CRAWL_PAGES]:
        text = page.read_text(encoding="utf-8")
        expected: dict[str, int] = {}
        for w in jieba_words(text):
            expected[w] = expected.get(w, 0) + 1
        assert list(word_counts(text).items()) == list(expected.items()), page.name


def test_ascii_runs_are_cut_where_jieba_cuts_them_and_dictionary_words_stay_whole():
    assert words("GPT-4o发布") == ["GPT", "-", "4o", "发布"]
    assert words("www.example.com官网") == ["www", ".", "example", ".", "com", "官网"]
    assert words("学习C++和C#") == ["学习", "C++", "和", "C#"]


def test_keywords_of_real_pages_are_those_of_jieba_extract_tags():
    import jieba.analyse

    from triage.keywords import _is_keyword

    for page in [SEED, *CRAWL_PAGES]:
        text = page.read_text(encoding="utf-8")
        expected = [w for w in jieba.analyse.extract_tags(text, topK=16) if _is_keyword(w)][:8]
        assert keywords(text, k=8) == expected, page.name


def test_the_idf_table_and_stop_words_are_those_jieba_analyse_uses():
    import jieba.analyse

    from triage.keywords import _idf_table

    table = _idf_table()
    tfidf = jieba.analyse.default_tfidf
    assert (table.idf, table.median) == (tfidf.idf_freq, tfidf.median_idf)
    assert table.stop_words == jieba.analyse.TFIDF.STOP_WORDS
    assert table.largest == max([*tfidf.idf_freq.values(), tfidf.median_idf])


def test_lower_turns_no_character_outside_ascii_into_ascii_but_the_kelvin_sign():
    import sys

    from triage.keywords import _ASCII_BY_LOWER

    to_ascii = {chr(c) for c in range(0x80, sys.maxunicode + 1) if chr(c).lower().isascii()}
    assert to_ascii == set(_ASCII_BY_LOWER.values())
    assert all(len(chr(c).lower()) == 1 and chr(c).lower().isascii() for c in range(0x80))


def test_a_word_is_a_stop_form_exactly_when_its_lower_case_is_a_jieba_stop_word():
    from hypothesis import given
    from hypothesis import strategies as st

    from triage.keywords import _case_forms, _idf_table

    table = _idf_table()
    assert table.stop_forms == _case_forms(table.stop_words)
    stop_words = sorted(table.stop_words | {"kick", "ok"})  # words with a k: its KELVIN SIGN form too
    forms = _case_forms(frozenset(stop_words))
    alphabet = st.sampled_from("aeiknost\u212a\u0130\u03a3KIÅ发 ")

    @given(st.one_of(st.sampled_from(stop_words), st.text(alphabet, max_size=6)))
    def check(word):
        varied = "".join(c.upper() if i % 2 else c for i, c in enumerate(word))
        for w in (word, varied, word.upper(), word.replace("k", "\u212a")):
            assert (w in forms) == (w.lower() in stop_words), w

    check()


def test_the_idf_table_holds_one_float_object_per_distinct_idf():
    from triage.keywords import _idf_table

    idf = _idf_table().idf
    assert len({id(v) for v in idf.values()}) == len(set(idf.values())) < len(idf) / 50


def test_keywords_do_not_import_jieba():
    import subprocess
    import sys

    code = (
        "import sys; from triage.keywords import keywords; keywords('人工智能安全团队'); print('jieba' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def jieba_extract_tags_keywords(text, k=8):
    """The reference ranking: jieba.analyse.extract_tags, then our filter of its 2k best."""
    import jieba.analyse

    from triage.keywords import _is_keyword

    return [w for w in jieba.analyse.extract_tags(text, topK=2 * k) if _is_keyword(w)][:k]


def test_keywords_of_every_line_of_real_pages_are_those_of_jieba_extract_tags():
    # short texts (headlines, snippets), many with ASCII runs jieba cuts (dates, prices, versions); but
    # not the lines of words jieba cuts at a letter outside ASCII (Vendôme -> Vend, ô, me): see below
    from triage.keywords import _SPACED_NON_ASCII

    for page in [SEED, *CRAWL_PAGES]:
        for line in page.read_text(encoding="utf-8").splitlines():
            if not _SPACED_NON_ASCII.search(line):
                assert keywords(line, k=8) == jieba_extract_tags_keywords(line), line


def test_words_with_letters_outside_ascii_are_whole_words():
    # corpus 379 (Haber7): jieba gave 'Ko', 'yi', 'lya' for Hülya Koçyiğit, and nothing for Russian or Korean
    assert keywords("Hülya Koçyiğit'ten önemli açıklama! Koçyiğit sahte hesap hakkında konuştu")[:2] == [
        "Koçyiğit",
        "Hülya",
    ]
    assert "Vendôme" in keywords("a digital re-creation of Place Vendôme that showcased brands")
    # English keeps jieba's and our stop words: stopwords-iso's English list holds news words
    assert {"world", "information"} <= set(keywords("Luxury world: Place Vendôme gets new information"))
    assert "Путин" in keywords("Путин провёл встречу с премьер-министром Индии")
    # accents written as combining marks (adac.de's page: k, o, U+0308, n, n, e, n) are composed first
    assert "überzeugen" in keywords("Vier Kindersitze ko\u0308nnen nicht u\u0308berzeugen")
    assert "국무회의에서" in keywords("윤석열 대통령은 오늘 국무회의에서 의대 증원 문제를 논의했다")


def test_keywords_leave_out_the_function_words_of_the_texts_language():
    turkish = keywords("Hülya Koçyiğit'ten önemli açıklama! Uyardıktan sonra nasihat etti ve konuştu")
    assert "Koçyiğit" in turkish
    assert not {"ve", "sonra", "ten"} & set(turkish)  # 'ten': the case ending after the apostrophe
    german = keywords("Bundesregierung plant Änderungen beim Bürgergeld für Flüchtlinge aus der Ukraine")
    assert {"Bürgergeld", "Änderungen", "Flüchtlinge"} <= set(german)
    assert not {"beim", "für", "aus", "der"} & set(german)
    french = keywords("Le gouvernement présente l'économie et d'autres réformes à l'Assemblée")
    assert {"économie", "réformes", "Assemblée"} <= set(french)  # an elision keeps its word
    assert not {"le", "et", "autres", "l", "d"} & {w.lower() for w in french}


def test_keywords_of_long_texts_that_repeat_words_are_those_of_jieba_extract_tags():
    # the words seen once are not weighed when enough repeated words outweigh them: the same ranking
    text = "\n".join(page.read_text(encoding="utf-8") for page in [SEED, *CRAWL_PAGES])
    for k in (3, 8, 20):
        assert keywords(text, k=k) == jieba_extract_tags_keywords(text, k=k), k


def test_the_words_ranked_are_jiebas_words_longer_than_one_character_in_order_of_first_occurrence():
    for page in [SEED, *CRAWL_PAGES]:
        text = page.read_text(encoding="utf-8")
        expected: dict[str, int] = {}
        for w in jieba_words(text):
            if len(w) > 1:
                expected[w] = expected.get(w, 0) + 1
        assert list(word_counts(text, min_chars=2).items()) == list(expected.items()), page.name


def test_no_keywords_are_asked_for_none_are_given():
    assert keywords("人工智能安全团队", k=0) == []
    assert keywords("人工智能安全团队的研究人员纷纷离职。" * 40, k=0) == []


def test_the_short_text_path_ranks_as_the_long_text_path(monkeypatch):
    # headlines take plain loops, long texts C-level calls: both are jieba's ranking
    import triage.keywords as kw

    texts = [line for page in [SEED, *CRAWL_PAGES] for line in page.read_text(encoding="utf-8").splitlines()]
    texts += [page.read_text(encoding="utf-8")[:400] for page in CRAWL_PAGES]
    monkeypatch.setattr(kw, "DIRECT_MAX_WORDS", 10**9)
    few = [kw._tfidf_top(t, 16) for t in texts]
    monkeypatch.setattr(kw, "DIRECT_MAX_WORDS", 0)
    assert [kw._tfidf_top(t, 16) for t in texts] == few


# words as rjieba leaves them in mixed text: ASCII runs with punctuation (versions, dates, prices, hosts),
# plain ASCII words, punctuation alone, Han words and whitespace
MIXED_WORDS = [
    "GPT-4o", "www.example.com", "C++", "C#", "0.58%", "2024-08-31", "49.93", "iPhone", "OpenAI", "A/B",
    "--", "...", ",", "-", "\r\n", " ", "发布", "人工智能", "的", "a", "7.48亿",
]  # fmt: skip


def ascii_mixed_words():
    from hypothesis import strategies as st

    alphabet = st.sampled_from("aZ09.-%/_+#:@ 发")
    return st.lists(st.one_of(st.sampled_from(MIXED_WORDS), st.text(alphabet, min_size=1, max_size=8)), max_size=40)


def test_split_finds_every_word_jieba_cuts_into_parts():
    # the prefilters (ASCII punctuation in the text, an ASCII word not of letters and digits alone) never
    # hide a word whose parts differ from it
    from hypothesis import given

    from triage.keywords import _jieba_parts, _split

    @given(ascii_mixed_words())
    def check(words_):
        expected = {w: _jieba_parts(w) for w in words_ if len(_jieba_parts(w)) > 1}
        assert _split("".join(words_), set(words_)) == expected

    check()


def test_split_of_the_words_as_cut_is_that_of_their_distinct_words():
    # the short-text path hands _split rjieba's cut as it is (repeats included), without making a set of it
    from hypothesis import given

    from triage.keywords import _split

    @given(ascii_mixed_words())
    def check(words_):
        text = "".join(words_)
        assert _split(text, words_) == _split(text, set(words_))

    check()


def test_counts_with_parts_are_the_counts_of_the_words_with_their_parts_in_order_of_first_occurrence():
    from collections import Counter

    from hypothesis import given

    from triage.keywords import _counts_of_parts, _split, _with_parts

    @given(ascii_mixed_words())
    def check(words_):
        split = _split("".join(words_), set(words_))
        expected = Counter(_with_parts(words_, split))
        assert list(_counts_of_parts(Counter(words_), split).items()) == list(expected.items())

    check()
