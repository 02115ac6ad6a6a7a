"""Console announcements: hostile posting text reaches the terminal inert."""

from __future__ import annotations

from adapters.console.chat import render_markdown
from adapters.console.publisher import render_announcement
from jobbot.announce.publisher import Announcement
from tests.contract.live import live
from tests.support.hostile import HOSTILE, OWN_URL, hostile_posting


def test_hostile_postings_reach_the_terminal_without_links_or_escape_sequences() -> None:
    postings = [hostile_posting(0), hostile_posting(1, split=True), hostile_posting(2)]
    for announcement in (
        Announcement(channel="console", postings=postings[:1], query=HOSTILE),
        Announcement(channel="console", postings=postings, query=HOSTILE),
    ):
        shown = render_announcement(announcement)
        assert "\x1b" not in shown
        assert set(live("chat", [shown]).links) == {OWN_URL}


def test_a_url_hiding_its_host_is_not_printed_as_the_apply_link() -> None:
    posting = hostile_posting(url="https://jobs.example@evil.example/apply")
    shown = render_announcement(Announcement(channel="console", postings=[posting]))
    assert "Apply:" not in shown


def test_rendered_markdown_never_carries_terminal_controls() -> None:
    assert (
        render_markdown("**hi** \x1b[2J\x1b]8;;https://evil.example\x07x\r")
        == "hi [2J]8;;https://evil.examplex"
    )
