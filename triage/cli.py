"""The command line: options in, library calls, rows handed to render. No logic of its own."""

from __future__ import annotations

import io
import json
import sys
from enum import StrEnum
from typing import Annotated

import typer

from triage.errors import ExitStatus, InputError, NotFoundError, TriageError, UsageError

app = typer.Typer(
    name="triage",
    help="Split scraped news pages into the main story and sidebar items, tag, store and list them.",
    rich_markup_mode=None,  # help text is plain: "[...]" in it must not be read as markup
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def fail(message: str) -> None:
    """Report one problem on stderr as one line (the batch may go on)."""
    from triage.sanitize import one_line

    sys.stderr.write(f"triage: {one_line(message)}\n")
    sys.stderr.flush()


def silence_closed_stdout() -> None:
    """`triage list | head -1`: the reader left. Point stdout at /dev/null so that the final flush
    does not fail into the closed pipe, and the exit is quiet."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def at_the_edge(command):
    """Library errors become one line on stderr and an exit code here, in the command itself, so
    that they do the same under typer's CliRunner as in a real process."""
    import functools

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except TriageError as e:
            fail(str(e))
            raise typer.Exit(e.exit_status) from None
        except BrokenPipeError:
            # Click would exit 1 here; a closed pipe is the reader's choice, not an error.
            silence_closed_stdout()
            raise typer.Exit(ExitStatus.OK) from None

    return run


class ParseFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"


TaxonomyOption = Annotated[
    str | None,
    typer.Option("--taxonomy", envvar="TRIAGE_TAXONOMY", help="A taxonomy TOML file extending the built-in one."),
]


@app.command()
@at_the_edge
def parse(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (recursive) or - for stdin.")],
    format: Annotated[ParseFormat, typer.Option("--format", "-f", help="Output format.")] = ParseFormat.jsonl,
    taxonomy: TaxonomyOption = None,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="Parse in N worker processes (output order kept).")
    ] = 1,
) -> None:
    """Split pages into story and sidebar items and print them as JSON (one line per page)."""
    from triage.parallel import parse_pages
    from triage.render import write_documents

    failed = 0

    def pages():
        nonlocal failed
        for result in parse_pages(paths, jobs=jobs, taxonomy=taxonomy):
            if isinstance(result, InputError):
                failed += 1
                fail(str(result))
            else:
                yield result.to_dict()

    write_documents(pages(), sys.stdout, array=format is ParseFormat.json, flush_each=True)
    raise typer.Exit(ExitStatus.ERROR if failed else ExitStatus.OK)


