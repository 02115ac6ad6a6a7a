"""Save / Applied / Not interested on Slack posting cards: the buttons and what they carry.

A button's `value` is the posting id itself, so a click works on any message, after any
restart, with no state on our side; the action (save, applied, hide, …) is in the
`action_id`. Digests, which have one section per posting, end with one menu per action
listing their postings (option values, at most 150 characters, are posting ids), so a digest
of 25 postings still fits in Slack's 50 blocks. The App Home tab puts an overflow menu
(`action|posting id`) beside each saved posting.
"""

from __future__ import annotations

import re
from typing import Any, Final

from jobbot.chunking import truncate
from jobbot.models import Posting
from jobbot.present import CARD_ACTIONS, TRACK_LABELS

Element = dict[str, Any]

ACTION_TRACK: Final = "jobs_track"
ACTION_TRACK_MENU: Final = "jobs_track_menu"
TRACK_PATTERN: Final = re.compile(rf"^{ACTION_TRACK}_(?P<action>{'|'.join(TRACK_LABELS)})(:\d+)?$")
MENU_PATTERN: Final = re.compile(rf"^{ACTION_TRACK_MENU}(:\d+)?$")
ACTION_TRACK_PICK: Final = "jobs_track_pick"
PICK_PATTERN: Final = re.compile(rf"^{ACTION_TRACK_PICK}_(?P<action>{'|'.join(CARD_ACTIONS)})$")
PICK_PLACEHOLDERS: Final = {
    "save": "Save…",
    "applied": "Mark applied…",
    "hide": "Not interested in…",
}
MAX_PICK_OPTIONS: Final = 100
MAX_VALUE: Final = 2000
MAX_OPTION_VALUE: Final = 150
MAX_OPTION_TEXT: Final = 75


def track_button(action: str, posting_id: str, index: int = 0, label: str | None = None) -> Element:
    """One button; `label` overrides the default (e.g. "Hide every posting from Acme")."""
    return {
        "type": "button",
        "text": {
            "type": "plain_text",
            "text": truncate(label or TRACK_LABELS[action], 75),
            "emoji": True,
        },
        "action_id": f"{ACTION_TRACK}_{action}:{index}",
        "value": posting_id[:MAX_VALUE],
    }


def card_buttons(posting: Posting, index: int = 0) -> list[Element]:
    """Save, Applied and Not interested for one posting card."""
    if not posting.id or len(posting.id) > MAX_VALUE:
        return []
    return [track_button(action, posting.id, index) for action in CARD_ACTIONS]


def option(action: str, posting_id: str, label: str | None = None) -> Element | None:
    """An overflow option, or None when the posting id is too long for one."""
    value = f"{action}|{posting_id}"
    if len(value) > MAX_OPTION_VALUE:
        return None
    text = truncate(label or TRACK_LABELS[action], MAX_OPTION_TEXT)
    return {"text": {"type": "plain_text", "text": text, "emoji": True}, "value": value}


def overflow(options: list[Element | None], index: int = 0) -> Element | None:
    """An overflow menu of the options that fit (Slack wants 2 to 5), else None."""
    kept = [o for o in options if o is not None][:5]
    if len(kept) < 2:
        return None
    return {"type": "overflow", "action_id": f"{ACTION_TRACK_MENU}:{index}", "options": kept}


def digest_pickers(postings: list[Posting]) -> Element | None:
    """An actions block with Save… / Mark applied… / Not interested in… menus listing the
    digest's postings; None when no posting id fits in an option."""
    options = [
        {
            "text": {"type": "plain_text", "text": truncate(p.title, MAX_OPTION_TEXT) or "…"},
            "value": p.id,
        }
        for p in postings[:MAX_PICK_OPTIONS]
        if p.id and len(p.id) <= MAX_OPTION_VALUE
    ]
    if not options:
        return None
    menus = [
        {
            "type": "static_select",
            "action_id": f"{ACTION_TRACK_PICK}_{action}",
            "placeholder": {"type": "plain_text", "text": placeholder},
            "options": options,
        }
        for action, placeholder in PICK_PLACEHOLDERS.items()
    ]
    return {"type": "actions", "elements": menus}


def decode_menu(value: str) -> tuple[str, str] | None:
    """(action, posting id) from an overflow option's value; None for Apply or junk."""
    action, sep, posting_id = value.partition("|")
    if not sep or action not in TRACK_LABELS or not posting_id:
        return None
    return action, posting_id
