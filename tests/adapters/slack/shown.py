"""What a Slack user would see in a message body: its text fields, not opaque button values."""

from __future__ import annotations

from typing import Any


def shown_texts(message: dict[str, Any]) -> list[str]:
    """Every `text` Slack renders: the top-level text and each mrkdwn/plain_text object."""
    found: list[str] = []
    if isinstance(message.get("text"), str):
        found.append(message["text"])

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
                found.append(node["text"])
            for key, value in node.items():
                if key != "value":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(message.get("blocks") or [])
    walk((message.get("view") or {}).get("blocks") or [])
    return found


def shown(message: dict[str, Any]) -> str:
    return "\n".join(shown_texts(message))


def all_buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Every button, in order."""
    found: list[dict[str, Any]] = []
    for block in message.get("blocks") or []:
        elements = list(block.get("elements") or [])
        if block.get("accessory"):
            elements.append(block["accessory"])
        found.extend(e for e in elements if e.get("type") == "button")
    return found


def buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Buttons by label (the first of each label)."""
    result: dict[str, dict[str, Any]] = {}
    for element in all_buttons(message):
        result.setdefault(element["text"]["text"], element)
    return result
