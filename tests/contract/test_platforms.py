"""The platform contract, run over every registered platform (including the minimal test
platform in tests/support, registered through its own entry point): every kind of answer
renders within the platform's limits, no posting or FAQ text becomes a live link or a
mention, and a publisher raises only `DeliveryError`."""

from __future__ import annotations

import contextlib
import io
import socket
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pytest

from jobbot.announce.publisher import Announcement, DeliveryError, Receipt
from jobbot.app.platform import Platform
from jobbot.app.platforms import registered
from jobbot.engine import Engine
from jobbot.models import Answer, Corpus, FAQEntry, Posting, Request, Salary
from jobbot.settings import Settings
from tests.contract.live import live
from tests.support.hostile import HOSTILE, SPLIT_COMPANY, SPLIT_TITLE
from tests.support.paths import ROOT

REGISTRY = ROOT / "tests" / "support" / "registry"


def _with_the_echo_platform() -> list[Platform]:
    """Every installed platform plus the echo platform, found through its own package
    metadata exactly as installed platforms are (sys.path is restored afterwards)."""
    sys.path.append(str(REGISTRY))
    try:
        return registered()
    finally:
        sys.path.remove(str(REGISTRY))


PLATFORMS = _with_the_echo_platform()


def test_every_platform_is_registered_by_its_entry_point() -> None:
    assert {"chat", "slack", "discord", "echo"} <= {p.name for p in PLATFORMS}
    assert all(isinstance(p, Platform) for p in PLATFORMS)


def _corpus() -> Corpus:
    urls = [
        "https://jobs.example/{}",
        "javascript:alert({})",
        "https://jobs.example@evil.example/{}",
    ]
    postings = [
        Posting(
            id=f"p{i}",
            title=f"Engineer {i} " + (SPLIT_TITLE if i % 4 == 0 else HOSTILE * 20),
            company=SPLIT_COMPANY if i % 4 == 0 else HOSTILE * 10,
            location="Berlin, Germany " * 30,
            workplace=["remote", "hybrid"],
            employment_type=["FULL_TIME", "CONTRACTOR"],
            salary=Salary(min=90_000 + i, max=150_000, currency="EUR", period="YEAR"),
            skills=[f"skill{j}" for j in range(60)] + [HOSTILE],
            seniority="senior",
            department=HOSTILE,
            date_posted=date(2026, 11, 1 + i % 28),
            url=urls[i % 3].format(i),
            description=("We build backend services in Python. " + HOSTILE) * 300,
            source=f"postings/{i}.md",
        )
        for i in range(40)
    ]
    topics = ["negotiate a salary offer", "prepare for system design interviews", "write a cv"]
    faq = [
        FAQEntry(
            id=f"f{i}",
            question=f"How do I {topic}? " + HOSTILE * 5,
            answer=(f"To {topic}, practise and ask peers. " + HOSTILE) * 400,
            source=f"faq/{i}.md",
        )
        for i, topic in enumerate(topics)
    ]
    return Corpus(postings=postings, faq=faq)


ENGINE = Engine(_corpus(), today=lambda: date(2026, 12, 1))
ASKS: dict[str, Request] = {
    "help": Request(text="help"),
    "jobs, full page of 25": Request(text="engineer", command="jobs", page_size=25),
    "jobs, last page": Request(text="engineer", command="jobs", page=2, page_size=25),
    "jobs, nothing found": Request(text="zzqx cobol mainframe", command="jobs"),
    "faq, confident": Request(text="how do I negotiate a salary offer", command="faq"),
    "faq, not sure": Request(text="what about the weather", command="faq"),
    "faq, did you mean": Request(text="what should I write or prepare", command="faq"),
    "jobs, nothing found, searches that work": Request(text="engineer onsite", command="jobs"),
    "figures, pay": Request(text="what do engineers earn?"),
    "figures, skills": Request(text="which skills are most in demand?"),
    "figures, count": Request(text="how many remote jobs are there?"),
}
ANSWERS: dict[str, Answer] = {name: ENGINE.ask(r) for name, r in ASKS.items()}
ANSWERS["bare error"] = Answer(intent="unknown", text="Sorry.", confident=False)
ANSWERS["huge text"] = Answer(intent="unknown", text=(HOSTILE + "\n") * 3000)
ANSWERS["empty text"] = Answer(intent="unknown", text="")


