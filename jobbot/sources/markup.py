"""Job descriptions arrive as HTML; jobbot keeps them as plain text with their structure.

Blocks become lines, list items `- ` bullets and headings `## ` lines, so the extractors in
`jobbot.ingest` see sections and labelled lines as they would in a markdown file. Scripts,
styles and comments are dropped; links keep only their text (a posting's text never becomes
a link). Parsing is selectolax's (lexbor): linear, and forgiving of broken markup.
"""

from __future__ import annotations

import html
import re
from typing import Final

from selectolax.lexbor import LexborHTMLParser

_DROP: Final = "script,style,noscript,template,svg,iframe,object,head"
_BLOCKS: Final = (
    "p,div,ul,ol,tr,table,section,article,header,footer,blockquote,pre,dd,dt,dl,form,"
    "br,hr,main,aside,nav,figure,figcaption,address"
)
_HEADINGS: Final = ("h1", "h2", "h3", "h4", "h5", "h6")
_SPACES = re.compile(r"[ \t\u00a0\u202f\u2007]+")
_BLANKS = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_TAGLIKE = re.compile(r"<[A-Za-z/!]")
_BULLET_ALONE = re.compile(r"(^|\n)-\n+(?=\S)")


def html_text(markup: str) -> str:
    """The readable text of an HTML fragment or page, one block per line."""
    if not markup:
        return ""
    if not _TAGLIKE.search(markup):
        return _tidy(html.unescape(markup))
    tree = LexborHTMLParser(markup)
    for node in tree.css(_DROP):
        node.decompose()
    for level, tag in enumerate(_HEADINGS, start=1):
        for node in tree.css(tag):
            node.insert_before("\n" + "#" * min(level + 1, 6) + " ")
            node.insert_after("\n")
    for node in tree.css("li"):
        node.insert_before("\n- ")
    for node in tree.css(_BLOCKS):
        node.insert_before("\n")
        node.insert_after("\n")
    root = tree.body or tree.root
    return _tidy(root.text(separator="") if root is not None else "")


def entity_escaped_html(markup: str) -> str:
    """Greenhouse's `content` is HTML whose tags are themselves entity-escaped (`&lt;p&gt;`):
    unescape it once so it parses as HTML, leaving text entities for the HTML parser."""
    return html.unescape(markup) if "&lt;" in markup else markup


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r", "\n").split("\n"))
    joined = _BULLET_ALONE.sub(r"\1- ", "\n".join(lines))
    return _BLANKS.sub("\n\n", joined).strip()
