"""Every output format, defined once. Untrusted text is made inert here as well as at ingest.

- table: a Rich table for people (on a terminal by default), width-correct for Chinese;
- tsv: for pipes (the default when stdout is not a terminal): no header, no colour, no truncation;
- csv (with a header), json (one array), jsonl (one object per line): `--format` always wins.

Rich is imported only when a table (or `show` on a terminal) is drawn, so piped output starts fast.
Scraped text reaches Rich only as rich.text.Text, never as a markup string: "[red]" stays "[red]".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from triage.sanitize import one_line, strip_escapes

if TYPE_CHECKING:
    from rich.console import Console

    from triage.env import Env


class Format(StrEnum):
    table = "table"
    tsv = "tsv"
    csv = "csv"
    json = "json"
    jsonl = "jsonl"


def _inert(value: Any) -> Any:
    if isinstance(value, str):
        return strip_escapes(value)
    if isinstance(value, dict):
        return {k: _inert(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_inert(v) for v in value]
    return value


def json_line(obj: Any) -> str:
    """One JSON document on one line, UTF-8 kept readable, control characters removed."""
    return json.dumps(_inert(obj), ensure_ascii=False, separators=(",", ":"))


def write_documents(docs: Iterable[Any], out: TextIO, *, array: bool, flush_each: bool = False) -> None:
    """JSON documents as they come: one per line (jsonl), or one array with one element per line
    (json). `flush_each` hands every document on at once (a long `parse` feeding another tool)."""
    if array:
        out.write("[")
    for n, doc in enumerate(docs):
        out.write(("" if n == 0 else ",\n") + json_line(doc) if array else json_line(doc) + "\n")
        if flush_each:
            out.flush()
    if array:
        out.write("]\n")


def choose_format(requested: Format | None, env: Env) -> Format:
    """--format always wins; otherwise a table for a person, TSV for a pipe."""
    if requested is not None:
        return requested
    return Format.table if env.stdout_isatty else Format.tsv


# ---------------------------------------------------------------------------------------------
# Plain formats


def plain(value: Any) -> str:
    """A field as plain text: lists comma-joined, booleans as true/false, None as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return ",".join(plain(v) for v in value)
    return strip_escapes(str(value))


