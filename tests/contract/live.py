"""What each platform would make clickable or pinging in a rendered message, read the way
that platform's client reads it (not the way our renderer meant it).

`live(platform_name, messages)` gives the link targets and mentions found; the contract
checks that the only links are postings' own URLs and that there are no mentions at all.
A new platform adds its reader here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

# Slack: `<target|label>` and `<target>`; auto-parsing (when not verbatim) links bare URLs
# and turns @channel/@here/@everyone into broadcasts.
SLACK_ANGLE = re.compile(r"<([^<>|]+)(?:\|[^<>]*)?>")
BARE_URL = re.compile(r"(?<![\w/\\])(?:https?|ftp)://[^\s<>()]*[^\s<>().,;:!?'\"]", re.I)
BROADCAST = re.compile(r"(?<![\w\u200b])@(?:channel|here|everyone)\b", re.IGNORECASE)
# Discord: a masked link needs an unescaped `](`; bare URLs autolink outside code;
# mentions are <@id>, <@!id>, <@&id>, <#id>, </command:id>, and @everyone/@here.
DISCORD_MASKED = re.compile(r"(?<!\\)\]\(\s*<?([^)\s>]*)")
DISCORD_MENTION = re.compile(r"<(?:@[!&]?\d+|#\d+|/[^>\s]+:\d+)>")
DISCORD_CODE = re.compile(r"``?[^`]*``?")
TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass
class Live:
    """Link targets and mentions a client would act on."""

    links: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from _walk(child)
    elif isinstance(value, list):
        for child in value:
            yield from _walk(child)


def _slack_text(text: str, verbatim: bool, found: Live) -> None:
    for target in SLACK_ANGLE.findall(text):
        if target.startswith(("@", "#", "!")):
            found.mentions.append(target)
        else:
            found.links.append(target)
    if not verbatim:
        found.links += BARE_URL.findall(text)
        found.mentions += BROADCAST.findall(text)


def slack(messages: Sequence[object]) -> Live:
    found = Live()
    for message in messages:
        assert isinstance(message, dict)
        _slack_text(str(message.get("text", "")), False, found)  # the notification text
        for node in _walk(message.get("blocks", [])):
            if node.get("type") == "mrkdwn":
                _slack_text(node["text"], node.get("verbatim") is True, found)
            if node.get("type") == "button" and "url" in node:
                found.links.append(node["url"])
    return found


def _discord_text(text: str, found: Live) -> None:
    found.links += DISCORD_MASKED.findall(text)
    found.links += BARE_URL.findall(DISCORD_CODE.sub(" ", text))
    found.mentions += DISCORD_MENTION.findall(text)
    found.mentions += BROADCAST.findall(text)


def discord(messages: Sequence[object]) -> Live:
    found = Live()
    for message in messages:
        _discord_text(message.content, found)  # type: ignore[attr-defined]
        for embed in message.embeds:  # type: ignore[attr-defined]
            data = embed.to_dict()
            if data.get("url"):
                found.links.append(data["url"])
            for text in (data.get("title", ""), data.get("description", "")):
                _discord_text(text, found)
            for item in data.get("fields", []):
                _discord_text(item["name"], found)
                _discord_text(item["value"], found)
    return found


def terminal(messages: Sequence[object]) -> Live:
    """A terminal links what looks like a URL, and escape sequences can hide a hyperlink."""
    found = Live()
    for message in messages:
        text = message if isinstance(message, str) else json.dumps(message)
        found.links += BARE_URL.findall(text)
        found.links += [f"control character {c!r}" for c in TERMINAL_CONTROL.findall(text)]
    return found


READERS: dict[str, Callable[[Sequence[object]], Live]] = {
    "slack": slack,
    "discord": discord,
    "chat": terminal,
    "echo": terminal,
}


def live(platform: str, messages: Sequence[object]) -> Live:
    reader = READERS.get(platform)
    assert reader is not None, f"tests/contract/live.py: say how {platform!r} shows links"
    return reader(messages)


def discord_payloads(payloads: Sequence[dict[str, Any]]) -> Live:
    """The same reading over the JSON bodies discord.py sent (creates and edits), as a fake
    server received them: content, every embed text (title, description, fields, footer,
    author), embed URLs and link buttons."""
    found = Live()
    for payload in payloads:
        _discord_text(payload.get("content") or "", found)
        for embed in payload.get("embeds") or []:
            if embed.get("url"):
                found.links.append(embed["url"])
            texts = [embed.get("title"), embed.get("description")]
            texts += [(embed.get(part) or {}).get("text") for part in ("footer",)]
            texts += [(embed.get(part) or {}).get("name") for part in ("author",)]
            for item in embed.get("fields") or []:
                texts += [item.get("name"), item.get("value")]
            for text in texts:
                _discord_text(text or "", found)
        for node in _walk(payload.get("components") or []):
            if node.get("url"):  # labels and menu options are plain text: never links
                found.links.append(node["url"])
    return found
