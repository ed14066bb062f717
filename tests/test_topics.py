"""Topics: the taxonomy file, user extensions, the tagger's hard cases on the sample page, keywords."""

from __future__ import annotations

import json
import math
import operator
import os
import re
import subprocess
import sys
import tomllib
import unicodedata
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from triage.errors import TaxonomyError, TriageError
from triage.models import Item
from triage.topics import load_tagger, load_taxonomy
from triage.topics_model import MODEL_PATH, load_model

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_b52fec7cb67c6a22.txt"
SEED_LABELS = Path(__file__).parent / "fixtures" / "topics" / "seed_labels.json"  # the corpus gold
# The slugs of ../shared/eval/TOPICS.md: the 17 IPTC top-level subjects plus five children.
TOPICS_MD = {
    "arts-entertainment": None,
    "crime-law": None,
    "disaster-accident": None,
    "economy-business": None,
    "markets": "economy-business",
    "patents": "economy-business",
    "real-estate": "economy-business",
    "education": None,
    "environment": None,
    "health": None,
    "human-interest": None,
    "labour": None,
    "lifestyle-leisure": None,
    "politics": None,
    "religion": None,
    "science-technology": None,
    "ai": "science-technology",
    "ai-safety": "ai",
    "society": None,
    "sport": None,
    "conflict-war": None,
    "weather": None,
}


@pytest.fixture(scope="module")
def tagger():
    return load_tagger()


def seed_story() -> tuple[str, str]:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    end = lines.index("参考资料:")
    return lines[0], "\n".join(line for line in lines[1:end] if line.strip())


def seed_hot_news() -> list[Item]:
    """The 19 热门资讯 items as the segmenter gives them: a cut headline, then its snippet."""
    lines = SEED.read_text(encoding="utf-8").splitlines()
    start = lines.index("热门资讯") + 1
    items = []
    for n, line in enumerate(line for line in lines[start:] if line.strip()):
        title, _, snippet = line.partition(" ")
        items.append(Item(id=str(n), kind="sidebar", title=title, text=snippet, position=start + n))
    return items


def gold_items() -> list[dict]:
    return json.loads(SEED_LABELS.read_text(encoding="utf-8"))["sidebar_items"]


def first_slug(tagger, item: Item) -> str | None:
    topics = tagger.topics(item.text, title=item.title)
    return topics[0].slug if topics else None


# ---------------------------------------------------------------- taxonomy
def test_builtin_taxonomy_has_every_slug_of_topics_md_with_its_parent():
    taxonomy = load_taxonomy()
    assert {slug: taxonomy.parent(slug) for slug in taxonomy.slugs} == TOPICS_MD


def test_every_builtin_topic_has_labels_and_terms_and_top_level_ones_an_iptc_code():
    for topic in load_taxonomy().topics.values():
        assert topic.label_zh and topic.label_en and topic.terms, topic.slug
        assert (topic.iptc or "").startswith("medtop:") == (topic.parent is None), topic.slug


def test_a_child_implies_its_parent():
    taxonomy = load_taxonomy()
    assert taxonomy.descendants("science-technology") == {"science-technology", "ai", "ai-safety"}
    assert taxonomy.ancestors("ai-safety") == ["ai-safety", "ai", "science-technology"]


def test_user_file_adds_a_topic_under_a_builtin_one(tmp_path):
    user = tmp_path / "mine.toml"
    user.write_text('[topics.chips]\nparent = "science-technology"\nzh = "芯片"\nterms = ["光刻机", "晶圆"]\n')
    taxonomy = load_taxonomy(user)
    assert taxonomy.parent("chips") == "science-technology"
    assert "chips" in taxonomy.descendants("science-technology")


def test_user_topic_is_tagged_with_its_own_terms(tmp_path):
    user = tmp_path / "mine.toml"
    user.write_text('[topics.chips]\nparent = "science-technology"\nzh = "芯片"\nterms = ["光刻机", "晶圆"]\n')
    topics = load_tagger(str(user)).topics("荷兰宣布限制先进光刻机出口 晶圆厂扩产计划受影响")
    assert topics[0].slug == "chips"
    assert "光刻机" in topics[0].evidence


def test_user_file_overrides_fields_and_appends_more_terms(tmp_path):
    user = tmp_path / "mine.toml"
    user.write_text('[topics.patents]\nen = "IP filings"\nmore_terms = ["外观设计"]\n')
    patents = load_taxonomy(user).topics["patents"]
    assert patents.label_en == "IP filings"
    assert "外观设计" in patents.terms and "专利" in patents.terms


def test_taxonomy_file_named_by_environment_is_loaded(tmp_path, monkeypatch):
    user = tmp_path / "env.toml"
    user.write_text('[topics.esports]\nparent = "sport"\nen = "Esports"\nterms = ["电竞"]\n')
    monkeypatch.setenv("TRIAGE_TAXONOMY", str(user))
    assert load_taxonomy().parent("esports") == "sport"


def test_broken_toml_error_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[topics.chips]\nen = "Chips"\nparent = science-technology\nterms = ["光刻机"]\n')
    with pytest.raises(TaxonomyError) as e:
        load_taxonomy(bad)
    message = str(e.value)
    assert str(bad) in message and "line 3" in message and "\n" not in message


def test_unknown_parent_error_names_topic_parent_and_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('# mine\n\n[topics.chips]\nparent = "sciense"\nzh = "芯片"\n')
    with pytest.raises(TaxonomyError, match=r"bad\.toml:3: topic 'chips' has unknown parent 'sciense'"):
        load_taxonomy(bad)


def test_parent_cycle_is_an_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[topics.a]\nparent = "b"\nen = "A"\n[topics.b]\nparent = "a"\nen = "B"\n')
    with pytest.raises(TaxonomyError, match="cycle"):
        load_taxonomy(bad)


