"""Keywords: jieba's TF-IDF ranking with numbers, single characters and function words left out."""

from __future__ import annotations

from pathlib import Path

from triage.keywords import keywords

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_b52fec7cb67c6a22.txt"


def test_keywords_are_words_not_numbers():
    words = keywords("截至6月6日收盘,润建股份报49.93元,较前一交易日上涨0.58%。当日成交额达7.48亿元", k=5)
    assert words and len(words) <= 5
    assert all(len(w) >= 2 and not w.replace(".", "").isdigit() for w in words)


def test_keywords_leave_out_function_words():
    words = keywords("OpenAI disbands its superalignment team after the resignations of its leaders")
    assert "superalignment" in words
    assert not {"its", "the", "after", "of"} & {w.lower() for w in words}


def test_faster_word_graph_segments_a_real_page_as_jieba_does():
    import jieba

    keywords("启动")  # loads jieba and swaps in the faster word graph
    text = SEED.read_text(encoding="utf-8")
    for block in [b for b in text.split("\n") if b.strip()][:200]:
        route_fast: dict = {}
        jieba.dt.calc(block, jieba.dt.get_DAG(block), route_fast)
        route_jieba: dict = {}
        jieba.Tokenizer.calc(jieba.dt, block, jieba.Tokenizer.get_DAG(jieba.dt, block), route_jieba)
        assert route_fast == route_jieba
