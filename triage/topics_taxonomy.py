"""The topic taxonomy: slugs with parent, IPTC code, labels and keyword evidence, read from TOML.

Stdlib only, so commands that merely validate `--topic` slugs (store, list) never load jieba or
the model. The built-in file is triage/data/taxonomy.toml; a user file extends or overrides it.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from triage.errors import TaxonomyError

BUILTIN_PATH = Path(__file__).resolve().parent / "data" / "taxonomy.toml"
ENV_VAR = "TRIAGE_TAXONOMY"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LIST_FIELDS = ("terms", "weak")
KNOWN_FIELDS = {"parent", "iptc", "zh", "en", "terms", "weak", "more_terms", "more_weak"}


@dataclass(frozen=True, slots=True)
class Topic:
    slug: str
    parent: str | None = None
    iptc: str | None = None
    label_zh: str | None = None
    label_en: str | None = None
    terms: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()  # count only next to a term of the topic or of its parent

    @property
    def label(self) -> str:
        return self.label_zh or self.label_en or self.slug


@dataclass(slots=True)
class Taxonomy:
    topics: dict[str, Topic]  # in file order: parents are listed before their children
    sources: list[str] = field(default_factory=list)

    @property
    def slugs(self) -> list[str]:
        return list(self.topics)

    def __contains__(self, slug: object) -> bool:
        return slug in self.topics

    def parent(self, slug: str) -> str | None:
        return self.topics[slug].parent

    def ancestors(self, slug: str) -> list[str]:
        """slug, its parent, ... up to the top level."""
        out = []
        while slug:
            out.append(slug)
            slug = self.topics[slug].parent
        return out

    def children(self, slug: str) -> list[str]:
        return [t.slug for t in self.topics.values() if t.parent == slug]

    def descendants(self, slug: str) -> set[str]:
        """slug and every topic below it: what a filter on slug must match."""
        out = {slug}
        for child in self.children(slug):
            out |= self.descendants(child)
        return out

    def depth(self, slug: str) -> int:
        return len(self.ancestors(slug)) - 1

    def labels(self, slug: str) -> dict[str, str]:
        t = self.topics[slug]
        return {k: v for k, v in (("zh", t.label_zh), ("en", t.label_en)) if v}


def load_taxonomy(path: str | os.PathLike[str] | None = None) -> Taxonomy:
    """The built-in taxonomy, extended by the file named by TRIAGE_TAXONOMY (if set) and then by
    `path` (if given). Raises TaxonomyError with one line naming the file, line and problem."""
    topics: dict[str, Topic] = {}
    sources = []
    files = [BUILTIN_PATH]
    env_file = os.environ.get(ENV_VAR)
    if env_file:
        files.append(Path(env_file))
    if path is not None and (not env_file or Path(path) != Path(env_file)):
        files.append(Path(path))
    for file in files:
        text = _read(file)
        topics = _merge(topics, _parse(file, text), file, text)
        sources.append(str(file))
    _check_tree(topics, files[-1], _read(files[-1]))
    return Taxonomy(topics=_parents_first(topics), sources=sources)


def _read(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TaxonomyError(f"{file}: taxonomy file not found") from None
    except (OSError, UnicodeDecodeError) as e:
        raise TaxonomyError(f"{file}: cannot read taxonomy ({e.__class__.__name__}: {e})") from None


def _parse(file: Path, text: str) -> dict[str, dict]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise TaxonomyError(f"{file}: invalid TOML: {e}") from None  # the message ends "(at line N, column M)"
    unknown = set(data) - {"topics"}
    if unknown:
        key = sorted(unknown)[0]
        raise TaxonomyError(f"{file}:{_line_of(text, key)}: unknown table or key {key!r} (expected [topics.<slug>])")
    entries = data.get("topics", {})
    if not isinstance(entries, dict):
        raise TaxonomyError(f"{file}:{_line_of(text, 'topics')}: 'topics' must be a table of [topics.<slug>]")
    for slug, entry in entries.items():
        where = f"{file}:{_slug_line(text, slug)}"
        if not SLUG.match(slug):
            raise TaxonomyError(f"{where}: bad slug {slug!r} (lower-case letters, digits and hyphens)")
        if not isinstance(entry, dict):
            raise TaxonomyError(f"{where}: topic {slug!r} must be a table")
        extra = set(entry) - KNOWN_FIELDS
        if extra:
            raise TaxonomyError(f"{where}: topic {slug!r} has unknown field {sorted(extra)[0]!r}")
        for key in ("parent", "iptc", "zh", "en"):
            if key in entry and not isinstance(entry[key], str):
                raise TaxonomyError(f"{where}: topic {slug!r}: {key} must be a string")
        for key in ("terms", "weak", "more_terms", "more_weak"):
            value = entry.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise TaxonomyError(f"{where}: topic {slug!r}: {key} must be a list of non-empty strings")
    return entries


def _merge(topics: dict[str, Topic], entries: dict[str, dict], file: Path, text: str) -> dict[str, Topic]:
    """Fields a file names replace the built-in ones; more_terms / more_weak append."""
    out = dict(topics)
    for slug, entry in entries.items():
        base = out.get(slug)
        if base is None:
            if not (entry.get("zh") or entry.get("en")):
                raise TaxonomyError(f"{file}:{_slug_line(text, slug)}: new topic {slug!r} needs a label (zh or en)")
            base = Topic(slug=slug)
        changes: dict = {}
        if "parent" in entry:
            changes["parent"] = entry["parent"] or None
        for key, attr in (("iptc", "iptc"), ("zh", "label_zh"), ("en", "label_en")):
            if key in entry:
                changes[attr] = entry[key] or None
        for key in LIST_FIELDS:
            values = entry[key] if key in entry else getattr(base, key)
            values = tuple(values) + tuple(entry.get(f"more_{key}", ()))
            changes[key] = tuple(dict.fromkeys(v.strip() for v in values))
        out[slug] = replace(base, **changes)
    return out


def _check_tree(topics: dict[str, Topic], file: Path, text: str) -> None:
    for slug, topic in topics.items():
        if topic.parent is not None and topic.parent not in topics:
            raise TaxonomyError(f"{file}:{_slug_line(text, slug)}: topic {slug!r} has unknown parent {topic.parent!r}")
    for slug in topics:
        seen = [slug]
        parent = topics[slug].parent
        while parent is not None:
            if parent in seen:
                cycle = " -> ".join([*seen, parent])
                raise TaxonomyError(f"{file}:{_slug_line(text, slug)}: topic parents form a cycle: {cycle}")
            seen.append(parent)
            parent = topics[parent].parent


def _parents_first(topics: dict[str, Topic]) -> dict[str, Topic]:
    """Tree order (each parent followed by its subtree), keeping file order among siblings."""
    out: dict[str, Topic] = {}

    def visit(slug: str) -> None:
        out[slug] = topics[slug]
        for child in (t.slug for t in topics.values() if t.parent == slug):
            visit(child)

    for topic in topics.values():
        if topic.parent is None:
            visit(topic.slug)
    return out


def _slug_line(text: str, slug: str) -> int:
    """The line of [topics.<slug>] (or of a dotted key naming it), 1 when not found."""
    m = re.search(rf"^[ \t]*\[\s*topics\s*\.\s*[\"']?{re.escape(slug)}[\"']?\s*\]", text, re.MULTILINE)
    if m is None:
        m = re.search(rf"^[ \t]*topics\s*\.\s*[\"']?{re.escape(slug)}\b", text, re.MULTILINE)
    return text.count("\n", 0, m.start()) + 1 if m else 1


def _line_of(text: str, key: str) -> int:
    m = re.search(rf"^[ \t]*\[?\s*[\"']?{re.escape(key)}\b", text, re.MULTILINE)
    return text.count("\n", 0, m.start()) + 1 if m else 1
