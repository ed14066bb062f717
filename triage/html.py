"""HTML -> lines of text, each keeping what the markup said about it (block, link share, class/id hints).

The output has the shape of the corpus text dumps: the page title first, then one line per block
element, whitespace collapsed, empty lines dropped. lxml does the parsing; a page it cannot parse
whole (too deep, broken beyond repair) falls back to a regular-expression tag strip, so no page
crashes the reader or hangs it.
"""

from __future__ import annotations

import html as html_entities
import re
import tomllib
from collections import deque
from collections.abc import Iterator
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

from triage.models import Line
from triage.sanitize import is_clean, strip_escapes

# Elements that start and end a line of text (what a browser lays out as a block).
BLOCK_TAGS = frozenset(
    """address article aside blockquote body caption center dd details dialog dir div dl dt fieldset
    figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu
    nav ol p pre section textarea summary table tbody td tfoot th thead title tr ul""".split()
)
# Elements whose content is never page text.
DROPPED_TAGS = frozenset(
    "script style noscript template svg iframe head object embed canvas math audio video map button select".split()
)
_SKIPPED_TAGS = DROPPED_TAGS | {"title"}  # the title is taken on its own, as the first line
# HTML5 elements whose name is itself a hint.
SEMANTIC_TAGS = frozenset({"nav", "footer", "header", "aside", "article", "main"})
# Elements whose class and id describe the page (its template, layout, section), not a block of it:
# 'single-post left-sidebar' on <body> does not make every line a sidebar line.
PAGE_TAGS = frozenset({"html", "body"})
# Hints that name a content container (segment.py reads the hints inside the innermost one).
CONTENT_HINTS = frozenset({"article", "content", "main"})
GENERIC_CONTENT_HINTS = frozenset({"content"})
# Elements that name hints without any attribute: by their tag, or (a form) by what they hold.
_HINTING_TAGS = SEMANTIC_TAGS | {"form"}
# Elements whose newlines are line breaks.
PREFORMATTED_TAGS = frozenset({"pre", "textarea", "listing", "plaintext", "xmp"})

_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)", re.I | re.S)
_HTML_TAG = re.compile(
    r"</?(?:html|head|body|meta|title|div|p|span|a|table|tr|td|li|ul|br|script|style|h[1-6]|img|link)\b[^<>]{0,2000}>",
    re.I,
)
# The characters that, with the space, make up a run of spaces (collapsed to one space); in a text
# cleaned line by line, newlines are not among them.
_SPACE_LIKE = "\t\n\r\f\v\xa0"
_SPACE_LIKE_IN_LINE = "\t\r\f\v\xa0"
# Two spaces or more. It opens with a literal, which the regex engine looks for with a fast scan;
# a pattern over a character class (the runs of _SPACE_LIKE) tries every position, four times slower.
_SPACES = re.compile("   *")
_INVISIBLE = re.compile("[\u200b\u2060\u00ad]")  # zero-width space, word joiner, soft hyphen
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.I)
# Every character \s matches in a str pattern (str.isspace), as test_html checks.
UNICODE_SPACES = (
    "\t\n\v\f\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
# libxml2 (2.14) drops everything after an end tag of html/body, and pages that paste one
# template into another have them mid-page; they carry nothing, so they are removed first.
# The pattern runs on the page's UTF-8 bytes, three times faster than on its text (one byte a
# character); it matches what r"</(?:html|body)\s*>" (re.I) matches in the text: no non-ASCII
# character folds to a letter of html or body, and its \s is spelled out as the UTF-8 of each space.
DOCUMENT_END_TAG = re.compile(
    rb"</(?:html|body)(?:" + b"|".join(re.escape(c.encode("utf-8")) for c in UNICODE_SPACES) + rb")*>", re.I
)

_TOKEN_SPLIT = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])")

