"""Text from postings and FAQ files is untrusted: the rules every renderer applies to it.

Postings will come from public feeds and threads, so their text may try to phish. Only a
posting's own apply or details URL is ever a link (`link_target`), and only where a renderer
puts one on purpose (a title, an Apply button). Inside text — titles, companies,
descriptions, FAQ answers — links lose their power (`inert`): a markdown link `[label](url)`
becomes `label (host)`, an autolink or bare URL its host and path without the scheme, so the
reader sees where it would have gone and nothing is clickable. Each renderer then escapes
its own markup (Slack mrkdwn, Discord markdown); terminals also drop controls (`printable`).

Every function is one linear pass (bounded repetitions, no nested quantifiers).
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import urlsplit

MAX_URL: Final = 2048
_SCHEMES: Final = ("http", "https")

# `[label](url)`, `![alt](url)`, `[label](<url> "title")`: what Discord and our mrkdwn
# converter would turn into a link. Labels and targets are bounded, so each try is short.
_MASKED_LINK = re.compile(
    r"!?\[(?P<label>[^\[\]\n]{0,1000}+)\]\(\s{0,8}+<?(?P<url>[^\s()<>]{0,2048}+)>?"
    r"(?:\s{1,8}+\"[^\"\n]{0,200}+\")?\s{0,8}+\)"
)
_AUTOLINK = re.compile(r"<(?P<url>(?:https?|ftp)://[^\s<>]{1,2048}+)>", re.IGNORECASE)
_SCHEME = re.compile(r"(?:https?|ftp)://", re.IGNORECASE)
# Bidi overrides and isolates reorder what is shown (a host can read backwards).
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# C0 and C1 controls but tab and newline: escape sequences, OSC 8 terminal hyperlinks,
# carriage returns that overwrite a line.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


_LINK_BREAKERS = str.maketrans({"(": "%28", ")": "%29", "[": "%5B", "]": "%5D"})


def link_target(url: str | None) -> str | None:
    """`url` when it may be a link: absolute http(s), a host, no credentials, no spaces or
    controls, not absurdly long. Anything else is None, and is shown as text at most."""
    if not url or len(url) > MAX_URL or url != url.strip() or _CONTROL.search(url):
        return None
    if any(c.isspace() or c in '<>"\\`' for c in url) or _BIDI.search(url):
        return None
    if not is_web_url(url):
        return None
    parts = urlsplit(url)
    if "@" in parts.netloc:  # `https://good.example@evil.example/` goes to evil.example
        return None
    # Brackets after the host end a markdown link early (`…/a)(https://evil…`): encode them,
    # which every web server reads the same.
    tail = url[len(parts.scheme) + 3 + len(parts.netloc) :]
    return url[: len(url) - len(tail)] + tail.translate(_LINK_BREAKERS)


def is_web_url(url: str) -> bool:
    """An absolute http(s) URL with a host, as written (no surrounding spaces): what a source
    may name and the fetcher may get, and the least a link must be."""
    if url != url.strip():
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in _SCHEMES and bool(parts.hostname)


def host(url: str) -> str:
    """The host a URL really leads to, as ASCII (`xn--…` shows look-alike letters), or the
    URL itself cut short when it has none."""
    try:
        name = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    except ValueError:
        name = ""
    if not name:
        return url[:80]
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError:
        return name.encode("ascii", "backslashreplace").decode("ascii")


def _shown(match: re.Match[str]) -> str:
    label = match["label"].strip()
    url = match["url"]
    if not url:
        return label
    where = host(url)
    return f"{label} ({where})" if label else where


def inert(text: str) -> str:
    """`text` with every link made plain: `[label](url)` → `label (host)`, `<url>` and bare
    URLs → host and path without the scheme; control and bidi characters dropped (`printable`).
    Markdown formatting other than links is kept."""
    text = printable(text)
    text = _MASKED_LINK.sub(_shown, text)
    text = text.replace("](", "] (")  # whatever masked-link syntax is left cannot link
    text = _AUTOLINK.sub(lambda m: m["url"], text)
    # Dropping a scheme can join its neighbours into a new one (`httphttps://s://`); what
    # is left after the one pass gets a zero-width space inside its `://` instead.
    text = _SCHEME.sub("", text)
    return _SCHEME.sub(lambda m: m[0].replace("://", ":/\u200b/"), text)


def printable(text: str) -> str:
    """`text` safe for a terminal: control characters (escape sequences, OSC 8 hyperlinks,
    carriage returns) and bidi controls removed; tabs and newlines kept."""
    return _BIDI.sub("", _CONTROL.sub("", text))
