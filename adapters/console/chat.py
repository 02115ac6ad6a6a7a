"""The console chat: a REPL over the same engine the Slack and Discord adapters use.

Streams are injected so tests drive it exactly as a user at a terminal would. `/more` pages
through the last search; `/quit`, end of input or Ctrl-C leave cleanly. The person at the
terminal is one member (`console`): `/jobs alert …`, `/alerts`, `/saved` and `/jobs forget me`
work as in Slack, and `/save 2`, `/applied 2`, `/hide 2`, `/hide company 2` act on result
number 2 of the last search (`/remove 1` on item 1 of `/saved`), since a terminal has no
buttons.
"""

from __future__ import annotations

import os
import re
from typing import Final, TextIO

from jobbot.announce.database import StoreError
from jobbot.announce.digests import zone_name
from jobbot.announce.personal import PersonalCommands, is_personal_command
from jobbot.announce.subscriptions import Subscriptions, is_subscription_command
from jobbot.engine import Engine
from jobbot.models import Answer, Request
from jobbot.untrusted import printable

PROMPT = "jobbot> "
WELCOME = (
    "jobbot — ask a career question or search openings. "
    "`/help` for commands, `/more` for the next page, `/quit` to leave."
)
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_ESCAPED = re.compile(r"\\([\\`*_~\[\]<>|])")
CHANNEL = "console"
"""The console is one channel; its user manages it, so subscriptions are always allowed."""
MEMBER: Final = "console"
"""The person at the terminal, as one member, for their alerts and list."""
PLATFORM: Final = "console"
NO_DATABASE: Final = "Alerts and saved jobs need the database, which is not available in this chat."
_TRACK = re.compile(r"^/(save|applied|hide(?: company)?|remove)\s+#?(\d{1,3})$", re.IGNORECASE)


def render(answer: Answer) -> str:
    """An answer as plain terminal text."""
    return render_markdown(answer.text)


def render_markdown(text: str) -> str:
    """Markdown as plain terminal text: no emphasis markers, links as `text <url>`, and no
    control characters (a posting's escape sequence cannot recolour, move the cursor or
    plant a hidden terminal hyperlink)."""
    lines = []
    for line in text.splitlines():
        line = _LINK.sub(r"\1 <\2>", line)
        line = line.replace("**", "").replace("`", "")
        if len(line) > 2 and line.startswith("_") and line.endswith("_"):
            line = line[1:-1]
        lines.append(_ESCAPED.sub(r"\1", line))
    return printable("\n".join(lines))


def subscription_text(text: str) -> str | None:
    """`subscribe …` when the line is a subscription command (`/jobs subscribe …` or
    `/subscribe …`), else None."""
    lowered = text.casefold()
    for prefix in ("/jobs ", "/"):
        if lowered.startswith(prefix) and is_subscription_command(text[len(prefix) :]):
            return text[len(prefix) :].strip()
    return None


def personal_text(text: str) -> str | None:
    """`alert …` when the line is one of the member's own commands (`/jobs alert …` or
    `/alert …`, `/saved`, `/jobs forget me`), else None."""
    lowered = text.casefold()
    for prefix in ("/jobs ", "/"):
        if lowered.startswith(prefix) and is_personal_command(text[len(prefix) :]):
            return text[len(prefix) :].strip()
    return None


def local_zone() -> str | None:
    """The terminal's IANA time zone when `TZ` names one (digests then come at local hours)."""
    return zone_name(os.environ.get("TZ", "").lstrip(":"))


def track_line(personal: PersonalCommands, text: str, last_answer: Answer | None) -> str | None:
    """`/save 2` and friends: the reply, or None when the line is not one of them."""
    match = _TRACK.match(" ".join(text.split()))
    if match is None:
        return None
    verb, number = match[1].casefold(), int(match[2])
    if verb == "remove":
        try:
            listed = personal.my_jobs(PLATFORM, MEMBER).listed
        except StoreError:
            return NO_DATABASE
        if not 1 <= number <= len(listed):
            return f"`/saved` has no item {number}."
        return personal.track(PLATFORM, MEMBER, "clear", listed[number - 1].item.posting_id).text
    if last_answer is None or not last_answer.jobs:
        return "Search first; then `/save 2` saves result number 2."
    first = 1 + (last_answer.page - 1) * last_answer.page_size
    index = number - first
    if not 0 <= index < len(last_answer.jobs):
        last = first + len(last_answer.jobs) - 1
        return f"Result {number} is not on this page; results {first}–{last} are."
    action = {"save": "save", "applied": "applied", "hide": "hide", "hide company": "company"}[verb]
    return personal.track(PLATFORM, MEMBER, action, last_answer.jobs[index].id).text


def repl(
    engine: Engine,
    stdin: TextIO,
    stdout: TextIO,
    page_size: int = 5,
    subscriptions: Subscriptions | None = None,
    personal: PersonalCommands | None = None,
) -> int:
    """Read lines until `/quit` or end of input; answer each one. Returns an exit status."""

    def say(text: str) -> None:
        stdout.write(text + "\n")
        stdout.flush()

    say(render(Answer(intent="help", text=WELCOME)))
    last: Request | None = None
    last_answer: Answer | None = None
    while True:
        stdout.write(PROMPT)
        stdout.flush()
        try:
            line = stdin.readline()
        except KeyboardInterrupt:
            say("")
            break
        if not line:  # end of input (Ctrl-D or a closed pipe)
            say("")
            break
        text = line.strip()
        if not text:
            continue
        if text.lower() in {"/quit", "/exit", "quit", "exit"}:
            break
        notice = personal.notice(PLATFORM, MEMBER) if personal is not None else None
        if notice is not None:
            say(render_markdown(notice))
        own = personal_text(text)
        if own is not None:
            reply = (
                personal.handle(PLATFORM, MEMBER, own, tz=local_zone()) if personal else NO_DATABASE
            )
            say(render_markdown(reply))
            continue
        tracked = track_line(personal, text, last_answer) if personal is not None else None
        if tracked is not None or (personal is None and _TRACK.match(text)):
            say(render_markdown(tracked or NO_DATABASE))
            continue
        command = subscription_text(text)
        if command is not None:
            if subscriptions is None:
                say("Subscriptions need the database, which is not available in this chat.")
            else:
                reply = subscriptions.handle(CHANNEL, CHANNEL, CHANNEL, True, command)
                say(render_markdown(reply))
            continue
        if text.lower() in {"/more", "/next"}:
            if last is None or last_answer is None or last_answer.page >= last_answer.pages:
                say("No more results.")
                continue
            last = last.model_copy(update={"page": last_answer.page + 1})
        else:
            last = Request(text=text, platform=PLATFORM, user=MEMBER, page_size=page_size)
            if personal is not None:
                last = personal.personalize(last)
        try:
            last_answer = engine.ask(last)
        except KeyboardInterrupt:
            say("")
            break
        say(render(last_answer))
        if last_answer.pages > last_answer.page:
            say(f"(page {last_answer.page} of {last_answer.pages} — /more for the next)")
    say("Bye.")
    return 0