def tsv_field(value: Any) -> str:
    """Tabs, newlines and backslashes escaped, so one row is always one line of N fields."""
    return plain(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def write_tsv(rows: Iterable[dict[str, Any]], fields: list[str], out: TextIO) -> None:
    for row in rows:
        out.write("\t".join(tsv_field(row.get(f)) for f in fields) + "\n")


def write_csv(rows: Iterable[dict[str, Any]], fields: list[str], out: TextIO) -> None:
    import csv

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(fields)
    for row in rows:
        writer.writerow([plain(row.get(f)) for f in fields])


# ---------------------------------------------------------------------------------------------
# The table


class Column(NamedTuple):
    header: str
    priority: int  # lower is kept longer when the terminal is narrow
    min_width: int = 4
    max_width: int | None = None
    style: str | None = None


TITLE_MIN_WIDTH = 12  # the headline column is never squeezed below this
COLUMNS: dict[str, Column] = {
    "id": Column("ID", 0, 12, style="cyan"),
    "title": Column("TITLE", 0, TITLE_MIN_WIDTH),
    "published": Column("PUBLISHED", 1, 10, style="green"),
    "topic": Column("TOPIC", 2, 5, style="magenta"),
    "topics": Column("TOPICS", 2, 6, style="magenta"),
    "source": Column("SOURCE", 3, 6, max_width=16),
    "kind": Column("KIND", 4, 4),
    "section": Column("SECTION", 5, 7, max_width=12),
}
GAP = 2  # cells between two columns (padding 0 1 on both sides, no vertical rules)


def cell_text(value: Any, field: str = "") -> str:
    text = one_line(plain(value))
    # the table shows the day; the time, when known, is in `show` and in every other format
    return text[:10] if field == "published" else text


def fit_columns(rows: list[dict[str, Any]], fields: list[str], width: int) -> list[str]:
    """The fields that fit the width. Columns never collapse: each shown column gets its full
    content width (an id, a date, a slug stay whole); only the headline truncates. When even that
    does not fit, whole lower-priority columns are left out instead."""

    def need(field: str) -> int:
        if field in ("title", "text"):
            return COLUMNS["title"].min_width
        return fit_width(rows, field, COLUMNS.get(field, Column(field.upper(), 6)))

    kept = list(fields)
    by_priority = sorted(fields, key=lambda f: COLUMNS.get(f, Column("", 6)).priority)
    while len(kept) > 1 and sum(need(f) for f in kept) + GAP * (len(kept) - 1) > width:
        droppable = [f for f in reversed(by_priority) if f in kept and f not in ("id", "title", "text")]
        if not droppable:
            break
        kept.remove(droppable[0])
    return kept


def make_console(env: Env, *, width: int | None = None) -> Console:
    from rich.console import Console

    return Console(
        file=env.stdout,
        width=width or env.width,
        force_terminal=env.color,
        no_color=not env.color,
        color_system="standard" if env.color else None,
        highlight=False,  # no automatic colouring of numbers and URLs inside scraped text
        emoji=False,
        markup=False,
        soft_wrap=False,
    )


def build_table(rows: list[dict[str, Any]], fields: list[str], width: int) -> Any:
    from rich.table import Table
    from rich.text import Text

    shown = fit_columns(rows, fields, width)
    table = Table(expand=True, box=None, pad_edge=False, padding=(0, 1), header_style="bold")
    for field in shown:
        col = COLUMNS.get(field, Column(field.upper(), 6))
        if field == "title" or field == "text":
            table.add_column(col.header, ratio=1, no_wrap=True, overflow="ellipsis", min_width=col.min_width)
        else:
            widest = fit_width(rows, field, col)
            table.add_column(
                col.header,
                no_wrap=True,
                min_width=widest,
                max_width=col.max_width,
                overflow="ellipsis",
                style=col.style,
            )
    for row in rows:
        table.add_row(*(Text(cell_text(row.get(f), f)) for f in shown))
    return table


def fit_width(rows: list[dict[str, Any]], field: str, col: Column) -> int:
    from rich.cells import cell_len

    widest = max([cell_len(cell_text(r.get(field), field)) for r in rows] + [cell_len(col.header)])
    return min(widest, col.max_width) if col.max_width else widest


def write_table(rows: Iterable[dict[str, Any]], fields: list[str], env: Env) -> None:
    rows = list(rows)
    if not rows:
        return
    console = make_console(env)
    console.print(build_table(rows, fields, env.width))


def write_rows(rows: Iterable[dict[str, Any]], fields: list[str], fmt: Format, env: Env) -> None:
    """The one place every listing is printed, whatever the command."""
    out = env.stdout
    if fmt is Format.table:
        write_table(rows, fields, env)
    elif fmt is Format.tsv:
        write_tsv(rows, fields, out)
    elif fmt is Format.csv:
        write_csv(rows, fields, out)
    elif fmt is Format.json:
        write_documents(({f: row.get(f) for f in fields} for row in rows), out, array=True)
    else:
        write_documents(({f: row.get(f) for f in fields} for row in rows), out, array=False)
    out.flush()


# ---------------------------------------------------------------------------------------------
# One item in full (`triage show`)

SHOW_FIELDS = ("id", "kind", "title", "section", "source", "author", "published", "published_raw", "truncated")


def detail_pairs(item: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """The item as (label, text) pairs: the same content for the terminal view and for TSV/CSV."""
    for key in SHOW_FIELDS:
        if item.get(key) not in (None, "", False):
            yield key, plain(item[key])
    for t in item.get("topics", []):
        yield "topic", f"{t['slug']} {t['score']:.2f} ({', '.join(t['evidence'])})"
    for d in item.get("dates", []):
        yield "date", f"{d['text']} -> {d['value']} ({d['precision']})"
    if item.get("keywords"):
        yield "keywords", ", ".join(item["keywords"])
    for link in item.get("links", []):
        yield "link", link
    for page in item.get("pages", []):
        yield "page", page["id"] + (f" {page['url']}" if page.get("url") else "")
    for f in item.get("files", []):
        yield "file", f
    for s in item.get("sidebar", []):
        yield "sidebar", f"{s['id']} {s['title']}"
    yield "text", item.get("text") or ""


def write_detail(item: dict[str, Any], fmt: Format, env: Env) -> None:
    out = env.stdout
    if fmt in (Format.json, Format.jsonl):
        out.write(json_line(item) + "\n")
    elif fmt is Format.tsv:
        for label, value in detail_pairs(item):
            out.write(f"{label}\t{tsv_field(value)}\n")
    elif fmt is Format.csv:
        write_csv(({"field": k, "value": v} for k, v in detail_pairs(item)), ["field", "value"], out)
    else:
        _print_detail(item, env)
    out.flush()


def _print_detail(item: dict[str, Any], env: Env) -> None:
    from rich.text import Text

    console = make_console(env)
    pairs = list(detail_pairs(item))
    label_width = max(len(label) for label, _ in pairs)
    for label, value in pairs:
        if label == "text":
            console.print()
            console.print(Text(strip_escapes(value)))
            continue
        line = Text(f"{label:<{label_width}}  ", style="bold")
        line.append(one_line(value))
        console.print(line)


# ---------------------------------------------------------------------------------------------
# The taxonomy tree (`triage topics`)


def write_topics(rows: list[dict[str, Any]], fmt: Format, env: Env) -> None:
    """rows: slug, parent, depth, label, items, in tree order."""
    fields = ["slug", "parent", "items", "label"]
    if fmt is Format.table:
        from rich.table import Table
        from rich.text import Text

        table = Table(box=None, pad_edge=False, padding=(0, 1), header_style="bold")
        table.add_column("TOPIC", no_wrap=True)
        table.add_column("ITEMS", justify="right", style="cyan", no_wrap=True)
        table.add_column("LABEL", style="dim", no_wrap=True, overflow="ellipsis")
        for row in rows:
            slug = Text("  " * row["depth"] + row["slug"], style="bold" if row["depth"] == 0 else "")
            table.add_row(slug, Text(str(row["items"])), Text(one_line(row.get("label") or "")))
        make_console(env).print(table)
        env.stdout.flush()
    else:
        write_rows(rows, fields, fmt, env)
