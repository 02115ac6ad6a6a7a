"""The console chat: a REPL over the same engine the Slack and Discord adapters use.

Streams are injected so tests drive it exactly as a user at a terminal would. In a real
terminal the line is read by prompt_toolkit (editing, history across sessions), answers are
rendered markdown, and anything printed meanwhile (an announcement, a warning) appears above
the prompt without breaking the line being typed. `/more` pages through the last search;
`/quit`, end of input or Ctrl-C leave cleanly. The person at the terminal is one member
(`console`): `/jobs alert …`, `/alerts`, `/saved` and `/jobs forget me` work as in Slack,
and `/save 2`, `/applied 2`, `/hide 2`, `/hide company 2` act on result number 2 of the last
search (`/remove 1` on item 1 of `/saved`), since a terminal has no buttons.
A number picks one of the numbered choices under an answer ("did you mean", searches that
work); `/yes` and `/no` rate the last FAQ answer; `/faq teach` (or `/teach <number>` after a
"did you mean") files a question under an entry.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final, Protocol, TextIO

from jobbot.announce.database import StoreError
from jobbot.announce.digests import zone_name
from jobbot.announce.learning import Learning
from jobbot.announce.personal import PersonalCommands, is_personal_command
from jobbot.announce.subscriptions import Subscriptions, is_subscription_command
from jobbot.app.terminal import Terminal, plain_text
from jobbot.engine import Engine
from jobbot.models import Answer, Request
from jobbot.present import DEFAULT_SYNTAX

PROMPT = "jobbot> "
WELCOME = (
    "jobbot — ask a career question or search openings. "
    "`/help` for commands, `/more` for the next page, `/quit` to leave."
)
CHANNEL = "console"
"""The console is one channel; its user manages it, so subscriptions are always allowed."""
MEMBER: Final = "console"
"""The person at the terminal, as one member, for their alerts and list."""
PLATFORM: Final = "console"
NO_DATABASE: Final = "Alerts and saved jobs need the database, which is not available in this chat."
_TRACK = re.compile(r"^/(save|applied|hide(?: company)?|remove)\s+#?(\d{1,3})$", re.IGNORECASE)
RATE_WORDS = {"/yes": True, "👍": True, "/no": False, "👎": False}
_TEACH = re.compile(r"^/(?:faq\s+)?teach\b\s*(.*)$", re.IGNORECASE | re.DOTALL)


def choices(answer: Answer) -> list[Request]:
    """What each number under an answer asks: a suggested question, or a search."""
    questions = [] if answer.confident else answer.suggestions[:3]
    picks = [Request(text=q, command="faq", platform="console") for q in questions]
    picks += [Request(text=s, command="jobs", platform="console") for s in answer.searches[:3]]
    return picks


def choices_text(answer: Answer) -> str:
    """The numbered choices, as the console shows them under the answer."""
    picks = choices(answer)
    if not picks:
        return ""
    lines = ["Type a number:"]
    for number, pick in enumerate(picks, 1):
        what = pick.text if pick.command == "faq" else DEFAULT_SYNTAX.spell("jobs", pick.text)
        lines.append(f"  {number}) {what}")
    return "\n".join(lines)


class LineReader(Protocol):
    """Where the chat's lines come from."""

    def read(self) -> str | None:
        """The next line without its newline; None at end of input. Ctrl-C raises
        KeyboardInterrupt."""
        ...


class StreamReader:
    """Lines from a text stream, with the prompt written to `stdout` (pipes, tests)."""

    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        self.stdin = stdin
        self.stdout = stdout

    def read(self) -> str | None:
        self.stdout.write(PROMPT)
        self.stdout.flush()
        line = self.stdin.readline()
        return line.rstrip("\n") if line else None


class PromptReader:
    """Lines typed at a terminal: prompt_toolkit's line editing and a persistent history."""

    def __init__(self, history: Path | None = None, **session_options: object) -> None:
        from prompt_toolkit import PromptSession
        from prompt_toolkit.history import FileHistory, InMemoryHistory

        store = InMemoryHistory()
        if history is not None:
            try:
                history.parent.mkdir(parents=True, exist_ok=True)
                store = FileHistory(str(history))
            except OSError:  # no writable data dir: history for this session only
                pass
        self.session: PromptSession[str] = PromptSession(history=store, **session_options)

    def read(self) -> str | None:
        try:
            return self.session.prompt(PROMPT)
        except EOFError:  # Ctrl-D
            return None


@contextmanager
def above_the_prompt() -> Iterator[None]:
    """While the prompt is up, whatever any thread writes to stdout or stderr (and the log)
    is printed above it, and the line being typed is redrawn intact."""
    from prompt_toolkit.patch_stdout import patch_stdout

    from jobbot.app.logs import following_stderr

    with patch_stdout(raw=True), following_stderr():
        yield


def render(answer: Answer) -> str:
    """An answer as plain terminal text."""
    return render_markdown(answer.text)


def render_markdown(text: str) -> str:
    """Markdown as plain terminal text: no emphasis markers, links as `text <url>`."""
    return plain_text(text)


