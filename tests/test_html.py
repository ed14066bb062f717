"""HTML to lines: what the markup says about each line (class/id hints, title, dates), on real
markup copied from the corpus pages (../shared/corpus/html, named by file)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage.html import (
    DOCUMENT_END_TAG,
    UNICODE_SPACES,
    clean_line,
    clean_lines,
    clean_texts,
    collapse_spaces,
    hint_vocabulary,
    hints_of,
    html_to_lines,
    may_name_hints,
    neutral_words,
    normalise_space,
    published_meta,
    site_name_meta,
    token_hints,
)
from triage.models import Line


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


# ---------------------------------------------------------------- class and id words


@pytest.mark.parametrize(
    "value",
    [
        "toolbar-inside exp3",  # 313.html: a toolbar, not a sidebar
        "pb-feature-inside-wrapper ",  # 188.html
        "dou-preview-image dou-preview-image-zoom-in",  # 334.html: an image preview, not reviews
    ],
)
def test_english_words_that_embed_a_hint_word_name_no_block(value):
    assert not {"sidebar", "comment"} & set(hints_of(value))


def test_a_hint_word_with_an_ending_is_not_a_compound():
    # caktusgroup.com (trafilatura test page): the wrapper of the whole article
    assert hints_of("full row white-bg cushion-sides") == ()


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("shared-weixin", "share"),  # 259.html: the share buttons
        ("post-373020 post type-post hentry category-3-5", "article"),  # 328.html: the microformat entry
        ("relateds", "related"),  # 370.html: a plural
        ("rdheader", "header"),  # a CMS prefix before the hint word
        ("smenu", "menu"),
        ("cnnArticleGalleryPhotoContainer", "gallery"),  # cnn_article (newspaper4k tests/data): a photo gallery
    ],
)
def test_hint_words_in_compounds_plurals_and_microformats_are_recognised(value, hint):
    assert hint in hints_of(value)


# class names of the kinds pages write: hint words, compounds, states, terms, numbered ids
CLASS_NAMES = [
    "related-news",
    "hot_list2",
    "toolbar-inside",
    "exp3",
    "has-sidebar",
    "site-main",
    "articleBody",
    "post-12345",
    "menu-item",
    "tag-hot-topics",
    "rightsidebar",
    "clearfix",
    "footer",
    "newsrelated",
]


@given(st.lists(st.sampled_from(CLASS_NAMES), max_size=6))
def test_the_hints_of_a_class_value_are_those_of_its_names_in_order_without_repeats(names):
    expected = tuple(dict.fromkeys(hint for name in names for hint in hints_of(name)))
    assert hints_of(" ".join(names)) == expected


# pieces of class names: hint words, words holding one, the neutral words, ASCII and other letters
# (the Kelvin sign lower-cases to an ASCII k), digits, separators, camelCase humps
NAME_PIECES = [
    *sorted(hint_vocabulary()),
    *sorted(neutral_words()),
    "has", "tag", "no", "news", "item", "wrap", "s", "x", "K", "\u212a", "\u0130", "中", "Side", "BAR", "Nav",
    "0", "12", "-", "_", " ", ":",
]  # fmt: skip


@given(st.lists(st.sampled_from(NAME_PIECES), max_size=8).map("".join))
def test_a_value_the_hint_word_scan_passes_by_names_no_hint_token_by_token(value):
    assert may_name_hints(value) or all(token_hints(name) == () for name in value.split())


@given(st.lists(st.sampled_from(NAME_PIECES), max_size=8).map("".join))
def test_the_hints_of_a_value_are_those_its_names_name_token_by_token(value):
    expected = tuple(dict.fromkeys(hint for name in value.split() for hint in token_hints(name)))
    assert hints_of(value) == expected


def test_a_story_under_a_layout_wrapper_named_for_its_padding_is_not_in_a_sidebar():
    html = page('<div class="full row white-bg cushion-sides"><p>It was my second webcast.</p></div>')
    assert html_to_lines(html)[0].hints == ()


def test_the_class_of_body_names_the_page_template_not_a_block():
    # 088.html (sina): a login-state class on <body> does not make every line a login widget
    html = '<html><body class=" sinacMNT_login sinacMNT_weibo_login_security"><p>正文第一段。</p></body></html>'
    assert html_to_lines(html)[0].hints == ()


def test_class_names_filing_a_post_under_terms_name_no_block():
    # WordPress post classes (328.html) with a tag and a status whose words are hint words
    value = "post-111 post type-post status-publish format-standard hentry category-related tag-hot-topics"
    assert hints_of(value) == ("article",)


def test_class_names_stating_a_feature_of_the_element_name_no_block():
    # 315.html (Yahoo HK): the article container's feature flags
    value = "caas caas-cc news disableAsideSection editorialUpsells enableBodyAdsCh"
    assert not {"sidebar", "ad"} & set(hints_of(value))
    assert hints_of("site-main has-sidebar no-comments") == ("main",)


def inner_hints(hints: tuple[str, ...]) -> tuple[str, ...]:
    """The hints named inside the innermost article/main/content container (as segment reads them)."""
    content = max((k for k, h in enumerate(hints) if h in ("article", "content", "main")), default=-1)
    return hints[content + 1 :]


def test_an_article_container_inside_a_bottom_block_makes_that_block_outer():
    # 368.html (onet.pl): the article body sits inside 'articleDetailBottom'
    html = page(
        '<section class="articleDetailBottom articleDetailBottom"><div class="articleDetail">'
        '<div class="detail intext articleBody   detail"><p>Jedzenie dużej ilości truskawek może '
        "doprowadzić do zaburzeń krzepnięcia krwi.</p></div></div></section>"
    )
    assert "footer" not in inner_hints(html_to_lines(html)[0].hints)


def test_a_content_box_inside_a_recommended_block_keeps_the_block_inner():
    # 314.html (CSDN): every recommended article has its own content box
    html = page(
        '<div class="main_father clearfix d-flex justify-content-center"><div class="first-recommend-box '
        'recommend-box "><div class="content-box"><p>SoLVES模型的详细使用教程</p></div></div></div>'
    )
    assert "recommend" in inner_hints(html_to_lines(html)[0].hints)


# ---------------------------------------------------------------- forms

REPLY_FORM = (  # 134.html (Yahoo China forum): the reply box under a thread, abridged
    '<form name="reply" action="http://cn.bbs.yahoo.com/reply" method="post"><table class="reply_tb">'
    '<tr><td><strong>标题：</strong></td><td><input id="title" name="title" type="text" value=""/></td></tr>'
    '<tr><td><strong>内容：</strong></td><td><div class="editerarea"><textarea id="cntarea" name="contents">'
    "</textarea></div></td></tr><tr><td></td><td>注意：请阅读我们的["
    '<a href="http://misc.yahoo.com.cn/copyright.html">服务条款</a>]</td></tr></table></form>'
)
SEARCH_FORM = (  # 336.html (Wikipedia): the search box
    '<form action="/w/index.php" id="searchform"><div id="simpleSearch"><input type="search" name="search" '
    'placeholder="搜索维基百科"/></div><span>搜索</span></form>'
)


def test_lines_of_a_reply_form_carry_the_form_hint():
    lines = html_to_lines(page("<p>正文。</p>" + REPLY_FORM))
    assert [line.text for line in lines if "form" in line.hints] == ["标题：", "内容：", "注意：请阅读我们的[服务条款]"]
    assert "form" not in lines[0].hints


def test_a_search_box_is_not_an_entry_form():
    assert all("form" not in line.hints for line in html_to_lines(page(SEARCH_FORM)))


def test_a_form_holding_the_whole_page_is_not_an_entry_form():
    # ASP.NET pages (106.html) wrap everything, comment box included, in one <form>
    story = "<p>" + "13岁，正是花季的年龄，可13岁的李某却成了妈妈。" * 150 + "</p>"
    lines = html_to_lines(page(f'<form id="Form1">{story}<textarea name="comment"></textarea></form>'))
    assert "form" not in lines[0].hints


# ---------------------------------------------------------------- roles and microdata


def test_an_aria_role_names_the_block_when_the_classes_are_opaque():
    # 174.html (Yahoo HK, its id left out): atomic CSS classes say nothing; the role does
    html = page('<div role="contentinfo" class="Mb(20px)"><p>©2024 Yahoo</p></div>')
    assert "footer" in html_to_lines(html)[0].hints


def test_the_banner_role_is_the_site_header_not_an_advert():
    html = page('<div role="banner" class="x1"><p>Site name</p></div>')
    assert html_to_lines(html)[0].hints == ("header",)


def test_schema_org_article_body_is_an_article_container():
    html = page('<div itemprop="articleBody" class="c-1a2b"><p>Body text.</p></div>')
    assert html_to_lines(html)[0].hints == ("article",)


# ---------------------------------------------------------------- links


GALLERY_PAGE = Path(__file__).parent / "fixtures" / "read" / "100.html"  # xinhuanet: a gallery of a dozen links


def gallery_line(lines):
    return next(line for line in lines if line.text.startswith("法国全国大罢工再次严重影响交通未成年人网游防沉迷"))


def test_a_line_of_several_links_has_no_link_target_of_its_own():
    line = gallery_line(html_to_lines(GALLERY_PAGE.read_text(encoding="utf-8")))
    assert line.link_ratio == 1.0
    assert line.href is None


def test_a_line_that_is_one_link_keeps_its_target():
    lines = html_to_lines(
        page('<p>正文。</p><div class="x"><a href="http://example.com/a.htm">另一条新闻的标题在这里</a></div>')
    )
    assert lines[-1].href == "http://example.com/a.htm"


def test_a_line_of_one_text_node_is_wholly_linked_or_not_linked():
    lines = html_to_lines(page('<p>正文。</p><p><a href="http://example.com/a.htm">另一条新闻</a></p>'))
    assert [(line.link_ratio, line.href) for line in lines] == [(0.0, None), (1.0, "http://example.com/a.htm")]


def test_the_link_ratio_of_a_line_is_the_share_of_its_characters_inside_links():
    (line,) = html_to_lines(page('<p>正文 正文<a href="http://example.com/a.htm">链接</a> 正文</p>'))
    assert (line.text, line.link_ratio, line.href) == ("正文 正文链接 正文", round(2 / 8, 3), None)


def test_newlines_in_preformatted_text_break_its_lines_and_blank_ones_are_dropped():
    lines = html_to_lines(page('<pre>a <a href="/u">x\n\n  y</a>\n b</pre>'))
    assert [(line.text, line.block, line.link_ratio, line.href) for line in lines] == [
        ("a x", "pre", 0.5, None),
        ("y", "pre", 1.0, "/u"),
        ("b", "pre", 0.0, None),
    ]


def test_a_page_without_visible_body_text_has_its_title_alone():
    lines = html_to_lines(page("<div><img src='x.png'>  </div>", head="<title>Only a title</title>"))
    assert lines == [Line("Only a title", block="title")]


def test_the_lines_of_a_page_are_the_same_in_every_process():
    # links were once told apart by id() of lxml's short-lived element proxies: in some processes two
    # links of 100.html's gallery shared an id and its line got one of their targets
    script = "import sys; from triage.read import read_path; print(repr(read_path(sys.argv[1]).lines))"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script, str(GALLERY_PAGE)],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(8)
    }
    assert len(outputs) == 1


# ---------------------------------------------------------------- spaces


@given(st.text(alphabet=st.sampled_from(list("ab 中\t\r\n\xa0\u3000\u200b\u00ad\x1b[31m\x07\u202e")), max_size=60))
def test_cleaning_a_whole_text_gives_the_lines_cleaning_each_line_gives(text):
    assert clean_lines(text) == [clean_line(line) for line in text.split("\n")]


SPACE_TEST_CHARACTERS = list("ab 中\t\r\n\f\v\xa0\u3000\u2028\x1c\u200b\u00ad\x1b[31m\x07\u202e\uffff")


@given(st.lists(st.text(alphabet=st.sampled_from(SPACE_TEST_CHARACTERS), max_size=30), max_size=8))
def test_cleaning_a_page_of_lines_at_once_gives_what_cleaning_each_line_gives(texts):
    # the page's lines are cleaned in one pass, joined by a separator character, which a line may hold too
    assert clean_texts(texts) == [clean_line(text) for text in texts]


@given(st.text(alphabet=st.sampled_from(SPACE_TEST_CHARACTERS), max_size=60))
def test_every_run_of_spaces_tabs_newlines_and_no_break_spaces_becomes_one_space(text):
    visible = text.replace("\u200b", "").replace("\u00ad", "")
    assert normalise_space(text) == re.sub(r"[ \t\n\r\f\v\xa0]+", " ", visible).strip()


@given(st.text(alphabet=st.sampled_from(SPACE_TEST_CHARACTERS), max_size=60))
def test_collapsing_spaces_by_replacing_and_shrinking_gives_what_one_pattern_over_the_runs_gives(text):
    # the fast path (replace each space-like character, then shrink runs of spaces) against the plain regex
    assert collapse_spaces(text) == re.sub(r"[ \t\n\r\f\v\xa0]+", " ", text)
    assert collapse_spaces(text, "\t\r\f\v\xa0") == re.sub(r"[ \t\r\f\v\xa0]+", " ", text)


def test_a_text_dump_keeps_ideographic_spaces_inside_lines_and_trims_them_at_the_ends():
    assert clean_lines("\u3000\u3000第一段。\xa0 \t第二句。\n  标题\u3000副题  ") == [
        "第一段。 第二句。",
        "标题\u3000副题",
    ]


# ---------------------------------------------------------------- end tags of html and body


def test_the_spaces_spelled_out_for_the_bytes_pattern_are_every_character_a_str_pattern_calls_a_space():
    assert sorted(UNICODE_SPACES) == [chr(c) for c in range(0x110000) if re.fullmatch(r"\s", chr(c))]


END_TAG_TEST_CHARACTERS = [
    *"<>/ abhtmlbodyHTMLBODY中\u017f\u212a\ud800",
    *UNICODE_SPACES,
    "</body>",
    "</HTML >",
    "</bOdY",
]


@given(st.lists(st.sampled_from(END_TAG_TEST_CHARACTERS), max_size=40).map("".join))
def test_end_tags_removed_from_the_bytes_are_those_the_pattern_on_the_text_removes(text):
    on_text = re.sub(r"</(?:html|body)\s*>", "", text, flags=re.I).encode("utf-8", "surrogatepass")
    assert DOCUMENT_END_TAG.sub(b"", text.encode("utf-8", "surrogatepass")) == on_text


# ---------------------------------------------------------------- the publish time in the metadata


def metadata_root(head: str, body: str = "<p>正文</p>"):
    import lxml.etree

    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return lxml.etree.fromstring(html.encode(), lxml.etree.HTMLParser(encoding="utf-8"))


@pytest.mark.parametrize(
    ("head", "published"),
    [
        # 087.html (Open Graph, a Chinese site): the site's own local time, its zone dropped
        ('<meta property="article:published_time" content="2019-11-25T18:57:38+08:00"/>', "2019-11-25T18:57:38"),
        ('<meta name="pubdate" content="2016-11-22 09:53"/>', "2016-11-22 09:53"),  # 073.html
        ('<meta name="publishdate" content="2024/05/13 13:24:16"/>', "2024/05/13 13:24:16"),  # 365.html
        ('<meta property="og:release_date" content="2020-11-26 08:04"/>', "2020-11-26 08:04"),  # 132.html
        ('<meta itemprop="datePublished" content="2024-05-20T09:13:00+03:00"/>', "2024-05-20T09:13:00"),
        ('<meta name="description" content="2024 年 5 月"/>', None),  # not a publish time
    ],
)
def test_the_metadata_states_the_publish_time(head, published):
    assert published_meta(metadata_root(head)) == published


def test_a_news_posting_in_json_ld_states_the_publish_time_also_in_a_graph():
    ld = (
        '{"@context": "https://schema.org", "@graph": [{"@type": "WebPage", "datePublished": "2001-01-01"},'
        ' {"@type": ["NewsArticle"], "headline": "x", "datePublished": "2024-05-22T00:21:04.000Z"}]}'
    )
    head = f'<script type="application/ld+json">{ld}</script>'
    assert published_meta(metadata_root(head)) == "2024-05-22T00:21:04.000"


def test_a_generic_article_in_json_ld_is_no_publish_time():
    # 336.html, a Wikipedia article: schema.org's Article dated by the page's creation, no story's publish time
    ld = '{"@context":"https://schema.org","@type":"Article","name":"雄安新区","datePublished":"2017-04-01T13:06:59Z"}'
    assert published_meta(metadata_root(f'<script type="application/ld+json">{ld}</script>')) is None


def test_a_broken_json_ld_block_is_passed_over_for_a_time_element():
    head = '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": </script>'
    body = '<p>正文</p><time itemprop="datePublished" datetime="2024-02-24 14:02:08">2月24日</time>'
    assert published_meta(metadata_root(head, body)) == "2024-02-24 14:02:08"


def test_a_json_ld_block_nested_beyond_reading_costs_the_page_nothing():
    ld = '{"@type": "NewsArticle", "datePublished": "2024-05-22", "x": ' + "[" * 5_000 + "]" * 5_000 + "}"
    head = f'<script type="application/ld+json">{ld}</script>'
    html = f"<html><head><title>标题</title>{head}</head><body><p>正文的第一段。</p></body></html>"
    assert html_to_lines(html) == [Line("标题", block="title"), Line("正文的第一段。", block="p")]


@pytest.mark.parametrize(
    ("head", "name"),
    [
        ('<meta property="og:site_name" content="TechCrunch"/>', "TechCrunch"),  # 168.html
        ('<meta property="og:site_name" content=" ライブドアニュース "/>', "ライブドアニュース"),  # 175.html
        ('<meta property="og:title" content="Seccombe and McKay join Renegades"/>', None),
        ('<meta property="og:site_name" content="' + "Die besten Rezepte " * 5 + '"/>', None),  # a slogan
    ],
)
def test_the_metadata_names_the_site(head, name):
    assert site_name_meta(metadata_root(head)) == name