# Fallback tag strip: drop the content of non-text elements, break lines at block tags.
_STRIP_DROPPED = re.compile(
    r"<(script|style|noscript|template|svg|iframe|head|object|math)\b[^>]*>.*?</\1\s*>", re.I | re.S
)
_STRIP_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_STRIP_BLOCK = re.compile(r"</?(?:" + "|".join(sorted(BLOCK_TAGS)) + r"|br)\b[^>]*>", re.I)
_STRIP_TAG = re.compile(r"<[^>]*>")
_STRIP_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.I | re.S)


def looks_like_html(text: str) -> bool:
    """HTML by content, whatever the file is called: it opens like a document, or its start is
    dense with common tags (a text dump quoting one tag is not HTML)."""
    head = text[:8192]
    if _HTML_START.match(head):
        return True
    return len(_HTML_TAG.findall(head)) >= 5


def collapse_spaces(text: str, space_like: str = _SPACE_LIKE) -> str:
    """Every run of spaces and space_like characters as one space: those characters become spaces
    (each one present replaced in one C-level pass), then runs of two spaces or more shrink to one."""
    for char in space_like:
        if char in text:
            text = text.replace(char, " ")
    return _SPACES.sub(" ", text)


def clean_line(text: str) -> str:
    """One line of page text made inert (strip_escapes) with its spaces collapsed. Spaces go first
    so that the sanitiser, the costly part, only runs on the rare line that needs it."""
    text = normalise_space(text)
    return text if is_clean(text) else normalise_space(strip_escapes(text))


def clean_lines(text: str) -> list[str]:
    """clean_line of every line of a text ("\n"-separated). When the whole text is clean, as it almost
    always is, its spaces are collapsed in one pass and each line only trimmed."""
    if not is_clean(text):
        return [clean_line(line) for line in text.split("\n")]
    if "\u200b" in text or "\u2060" in text or "\u00ad" in text:
        text = _INVISIBLE.sub("", text)
    return [line.strip() for line in collapse_spaces(text, _SPACE_LIKE_IN_LINE).split("\n")]


# Joins the lines of a page for cleaning them together: a noncharacter, neither a space nor a
# character the sanitiser rewrites, so the patterns treat it as a wall between lines.
_LINE_SEPARATOR = "\uffff"


def clean_texts(texts: list[str]) -> list[str]:
    """clean_line of each text. When the texts are clean once their spaces are collapsed, as they
    almost always are, that is done in one pass over them all, not one per text."""
    joined = _LINE_SEPARATOR.join(texts)
    if texts and joined.count(_LINE_SEPARATOR) == len(texts) - 1:  # no text holds the separator itself
        if "\u200b" in joined or "\u2060" in joined or "\u00ad" in joined:
            joined = _INVISIBLE.sub("", joined)
        collapsed = collapse_spaces(joined)
        if is_clean(collapsed):
            return [text.strip() for text in collapsed.split(_LINE_SEPARATOR)]
    return [clean_line(text) for text in texts]


def normalise_space(text: str) -> str:
    """Runs of ASCII whitespace and no-break spaces become one space; ends trimmed (ideographic
    spaces inside a line are kept, as in the corpus dumps)."""
    if "\u200b" in text or "\u2060" in text or "\u00ad" in text:
        text = _INVISIBLE.sub("", text)
    return collapse_spaces(text).strip()


@cache
def _hint_data() -> dict:
    return tomllib.loads(resources.files("triage").joinpath("data/html_hints.toml").read_text("utf-8"))


@cache
def hint_vocabulary() -> dict[str, str]:
    """class/id token -> hint, from data/html_hints.toml."""
    return {token: hint for hint, tokens in _hint_data()["hints"].items() for token in tokens}


@cache
def neutral_words() -> frozenset[str]:
    """class/id words that embed a hint word without meaning it (inside, preview, history...)."""
    return frozenset(_hint_data()["neutral"]["words"])


# A compound token is a hint word joined to another word ("hot" + "news", "right" + "sidebar",
# "s" + "menu"). A hint word at the start needs at least two more letters, so that endings
# ("sides", "timer") are not read as compounds; chance embeddings are listed as neutral words.
HEAD_REST = 2


