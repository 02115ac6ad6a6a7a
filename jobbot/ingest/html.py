"""HTML pages and fragments to the text the rest of ingestion reads, through selectolax.

`html_to_text` keeps what carries structure in a job page: headings become `#` lines, list
items `- ` lines, bold `**`, table rows `| a | b |`, paragraphs blank-line separated; scripts,
styles, navigation and forms are dropped, and a link keeps only its text (posting text is
untrusted: it never becomes a link). `page_hints` reads what the page's markup says outright:
the heading's title and company, an element classed as the location, the posting date, the
apply link. Both walk the tree with an explicit stack, so a page nested ten thousand levels
deep costs time, never the interpreter's stack.
"""

from __future__ import annotations

import re
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from jobbot.ingest.errors import DocumentError
from jobbot.ingest.text import normalize_text

MAX_DEPTH = 200  # deeper than this, an element's text is taken whole
_MAX_CANDIDATES = 20  # elements looked at for one hint (a hostile page may class them all)
_MAX_HINT_TEXT = 500
# fmt: off
_SKIP = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "head", "nav", "form", "button", "select", "option", "textarea", "input", "audio",
    "video", "picture", "source", "track", "map", "dialog",
})
# fmt: on
_SKIP_OUTSIDE_MAIN = frozenset({"header", "footer", "aside"})
# fmt: off
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "header", "hgroup",
    "html", "li", "main", "menu", "ol", "p", "pre", "section", "summary", "table", "tbody",
    "thead", "tfoot", "ul", "caption", "legend",
})
# fmt: on
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BOLD = frozenset({"strong", "b"})
_CELLS = frozenset({"td", "th"})
_LOCATION_CLASS = re.compile(r"(?:^|[-_\s])(?:job[-_]?)?location(?:s|[-_]name)?(?:$|[-_\s])", re.I)
_COMPANY_CLASS = re.compile(
    r"(?:^|[-_\s])(?:company|employer|organi[sz]ation|hiring[-_]?org\w*)(?:[-_]?name)?(?:$|\s)",
    re.I,
)
_POSTED = re.compile(r"\b(?:posted|published|date)\b", re.I)
_CLOSES = re.compile(r"\b(?:closes|closing|deadline|expires|apply\s+by|valid\s+through)\b", re.I)
_APPLY = re.compile(r"\bapply\b", re.I)
_SPACE_RUN = re.compile(r"[ \t\r\n\f]+")


def parse_html(html_text: str) -> LexborHTMLParser:
    """The page's tree; selectolax never raises on malformed HTML. `DocumentError` for a
    page nested deeper than `MAX_NESTING` (building such a tree takes time quadratic in its
    depth: 50,000 nested `<div>`s take seconds, a 2 MiB file minutes)."""
    if html_text.count("<") > MAX_NESTING:
        _check_nesting(html_text)
    return LexborHTMLParser(html_text)


MAX_NESTING = 512
_TAG_OPEN_CLOSE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]{0,30})[^<>]{0,2000}?(/?)>")
# Elements that never hold others (void) or that the parser closes on its own.
_NOT_NESTING = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
        "p",
        "li",
        "dt",
        "dd",
        "option",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "tfoot",
    ]
)


def _check_nesting(html_text: str) -> None:
    depth = 0
    for match in _TAG_OPEN_CLOSE.finditer(html_text):
        if match.group(3) or match.group(2).lower() in _NOT_NESTING:
            continue
        depth = max(0, depth - 1) if match.group(1) else depth + 1
        if depth > MAX_NESTING:
            line = html_text.count("\n", 0, match.start()) + 1
            raise DocumentError(
                f"HTML nested more than {MAX_NESTING} levels deep (line {line}); not read"
            )


def main_element(tree: LexborHTMLParser) -> LexborNode | None:
    """The element holding the page's content: `<main>`, else the largest `<article>`, else
    `<body>` (an HN comment or any fragment is its own body)."""
    for selector in ("main", "[role=main]"):
        found = tree.css_first(selector)
        if found is not None and found.text(deep=True, strip=True):
            return found
    articles = tree.css("article")[:_MAX_CANDIDATES]
    if articles:
        return max(articles, key=lambda node: len(node.text(deep=True)))
    return tree.body


def html_to_text(html_text: str) -> str:
    """A page's (or fragment's) main text as markdown-like lines, normalised.

    The pure seam for every HTML source: job pages, JSON-LD descriptions, HN comments.
    `DocumentError` only for markup nested absurdly deep (see `parse_html`)."""
    tree = parse_html(html_text)
    root = main_element(tree)
    if root is None:
        return ""
    return node_text(root, is_main=root.tag not in {"body", "html"})