def test_new_topic_without_a_label_is_an_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[topics.chips]\nterms = ["光刻机"]\n')
    with pytest.raises(TaxonomyError, match=r"bad\.toml:1: new topic 'chips' needs a label"):
        load_taxonomy(bad)


def test_unknown_field_is_an_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[topics.chips]\nen = "Chips"\ntermz = ["光刻机"]\n')
    with pytest.raises(TaxonomyError, match="unknown field 'termz'"):
        load_taxonomy(bad)


def test_missing_taxonomy_file_is_a_taxonomy_error(tmp_path):
    with pytest.raises(TaxonomyError, match="not found"):
        load_taxonomy(tmp_path / "nope.toml")


def test_loading_the_taxonomy_imports_neither_jieba_nor_the_model():
    code = (
        "import sys; from triage.topics import load_taxonomy; load_taxonomy();"
        "print(sorted(m for m in sys.modules if m.startswith('jieba') or m == 'triage.topics_model'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# ---------------------------------------------------------------- the sample page's hard cases
def test_seed_story_is_ai_safety(tagger):
    title, body = seed_story()
    assert tagger.topics(body, title=title)[0].slug == "ai-safety"


def test_no_seed_hot_news_item_is_ai_safety(tagger):
    for item in seed_hot_news():
        assert "ai-safety" not in [t.slug for t in tagger.topics(item.text, title=item.title)], item.title


def test_seed_hot_news_first_topics_match_gold(tagger):
    items, gold = seed_hot_news(), gold_items()
    assert [i.title[:10] for i in items] == [g["headline"][:10] for g in gold]
    taxonomy = tagger.taxonomy
    wrong = [
        (i.title, first_slug(tagger, i), g["topics"])
        for i, g in zip(items, gold, strict=True)
        if not set(taxonomy.ancestors(first_slug(tagger, i) or "")) & set(g["topics"])
    ]
    assert len(wrong) <= 1, wrong  # target item_topic_acc >= 0.9


def test_the_ten_patent_notices_are_patents(tagger):
    notices = [i for i in seed_hot_news() if "国家知识产权局" in i.text]
    assert len(notices) == 10
    assert {first_slug(tagger, i) for i in notices} == {"patents"}


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        ("润建股份股价微涨", "markets"),
        ("近200个高考服务站", "education"),
        ("特朗普:我满脑子", "politics"),
        ("颠覆共和党?马斯克", "politics"),
    ],
)
def test_named_seed_items_get_their_topic(tagger, headline, slug):
    item = next(i for i in seed_hot_news() if i.title.startswith(headline))
    assert first_slug(tagger, item) == slug


def test_evidence_names_the_terms_that_fired(tagger):
    item = next(i for i in seed_hot_news() if "国家知识产权局" in i.text)
    patents = tagger.topics(item.text, title=item.title)[0]
    assert "国家知识产权局" in patents.evidence


# ---------------------------------------------------------------- tagger behaviour
def test_work_safety_alone_is_not_ai_safety(tagger):
    slugs = [t.slug for t in tagger.topics("全国安全生产月 企业开展消防应急演练 筑牢安全防线")]
    assert slugs[0] == "disaster-accident" and "ai-safety" not in slugs


def test_weak_term_alone_does_not_fire(tagger):
    assert "ai-safety" not in [t.slug for t in tagger.topics("表格文字如何左对齐")]


def test_weak_term_counts_next_to_an_ai_term(tagger):
    assert tagger.topics("大模型价值观对齐研究遇到瓶颈")[0].slug == "ai-safety"


# sentences of a Tencent story on the crackdown on data brokers (gne 0.4.3's tests/qq/2.html): 监管 and 风险
# throughout, AI named once
DATA_BROKERS_TITLE = "棱镜|数据业大整顿：爬虫与现金贷共生共荣，用户信息几元不等"
DATA_BROKERS = (
    "一位接近监管的人士对《棱镜》表示，监管方从年初就在酝酿针对数据公司的整顿清理，“（这次）应该是大动作”。\n"
    "“714”高炮是指期限在7天或14天的包含砍头息的超利贷，在今年315晚会被曝光之后，被监管部门重拳整治。\n"
    "而接下来监管会不会扩大清查范围，则是一把悬在他们头上的达摩克利斯之剑。\n"
    "《棱镜》从接近监管部门的人士处了解到，用户地理位置、资产收入、运营商爬虫、信息修复、证照比对等数据信息，将是这次核查的重点。\n"
    "中国银联的一名风险专家对《棱镜》提到，爬虫的本质是一种获取数据的方式，作为技术并无好坏之分。\n"
    "这也意味着，只要数据来源未经用户授权，都存在法律风险。\n"
    "监管环境倒逼之下，不少数据公司已经着手转型。近一两年P2P爆雷潮与互金监管越发趋严，导致互金客户数量减少。\n"
    "其次是业务方向转型，单纯的数据服务已不能满足市场需求，将大数据有效的结合人工智能技术，"
    "通过风控规则建模等方式，对金融机构输出评分决策等结果，向科技赋能转型。"
)


def test_weak_terms_count_only_in_the_sentences_that_name_the_parent(tagger):
    # weak ai-safety terms (监管, 风险) in sentences about data brokers, 人工智能 named once in another one
    slugs = [t.slug for t in tagger.topics(DATA_BROKERS, title=DATA_BROKERS_TITLE)]
    assert "ai-safety" not in slugs and "ai" in slugs


def test_weak_terms_count_in_a_sentence_that_names_the_parent(tagger):
    assert tagger.topics("欧盟通过人工智能监管法案，高风险系统须接受审查")[0].slug == "ai-safety"
    apart = tagger.topics("欧盟通过人工智能法案。银行业监管趋严，高风险贷款须接受审查")
    assert "ai-safety" not in [t.slug for t in apart]


