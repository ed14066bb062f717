"""The segmenter's vocabulary (segment_vocab): the unions it tests first let through every line its patterns match."""

from hypothesis import given
from hypothesis import strategies as st

from triage.segment_sidebar import item_outlet
from triage.segment_story import first_match
from triage.segment_vocab import vocab

# pieces of outlet statements ('新华社北京5月6日电', '【文/观察者网 王世纯】', '本报讯（记者') and of plain snippets
OUTLET_PIECES = ["新华社", "北京", "5月6日", "2024年", "电", "讯", "消息", "报道", "据", "客户端", "网", "记者", "首席",
                 "【", "】", "文", "/", "（", "(", " ", "-", "央视新闻", "Reuters", "a", "7"]  # fmt: skip


@given(st.lists(st.sampled_from(OUTLET_PIECES), min_size=1, max_size=9))
def test_an_item_outlet_is_found_whenever_one_of_the_outlet_patterns_finds_it(pieces):
    v = vocab()
    text = "".join(pieces)
    assert item_outlet(text, v) == first_match(v.item_outlet, text, "outlet")


def test_the_outlet_union_finds_the_outlets_of_real_snippets():
    v = vocab()
    assert item_outlet("中新网5月6日电 国务院常务会议部署扩大内需", v) == "中新网"
    assert item_outlet("【文/观察者网 王世纯】美国总统拜登周三表示", v) == "观察者网"
    assert item_outlet("The prime minister said on Tuesday", v) is None
