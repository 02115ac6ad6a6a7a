"""Console adapter: a REPL over the same engine the Slack and Discord adapters use.

Streams are injected so tests drive it exactly as a user at a terminal would. `/more` pages
through the last search; `/quit`, end of input or Ctrl-C leave cleanly.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import TextIO

from jobbot.cli import existing_knowledge_dirs
from jobbot.engine import Engine
from jobbot.models import Answer, Request
from jobbot.settings import Settings
from jobbot.store import Store, StoreError
from jobbot.subscriptions import Subscriptions, is_subscription_command
from jobbot.watcher import KnowledgeWatcher

COMMAND = "chat"
HELP = "chat with jobbot in the terminal (same answers as Slack and Discord)"

PROMPT = "jobbot> "
WELCOME = (
    "jobbot — ask a career question or search openings. "
    "`/help` for commands, `/more` for the next page, `/quit` to leave."
)
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_ESCAPED = re.compile(r"\\([\\`*_\[\]<>|])")
CHANNEL = "console"
"""The console is one channel; its user manages it, so subscriptions are always allowed."""


def render(answer: Answer) -> str:
    """An answer as plain terminal text."""
    return render_markdown(answer.text)


def render_markdown(text: str) -> str:
    """Markdown as plain terminal text: no emphasis markers, links as `text <url>`."""
    lines = []
    for line in text.splitlines():
        line = _LINK.sub(r"\1 <\2>", line)
        line = line.replace("**", "").replace("`", "")
        if len(line) > 2 and line.startswith("_") and line.endswith("_"):
            line = line[1:-1]
        lines.append(_ESCAPED.sub(r"\1", line))
    return "\n".join(lines)


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


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--limit", type=int, default=None, help="results per page (1-25)")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """`jobbot chat`: load the knowledge, then talk on stdin/stdout."""
    dirs = existing_knowledge_dirs(args, settings)
    if dirs is None:
        return 2
    engine = Engine.from_directories(dirs, cache_dir=settings.cache_dir)
    limit = getattr(args, "limit", None)
    page_size = max(1, min(25, limit)) if limit else settings.page_size
    watcher = KnowledgeWatcher(engine, dirs, interval=settings.reload_seconds).start()
    store: Store | None = None
    try:
        store = Store(settings.database_url)
    except StoreError as exc:  # chat still works; only subscriptions are unavailable
        print(f"jobbot: subscriptions unavailable: {exc}", file=sys.stderr)
    subscriptions = Subscriptions(store, engine=engine) if store is not None else None
    try:
        return repl(engine, sys.stdin, sys.stdout, page_size, subscriptions)
    except KeyboardInterrupt:
        print("\nBye.")
        return 0
    finally:
        watcher.stop()
        if store is not None:
            store.close()