def test_weak_terms_add_at_most_what_the_terms_beside_them_give(tagger):
    # one strong ai-safety term, weak ones many times: the weak ones double its evidence at most
    one = tagger.topics("AI安全")[0]
    many = tagger.topics("AI安全 " + "风险 " * 10)[0]
    assert one.slug == many.slug == "ai-safety"
    assert many.score == tagger.topics("AI安全 AI安全")[0].score


def test_text_without_evidence_stays_untagged(tagger):
    assert tagger.topics("Lorem ipsum dolor sit amet, consectetur adipiscing elit") == []
    assert tagger.topics("   ") == []


def test_too_short_for_a_headline_stays_untagged(tagger):
    assert tagger.topics("你好") == []
    assert tagger.topics("登录注册") == []


def test_english_text_gets_topics(tagger):
    assert tagger.topics("Arsenal win the Premier League match with a late goal")[0].slug == "sport"
    assert tagger.topics("OpenAI disbands its superalignment team as AI safety researchers leave")[0].slug == (
        "ai-safety"
    )


def test_headline_from_the_model_is_ranked_with_a_score(tagger):
    topics = tagger.topics("湖人主场击败勇士 詹姆斯砍下三双")
    assert topics[0].slug == "sport"
    assert 0.3 <= topics[0].score <= 1.0
    assert [t.score for t in topics] == sorted((t.score for t in topics), reverse=True) or len(topics) == 1


def test_tag_items_fills_topics_and_keywords(tagger):
    items = seed_hot_news()[:3]
    tagger.tag_items(items)
    assert all(i.topics and i.keywords for i in items)
    assert "国家知识产权局" in items[0].keywords or "化学工业" in items[0].keywords


def test_damaged_model_file_is_a_one_line_error(tmp_path):
    damaged = tmp_path / "topic_model.bin.gz"
    damaged.write_bytes(MODEL_PATH.read_bytes()[:1000])
    with pytest.raises(TriageError, match="cannot read the topic model") as e:
        load_model(damaged)
    assert str(damaged) in str(e.value) and "\n" not in str(e.value)


def test_model_file_is_at_most_5_mb():
    assert MODEL_PATH.stat().st_size <= 5_000_000


def test_tag_command_prints_topics_and_no_jieba_log_lines(tmp_path):
    line = json.dumps({"id": "a", "text": "润建股份股价微涨0.58% 截至6月6日收盘"}, ensure_ascii=False)
    env = {**os.environ, "TMPDIR": str(tmp_path)}  # no jieba cache yet: it builds its dictionary, quietly
    proc = subprocess.run(
        [sys.executable, "-m", "triage", "tag", "--format", "jsonl"],
        input=line + "\n",
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    row = json.loads(proc.stdout)
    assert row["id"] == "a"
    assert row["topics"][0]["slug"] == "markets"
    assert set(row["topics"][0]) == {"slug", "score", "evidence"}


def test_parse_command_tags_story_and_sidebar_items():
    proc = subprocess.run(
        [sys.executable, "-m", "triage", "parse", str(SEED)], capture_output=True, text=True, check=True
    )
    items = json.loads(proc.stdout)["items"]
    story = next(i for i in items if i["kind"] == "story")
    assert story["topics"][0]["slug"] == "ai-safety"
    sidebar = [i for i in items if i["kind"] == "sidebar"]
    assert sidebar and all(i["topics"] and i["keywords"] for i in sidebar)
    assert not any("ai-safety" in [t["slug"] for t in i["topics"]] for i in sidebar)


@given(st.text(max_size=300))
def test_any_text_gets_known_slugs_with_scores_in_range(text):
    tagger = _shared_tagger()
    topics = tagger.topics(text)
    assert all(t.slug in tagger.taxonomy and 0.0 <= t.score <= 1.0 for t in topics)
    assert len({t.slug for t in topics}) == len(topics)


_TAGGER = []


def _shared_tagger():
    if not _TAGGER:  # hypothesis runs outside pytest fixtures' scope rules: load once here
        _TAGGER.append(load_tagger())
    return _TAGGER[0]


# ---------------------------------------------------------------- quality gate
# The shipped model learns from ALL labelled rows (python scripts/train_topics.py --out triage/data/topic_model.bin.gz);
# the honest estimate of its accuracy is the 5-fold cross-validation that script prints (whole tagger: THUCNews 0.870,
# TNEWS 0.514). The 400 rows of each data set below are among its training rows, so their floors guard the model
# file, not its accuracy: a broken, mistrained or stale one (the model of the old fixed split, which held these rows
# out, gets 0.895 and 0.520 here) falls below them. Today: 0.993 and 0.963.
_DATASET_CLASSES = tomllib.loads(
    (Path(__file__).resolve().parent.parent / "scripts" / "dataset_classes.toml").read_text(encoding="utf-8")
)
THUC_CLASSES = _DATASET_CLASSES["thucnews"]["slugs"]
TNEWS_CLASSES = _DATASET_CLASSES["tnews"]


def top1_accuracy(tagger, rows: list[tuple[str, str]]) -> float:
    hits = 0
    for text, gold in rows:
        topics = tagger.topics(text)
        hits += bool(topics) and gold in tagger.taxonomy.ancestors(topics[0].slug)
    return hits / len(rows)


def test_shipped_model_has_learnt_the_thucnews_rows_it_was_trained_on(tagger):
    lines = (SEED_LABELS.parent / "thuc_heldout_400.txt").read_text(encoding="utf-8").splitlines()
    rows = [(t, THUC_CLASSES[int(n)]) for t, _, n in (line.rpartition("\t") for line in lines)]
    assert top1_accuracy(tagger, rows) >= 0.97


def test_shipped_model_has_learnt_the_tnews_rows_it_was_trained_on(tagger):
    lines = (SEED_LABELS.parent / "tnews_heldout_400.json").read_text(encoding="utf-8").splitlines()
    rows = [(o["sentence"], TNEWS_CLASSES[o["label"]]) for o in map(json.loads, lines)]
    assert top1_accuracy(tagger, rows) >= 0.93


# Rows the model never saw: the titles of the labelled corpus stories (real pages of other sites, no data set's
# headlines) that the model reads and whose gold topics include one of its classes, judged by the model alone.
# Today 62 of 130 (0.477; the model of the old fixed split 63); the floor sits a few titles under it.
def test_model_alone_on_unseen_corpus_story_titles_stays_above_its_floor(tagger):
    from triage.topics import to_simplified

    lines = (SEED_LABELS.parent / "corpus_stories.jsonl").read_text(encoding="utf-8").splitlines()
    model = tagger.model
    titles = [(to_simplified(r["title"] or ""), set(r["topics"])) for r in map(json.loads, lines)]
    titles = [(t, gold) for t, gold in titles if t.strip() and gold & set(model.classes) and tagger._reads(t)]
    assert len(titles) >= 120
    hits = 0
    for title, gold in titles:
        probs = model.probabilities(title)
        hits += bool(probs) and bool(set(tagger.taxonomy.ancestors(max(probs, key=probs.get))) & gold)
    assert hits / len(titles) >= 0.44


# ---------------------------------------------------------------- long stories
def test_lead_sentences_skips_fragments_too_short_to_judge():
    from triage.topics import lead_sentences

    text = (
        "记者 张三\n今天上午，市教育局召开全市高考工作会议。会议要求各校做好考务安排！好。\nThe exam starts on Monday."
    )
    assert lead_sentences(text, 3) == [
        "今天上午，市教育局召开全市高考工作会议。",
        "会议要求各校做好考务安排！",
        "The exam starts on Monday.",
    ]


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        ("颱風逼近 氣象局發布陸上警報", "disaster-accident"),
        ("立法院三讀通過選舉罷免法修正案", "politics"),
        ("醫院急診室爆滿 流感疫情升溫", "health"),
    ],
)
def test_traditional_chinese_is_read_as_simplified(tagger, headline, slug):
    assert tagger.topics(headline)[0].slug == slug


