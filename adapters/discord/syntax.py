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
        "alert": "/alert query:{}",
        "alerts": "/alerts",
        "unalert": "/unalert id:{}",
        "resume": "/alerts resume:True",
        "saved": "/myjobs",
        "forget": "/forget",
    },
    placeholders={
        "jobs": "<query>",
        "faq": "<question>",
        "subscribe": "<text>",
        "unsubscribe": "<number>",
        "teach": "entry:<entry> phrasing:<phrasing>",
        "alert": "<text> [frequency:daily]",
        "unalert": "<number>",
    },
)