@cache
def _compound_pattern() -> re.Pattern[str]:
    """Tokens long enough to be recognised at the start or end of a compound token
    ("hotnews", "newsrelated", "rightsidebar"), longest first."""
    words = sorted((t for t in hint_vocabulary() if len(t) >= 4), key=len, reverse=True)
    alternation = "|".join(map(re.escape, words))
    return re.compile(f"^(?P<head>{alternation}).{{{HEAD_REST},}}$|^.+(?P<tail>{alternation})$")


@lru_cache(maxsize=8192)
def _token_hint(token: str) -> str | None:
    vocabulary = hint_vocabulary()
    hint = vocabulary.get(token)
    if hint is not None or token in neutral_words():
        return hint
    if token.endswith("s") and token[:-1] in vocabulary:  # plurals: banners, relateds, authors
        return vocabulary[token[:-1]]
    if len(token) > 4:
        match = _compound_pattern().search(token)
        if match:
            hint = vocabulary[match.group("head") or match.group("tail")]
    return hint


@cache
def _role_vocabulary() -> dict[str, str]:
    """ARIA role and schema.org itemprop value -> hint, from data/html_hints.toml."""
    data = _hint_data()
    return {value: hint for table in ("roles", "itemprops") for value, hint in data[table].items()}


@lru_cache(maxsize=1024)
def role_hints(values: str) -> tuple[str, ...]:
    """The hints named by role and itemprop values: "navigation" -> ("nav",)."""
    vocabulary = _role_vocabulary()
    found = (vocabulary.get(value) for value in values.split())
    return tuple(dict.fromkeys(h for h in found if h))


@cache
def _neutral_first_words() -> frozenset[str]:
    return frozenset(_hint_data()["neutral"]["class_first_words"])


@cache
def _hint_word_finder():
    """An Aho-Corasick automaton (Rust) of every hint word, for may_name_hints."""
    from ahocorasick_rs import AhoCorasick

    return AhoCorasick(list(hint_vocabulary()))


def may_name_hints(value: str) -> bool:
    """False when a class or id value names no hint, told in one pass over it: most values name none,
    and working that out name by name and token by token costs ten times as much. Exact: a hint comes
    from a token (a run of ASCII letters and digits of the value, lower-cased, trailing digits cut) that
    is a hint word, or one with an 's' added, or a compound holding one; so the lower-cased value holds
    a hint word."""
    try:
        return bool(_hint_word_finder().find_matches_as_indexes(value.lower()))
    except UnicodeEncodeError:  # a lone surrogate: no UTF-8 for the automaton; the long way tells
        return True


def hints_of(attribute_value: str) -> tuple[str, ...]:
    """The hints named by a class or id value: "related-news hot_list2" -> ("related", "hot").
    Not cached itself: its callers cache, and whole values are too often unique to their element."""
    found: tuple[str, ...] = ()
    for name in attribute_value.split():
        for hint in _name_hints(name):
            if hint not in found:
                found += (hint,)
    return found


@lru_cache(maxsize=16384)
def _name_hints(name: str) -> tuple[str, ...]:
    """The hints named by one class name or id. Cached by name, not only by whole attribute value:
    values are often unique ('post-123 item-4 clearfix') while the names they are made of recur."""
    return token_hints(name) if may_name_hints(name) else ()


def token_hints(name: str) -> tuple[str, ...]:
    """The hints named by one class name or id, worked out token by token: "relatedNews2" ->
    ("related",), "has-sidebar" -> ()."""
    tokens = [t for t in _TOKEN_SPLIT.split(name) if t]
    if not tokens or tokens[0].lower() in _neutral_first_words():
        return ()  # a state ('has-sidebar', 'disableAsideSection') or a term ('tag-hot-topics')
    found: list[str] = []
    for raw in tokens:
        lowered = raw.lower()
        token = lowered.rstrip("0123456789") or lowered  # tokens are ASCII (see _TOKEN_SPLIT)
        hint = _token_hint(token) if token else None
        if hint is not None and hint not in found:
            found.append(hint)
    return tuple(found)


