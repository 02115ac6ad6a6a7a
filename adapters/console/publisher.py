"""Announcements in the terminal: `make run` without platform tokens.

A real `Publisher` (no chat SDK), so the scheduler runs end to end on a laptop and the
announcements appear beside the console chat: rendered markdown in a terminal, plain text
in a pipe. Without a stream of its own it writes to whatever `sys.stdout` is at that moment,
which during the chat is the prompt's proxy, so the card appears above the prompt and the
line being typed is redrawn intact.
"""

from __future__ import annotations

import sys
import threading
from typing import TextIO

from jobbot.announce.dm import alert_footer, alert_intro
from jobbot.announce.publisher import Announcement, DeliveryError
from jobbot.app.terminal import Terminal, safe
from jobbot.models import Posting
from jobbot.present import facts
from jobbot.untrusted import inert, link_target, printable


def posting_facts(posting: Posting) -> str:
    """`Berlin · Remote · $130,000 – $190,000 / year`: what a card shows under the title."""
    return facts(posting).line()


def render_announcement(announcement: Announcement) -> str:
    """The announcement as markdown-ish text: a card per posting, a list for a digest.
    A personal alert says so, and how to stop it. Posting text is shown inert and without
    control characters; the only URL is the posting's own."""
    return printable(_render(announcement))


def _render(announcement: Announcement) -> str:
    about = f" for `{inert(announcement.query)}`" if announcement.query else ""
    count = len(announcement.postings)
    if announcement.member is not None:
        lines = [f"🔔 {alert_intro(announcement)}:"]
        for posting in announcement.postings:
            company = f" — {inert(posting.company)}" if posting.company else ""
            url = link_target(posting.url)
            link = f" <{url}>" if url else ""
            lines.append(f"  • **{inert(posting.title)}**{company}{link}")
        lines.append(f"  {alert_footer()}")
        return "\n".join(lines)
    if announcement.is_digest:
        lines = [f"📣 {count} new openings{about}:"]
        for posting in announcement.postings:
            company = f" — {inert(posting.company)}" if posting.company else ""
            facts = inert(posting_facts(posting))
            url = link_target(posting.url)
            link = f" <{url}>" if url else ""
            lines.append(
                f"  • **{inert(posting.title)}**{company}" + (f" ({facts})" if facts else "") + link
            )
        return "\n".join(lines)
    posting = announcement.postings[0]
    company = f" — {inert(posting.company)}" if posting.company else ""
    lines = [f"📣 New opening{about}:", f"  **{inert(posting.title)}**{company}"]
    if facts := posting_facts(posting):
        lines.append(f"  {inert(facts)}")
    if url := link_target(posting.url):
        lines.append(f"  Apply: {url}")
    return "\n".join(lines)


class ConsolePublisher:
    """Writes announcements to a text stream (stdout by default)."""

    platform = "console"

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    @property
    def stream(self) -> TextIO:
        return self._stream if self._stream is not None else sys.stdout

    def publish(self, announcement: Announcement) -> None:
        try:
            with self._lock:
                stream = self.stream
                text = Terminal(stream).render_markdown(render_announcement(announcement))
                where = "DM" if announcement.member is not None else f"#{announcement.channel}"
                stream.write(f"\n[{safe(where)}] {text}\n")
                stream.flush()
        except (OSError, ValueError) as exc:  # closed or broken stream
            raise DeliveryError(f"console output failed: {exc}", permanent=True) from None
