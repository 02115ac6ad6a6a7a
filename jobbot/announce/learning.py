"""The FAQ learning from misses, as platform-neutral chat commands and an answer observer.

`MissRecorder` watches every answer (`Engine.observe`) and records, off the request's path,
each question the FAQ declined or was unsure about. `Learning` turns 👍/👎 clicks into
ratings and `/faq teach <entry> <phrasing>` (or a "did you mean" choice) into a stored
phrasing that the engine uses at once (`Engine.teach`); `sync` loads every stored phrasing
into the engine, so they survive restarts and knowledge reloads, and reach the other bot
processes sharing the database within a sync interval. Adapters decide who may teach
(Slack: workspace admin/owner or JOBBOT_SLACK_ADMINS; Discord: Manage Server or Manage
Channels) and pass that as `can_manage`, exactly as for subscriptions.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Sequence
from typing import Final

from jobbot.announce.database import StoreError
from jobbot.announce.feedback import MAX_PHRASING, Feedback, as_pairs
from jobbot.engine import Engine
from jobbot.models import Answer, CommandSyntax, FAQEntry, Request
from jobbot.present import DEFAULT_SYNTAX, code
from jobbot.search.replies import escape

log = logging.getLogger(__name__)

UNAVAILABLE: Final = (
    "Feedback is unavailable: this bot has no working database (JOBBOT_DATABASE_URL). "
    "Answers still work."
)
NOT_ALLOWED: Final = "Only admins can teach the FAQ new phrasings."
SYNC_SECONDS: Final = 30.0
QUEUE_SIZE: Final = 1000


class Learning:
    """Ratings and taught phrasings for one engine, stored through `Feedback`."""

    def __init__(
        self,
        feedback: Feedback | None,
        engine: Engine,
        *,
        syntax: CommandSyntax = DEFAULT_SYNTAX,
    ) -> None:
        """`feedback` None means the database is unusable: every command says so."""
        self.feedback = feedback
        self.engine = engine
        self.spell = syntax.spell
        self._version: tuple[int, int] | None = None

    def with_syntax(self, syntax: CommandSyntax) -> Learning:
        """The same service, its replies spelling commands in another platform's syntax."""
        other = Learning(self.feedback, self.engine, syntax=syntax)
        other._version = self._version
        return other

    # -- phrasings -----------------------------------------------------------------------

    def sync(self) -> bool:
        """Give the engine every stored phrasing when they changed; True when they did."""
        if self.feedback is None:
            return False
        try:
            version = self.feedback.phrasings_version()
            if version == self._version:
                return False
            pairs = as_pairs(self.feedback.phrasings())
        except StoreError as exc:
            log.warning("could not load taught FAQ phrasings: %s", exc)
            return False
        self.engine.teach(pairs)
        self._version = version
        return True

    def entry(self, token: str) -> FAQEntry | None:
        """The entry an admin named: its id, a unique start of it, or its number in the list
        `/faq teach` shows."""
        entries = self.engine.corpus.faq
        token = token.strip().lstrip("#").casefold()
        if not token:
            return None
        if token.isdecimal():
            number = int(token)
            return entries[number - 1] if 0 < number <= len(entries) else None
        exact = [e for e in entries if e.id.casefold() == token]
        if exact:
            return exact[0]
        starts = [e for e in entries if e.id.casefold().startswith(token)]
        return starts[0] if len(starts) == 1 else None

    def entries_text(self) -> str:
        """Every entry an admin can teach, numbered, with its id."""
        lines = [
            f"Teach a phrasing with `{self.spell('teach', '<entry> <phrasing>')}`; "
            "the entry is its number or id:"
        ]
        for number, entry in enumerate(self.engine.corpus.faq, 1):
            lines.append(f"{number}. {code(entry.id)} — {escape(entry.question)}")
        return "\n".join(lines)

    def teach(self, platform: str, user: str | None, can_manage: bool, args: str) -> str:
        """`/faq teach <entry> <phrasing>`: the reply, in markdown."""
        words = args.split(maxsplit=1)
        if not words:
            return self.entries_text()
        if len(words) < 2:
            example = self.spell("teach", f"{words[0]} how do I get promoted")
            return f"Which phrasing? e.g. `{example}`."
        entry = self.entry(words[0])
        if entry is None:
            return f"I have no FAQ entry {code(words[0])}.\n" + self.entries_text()
        return self.teach_entry(platform, user, can_manage, entry.id, words[1])

    def teach_entry(
        self, platform: str, user: str | None, can_manage: bool, entry_id: str, phrasing: str
    ) -> str:
        """Attach `phrasing` to an entry (from a command or a "did you mean" choice)."""
        if not can_manage:
            return NOT_ALLOWED
        if self.feedback is None:
            return UNAVAILABLE
        phrasing = " ".join(phrasing.split())
        entry = next((e for e in self.engine.corpus.faq if e.id == entry_id), None)
        if entry is None:
            return f"I have no FAQ entry {code(entry_id)} any more."
        if not phrasing:
            return "Which phrasing? Give the question as people ask it."
        if len(phrasing) > MAX_PHRASING:
            return (
                f"That phrasing is too long ({len(phrasing)} characters; at most {MAX_PHRASING})."
            )
        try:
            new = self.feedback.teach(entry.id, phrasing, platform, user)
        except StoreError:
            log.exception("teaching a phrasing failed")
            return "I couldn't save that right now (the database did not answer). Try again later."
        self.sync()
        if not new:
            return f"{code(phrasing)} already leads to “{escape(entry.question)}”."
        question = escape(entry.question)
        return f"Taught: {code(phrasing)} now answers “{question}” ({code(entry.id)})."

    # -- ratings -------------------------------------------------------------------------

    def rate(
        self, platform: str, user: str | None, entry_id: str, helpful: bool, question: str = ""
    ) -> str:
        """A 👍 or 👎 on an answer: recorded once per person and entry (a second click
        changes it)."""
        if self.feedback is None:
            return UNAVAILABLE
        if not user:
            return "I can't tell who you are, so I can't record that."
        try:
            first = self.feedback.rate(entry_id, platform, user, helpful, question)
        except StoreError:
            log.exception("recording a rating failed")
            return "I couldn't record that right now. Thanks anyway!"
        if helpful:
            return "Thanks! Glad it helped." if first else "Thanks, updated: it helped."
        return (
            "Thanks for telling me; the answer will be looked at."
            if first
            else "Thanks, updated: it did not help."
        )