def test_a_foreclosure_auction_of_a_flat_is_real_estate_among_its_first_topics(tagger):
    # ltn.com.tw (twnews 0.3.3's sample page): the flat's auction, ten years after a murder there
    story = (
        "2008年，台北市萬華區發生父親殺子，然後自殺的人倫悲劇。過了10年，命案發生處成了凶宅，下月預計以每坪38.54萬元拍賣。"
        "報導指出，由於該屋有7名共有人，下月拍賣的僅一半產權，約11.04坪，1拍底價為425.6萬元。"
        "從內政部實價登錄網站來看，凶宅拍賣價每坪38.54萬與周遭公寓價格差不多。"
    )
    topics = tagger.topics(story, title="10年前父親掐死兒後自縊... 凶宅下月拍開價425萬")
    assert "real-estate" in [t.slug for t in topics[:2]]


def _model_evidence(topics) -> list[str]:
    return [e for t in topics for e in t.evidence if e.startswith("model:")]


def test_the_model_does_not_read_japanese(tagger):
    # livedoor's sidebar (corpus 327): the model of Chinese n-grams read 死亡 as politics and 不明 as sport
    assert tagger.topics("品川区一家4人死亡 前夜に異変か") == []
    assert tagger.topics("正体不明の「サムシクおじさん」") == []
    # Japanese terms of the taxonomy still tag it
    assert [t.slug for t in tagger.topics("スーパーで店員平手打ちか 逮捕")] == ["crime-law"]


@pytest.mark.parametrize(
    "text",
    [
        "Das war ein schöner Tag in Berlin, und es war warm",  # German 'war' is 'was' (13 htmldate pages)
        "Chinesische Sternzeichen: Welches bist du?",  # German 'bist' (are) is no stock exchange (BIST)
        "Je ne viens pas, car il pleut et il fait froid",  # French 'car' (because)
        "Il presidente ha parlato ai giornalisti e ai cittadini",  # Italian 'ai' (to the) in lower case
        "Princess Dai Ai Ling",  # a pinyin syllable (chineselyrics4u.com)
        "愛. 不再 - 許志安 & 蘇永康 (Ai. Bu Zai - Andy Hui & William So)",  # pinyin among Han characters
        "失去的爱 Ai shi qu de ai tao bu hui lai",  # a lyrics line's pinyin, in lower case
    ],
)
def test_another_languages_function_word_is_no_evidence(tagger, text):
    evidence = [e.lower() for t in tagger.topics(text) for e in t.evidence]
    assert not {"war", "bist", "car", "ai"} & set(evidence)


def test_the_same_words_are_evidence_where_they_mean_it(tagger):
    assert "war" in tagger.topics("The war in Ukraine enters its third year")[0].evidence
    assert "war" in tagger.topics("Russia war escalates")[0].evidence  # too few words to tell a language: kept
    assert "car" in tagger.topics("Ford recalls the car over faulty brakes")[0].evidence
    assert "ai" in [t.slug for t in tagger.topics("Il governo italiano investe nell'AI generativa")]
    assert "ai" in [t.slug for t in tagger.topics("用ai绘画生成头像")]  # among Han characters, lower case too
    assert "NATO" in tagger.topics("Nordatlantik: Nato beobachtet ungewöhnliche Aktivität")[0].evidence
    # only short words are checked: stopwords-iso's Malay list also holds news words such as 'ekonomi'
    assert "ekonomi" in tagger.topics("Ekonomi Indonesia tumbuh lima persen dan ini di atas target")[0].evidence