def test_the_sample_answers_cover_every_kind() -> None:
    assert {a.intent for a in ANSWERS.values()} == {"help", "jobs", "faq", "stats", "unknown"}
    assert len(ANSWERS["jobs, full page of 25"].jobs) == 25
    assert ANSWERS["faq, confident"].confident
    assert ANSWERS["faq, not sure"].suggestions
    assert ANSWERS["faq, did you mean"].miss == "unsure"
    assert ANSWERS["faq, did you mean"].suggestion_ids
    assert ANSWERS["jobs, nothing found, searches that work"].searches


@pytest.mark.parametrize("platform", PLATFORMS, ids=lambda p: p.name)
@pytest.mark.parametrize("kind", list(ANSWERS))
def test_every_answer_renders_within_the_platforms_limits(platform: Platform, kind: str) -> None:
    messages = platform.render(ANSWERS[kind])
    assert messages, "an answer must render as at least one message"
    assert platform.limit_problems(messages) == []


# The only links allowed: the postings' own http(s) URLs (never javascript:, never one that
# hides its host behind credentials).
OWN_URLS = {p.url for p in ENGINE.corpus.postings if p.url.startswith("https://jobs.example/")}


@pytest.mark.parametrize("platform", PLATFORMS, ids=lambda p: p.name)
@pytest.mark.parametrize("kind", list(ASKS))  # what the engine says about hostile postings
def test_no_posting_or_faq_text_becomes_a_live_link_or_mention(
    platform: Platform, kind: str
) -> None:
    found = live(platform.name, platform.render(ANSWERS[kind]))
    assert found.mentions == []
    assert not [link for link in found.links if link not in OWN_URLS], found.links
    if kind.startswith("jobs, full"):
        assert found.links, "a posting's own URL is still a link"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def _unreachable(monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """Every platform's way out broken at once: APIs on a closed local port, stdout closed."""
    port = _closed_port()
    from discord.http import Route

    monkeypatch.setattr(Route, "BASE", f"http://127.0.0.1:{port}/api/v10")
    closed = io.StringIO()
    closed.close()
    monkeypatch.setattr(sys, "stdout", closed)
    yield Settings(
        slack_bot_token="xoxb-contract",
        slack_api_url=f"http://127.0.0.1:{port}/api/",
        discord_token="contract-token",
    )


def _announcements() -> list[Announcement]:
    postings = ENGINE.ask(Request(text="engineer", command="jobs", page_size=25)).jobs
    return [
        Announcement(channel="123456789", postings=postings[:1], query="engineer"),
        Announcement(channel="123456789", postings=postings, query=HOSTILE),
        # A personal alert, by DM (the channel is then the delivery key).
        Announcement(channel="dm:123456789", postings=postings[:1], member="123456789"),
        Announcement(
            channel="dm:123456789",
            postings=postings,
            query=HOSTILE,
            member="123456789",
            digest="daily",
        ),
    ]


@pytest.mark.parametrize("platform", PLATFORMS, ids=lambda p: p.name)
def test_a_publisher_raises_only_the_delivery_error(
    platform: Platform, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _unreachable(monkeypatch) as settings:
        publisher = platform.build_publisher(settings)
        assert publisher is not None, "a configured platform offers a publisher"
        close: Callable[[], None] = getattr(publisher, "close", lambda: None)
        try:
            for announcement in _announcements():
                with pytest.raises(DeliveryError):
                    publisher.publish(announcement)
                # The optional parts of the protocol keep the same promise.
                looking = announcement.model_copy(
                    update={"key": "1-abc", "since": datetime(2026, 12, 1, tzinfo=UTC)}
                )
                find = getattr(publisher, "find", None)
                if callable(find):
                    with pytest.raises(DeliveryError):
                        find(looking)
                edit = getattr(publisher, "edit", None)
                if callable(edit):
                    closed = announcement.model_copy(
                        update={"closed": [p.id for p in announcement.postings]}
                    )
                    with pytest.raises(DeliveryError):
                        edit(Receipt(channel=announcement.channel, messages=["1"]), closed)
        finally:
            close()
