"""The console chat: a REPL over the same engine the Slack and Discord adapters use.

Streams are injected so tests drive it exactly as a user at a terminal would. `/more` pages
through the last search; `/quit`, end of input or Ctrl-C leave cleanly.
"""

from __future__ import annotations

import re
from typing import TextIO

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


def repl(
    engine: Engine,
    stdin: TextIO,
    stdout: TextIO,
    page_size: int = 5,
    subscriptions: Subscriptions | None = None,
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
            last = Request(text=text, platform="console", page_size=page_size)
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