@app.command()
@at_the_edge
def tag(
    base: Annotated[
        str | None, typer.Option("--base", help="Reference time for relative dates (ISO), e.g. 2024-08-31T16:59.")
    ] = None,
    format: Annotated[ParseFormat, typer.Option("--format", "-f", help="Output format.")] = ParseFormat.jsonl,
    taxonomy: TaxonomyOption = None,
) -> None:
    """Tag texts from stdin (one per line, or JSON lines {"id", "text", "base"}) with dates and topics."""
    from triage.dates import find_dates, parse_base
    from triage.render import write_documents
    from triage.sanitize import strip_escapes
    from triage.topics import load_tagger

    default_base = parse_base(base) if base else None
    tagger = load_tagger(taxonomy)
    failed = 0

    def tagged():
        nonlocal failed
        # Bytes that are not UTF-8 become U+FFFD instead of stopping the run with a decoding error.
        stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
        for n, line in enumerate(stdin, 1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            ident: object = n
            text, line_base = line, default_base
            if line.lstrip().startswith("{"):
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as e:
                    failed += 1
                    fail(f"stdin line {n}: not valid JSON ({e.msg})")
                    continue
                ident, text = obj.get("id", n), str(obj.get("text") or "")
                if obj.get("base"):
                    try:
                        line_base = parse_base(str(obj["base"]))
                    except UsageError:  # one bad line is reported; the rest of the stream goes on
                        failed += 1
                        fail(f"stdin line {n}: base {obj['base']!r} is not an ISO date or datetime")
                        continue
            # Untrusted text is made inert before tagging, as parse does when reading: the parameters
            # of an escape sequence (an OSC 52 payload, an OSC 8 URL) must not become keywords or dates.
            text = strip_escapes(text)
            yield {
                "id": ident,
                "topics": [
                    {"slug": t.slug, "score": round(t.score, 4), "evidence": t.evidence} for t in tagger.topics(text)
                ],
                "dates": [
                    {"text": d.text, "value": d.value, "precision": d.precision} for d in find_dates(text, line_base)
                ],
                "keywords": tagger.keywords(text),
            }

    write_documents(tagged(), sys.stdout, array=format is ParseFormat.json)
    raise typer.Exit(ExitStatus.ERROR if failed else ExitStatus.OK)


# ---------------------------------------------------------------------------------------------
# The store commands. Options shared by several commands are declared once here.

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="TRIAGE_DB",
        help="The SQLite store (default: $XDG_DATA_HOME/triage/triage.db, else ~/.local/share/triage/triage.db).",
    ),
]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        help="table, tsv, csv, json or jsonl (default: table on a terminal, tsv in a pipe).",
        show_default=False,
    ),
]
FieldsOption = Annotated[
    str | None,
    typer.Option(
        "--fields",
        help="Comma-separated columns: id, published, kind, topic, topics, source, section, author, title,"
        " text, truncated, published_raw, keywords, pages, files.",
        show_default=False,
    ),
]
LimitOption = Annotated[int, typer.Option("--limit", "-n", min=1, help="Show at most N items.")]
AllOption = Annotated[bool, typer.Option("--all", help="Show every matching item (no limit).")]
TopicFilter = Annotated[
    list[str] | None,
    typer.Option("--topic", "-t", help="Items with this topic or one below it; repeat for any of several."),
]
SinceFilter = Annotated[
    str | None,
    typer.Option(
        "--since", help="Published on or after: 2024-05-06, 2024-05, today, yesterday, or an age: 7d, 2w, 3m, 1y."
    ),
]
UntilFilter = Annotated[
    str | None,
    typer.Option("--until", help="Published on or before: 2024-05-06, 2024-05, today, yesterday, or an age: 7d, 2w."),
]
KindFilter = Annotated[str | None, typer.Option("--kind", help="story or sidebar.")]
SourceFilter = Annotated[str | None, typer.Option("--source", help="The outlet, or part of a file path or URL.")]
QueryFilter = Annotated[
    str | None, typer.Option("--query", "--text", "-q", help="Full-text search in titles and text.")
]
PageFilter = Annotated[
    str | None, typer.Option("--page", help="Items of one page: its id or its story's id (or a prefix of either).")
]

LIST_LIMIT = 30


def _output_format(value: str | None):
    from triage.render import Format

    if value is None:
        return None
    try:
        return Format(value.lower())
    except ValueError:
        raise UsageError(f"--format {value!r}: expected one of {', '.join(f.value for f in Format)}") from None


def _fields(value: str | None, fmt) -> list[str]:
    from triage.query import DEFAULT_FIELDS, JSON_FIELDS, check_fields
    from triage.render import Format

    if value:
        return check_fields([f.strip() for f in value.split(",") if f.strip()])
    return list(JSON_FIELDS if fmt in (Format.json, Format.jsonl) else DEFAULT_FIELDS)


def _filters(store, topic, since, until, kind, source, query, page, taxonomy):
    from triage.query import Filters, check_topics, load_topic_tree, parse_when

    if kind is not None and kind not in ("story", "sidebar"):
        raise UsageError(f"--kind {kind!r}: expected story or sidebar")
    return Filters(
        topics=check_topics(topic, load_topic_tree(taxonomy)) if topic else (),
        since=parse_when(since, option="--since") if since else None,
        until=parse_when(until, option="--until") if until else None,
        kind=kind,
        source=source or None,
        query=(query or "").strip() or None,
        page_ids=(store.resolve_page(page),) if page else (),
    )