# The scope of an open element that may name hints (by its class, id, role, itemprop or tag):
# [parent scope, element, tag, hints or None until asked]. Its hints are worked out only for the
# lines that start inside it: most elements hold no line start (images, links inside a line, empty
# boxes), and many class values are unique to their element, so most would be worked out for nothing.
# A list, not a class: one is made for most elements of a page, and a class instance costs several
# times as much to make.
_PARENT, _ELEMENT, _TAG, _HINTS = range(4)
_PAGE_SCOPE: list = [None, None, "", ()]  # the root of every chain of scopes: no hints


def _resolved_hints(scope: list) -> tuple[str, ...]:
    """The hints of the text in a scope, its ancestors' first. A loop, not recursion: pages nest
    deeper than Python's recursion limit."""
    hints = scope[_HINTS]
    if hints is not None:  # the scope of an earlier line
        return hints
    unresolved = []
    while scope[_HINTS] is None:
        unresolved.append(scope)
        scope = scope[_PARENT]
    hints = scope[_HINTS]
    for scope in reversed(unresolved):
        hints = scope[_HINTS] = _scope_hints(scope[_ELEMENT], scope[_TAG], hints)
    return hints


def _scope_hints(element, tag: str, inherited: tuple[str, ...]) -> tuple[str, ...]:
    """Hints of the text in an element: its ancestors' plus those its own class and id name (and its
    tag, for the HTML5 elements that say what they hold: nav, footer, aside...; and its ARIA role and
    schema.org itemprop: navigation, complementary, articleBody...)."""
    found = _own_hints(
        element.get("class"),
        element.get("id"),
        tag if tag in SEMANTIC_TAGS else None,
        element.get("role"),
        element.get("itemprop"),
    )
    hints = _merged_hints(inherited, found) if found else inherited
    if tag == "form" and "form" not in hints and is_entry_form(element):
        hints = (*hints, "form")
    return hints


def _visible_length(texts: list[str]) -> int:
    """The number of characters of the texts that are not whitespace."""
    return len("".join("".join(texts).split()))


def _line_link(texts: list[str], links: list) -> tuple[object, float]:
    """(the <a> element the whole line is in or None, the share of its characters in links), from
    its text pieces and the <a> element each piece is in (or None)."""
    distinct = set(links)
    if len(distinct) == 1:  # most lines: every character in one link, or none in any (nothing to count)
        (link,) = distinct
        return link, 0.0 if link is None else 1.0
    pieces = list(zip(texts, links, strict=True))
    visible = {link for piece, link in pieces if piece and not piece.isspace()}
    if len(visible) == 1:
        (link,) = visible
        return link, 0.0 if link is None else 1.0
    # several links, or links and plain text: no one href; characters counted without spaces
    total = _visible_length(texts)
    linked = _visible_length([piece for piece, link in pieces if link is not None])
    return None, round(linked / total, 3) if total else 0.0


class HtmlPage(NamedTuple):
    lines: list[Line]
    published: str | None = None  # the publish time the page's metadata states (published_meta)
    site_name: str | None = None  # the site's name its metadata states (site_name_meta)


def html_to_lines(text: str, utf8: bytes | None = None) -> list[Line]:
    """The page's lines: title first, then one per block of visible text. `utf8`, the text's UTF-8
    bytes when the caller has them (read.py encodes every page to check it), saves encoding it again."""
    return html_to_page(text, utf8).lines


def html_to_page(text: str, utf8: bytes | None = None) -> HtmlPage:
    """The page's lines (html_to_lines) and what its metadata states of its story."""
    try:
        found = _lxml_page(text, utf8)
    except (ValueError, TypeError, MemoryError, RecursionError, ImportError):
        found = None
    return HtmlPage(regex_strip_lines(text)) if found is None else found


@cache
def _html_parser():
    """lxml.etree's HTML parser (libxml2's, as lxml.html uses) without lxml.html's per-element Python
    class lookup, which cost more than the parse; one per process, as making one costs a small page's
    parse. Its error log is the last parse's. No id index: nothing looks elements up by id."""
    import lxml.etree

    return lxml.etree.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True, collect_ids=False
    )