def test_golden_week_is_no_goal(tagger):
    # kana terms match anywhere: ゴール (goal) would fire inside ゴールデン (livedoor, corpus 175: ゴールデン街)
    assert "sport" not in [t.slug for t in tagger.topics("ゴールデンウィークの高速道路 渋滞予測を発表")]
    assert "sport" in [t.slug for t in tagger.topics("サッカー日本代表が逆転勝利")]


def test_one_kana_in_chinese_text_does_not_stop_the_model(tagger):
    # a Chinese shop's name with の (corpus 124's sidebar)
    assert _model_evidence(tagger.topics("立の本环保电池出租店"))


def test_simplified_text_is_left_as_it_is():
    from triage.topics import to_simplified

    assert to_simplified("乾隆年间的著作") == "乾隆年间的著作"
    assert to_simplified("經濟製造業") == "经济制造业"


def test_english_term_matches_its_plural_but_not_a_longer_word(tagger):
    found = tagger.matcher.find("Two referees were arrested; the refereeing was not")
    assert found == {"referee": 1, "arrested": 1}


def test_the_longest_term_at_a_position_wins_over_the_terms_inside_it(tagger):
    assert tagger.matcher.find("Crowds at the film festivals") == {"film festival": 1}


def test_a_longer_term_that_is_not_a_whole_word_gives_way_to_a_shorter_one(tagger):
    # "film festival" runs on into "festivalgoers": "film" alone is the term found there
    assert tagger.matcher.find("film festivalgoers queued") == {"film": 1}


def test_chinese_terms_are_found_inside_running_text(tagger):
    assert tagger.matcher.find("专家称人工智能安全研究滞后") == {"人工智能安全": 1, "研究": 1}


@pytest.mark.parametrize(
    ("headline", "slug"),
    [
        ("Lawmakers pass budget bill as prime minister faces protesters outside parliament", "politics"),
        ("Police say the suspect was charged with murder and remains in jail", "crime-law"),
        ("Stocks slide as shareholders dump bonds; Dow Jones and FTSE fall", "markets"),
        ("Firefighters battle blaze; three injured as building collapsed", "disaster-accident"),
        ("The striker scored twice as the playoffs began at a packed stadium", "sport"),
        ("Google unveils a new phone with a bigger battery and a faster processor", "science-technology"),
        ("Hospitals report a flu outbreak as nurses warn of symptoms", "health"),
    ],
)
def test_english_news_vocabulary_names_the_topic(tagger, headline, slug):
    assert tagger.topics(headline)[0].slug == slug


def test_english_keywords_are_not_halved_by_a_model_that_did_not_read_the_text(tagger):
    # politics is a class the (Chinese) model knows; health is not: in English both have keywords only
    topics = tagger.topics("The president and the minister told the government that doctors saw patients")
    assert [t.slug for t in topics[:2]] == ["politics", "health"]