def _listing(db, fmt_value, fields_value, limit, show_all, filters_args, *, require_filter: bool) -> None:
    from triage.env import Env
    from triage.render import choose_format, write_rows
    from triage.store import open_store

    env = Env.from_system()
    fmt = choose_format(_output_format(fmt_value), env)
    fields = _fields(fields_value, fmt)
    with open_store(db) as store:
        filters = _filters(store, *filters_args)
        if require_filter and not filters.any():
            raise UsageError(
                "filter needs at least one of --topic, --since, --until, --kind, --source, --query, --page"
            )
        write_rows(store.listing(filters, fields, None if show_all else limit), fields, fmt, env)


def listing_command(*, require_filter: bool, doc: str):
    """`list` and `filter` are one listing with the same options; `filter` insists on a filter."""

    def command(
        db: DbOption = None,
        format: FormatOption = None,
        fields: FieldsOption = None,
        limit: LimitOption = LIST_LIMIT,
        all: AllOption = False,
        topic: TopicFilter = None,
        since: SinceFilter = None,
        until: UntilFilter = None,
        kind: KindFilter = None,
        source: SourceFilter = None,
        query: QueryFilter = None,
        page: PageFilter = None,
        taxonomy: TaxonomyOption = None,
    ) -> None:
        args = (topic, since, until, kind, source, query, page, taxonomy)
        _listing(db, format, fields, limit, all, args, require_filter=require_filter)

    command.__doc__ = doc
    return at_the_edge(command)


app.command("list")(listing_command(require_filter=False, doc="List stored items, newest first (30 by default)."))
app.command("filter")(
    listing_command(
        require_filter=True, doc="List the stored items that match every filter given (at least one), newest first."
    )
)


@app.command()
@at_the_edge
def show(
    item_id: Annotated[str, typer.Argument(metavar="ID", help="An item id or any unique prefix of one.")],
    db: DbOption = None,
    format: FormatOption = None,
) -> None:
    """Show one item in full: topics with evidence, dates, keywords, text, files; a story's sidebar."""
    from triage.env import Env
    from triage.render import choose_format, write_detail
    from triage.store import open_store

    env = Env.from_system()
    fmt = choose_format(_output_format(format), env)
    with open_store(db) as store:
        item = store.item_detail(store.resolve_item(item_id))
    write_detail(item, fmt, env)


@app.command()
@at_the_edge
def topics(
    db: DbOption = None,
    format: FormatOption = None,
    taxonomy: TaxonomyOption = None,
) -> None:
    """The topic taxonomy as a tree, with the number of stored items under each topic."""
    from triage.env import Env
    from triage.query import load_topic_tree
    from triage.render import choose_format, write_topics
    from triage.store import open_store

    env = Env.from_system()
    fmt = choose_format(_output_format(format), env)
    tree = load_topic_tree(taxonomy)
    with open_store(db) as store:
        counts = store.topic_counts(list(tree.parents))
    rows = [
        {
            "slug": slug,
            "parent": tree.parents[slug],
            "depth": depth,
            "label": (tree.labels or {}).get(slug),
            "items": counts[slug],
        }
        for slug, depth in tree.walk()
    ]
    write_topics(rows, fmt, env)


@app.command()
@at_the_edge
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (recursive) or - for stdin.")],
    db: DbOption = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, help="Parse in N worker processes (default: one per core).", show_default=False
        ),
    ] = None,
    taxonomy: TaxonomyOption = None,
) -> None:
    """Parse, tag and store pages. Storing the same content again changes nothing. Ctrl-C stops after
    the page being stored; the same command run again continues where it stopped."""
    from triage.env import Env
    from triage.parallel import stop_on_interrupt
    from triage.store import open_store
    from triage.store_ingest import ingest_paths

    env = Env.from_system()
    with open_store(db, write=True) as store, stop_on_interrupt() as stop:
        summary = ingest_paths(store, paths, env=env, jobs=jobs, taxonomy=taxonomy, report=fail, stop=stop)
    env.stderr.write(f"triage: {summary.line()}\n")
    if stop.is_set():
        done = summary.pages + summary.duplicate_pages + summary.failures
        fail(f"interrupted after {done} pages; run the same command again to continue")
        raise typer.Exit(130)
    raise typer.Exit(ExitStatus.ERROR if summary.failures else ExitStatus.OK)