def _lxml_page(text: str, utf8: bytes | None = None) -> HtmlPage | None:
    """None when lxml could not take the whole page (the caller then strips tags by pattern)."""
    import lxml.etree

    without_declaration = _XML_DECLARATION.sub("", text, count=1)
    if utf8 is None or without_declaration is not text:  # (sub gives back the text itself when it matches nothing)
        utf8 = without_declaration.encode("utf-8", "surrogatepass")
    source = DOCUMENT_END_TAG.sub(b"", utf8)
    parser = _html_parser()
    try:
        root = lxml.etree.fromstring(source, parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError):
        return None
    if root is None:
        return None
    if any(e.level_name == "FATAL" for e in parser.error_log):
        return None  # e.g. nesting beyond libxml2's depth limit: content past it would be lost silently

    title = _title(root)
    lines = ([Line(title, block="title")] if title else []) + _body_lines(root)
    return HtmlPage(lines, published_meta(root), site_name_meta(root))


_LineStart = tuple[int, str | None, list]  # a line's first text piece (its index), its block and its scope


def _body_lines(root) -> list[Line]:
    """The lines of the page's visible text, in one walk of its elements. The text pieces of all lines
    go into one list, a line being the pieces from its first to the next line's first: a break (a block
    element's start or end, a <br>) closes the open line, and the next piece that is not blank opens
    one. The walk keeps its state in local variables, not in objects: it runs for every element."""
    import lxml.etree

    pieces: list[str] = []  # the text pieces of every line, in order
    piece_links: list = []  # the <a> element each piece is in (kept alive, so two never share an identity)
    line_starts: list[_LineStart] = []  # per line: its first piece, block, scope
    in_line = False  # whether the last line is open: a piece, even a blank one, joins it
    # What the markup says about the text at this point of the walk: nearest block tag, the scope its
    # hints come from, the enclosing <a>, inside pre/textarea.
    block: str | None = None
    scope: list = _PAGE_SCOPE
    link = None
    preformatted = False
    # Per open element: the state outside it (restored at its end, for its tail) and whether its end
    # is a break. Skipped elements have one too: their end event comes, for their tail.
    outside: list[tuple[str | None, list, object, bool, bool]] = []
    walker = lxml.etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        if event == "start":
            tag = element.tag
            if tag.__class__ is not str:
                tag = ""  # entities left unresolved by the parser
            if tag in _SKIPPED_TAGS:
                walker.skip_subtree()
                outside.append((block, scope, link, preformatted, False))
                continue
            is_block = tag in BLOCK_TAGS
            outside.append((block, scope, link, preformatted, is_block))
            if is_block:
                in_line = False
                block = tag
            elif tag == "br":
                in_line = False
            if (tag in _HINTING_TAGS or element.attrib) and tag not in PAGE_TAGS:
                scope = [scope, element, tag, None]
            if tag == "a":
                link = element
            elif tag in PREFORMATTED_TAGS:
                preformatted = True
            text = element.text
        else:
            block, scope, link, preformatted, is_block = outside.pop()
            if is_block:
                in_line = False
            text = element.tail
        if not text:
            continue
        if preformatted and "\n" in text:  # its newlines are breaks
            for number, part in enumerate(text.split("\n")):
                if number:
                    in_line = False
                if in_line:
                    pieces.append(part)
                    piece_links.append(link)
                elif part and not part.isspace():
                    line_starts.append((len(pieces), block, scope))
                    pieces.append(part)
                    piece_links.append(link)
                    in_line = True
        elif in_line:
            pieces.append(text)
            piece_links.append(link)
        elif not text.isspace():  # a blank piece opens no line
            line_starts.append((len(pieces), block, scope))
            pieces.append(text)
            piece_links.append(link)
            in_line = True
    return _finished_lines(pieces, piece_links, line_starts)


