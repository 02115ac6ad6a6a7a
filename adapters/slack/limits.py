"""Slack's published limits on a message payload, checked rather than trusted.

`blocks.py` cuts everything it draws to these limits; `problems` proves it for any payload
(the platform contract test runs it over every kind of answer).
"""

from __future__ import annotations

from typing import Any

from adapters.slack.blocks import (
    MAX_BLOCK_ID,
    MAX_BLOCKS,
    MAX_BUTTON_LABEL,
    MAX_HEADER,
    MAX_SECTION,
    MAX_VALUE,
)
from jobbot.untrusted import is_web_url

MAX_TEXT = 40_000
MAX_ACTION_ELEMENTS = 25
MAX_CONTEXT_ELEMENTS = 10
MAX_OVERFLOW_OPTIONS = 5
MAX_SELECT_OPTIONS = 100
MAX_OPTION_VALUE = 150


def problems(message: object) -> list[str]:
    """Every limit the message (`{"text": ..., "blocks": [...]}`) breaks."""
    if not isinstance(message, dict):
        return [f"not a message payload: {type(message).__name__}"]
    found: list[str] = []
    text = message.get("text", "")
    if not isinstance(text, str) or not text.strip():
        found.append("no fallback text")
    elif len(text) > MAX_TEXT:
        found.append(f"text is {len(text)} characters (limit {MAX_TEXT})")
    blocks: list[dict[str, Any]] = message.get("blocks") or []
    if len(blocks) > MAX_BLOCKS:
        found.append(f"{len(blocks)} blocks (limit {MAX_BLOCKS})")
    for index, block in enumerate(blocks):
        found += [f"block {index}: {p}" for p in _block_problems(block)]
    return found


def _text_of(element: dict[str, Any]) -> str:
    text = element.get("text")
    return text.get("text", "") if isinstance(text, dict) else str(text or "")


def _block_problems(block: dict[str, Any]) -> list[str]:
    kind = block.get("type")
    found: list[str] = []
    if len(str(block.get("block_id", ""))) > MAX_BLOCK_ID:
        found.append(f"block_id over {MAX_BLOCK_ID}")
    if kind == "section":
        if len(_text_of(block)) > MAX_SECTION:
            found.append(f"section text over {MAX_SECTION}")
        if "accessory" in block:
            found += _element_problems(block["accessory"])
    elif kind == "header" and len(_text_of(block)) > MAX_HEADER:
        found.append(f"header over {MAX_HEADER}")
    elif kind == "actions":
        elements = block.get("elements", [])
        if len(elements) > MAX_ACTION_ELEMENTS:
            found.append(f"{len(elements)} action elements (limit {MAX_ACTION_ELEMENTS})")
        for element in elements:
            found += _element_problems(element)
    elif kind == "context":
        elements = block.get("elements", [])
        if len(elements) > MAX_CONTEXT_ELEMENTS:
            found.append(f"{len(elements)} context elements (limit {MAX_CONTEXT_ELEMENTS})")
        found += [
            f"context text over {MAX_SECTION}"
            for e in elements
            if len(str(e.get("text", ""))) > MAX_SECTION
        ]
    return found


def _element_problems(element: dict[str, Any]) -> list[str]:
    found: list[str] = []
    if element.get("type") == "button":
        names = ("button label", "button value", "button link")
        found += _choice_problems(element, names, MAX_VALUE)
    elif element.get("type") in ("overflow", "static_select"):
        kind = element["type"]
        options = element.get("options") or []
        low, high = (2, MAX_OVERFLOW_OPTIONS) if kind == "overflow" else (1, MAX_SELECT_OPTIONS)
        if not low <= len(options) <= high:
            found.append(f"{kind} with {len(options)} options ({low} to {high})")
        names = ("overflow option text", "overflow option value", "overflow link")
        for item in options:
            found += _choice_problems(item, names, MAX_OPTION_VALUE)
    return found


def _choice_problems(
    item: dict[str, Any], names: tuple[str, str, str], value_limit: int
) -> list[str]:
    """What a button or a menu option breaks: its text, its value, its link (`names` say
    which part of which element, in the messages)."""
    text, value, link = names
    found: list[str] = []
    if len(_text_of(item)) > MAX_BUTTON_LABEL:
        found.append(f"{text} over {MAX_BUTTON_LABEL}")
    if len(str(item.get("value", ""))) > value_limit:
        found.append(f"{value} over {value_limit}")
    url = item.get("url")
    if url is not None and not is_web_url(str(url)):
        found.append(f"{link} is not http(s): {url!r}")
    return found