def node_text(root: LexborNode, *, is_main: bool = True) -> str:
    """The text of `root` and everything under it, as `html_to_text` renders it."""
    out: list[str] = []
    # (node, depth, closing): closing entries write what ends an element.
    stack: list[tuple[LexborNode, int, bool]] = [(root, 0, False)]
    while stack:
        node, depth, closing = stack.pop()
        tag = node.tag or ""
        if closing:
            if tag in _HEADINGS or (tag in _BLOCK and tag != "li") or tag == "tr":
                out.append("\n\n" if tag in _HEADINGS or tag in {"p", "table"} else "\n")
            if tag in _BOLD:
                out.append(_CLOSE_BOLD)
            if tag in _CELLS:
                out.append(" |")
            continue
        if tag == "-text":
            out.append(_SPACE_RUN.sub(" ", _SENTINELS.sub("", node.text(deep=False))))
            continue
        if tag == "-comment" or tag in _SKIP or (not is_main and tag in _SKIP_OUTSIDE_MAIN):
            continue
        if tag == "br":
            out.append("\n")
            continue
        if tag == "pre":
            out.append("\n\n" + (node.text(deep=True) or "") + "\n\n")
            continue
        if depth >= MAX_DEPTH:
            deep_text = node.text(deep=True, separator=" ") or ""
            out.append(" " + _SPACE_RUN.sub(" ", _SENTINELS.sub("", deep_text)) + " ")
            continue
        if tag in _HEADINGS:
            out.append("\n\n" + "#" * _HEADINGS[tag] + " ")
        elif tag == "li":
            out.append("\n- ")
        elif tag == "tr":
            out.append("\n|")
        elif tag in _CELLS:
            out.append(" ")
        elif tag in _BLOCK:
            out.append("\n\n" if tag == "p" else "\n")
        elif tag in _BOLD:
            out.append(_OPEN_BOLD)
        elif tag in {"hr"}:
            out.append("\n\n")
        stack.append((node, depth, True))
        children = []
        child = node.child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend((c, depth + 1, False) for c in reversed(children))
    return _tidy("".join(out))


# Bold is marked with private-use characters during the walk, so `<b> Pay: </b>` can become
# `**Pay:**` without touching asterisks that were in the text.
_OPEN_BOLD, _CLOSE_BOLD = "\ue000", "\ue001"
_SENTINELS = re.compile("[\ue000\ue001]")
_OPENING = re.compile(r"\ue000+(\s*)")
_CLOSING = re.compile(r"(\s*)\ue001+")
_EMPTY_BOLD = re.compile(r"\ue000+\s*\ue001+")
_HEADING_BREAK = re.compile(r"^(#{1,6}) *\n+", re.M)
_LINE_MARKS = " *#-|"


def _tidy(text: str) -> str:
    """Bold sentinels to `**`, headings joined to their text, ends of lines trimmed."""
    if _OPEN_BOLD in text:
        text = _EMPTY_BOLD.sub(" ", text)
        text = _OPENING.sub(r"\1**", text)
        text = _CLOSING.sub(r"**\1", text)
    text = normalize_text(_SENTINELS.sub("", text))
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _HEADING_BREAK.sub(r"\1 ", text)
    return normalize_text(text).strip()


def _lines(node: LexborNode) -> list[str]:
    """An element's text split at `<br>`s and blocks, without markdown marks, one-spaced."""
    lines = []
    for line in node_text(node).split("\n"):
        text = " ".join(line.replace("**", " ").strip(_LINE_MARKS).split())
        if text:
            lines.append(text)
    return lines


def _classes(node: LexborNode) -> str:
    attrs = node.attributes
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''} {attrs.get('itemprop') or ''}"


def page_hints(tree: LexborHTMLParser) -> dict[str, Any]:
    """What the page's markup states: `title` and `company` from a first heading written
    `Title<br>Company`, `location` from an element classed as one, `date_posted` and
    `valid_through` from `<time datetime>`, `url` from an apply link or the canonical link."""
    hints: dict[str, Any] = {}
    root = main_element(tree) or tree.body
    if root is None:
        return hints
    location = _classed_text(root, _LOCATION_CLASS)
    if location:
        hints["location"] = location
    heading = root.css_first("h1") or tree.css_first("h1")
    if heading is not None:
        lines = [line.replace(location, "").strip(" ,-–|") if location else line
                 for line in _lines(heading)]  # fmt: skip
        lines = [line for line in lines if line]
        if lines:
            hints["title"] = lines[0]
        if len(lines) > 1 and len(lines[1]) <= 80:
            hints["company"] = lines[1]
    company = _classed_text(root, _COMPANY_CLASS, exclude=hints.get("title"))
    if company and "company" not in hints:
        hints["company"] = company
    for time in root.css("time[datetime]"):
        context = f"{time.parent.text(deep=True) if time.parent else ''} {_classes(time.parent)}"
        value = (time.attributes.get("datetime") or "").strip()
        if value and _CLOSES.search(context):
            hints.setdefault("valid_through", value)
        elif value and _POSTED.search(context):
            hints.setdefault("date_posted", value)
    for link in root.css("a[href]"):
        href = (link.attributes.get("href") or "").strip()
        if href.startswith(("http://", "https://")) and _APPLY.search(link.text(deep=True)):
            hints["url"] = href
            break
    if "url" not in hints:
        canonical = tree.css_first("link[rel=canonical][href]")
        href = (canonical.attributes.get("href") or "") if canonical is not None else ""
        if href.startswith(("http://", "https://")):
            hints["url"] = href
    return hints


def _classed_text(
    root: LexborNode, pattern: re.Pattern[str], exclude: str | None = None
) -> str | None:
    """The short text of the innermost element whose class or id matches `pattern`."""
    best: str | None = None
    candidates = [node for node in root.css("[class], [id], [itemprop]")
                  if pattern.search(_classes(node))]  # fmt: skip
    for node in candidates[:_MAX_CANDIDATES]:
        if len(node.text(deep=True)) > _MAX_HINT_TEXT:
            continue
        lines = [line for line in _lines(node) if line != exclude]
        if lines and len(lines[0]) <= 120 and (best is None or len(lines[0]) < len(best)):
            best = lines[0]
    return best
