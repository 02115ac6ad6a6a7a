"""The console chat: a REPL over the same engine the Slack and Discord adapters use.

Streams are injected so tests drive it exactly as a user at a terminal would. `/more` pages
through the last search; a number picks one of the numbered choices under an answer ("did
you mean", searches that work); `/yes` and `/no` rate the last FAQ answer; `/faq teach`
(or `/teach <number>` after a "did you mean") files a question under an entry; `/quit`, end
of input or Ctrl-C leave cleanly.
"""

from __future__ import annotations

import re
from typing import TextIO

from jobbot.announce.learning import Learning
from jobbot.announce.subscriptions import Subscriptions, is_subscription_command
from jobbot.engine import Engine
from jobbot.models import Answer, Request

PROMPT = "jobbot> "
WELCOME = (
    "jobbot — ask a career question or search openings. "
    "`/help` for commands, `/more` for the next page, `/quit` to leave."
)
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_ESCAPED = re.compile(r"\\([\\`*_\[\]<>|])")
CHANNEL = "console"
"""The console is one channel; its user manages it, so subscriptions (and teaching the FAQ)
are always allowed."""
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
        what = pick.text if pick.command == "faq" else f"/jobs {pick.text}"
        lines.append(f"  {number}) {what}")
    return "\n".join(lines)


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
    learning: Learning | None = None,
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
        rating = RATE_WORDS.get(text.lower())
        if rating is not None:
            say(_rate(learning, last_answer, rating))
            continue
        teach = _TEACH.match(text)
        if teach:
            say(render_markdown(_teach(learning, last_answer, teach.group(1).strip())))
            continue
        command = subscription_text(text)
        if command is not None:
            if subscriptions is None:
                say("Subscriptions need the database, which is not available in this chat.")
            else:
                reply = subscriptions.handle(CHANNEL, CHANNEL, CHANNEL, True, command)
                say(render_markdown(reply))
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
            last = Request(text=text, platform="console", page_size=page_size)
        try:
            last_answer = engine.ask(last)
        except KeyboardInterrupt:
            say("")
            break
        say(render(last_answer))
        listed = choices_text(last_answer)
        if listed:
            say(listed)
        if learning is not None and learning.feedback is not None:
            if last_answer.faq:
                say("Did that help? /yes or /no")
            elif last_answer.miss == "unsure":
                say("(/teach <number> files your question under that entry next time)")
        if last_answer.pages > last_answer.page:
            say(f"(page {last_answer.page} of {last_answer.pages} — /more for the next)")
    say("Bye.")
    return 0


def _rate(learning: Learning | None, answer: Answer | None, helpful: bool) -> str:
    if answer is None or not answer.faq:
        return "There is no FAQ answer to rate yet: ask a question first."
    if learning is None:
        return "Ratings need the database, which is not available in this chat."
    return render_markdown(
        learning.rate(CHANNEL, CHANNEL, answer.faq[0].id, helpful, answer.query.raw)
    )


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
