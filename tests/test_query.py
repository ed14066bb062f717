"""Filters become one SQL query with bound parameters; dates and topics are validated first."""

import datetime as dt
import re
from pathlib import Path

import pytest

from triage.errors import UsageError
from triage.query import Filters, TopicTree, check_topics, listing_sql, parse_when, until_bound

TOPICS_MD = Path("/work/shared/eval/TOPICS.md")


def topic_tree_from_topics_md() -> TopicTree:
    """The shared slug table (slug | parent | ...), the taxonomy every engineer works from."""
    parents = {}
    for line in TOPICS_MD.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\| ([a-z-]+) \|\s*([a-z-]*)\s*\|", line)
        if m and m.group(1) != "slug":
            parents[m.group(1)] = m.group(2) or None
    return TopicTree(parents)


TODAY = dt.date(2025, 3, 31)


def test_iso_dates_of_every_precision_are_kept_as_given():
    assert parse_when("2024") == "2024"
    assert parse_when("2024-05") == "2024-05"
    assert parse_when("2024-05-06") == "2024-05-06"
    assert parse_when("2024-05-06 12:30") == "2024-05-06T12:30"


def test_relative_ages_count_back_from_today():
    assert parse_when("7d", today=TODAY) == "2025-03-24"
    assert parse_when("2w", today=TODAY) == "2025-03-17"
    assert parse_when("1y", today=TODAY) == "2024-03-31"


def test_a_month_back_from_the_31st_is_the_last_day_of_the_shorter_month():
    assert parse_when("1m", today=TODAY) == "2025-02-28"


def test_today_and_yesterday_are_days():
    assert parse_when("today", today=TODAY) == "2025-03-31"
    assert parse_when("Yesterday", today=TODAY) == "2025-03-30"
    assert until_bound(parse_when("yesterday", today=TODAY)) > "2025-03-30T23:59"  # the whole day


@pytest.mark.parametrize("bad", ["last week", "2024-13-01", "2024-02-30", "7x", ""])
def test_a_bad_date_is_a_usage_error_naming_the_option(bad):
    with pytest.raises(UsageError, match="--until"):
        parse_when(bad, option="--until")


def test_until_keeps_every_time_of_the_last_day():
    bound = until_bound("2024-05-06")
    assert "2024-05-06T23:59" <= bound
    assert "2024-05-07" > bound


@pytest.mark.skipif(not TOPICS_MD.exists(), reason="needs the shared topic table")
def test_known_topics_pass_once_each_in_the_order_given():
    assert check_topics(["ai", "science-technology", "ai"], topic_tree_from_topics_md()) == ("ai", "science-technology")


@pytest.mark.skipif(not TOPICS_MD.exists(), reason="needs the shared topic table")
def test_the_tree_walks_each_topic_before_its_children():
    walked = list(topic_tree_from_topics_md().walk())
    assert walked.index(("science-technology", 0)) < walked.index(("ai", 1)) < walked.index(("ai-safety", 2))


@pytest.mark.skipif(not TOPICS_MD.exists(), reason="needs the shared topic table")
def test_an_unknown_topic_lists_the_slugs_and_suggests_the_nearest():
    with pytest.raises(UsageError) as err:
        check_topics(["ai-safty"], topic_tree_from_topics_md())
    message = str(err.value)
    assert "did you mean ai-safety?" in message
    assert "weather" in message and "\n" not in message


def test_user_values_travel_as_parameters_never_inside_the_sql():
    hostile = "x' OR 1=1; DROP TABLE items; --"
    sql, params = listing_sql(
        Filters(kind="story", source=hostile, query=hostile, since="2024", topics=("ai",)), ["id"], 30
    )
    assert hostile not in sql and "DROP" not in sql
    assert "2024" not in sql and "'story'" not in sql
    assert sql.count("?") == len(params)


def test_one_topic_walks_the_topic_index_in_listing_order():
    sql, _ = listing_sql(Filters(topics=("ai",), since="2024"), ["id"], 30)
    assert "FROM item_topics AS t" in sql and "t.published >= ?" in sql
    assert "ORDER BY t.published DESC, t.item_seq DESC" in sql


def test_every_filter_is_one_statement():
    sql, _ = listing_sql(Filters(kind="story", since="2024", until="2025", topics=("ai",), query="安全团队"), ["id"], 5)
    assert sql.count("SELECT") >= 1 and ";" not in sql
    assert sql.startswith("SELECT") and sql.rstrip().endswith("LIMIT ?")