@app.command()
@at_the_edge
def forget(
    pages: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[PAGE]...", help="A page id or its story's id (or a prefix of either).", show_default=False
        ),
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Every page read from a file path or URL containing this text.")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would be forgotten; change nothing.")] = False,
    db: DbOption = None,
) -> None:
    """Remove pages from the store, with the items no other page holds (a sidebar item repeated on a
    page that stays, stays). Ingesting a forgotten page again stores it again."""
    from triage.env import Env
    from triage.store import open_store

    if not pages and source is None:
        raise UsageError("forget needs page ids or --source (`triage list --fields id,pages` shows page ids)")
    if source is not None and not source.strip():
        raise UsageError("--source '': give part of a file path or URL")
    with open_store(db, write=not dry_run, create=False) as store:
        page_ids = [store.resolve_page(page) for page in pages or ()]
        if source is not None:
            found = store.pages_read_from(source)
            if not found:
                raise NotFoundError(f"no stored page was read from a path or URL containing {source!r}")
            page_ids += found
        done = store.forget_pages(page_ids, dry_run=dry_run)
    did = "would forget" if dry_run else "forgot"
    kept = f"{done.items_kept} items kept (other pages hold them)"
    Env.from_system().stderr.write(f"triage: {did} {done.pages} pages and {done.items} items; {kept}\n")


@app.command()
@at_the_edge
def retag(db: DbOption = None, taxonomy: TaxonomyOption = None) -> None:
    """Tag the stored items again with the taxonomy and model of now: after adding topics or terms to
    your taxonomy file, or upgrading triage. Ctrl-C stops after the batch being stored; every item keeps
    either its old tags or its new ones."""
    from triage.env import Env
    from triage.parallel import stop_on_interrupt
    from triage.store import open_store
    from triage.store_ingest import progress_bar
    from triage.store_retag import retag_store

    env = Env.from_system()
    with open_store(db, write=True, create=False) as store, stop_on_interrupt() as stop:
        total = store.counts()["items"] if env.stderr_isatty else 0
        with progress_bar(env, total, "retag") as advance:
            summary = retag_store(store, taxonomy=taxonomy, stop=stop, advance=advance)
    env.stderr.write(f"triage: {summary.line()}\n")
    if stop.is_set():
        fail(f"interrupted after {summary.items} items; run the same command again to finish")
        raise typer.Exit(130)


def _print_version(asked: bool) -> None:
    if asked:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"triage {version('triage')}")
        except PackageNotFoundError:  # run from a source tree that was never installed
            typer.echo("triage (not installed: no version)")
        raise typer.Exit(ExitStatus.OK)


@app.callback()
def _triage(
    show_version: Annotated[
        bool, typer.Option("--version", help="Print triage's version and exit.", callback=_print_version, is_eager=True)
    ] = False,
) -> None:
    # A callback keeps `triage` a group of commands even when main() registers only one of them.
    pass


def only_the_invoked_command(argv: list[str]) -> None:
    """Typer turns every command's signature into click options at each start, which costs more
    start-up than the command itself for `triage list`: build only the command being run. `triage`
    and `triage --help` still build them all."""
    if not argv or argv[0].startswith("-"):
        return
    invoked = [c for c in app.registered_commands if (c.name or c.callback.__name__) == argv[0]]
    if invoked:
        app.registered_commands = invoked


def main() -> None:
    """Entry point: library errors become one line on stderr and an exit code, never a traceback."""
    only_the_invoked_command(sys.argv[1:])
    try:
        app()
    except TriageError as e:
        fail(str(e))
        sys.exit(e.exit_status)
    except BrokenPipeError:
        silence_closed_stdout()
        sys.exit(ExitStatus.OK)
    except KeyboardInterrupt:
        sys.stderr.write("triage: interrupted\n")
        sys.exit(130)
