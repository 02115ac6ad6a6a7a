"""How Discord users type jobbot's commands: slash commands with named options."""

from __future__ import annotations

from typing import Final

from jobbot.models import CommandSyntax

SYNTAX: Final = CommandSyntax(
    templates={
        "jobs": "/jobs query:{}",
        "faq": "/faq question:{}",
        "help": "/jobs query:help",
        "subscribe": "/subscribe query:{}",
        "subscriptions": "/subscriptions",
        "unsubscribe": "/unsubscribe id:{}",
        "teach": "/teach {}",
    },
    placeholders={
        "jobs": "<query>",
        "faq": "<question>",
        "subscribe": "<text>",
        "unsubscribe": "<number>",
        "teach": "entry:<entry> phrasing:<phrasing>",
    },
)