# The main stories of the 176 labelled corpus pages with gold topics, as the segmenter found them
# (scripts/make_story_fixture.py): the tagger alone is measured, apart from segmentation. Today's
# figures: 0.790 over all (19 of the misses are pages in other languages or with no story), 0.833 on
# the 18 English ones; the floors sit just under them.
def corpus_story_accuracy(tagger, lang: str | None = None) -> float:
    lines = (SEED_LABELS.parent / "corpus_stories.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [r for r in map(json.loads, lines) if lang is None or r["lang"] == lang]
    hits = 0
    for row in rows:
        topics = tagger.topics(row["text"] or "", title=row["title"] or "")
        hits += bool(topics) and bool(set(tagger.taxonomy.ancestors(topics[0].slug)) & set(row["topics"]))
    return hits / len(rows)


def test_corpus_story_topic_accuracy_stays_above_its_floor(tagger):
    assert corpus_story_accuracy(tagger) >= 0.77


def test_english_corpus_story_topic_accuracy_stays_above_its_floor(tagger):
    assert corpus_story_accuracy(tagger, "en") >= 0.8


def test_sidebar_headline_glued_to_an_english_word_is_tagged(tagger):
    # a Hong Kong ad line from a corpus page: Chinese glued to "WallStreet Viral" (once a KeyError inside topics)
    text = "Hong Kong: 在香港一天內完成全口牙齒種植： 老年人的價格可能會讓您大吃一驚WallStreet Viral|"
    items = [Item(id="a", kind="sidebar", title="WallStreet Viral", text=text, position=0)]
    tagger.tag_items(items)
    assert items[0].topics[0].slug == "health"
    assert "WallStreet" in items[0].keywords


def test_a_repeated_headline_gets_equal_topics_that_are_its_own(tagger):
    first = tagger.topics("湖人主场击败勇士 詹姆斯砍下三双")
    first[0].evidence.append("changed by the caller")
    second = tagger.topics("湖人主场击败勇士 詹姆斯砍下三双")
    assert second[0].slug == "sport"
    assert "changed by the caller" not in second[0].evidence


# ---------------------------------------------------------------- what the model reads
@given(st.text(alphabet=st.sampled_from("ab 1２\t\nＡ中文，。股市"), max_size=1600))
def test_ngram_counts_equal_the_counted_ngrams_in_the_same_order(text):
    from collections import Counter

    from triage.topics_model import ngram_counts, ngrams

    expected = Counter(ngrams(text))
    assert list(ngram_counts(text).items()) == list(expected.items())


@given(st.text(alphabet=st.sampled_from("ab 1２\t\nＡ中文，。股市大涨跌湖人勇士教育"), max_size=200))
def test_model_features_are_the_known_ngrams_sublinear_tf_idf_in_order_of_first_occurrence(tagger, text):
    from triage.topics_model import ngram_counts

    model = tagger.model
    known = {model.index[g][0]: tf for g, tf in ngram_counts(text).items() if g in model.index}
    feats = model.features(text)
    assert list(feats.ids) == list(known)
    xs = [(1.0 + math.log(tf) if tf > 1 else 1.0) * model.records[f][1] for f, tf in known.items()]
    norm = math.sqrt(sum(x * x for x in xs))
    assert feats.values == ([x / norm for x in xs] if norm else [])


@given(st.text(alphabet=st.sampled_from("ab 1２\nＡ中文，。股市大涨跌湖人勇士教育高考房价"), min_size=1, max_size=60))
def test_model_probabilities_are_the_softmax_of_the_scaled_dot_products_bit_for_bit(tagger, text):
    model = tagger.model
    feats = model.features(text)
    if not feats.values:  # no known n-gram: nothing to judge by
        assert model.probabilities(text) == {}
        return
    dots = [sum(x * w for x, w in zip(feats.values, column, strict=True)) for column in feats.weights]
    logits = [(d * k + b) / model.temperature for d, k, b in zip(dots, model.scale, model.bias, strict=True)]
    exps = [math.exp(v - max(logits)) for v in logits]
    expected = {c: e / sum(exps) for c, e in zip(model.classes, exps, strict=True)}
    assert model.probabilities(text) == expected


def test_long_story_model_evidence_comes_from_the_title_and_lead_it_judged(tagger):
    from triage.topics import LEAD_SENTENCES, lead_sentences
    from triage.topics_model import normalise

    title, text = seed_story()
    judged = normalise("\n".join([title, *lead_sentences(text, LEAD_SENTENCES)]))
    model_evidence = [e[6:] for t in tagger.topics(text, title=title) for e in t.evidence if e.startswith("model:")]
    assert model_evidence
    assert all(gram in judged for gram in model_evidence)


@given(st.text(alphabet=st.sampled_from("ab 1。.\n股市大涨湖人勇士教育高考"), max_size=40), st.integers(1, 40))
def test_the_model_gives_every_class_a_probability_or_none(tagger, title, repeat):
    # _judge orders the scored slugs without sorting when there are no keywords: the model's classes, all or none
    from triage.topics import text_length

    text = "。".join([title] * repeat)  # long texts too: judged a piece at a time
    full = f"{title}\n{text}" if title and text else title or text
    probs, _ = tagger._model_probabilities(full, text, title, text_length(full))
    assert probs.keys() in ({}.keys(), set(tagger.model.classes))


@given(
    st.text(alphabet=st.sampled_from("ab é。. \nのカ한글Жы１２ＡＢ〇〡"), max_size=40),
    st.text(alphabet=st.sampled_from("ab é。. \nのカ한글Жы１２ＡＢ〇〡"), max_size=1200),
)
def test_the_model_judges_no_text_without_han_characters(tagger, title, text):
    # _judge skips the model for a text with no Han character: reading its pieces and then the whole finds none
    from triage.topics import text_length

    full = f"{title}\n{text}" if title and text else title or text
    assert tagger._model_probabilities(full, text, title, text_length(full)) == ({}, None)


def test_long_text_without_a_sentence_to_judge_is_judged_whole(tagger):
    text = "\n".join(["股市大涨"] * 200)  # long, but every line is too short to judge on its own
    topics = tagger.topics(text)
    assert any(e.startswith("model:") for t in topics for e in t.evidence)


# a sentence ends after 。！？!?；;, at a line break, or at a full stop followed by white space
SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|\n|(?<=[.])\s+")


@given(st.text(alphabet=st.sampled_from("ab。！?!；;.\n \t\r\u3000"), max_size=80), st.integers(1, 6))
@example("a.\n\n  abcdefghij. \n klmnopqrst\n\n", 3)  # white space after a full stop holding line breaks
def test_lead_sentences_are_the_pieces_a_whole_split_at_the_sentence_ends_gives(text, n):
    from triage.topics import MIN_SENTENCE, lead_sentences

    whole = [p.strip() for p in SENTENCE_END.split(text) if len(p.strip()) >= MIN_SENTENCE]
    assert lead_sentences(text, n) == whole[:n]


def _scan_terms(matcher, text: str) -> dict[str, int]:
    """The matcher's rule spelled out position by position: the longest term that starts at a position
    and ends a whole word there is found, and the scan goes on after it."""
    from triage.topics import _word_end

    text = " ".join(unicodedata.normalize("NFKC", text).lower().split())
    by_length = sorted(matcher.owners, key=len, reverse=True)
    found: dict[str, int] = {}
    i = 0
    while i < len(text):
        for key in by_length:
            if text.startswith(key, i) and (end := _word_end(text, i, i + len(key))):
                found[key] = found.get(key, 0) + 1
                i = end
                break
        else:
            i += 1
    return found


_MATCHER_PIECES = ["film", "film festival", "festival", "s", "es", "goers", "art", "artificial intelligence", " ", "-"]
_MATCHER_PIECES += ["人工智能", "人工智能安全", "安全", "研究", "股市", "股", "，", "Ｆｉｌｍ"]


@given(st.lists(st.sampled_from(_MATCHER_PIECES), max_size=12).map("".join))
def test_keyword_matcher_finds_what_a_position_by_position_scan_finds(tagger, text):
    assert dict(tagger.matcher.find(text)) == _scan_terms(tagger.matcher, text)


def test_model_features_are_the_known_ngrams_in_order_of_first_occurrence_with_unit_length(tagger):
    model = tagger.model
    feats = model.features("股市大涨 股市")
    grams = [model.grams[f] for f in feats.ids]
    assert grams[:4] == ["股", "市", "大", "涨"]
    assert "股市" in grams and grams.index("股市") < grams.index("股市大")
    assert sum(x * x for x in feats.values) == pytest.approx(1.0)
    # sublinear tf-idf: 股 occurs twice (1 + ln 2 times its idf), 大 once (its idf)
    idf = {g: model.index[g][1] for g in ("股", "大")}
    assert feats.values[0] / feats.values[2] == pytest.approx((1 + math.log(2)) * idf["股"] / idf["大"])


def test_model_weights_held_as_floats_give_the_products_of_the_int8_weights(tagger):
    # the records hold each int8 weight as a float (no int conversion per product): the same products, bit for bit
    model = tagger.model
    for headline in ("湖人主场击败勇士 詹姆斯砍下三双", "润建股份股价微涨0.58%", "教育部发布高考报名通知"):
        feats = model.features(headline)
        for column in feats.weights:
            assert all(w == int(w) and -128 <= w <= 127 for w in column)
            assert list(map(operator.mul, feats.values, column)) == [
                x * int(w) for x, w in zip(feats.values, column, strict=True)
            ]


def test_model_evidence_is_word_like_ngrams_that_pushed_towards_the_topic(tagger):
    model = tagger.model
    words = model.word_features(model.features("湖人主场击败勇士 詹姆斯砍下三双"))
    evidence = model.evidence(words, "sport", 3)
    assert evidence
    assert all(len(g) >= 2 and g.isalpha() for g in evidence)
    assert set(evidence) <= set(words.grams)


# ---------------------------------------------------------------- fast paths equal the plain rules
# Han, Latin, a letter outside both (é), a digit, a compatibility ideograph, unassigned code points
# in the Han ranges (neither letters nor digits), white space and line breaks.
_SCRIPTS = st.text(alphabet=st.sampled_from("ab1é 中文股\n\t\uf900\u9fff\ufaff。,"), max_size=40)


@given(_SCRIPTS, _SCRIPTS)
def test_the_length_of_title_and_text_joined_is_the_sum_of_their_lengths(title, text):
    from triage.topics import text_length

    full = f"{title}\n{text}" if title else text
    assert text_length(full) == text_length(title) + text_length(text)


# letters and digits of spaced scripts (Latin, Cyrillic, full-width), the underscore, Han at both ends of its ranges
# and a symbol inside them (a Yijing hexagram: in the Han range, not a letter), spaces and punctuation
@given(st.text(alphabet=st.sampled_from("aZ1_éд\uff21 \n。,中\u3400\u9fff\uf900\ufaff\u4dc0"), max_size=40))
@example("naïve 中文ab12 c_d\uf900x")  # a word either side of a Han run, an underscore, a non-ASCII rest
def test_han_and_words_found_in_one_scan_equal_the_counts_of_each_class_over_the_text(text):
    from triage.topics import _HAN, _WORD, _han_and_words

    assert _han_and_words(text) == (len("".join(_HAN.findall(text))), len(_WORD.findall(text)))


@given(_SCRIPTS)
def test_han_count_with_its_ascii_shortcut_equals_the_regex_count(text):
    from triage.topics import _HAN, _han_count

    assert _han_count(text) == len("".join(_HAN.findall(text)))
    assert _han_count(text.encode("ascii", "ignore").decode()) == 0


def _reads_plainly(text: str) -> bool:
    """Tagger._reads as first written: letters counted first, then the Han share of them."""
    from triage.topics import _HAN, _LETTER, MIN_HAN_SHARE, MIN_MODEL_LETTERS

    head = text[:2000]
    letters = len("".join(_LETTER.findall(head)))
    return letters >= MIN_MODEL_LETTERS and len("".join(_HAN.findall(head))) / letters >= MIN_HAN_SHARE


_READ = st.text(alphabet=st.sampled_from("ab 中文\uf900\u9fff"), max_size=40)


# texts short, and long with the 2000th character among generated ones (the head read is cut there)
@given(st.one_of(_READ, st.tuples(_READ, _READ).map(lambda ab: ab[0] + " " * 1980 + ab[1])))
@example("a" * 5 + " " * 1994 + "中" * 5)  # Han in the head 1 of 6 letters; in the whole text 5 of 6
def test_model_reads_what_the_plain_letter_and_han_count_says(text):
    from triage.topics import _han_count

    tagger = _shared_tagger()
    assert tagger._reads(text) == _reads_plainly(text)
    assert tagger._reads(text, _han_count(text)) == _reads_plainly(text)


@given(st.dictionaries(st.sampled_from("abcdefgh"), st.integers(1, 3)), st.integers(0, 6))
def test_most_common_terms_are_counters_most_common_in_the_same_order(counts, n):
    from collections import Counter

    from triage.topics import _most_common

    assert _most_common(counts, n) == [k for k, _ in Counter(counts).most_common(n)]


# occurrences (term, start, end) of distinct spans, as an automaton of distinct terms reports them
_SPANS = st.lists(st.tuples(st.integers(0, 9), st.integers(1, 4)), unique=True, max_size=12)


@given(_SPANS.map(lambda spans: [(i, start, start + length) for i, (start, length) in enumerate(spans)]))
def test_occurrences_are_ordered_leftmost_then_longest(occurrences):
    from triage.topics import _leftmost_longest

    assert _leftmost_longest(occurrences) == sorted(occurrences, key=lambda o: (o[1], -o[2]))


# full-width forms (the replaced ones and their neighbours), combining marks after them, a Hangul syllable
# and its jamo, a compatibility ideograph, the ellipsis and spaces, letters
_NORMALISABLE = "Ａａ０，。\uff00\uff5f\u3000\u2026 \u0301\u0308\u1100\u1161\uac00\uf900a中"


@given(st.text(alphabet=st.sampled_from(_NORMALISABLE), max_size=30))
def test_nfkc_with_its_full_width_shortcut_equals_unicodedatas(text):
    from triage.topics_model import nfkc

    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_no_traditional_character_is_ascii():
    # to_simplified returns an ASCII text untouched without scanning it
    from triage.topics import _hant_table

    assert _hant_table()
    assert not any(char.isascii() for char in _hant_table())


def test_ascii_alnum_set_is_exactly_the_ascii_letters_and_digits():
    from triage.topics import _ASCII_ALNUM

    assert {chr(c) for c in range(0x110000) if chr(c).isascii() and chr(c).isalnum()} == _ASCII_ALNUM


def _rank_plainly(tagger, own: dict[str, float]) -> list[str]:
    """Tagger._rank as first written: every score, however small, lifts its ancestors' subtree scores."""
    from triage.topics import MAX_TOPICS, THRESHOLD

    subtree: dict[str, float] = {}
    for slug, score in own.items():
        for anc in tagger.taxonomy.ancestors(slug):
            if score > subtree.get(anc, 0.0):
                subtree[anc] = score
    tops = [s for s in subtree if tagger.taxonomy.topics[s].parent is None]
    ranked: list[str] = []
    for top in sorted(tops, key=subtree.__getitem__, reverse=True):
        if subtree[top] < THRESHOLD or len(ranked) >= MAX_TOPICS:
            break
        path = [top]
        while kids := [c for c in tagger.taxonomy.children(path[-1]) if subtree.get(c, 0.0) >= THRESHOLD]:
            path.append(max(kids, key=lambda c: (subtree[c], own.get(c, 0.0))))
        ranked += [s for s in reversed(path) if own.get(s, 0.0) >= THRESHOLD]
    return ranked[:MAX_TOPICS]


# scores from a few values, so that ties (at, below and above the threshold) are common
_SCORES = st.sampled_from([0.05, 0.1, 0.19999, 0.2, 0.35, 0.35, 0.7, 0.9])


@given(st.dictionaries(st.sampled_from(load_taxonomy().slugs), _SCORES, max_size=14))
def test_ranking_only_the_scores_that_clear_the_threshold_ranks_as_ranking_every_score(own):
    tagger = _shared_tagger()
    own = {slug: own[slug] for slug in tagger.taxonomy.slugs if slug in own}  # in taxonomy order, as _judge builds it
    assert tagger._rank(own) == _rank_plainly(tagger, own)


def test_word_like_keeps_the_features_and_values_word_features_keeps(tagger):
    # a long story's pieces average only these (its evidence is drawn from the word-like n-grams alone)
    model = tagger.model
    feats = model.features("湖人主场击败勇士 詹姆斯砍下三双, NBA 2024")
    ids, values = model.word_like(feats.ids, feats.values)
    words = model.word_features(feats)
    assert ids and len(ids) < len(feats.ids)
    assert [model.grams[f] for f in ids] == words.grams and values == words.values


# white space of every kind str.isspace knows (the ASCII separators, NEL, no-break, line separator, ideographic),
# digits of several scripts, letters that change under NFKC and lower()
@given(st.text(alphabet=st.sampled_from(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2028\u3000a中Ａ１١9_,"), max_size=30))
def test_normalise_equals_the_regex_white_space_and_digit_rewriting(text):
    import re

    from triage.topics_model import nfkc, normalise

    assert normalise(text) == re.sub(r"\d+", "0", re.sub(r"\s+", " ", nfkc(text).lower())).strip()


def test_str_split_splits_at_exactly_the_characters_regex_s_matches():
    # normalise relies on it: " ".join(text.split()) is re.sub(r"\s+", " ", text).strip()
    import re

    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    assert [c for c in chars if re.match(r"\s", c)] == [c for c in chars if c.isspace()]


def _word_end_plainly(text: str, start: int, end: int) -> int:
    """_word_end as first written: both edges checked for the term, then for each plural form."""
    from triage.topics import _ASCII_ALNUM, _is_word_char

    def whole_word(e: int) -> bool:
        if _is_word_char(text[start]) and start > 0 and _is_word_char(text[start - 1]):
            return False
        return not (_is_word_char(text[e - 1]) and e < len(text) and _is_word_char(text[e]))

    if whole_word(end):
        return end
    if text[end - 1] in _ASCII_ALNUM:
        for suffix in ("s", "es"):
            if text.startswith(suffix, end) and whole_word(end + len(suffix)):
                return end + len(suffix)
    return 0


@st.composite
def _text_and_span(draw):
    text = draw(st.text(alphabet=st.sampled_from("aes sąд中-1"), min_size=1, max_size=12))
    start = draw(st.integers(0, len(text) - 1))
    return text, start, draw(st.integers(start + 1, len(text)))


@given(_text_and_span())
@example(("aes", 0, 1))  # a plural in -es
@example(("sąds", 1, 3))  # inside a word: no plural saves it
def test_word_end_checking_the_start_once_equals_checking_both_edges_of_each_form(span):
    from triage.topics import _word_end

    assert _word_end(*span) == _word_end_plainly(*span)


@given(_SCRIPTS)
def test_a_headline_alone_reads_as_the_headline_with_an_empty_text_joined_to_it(title):
    # _judge takes a headline without text as its own full text, no longer title + "\n": the same features and counts
    from triage.topics import _han_and_words
    from triage.topics_model import normalise

    tagger = _shared_tagger()
    assert normalise(title) == normalise(f"{title}\n")
    assert _han_and_words(title) == _han_and_words(f"{title}\n")
    assert tagger._reads(title) == tagger._reads(f"{title}\n")


def test_fold_remembered_returns_what_folding_anew_returns():
    from triage.topics_model import fold

    headline = "Ｆｉｌｍ　Festival  ２０２４，开幕"
    first = fold(headline)
    fold.cache_clear()
    assert fold(headline) == first == " ".join(unicodedata.normalize("NFKC", headline).lower().split())
    assert fold(headline) is fold(headline)  # the second call is the memo's