def _finished_lines(pieces: list[str], piece_links: list, line_starts: list[_LineStart]) -> list[Line]:
    """The Lines of the walk's pieces: each line's pieces joined and cleaned (all lines together, in one
    pass of the space and sanitiser patterns), its link share and href, its scope's hints."""
    ends = [start for start, _, _ in line_starts[1:]] + [len(pieces)] if line_starts else []
    raws, links = [], []
    for (start, _, _), end in zip(line_starts, ends, strict=True):
        texts = pieces[start:end]
        raws.append("".join(texts))
        links.append(_line_link(texts, piece_links[start:end]))
    lines = []
    for text, (_, block, scope), (link, ratio) in zip(clean_texts(raws), line_starts, links, strict=True):
        if text:
            href = (link.get("href") or None) if link is not None else None
            lines.append(Line(text, block=block, link_ratio=ratio, hints=_resolved_hints(scope), href=href))
    return lines


# A form asking for text or an identity: comments, sign-in, newsletter. A longer one holds the page
# (ASP.NET wraps whole pages in one <form>).
_ENTRY_FIELDS = ".//textarea | .//input[@type='email' or @type='password']"
ENTRY_FORM_MAX_CHARS = 3000


def is_entry_form(form) -> bool:
    """A comment, sign-in or newsletter form: it has a text area or an e-mail or password field,
    and little text of its own. Its lines get the hint "form"; a search box is not one."""
    has_entry_field, text_length = _entry_form_xpaths()
    if not has_entry_field(form):
        return False
    return text_length(form) <= ENTRY_FORM_MAX_CHARS


@cache
def _entry_form_xpaths():
    """The two XPath expressions of is_entry_form, compiled once (form.xpath compiles its text on every call)."""
    import lxml.etree

    return lxml.etree.XPath(f"boolean({_ENTRY_FIELDS})"), lxml.etree.XPath("string-length(normalize-space(.))")


@lru_cache(maxsize=16384)
def _own_hints(
    class_: str | None, id_: str | None, semantic_tag: str | None, role: str | None, itemprop: str | None
) -> tuple[str, ...]:
    """The hints an element names itself. Cached apart from its ancestors' hints, which would make
    the same class met at another depth of the page a cache miss."""
    own = " ".join(v for v in (class_, id_, semantic_tag) if v)[:500]
    found = hints_of(own) if own and may_name_hints(own) else ()
    if role or itemprop:  # each cut to 200 characters
        roles = " ".join(v[:200] for v in (role, itemprop) if v)
        found += tuple(h for h in role_hints(roles) if h not in found)
    return found


@lru_cache(maxsize=4096)
def _merged_hints(inherited: tuple[str, ...], found: tuple[str, ...]) -> tuple[str, ...]:
    """An element's own hints (found, not empty) joined to its ancestors'."""
    if CONTENT_HINTS.issuperset(found) and not GENERIC_CONTENT_HINTS.issuperset(found):
        # Hints run outermost first. An article or main container named inside a block
        # ('articleDetailBottom' > 'articleDetail') makes that block an outer one, so its hints
        # move to the inside. A bare 'content' does not: every widget has a content box.
        return tuple(h for h in inherited if h not in found) + found
    return inherited + tuple(h for h in found if h not in inherited)


def _title(root) -> str:
    """<title>, else og:title: the first line of the page as in the corpus dumps."""
    # iterwalk, not root.iter("title"): the iterator looks ahead for the next match, a walk
    # of the whole page for the one title in the head.
    import lxml.etree

    for _, element in lxml.etree.iterwalk(root, events=("start",), tag="title"):
        title = clean_line("".join(element.itertext()))
        if title:
            return title
    for _, element in lxml.etree.iterwalk(root, events=("start",), tag="meta"):
        if (element.get("property") or element.get("name") or "").lower() == "og:title":
            title = clean_line(element.get("content") or "")
            if title:
                return title
    return ""


LD_MAX_CHARS = 200_000  # a JSON-LD block longer than this is not read (a page's own is a few KB)


