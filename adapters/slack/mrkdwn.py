"""Slack's mrkdwn: escaping user text and converting the core's markdown, in one place.

Slack reads `<...>` as links and mentions (`<!channel>`, `<@U123>`) and `&` as an entity, so
every piece of text that did not come from us is escaped before it reaches a message; the
only `<...>` in our output are links we build ourselves, to http(s) targets that pass
`jobbot.untrusted.link_target`. Slack has no escape for `*`, `_`, `~` and a backtick, so
`text` sets each apart with zero-width spaces (on either side, so it can neither open nor
close a span). Block Kit's mrkdwn objects are sent `verbatim` (`blocks.py`), so Slack does
not turn bare URLs or `#channel` names into links either.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from jobbot.untrusted import inert, link_target

_BROADCASTS = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)
_MARKERS = re.compile(r"[*_~`]")
ZWSP = "\u200b"

# One pass over a line: backslash escapes (the core's markdown escapes untrusted text so),
# code spans (their content is literal), links, then bold (`**x**`, `__x__`), strike
# (`~~x~~`) and italic (`*x*`, `_x_`).
_INLINE = re.compile(
    r"\\(?P<escaped>[\\`*_~\[\]<>|()#+\-.!{}])"
    r"|`(?P<code>[^`\n]{1,1000}+)`"
    r"|\[(?P<label>[^\[\]\n]{1,500}+)\]\((?P<url>[^()\s]{1,2048}+)\)"
    r"|\*\*(?P<bold>[^*\n]{1,500}+)\*\*"
    r"|__(?P<bold2>[^_\n]{1,500}+)__"
    r"|~~(?P<strike>[^~\n]{1,500}+)~~"
    r"|(?<![\w*])\*(?P<italic>[^*\n]{1,500}+)\*(?![\w*])"
    r"|(?<![\w_])_(?P<italic2>[^_\n]{1,500}+)_(?![\w_])"
)  # bounded, possessive repetitions: a hostile line costs linear time, never quadratic
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<text>.+?)\s*#*\s*$")
_BULLET = re.compile(r"^(?P<indent>\s*)[-*+]\s+(?P<text>.*)$")
_ORDERED = re.compile(r"^\s*\d{1,3}[.)]\s+")
_QUOTE = re.compile(r"^\s{0,3}>\s?(?P<text>.*)$")


def escape(text: str) -> str:
    """Text shown as typed: no mentions, no links, no broadcast pings, no entities."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # `@here` typed as plain text only pings with link_names; a zero-width space makes sure.
    return _BROADCASTS.sub(lambda m: "@\u200b" + m.group(1), text)


def defuse(mrkdwn: str) -> str:
    """Every `*`, `_`, `~` and backtick set apart so it formats nothing."""
    return _MARKERS.sub(lambda m: f"{ZWSP}{m.group(0)}{ZWSP}", mrkdwn)


def text(untrusted: str) -> str:
    """Untrusted text (a posting's title, a query) shown as typed: its links made plain
    (`label (host)`), then escaped, with no formatting of its own."""
    return defuse(escape(inert(untrusted)))


def link(url: str | None, label: str) -> str:
    """A mrkdwn link, or the label alone as text when `url` may not be a link."""
    target = link_target(url)
    if target is None:
        return text(label)
    safe_url = quote(target, safe=":/?#[]@!$&'()*+,;=%~-._")
    safe_url = safe_url.replace("&", "&amp;")
    return f"<{safe_url}|{text(label).replace('|', '¦')}>"


def _inline(line: str) -> str:
    out: list[str] = []
    position = 0
    for match in _INLINE.finditer(line):
        out.append(defuse(escape(line[position : match.start()])))
        position = match.end()
        groups = match.groupdict()
        if groups["escaped"]:
            out.append(defuse(escape(groups["escaped"])))
        elif groups["code"]:
            out.append(f"`{escape(groups['code'])}`")
        elif groups["url"]:
            out.append(link(groups["url"], groups["label"]))
        elif groups["bold"] or groups["bold2"]:
            out.append(f"*{_inline(groups['bold'] or groups['bold2'])}*")
        elif groups["strike"]:
            out.append(f"~{_inline(groups['strike'])}~")
        else:
            out.append(f"_{_inline(groups['italic'] or groups['italic2'])}_")
    out.append(defuse(escape(line[position:])))
    return "".join(out)


def _starts_block(line: str) -> bool:
    stripped = line.strip()
    return bool(
        not stripped
        or stripped.startswith(("```", ">", "|"))
        or _HEADING.match(line)
        or _BULLET.match(line)
        or _ORDERED.match(line)
    )


def _logical_lines(markdown: str) -> list[str]:
    """Markdown's soft-wrapped lines joined back into one line per paragraph or list item:
    Slack treats every newline as a line break."""
    lines: list[str] = []
    in_fence = False
    for line in markdown.splitlines():
        if line.strip().startswith("```"):
            in_fence = not in_fence
            lines.append(line)
            continue
        previous = lines[-1] if lines else ""
        joinable = (
            not in_fence
            and previous.strip()
            and not previous.strip().startswith("```")
            and not _HEADING.match(previous)
            and not previous.endswith(("  ", "\\"))
            and not _starts_block(line)
        )
        if joinable:
            lines[-1] = f"{previous.rstrip()} {line.strip()}"
        else:
            lines.append(line)
    return lines


def markdown_to_mrkdwn(markdown: str) -> str:
    """The core's markdown as Slack mrkdwn; any text inside it is escaped. Links are kept
    only to http(s) targets: pass untrusted markdown (a description, an FAQ answer)
    through `jobbot.untrusted.inert` first, so it has none."""
    lines: list[str] = []
    in_fence = False
    for line in _logical_lines(markdown):
        if line.strip().startswith("```"):
            in_fence = not in_fence
            lines.append("```")
            continue
        if in_fence:
            lines.append(escape(line))
            continue
        heading = _HEADING.match(line)
        if heading:
            lines.append(f"*{_inline(heading['text'])}*")
            continue
        bullet = _BULLET.match(line)
        if bullet and bullet["text"]:
            lines.append(f"{bullet['indent']}• {_inline(bullet['text'])}")
            continue
        quote = _QUOTE.match(line)
        if quote:
            lines.append(f"> {_inline(quote['text'])}")
            continue
        lines.append(_inline(line.rstrip("\\").rstrip()))
    if in_fence:
        lines.append("```")
    return "\n".join(lines)


def plain(markdown: str) -> str:
    """Markdown reduced to plain text, for notification fallbacks and plain_text fields."""
    text = re.sub(r"\[([^\]\n]+)\]\([^)\s]+\)", r"\1", markdown)
    text = re.sub(r"(\*\*|__|~~|`)", "", text)
    return re.sub(r"^\s{0,3}#{1,6}\s+", "", text, flags=re.MULTILINE)