class MissRecorder:
    """Records FAQ misses from `Engine.observe` on its own thread, and keeps the engine's
    phrasings in step with the store; a slow or locked database never delays an answer
    (when the queue is full, misses are dropped and counted)."""

    def __init__(
        self,
        learning: Learning,
        *,
        sync_seconds: float = SYNC_SECONDS,
        queue_size: int = QUEUE_SIZE,
    ) -> None:
        self.learning = learning
        self.sync_seconds = sync_seconds
        self.dropped = 0
        self._queue: queue.Queue[tuple[str, str, str, str | None] | None] = queue.Queue(queue_size)
        self._thread: threading.Thread | None = None

    def observe(self, request: Request, answer: Answer) -> None:
        """The engine's observer: enqueue a miss, never block."""
        if answer.miss is None or self.learning.feedback is None:
            return
        text = answer.query.raw or request.text
        best = answer.suggestion_ids[0] if answer.suggestion_ids else None
        try:
            self._queue.put_nowait((text, request.platform or "unknown", answer.miss, best))
        except queue.Full:
            self.dropped += 1

    def start(self) -> MissRecorder:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="faq-misses", daemon=True)
            self._thread.start()
        return self

    def stop(self) -> None:
        """Write what is queued, then stop."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=5)
            self._thread = None

    def flush(self) -> None:
        """Block until every queued miss is written (for tests and clean exits)."""
        self._queue.join()

    def _loop(self) -> None:
        while True:
            try:
                item = self._queue.get(timeout=self.sync_seconds)
            except queue.Empty:
                self.learning.sync()
                continue
            try:
                if item is None:
                    return
                self._write(item)
            finally:
                self._queue.task_done()

    def _write(self, item: tuple[str, str, str, str | None]) -> None:
        feedback = self.learning.feedback
        if feedback is None:
            return
        text, platform, outcome, best = item
        try:
            feedback.record_miss(text, platform, outcome, best)
        except StoreError as exc:
            log.warning("could not record an FAQ miss: %s", exc)


def report(feedback: Feedback, entries: Sequence[FAQEntry], limit: int = 20) -> str:
    """`jobbot questions`: the most-asked unanswered questions and the worst-rated answers."""
    questions = {e.id: e.question for e in entries}
    misses = feedback.top_misses(limit)
    ratings = feedback.worst_rated(limit)
    lines = ["Most-asked questions the FAQ could not answer:"]
    if not misses:
        lines.append("  (none recorded)")
    for miss in misses:
        near = f" — closest: {miss.best_entry}" if miss.best_entry else ""
        lines.append(
            f"  {miss.count:>4}× {miss.text!r} [{', '.join(miss.platforms)}; {miss.outcome}; "
            f"last {miss.last_asked:%Y-%m-%d}]{near}"
        )
    lines.append("")
    lines.append("Worst-rated answers (👎 / 👍):")
    if not ratings:
        lines.append("  (none rated unhelpful)")
    for rating in ratings:
        question = questions.get(rating.entry_id, "(no longer in the knowledge)")
        lines.append(
            f"  {rating.unhelpful:>3} / {rating.helpful:<3} {rating.entry_id} — {question}"
        )
    lines.append("")
    lines.append(
        "Teach a phrasing from chat: /faq teach <entry> <phrasing> (Discord: /teach), "
        "or pick the entry on a “did you mean” reply."
    )
    return "\n".join(lines)