def _command_text(text: str, is_command: Callable[[str], bool]) -> str | None:
    """The command without its slash when the line is `/jobs <command> …` or `/<command> …`
    and `is_command` says it is one, else None."""
    lowered = text.casefold()
    for prefix in ("/jobs ", "/"):
        if lowered.startswith(prefix) and is_command(text[len(prefix) :]):
            return text[len(prefix) :].strip()
    return None


def subscription_text(text: str) -> str | None:
    """`subscribe …` when the line is a subscription command (`/jobs subscribe …` or
    `/subscribe …`), else None."""
    return _command_text(text, is_subscription_command)


def personal_text(text: str) -> str | None:
    """`alert …` when the line is one of the member's own commands (`/jobs alert …` or
    `/alert …`, `/saved`, `/jobs forget me`), else None."""
    return _command_text(text, is_personal_command)


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
    *,
    learning: Learning | None = None,
    reader: LineReader | None = None,
    terminal: Terminal | None = None,
) -> int:
    """Read lines until `/quit` or end of input; answer each one. Returns an exit status."""
    lines = reader or StreamReader(stdin, stdout)
    out = terminal or Terminal(stdout)

    def say(markdown: str) -> None:
        out.markdown(markdown)

    say(WELCOME)
    last: Request | None = None
    last_answer: Answer | None = None
    while True:
        try:
            line = lines.read()
        except KeyboardInterrupt:
            out.write("")
            break
        if line is None:  # end of input (Ctrl-D or a closed pipe)
            out.write("")
            break
        text = line.strip()
        if not text:
            continue
        if text.lower() in {"/quit", "/exit", "quit", "exit"}:
            break
        rating = RATE_WORDS.get(text.lower())
        if rating is not None:
            say(_rate(learning, last_answer, rating))
            continue
        teach = _TEACH.match(text)
        if teach:
            say(_teach(learning, last_answer, teach.group(1).strip()))
            continue
        notice = personal.notice(PLATFORM, MEMBER) if personal is not None else None
        if notice is not None:
            say(notice)
        own = personal_text(text)
        if own is not None:
            reply = (
                personal.handle(PLATFORM, MEMBER, own, tz=local_zone()) if personal else NO_DATABASE
            )
            say(reply)
            continue
        tracked = track_line(personal, text, last_answer) if personal is not None else None
        if tracked is not None or (personal is None and _TRACK.match(text)):
            say(tracked or NO_DATABASE)
            continue
        command = subscription_text(text)
        if command is not None:
            if subscriptions is None:
                say("Subscriptions need the database, which is not available in this chat.")
            else:
                say(subscriptions.handle(CHANNEL, CHANNEL, CHANNEL, True, command))
            continue
        picks = choices(last_answer) if last_answer is not None else []
        if text.lower() in {"/more", "/next"}:
            if last is None or last_answer is None or last_answer.page >= last_answer.pages:
                say("No more results.")
                continue
            last = last.model_copy(update={"page": last_answer.page + 1})
        elif text.isdecimal() and 0 < int(text) <= len(picks):
            last = picks[int(text) - 1].model_copy(update={"page_size": page_size})
        else:
            last = Request(text=text, platform=PLATFORM, user=MEMBER, page_size=page_size)
            if personal is not None:
                last = personal.personalize(last)
        try:
            last_answer = engine.ask(last)
        except KeyboardInterrupt:
            out.write("")
            break
        say(last_answer.text)
        listed = choices_text(last_answer)
        if listed:
            say(listed)
        if learning is not None and learning.feedback is not None:
            if last_answer.faq:
                say("Did that help? /yes or /no")
            elif last_answer.miss == "unsure":
                say("(/teach <number> files your question under that entry next time)")
        if last_answer.pages > last_answer.page:
            say(f"_(page {last_answer.page} of {last_answer.pages} — `/more` for the next)_")
    out.write("Bye.")
    return 0


def _rate(learning: Learning | None, answer: Answer | None, helpful: bool) -> str:
    if answer is None or not answer.faq:
        return "There is no FAQ answer to rate yet: ask a question first."
    if learning is None:
        return "Ratings need the database, which is not available in this chat."
    return learning.rate(CHANNEL, CHANNEL, answer.faq[0].id, helpful, answer.query.raw)


def _teach(learning: Learning | None, answer: Answer | None, args: str) -> str:
    """`/faq teach <entry> <phrasing>`, or `/teach <number>`: the last question, filed
    under the entry that "did you mean" listed with that number."""
    if learning is None:
        return "Teaching the FAQ needs the database, which is not available in this chat."
    if args.isdecimal() and answer is not None and answer.miss and answer.suggestion_ids:
        number = int(args)
        if not 0 < number <= len(answer.suggestion_ids):
            return f"Pick a number from 1 to {len(answer.suggestion_ids)}."
        entry = answer.suggestion_ids[number - 1]
        return learning.teach_entry(CHANNEL, CHANNEL, True, entry, answer.query.raw)
    return learning.teach(CHANNEL, CHANNEL, True, args)