def published_meta(root) -> str | None:
    """When the page's metadata says its story was published: a meta element (article:published_time,
    pubdate...), else the datePublished of a news or blog posting in its JSON-LD, else a <time> marked
    as the publish time; as written, but a time zone dropped (the site's own local time, as its pages
    print it). None when the page states none."""
    for content in _meta_contents(root, _metadata_names()["meta"]):
        value = _published_value(content)
        if value:
            return value
    for element in root.iter("script"):
        if (element.get("type") or "").strip().lower() == "application/ld+json":
            value = _ld_published(element.text)
            if value:
                return value
    for element in root.iter("time"):
        if (element.get("itemprop") or "").lower() == "datepublished" or element.get("pubdate") is not None:
            value = _published_value(element.get("datetime"))
            if value:
                return value
    return None


def site_name_meta(root) -> str | None:
    """The site's name as its metadata states it (og:site_name): the story's outlet when the page
    names none in its text. None when the page states none."""
    for content in _meta_contents(root, _metadata_names()["site_name"]):
        name = clean_line(content)
        if name and len(name) <= SITE_NAME_MAX_CHARS:
            return name
    return None


def _meta_contents(root, keys: frozenset[str]) -> Iterator[str]:
    """The content of every meta element named by one of keys (its property, name or itemprop, lower-cased)."""
    for element in root.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        content = element.get("content")
        if key and content and key.strip().lower() in keys:
            yield content


SITE_NAME_MAX_CHARS = 60  # longer is a slogan or a description, not a name


@cache
def _metadata_names() -> dict[str, frozenset[str]]:
    """The metadata names of the publish time and the site's name, and the JSON-LD types read."""
    data = _hint_data()["published"]
    return {
        "meta": frozenset(k.lower() for k in data["meta"]),
        "ld_types": frozenset(data["ld_types"]),
        "site_name": frozenset(k.lower() for k in _hint_data()["site_name"]["meta"]),
    }


def _ld_published(text: str | None) -> str | None:
    """The datePublished of the first news or blog posting in a JSON-LD block (in @graph lists too)."""
    import json

    if not text or "datePublished" not in text or len(text) > LD_MAX_CHARS:
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # a broken block, as sites ship them, or one nested beyond reading
        return None
    types = _metadata_names()["ld_types"]
    todo = deque([data])  # breadth first, in document order: a popleft, where list.pop(0) moves every node
    while todo:
        node = todo.popleft()
        if isinstance(node, list):
            todo.extend(node)
        elif isinstance(node, dict):
            kind = node.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(isinstance(k, str) and k in types for k in kinds):
                value = _published_value(node.get("datePublished"))
                if value:
                    return value
            todo.extend(v for v in node.values() if isinstance(v, list | dict))
    return None


_TIME_ZONE = re.compile(r"(?<=\d)(?:Z|[+-]\d{2}:?\d{2})$")


def _published_value(value: object) -> str | None:
    """A metadata date as the page would print it: ISO forms without their time zone, others as written
    (dates.py reads them); None for what holds no digit or is too long to be a date."""
    if not isinstance(value, str):
        return None
    value = clean_line(value)
    if not value or len(value) > 64 or not any(c.isdigit() for c in value):
        return None
    return _TIME_ZONE.sub("", value)


def regex_strip_lines(text: str) -> list[Line]:
    """A plain tag strip for pages lxml cannot take: block tags break lines, nothing else kept."""
    lines: list[Line] = []
    title = _STRIP_TITLE.search(text[:200_000])
    if title:
        title_text = clean_line(html_entities.unescape(_STRIP_TAG.sub("", title.group(1))))
        if title_text:
            lines.append(Line(title_text, block="title"))
    body = _STRIP_COMMENT.sub(" ", text)
    body = _STRIP_DROPPED.sub(" ", body)
    body = _STRIP_TITLE.sub(" ", body)
    body = _STRIP_BLOCK.sub("\n", body.replace("\n", " "))
    body = html_entities.unescape(_STRIP_TAG.sub("", body))
    for raw in body.split("\n"):
        line = clean_line(raw)
        if line:
            lines.append(Line(line))
    return lines
