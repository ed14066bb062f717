"""The command line: options in, library calls, rows handed to render. No logic of its own."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer

from triage.errors import ExitStatus, InputError, TriageError

app = typer.Typer(
    name="triage",
    help="Split scraped news pages into the main story and sidebar items, tag, store and list them.",
    rich_markup_mode=None,  # help text is plain: "[...]" in it must not be read as markup
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def fail(message: str, status: ExitStatus = ExitStatus.ERROR) -> None:
    """Report one problem on stderr as one line (the batch may go on)."""
    from triage.sanitize import one_line

    sys.stderr.write(f"triage: {one_line(message)}\n")
    sys.stderr.flush()


class ParseFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"


TaxonomyOption = Annotated[
    str | None,
    typer.Option("--taxonomy", envvar="TRIAGE_TAXONOMY", help="A taxonomy TOML file extending the built-in one."),
]


@app.command()
def parse(
    paths: Annotated[list[str], typer.Argument(help="Files, directories (recursive) or - for stdin.")],
    format: Annotated[ParseFormat, typer.Option("--format", "-f", help="Output format.")] = ParseFormat.jsonl,
    taxonomy: TaxonomyOption = None,
) -> None:
    """Split pages into story and sidebar items and print them as JSON (one line per page)."""
    from triage.pipeline import parse_inputs
    from triage.render import json_line
    from triage.topics import load_tagger

    tagger = load_tagger(taxonomy)
    failed = 0
    out = sys.stdout
    if format is ParseFormat.json:
        out.write("[")
    first = True
    for result in parse_inputs(paths, tagger=tagger):
        if isinstance(result, InputError):
            failed += 1
            fail(str(result))
            continue
        line = json_line(result.to_dict())
        if format is ParseFormat.json:
            out.write(("" if first else ",\n") + line)
        else:
            out.write(line + "\n")
        out.flush()
        first = False
    if format is ParseFormat.json:
        out.write("]\n")
    raise typer.Exit(ExitStatus.ERROR if failed else ExitStatus.OK)


@app.command()
def tag(
    base: Annotated[
        str | None, typer.Option("--base", help="Reference time for relative dates (ISO), e.g. 2024-08-31T16:59.")
    ] = None,
    format: Annotated[ParseFormat, typer.Option("--format", "-f", help="Output format.")] = ParseFormat.jsonl,
    taxonomy: TaxonomyOption = None,
) -> None:
    """Tag texts from stdin (one per line, or JSON lines {"id", "text", "base"}) with dates and topics."""
    from triage.dates import find_dates, parse_base
    from triage.render import json_line
    from triage.topics import load_tagger

    default_base = parse_base(base) if base else None
    tagger = load_tagger(taxonomy)
    rows = []
    for n, line in enumerate(sys.stdin, 1):
        line = line.rstrip("\n")
        if not line.strip():
            continue
        ident: object = n
        text, line_base = line, default_base
        if line.lstrip().startswith("{"):
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                fail(f"stdin line {n}: not valid JSON ({e.msg})")
                continue
            ident, text = obj.get("id", n), str(obj.get("text") or "")
            if obj.get("base"):
                line_base = parse_base(str(obj["base"]))
        row = {
            "id": ident,
            "topics": [
                {"slug": t.slug, "score": round(t.score, 4), "evidence": t.evidence} for t in tagger.topics(text)
            ],
            "dates": [
                {"text": d.text, "value": d.value, "precision": d.precision} for d in find_dates(text, line_base)
            ],
            "keywords": tagger.keywords(text),
        }
        if format is ParseFormat.jsonl:
            sys.stdout.write(json_line(row) + "\n")
        else:
            rows.append(row)
    if format is ParseFormat.json:
        sys.stdout.write("[" + ",\n".join(json_line(r) for r in rows) + "]\n")


def main() -> None:
    """Entry point: library errors become one line on stderr and an exit code, never a traceback."""
    try:
        app()
    except TriageError as e:
        fail(str(e))
        sys.exit(e.exit_status)
    except BrokenPipeError:
        # `triage list | head -1`: the reader left; exit quietly without flushing into a closed pipe.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(ExitStatus.OK)
    except KeyboardInterrupt:
        sys.stderr.write("triage: interrupted\n")
        sys.exit(130)
