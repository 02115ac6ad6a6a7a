"""Fixtures for the Slack tests: the fake Web API, a small knowledge base, and the real
Bolt app wired to both."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from slack_bolt import App, BoltRequest, BoltResponse

from adapters.slack.app import SlackBot, build_app
from jobbot.engine import Engine
from jobbot.settings import Settings
from jobbot.sources import directories
from tests.support.fake_slack import BOT_TOKEN, SIGNING_SECRET, FakeSlack, sign

POSTINGS = {
    "backend-python.md": (
        "Backend Engineer (Python)",
        "Acme Robotics",
        "Berlin, Germany (Remote)",
        "Python, PostgreSQL, Kubernetes",
        "https://jobs.example.com/acme/backend-python",
        "Build backend services in Python for our robot fleet. Remote within Europe.",
    ),
    "backend-go.md": (
        "Backend Engineer (Go)",
        "Blue Harbor",
        "London, UK (Hybrid)",
        "Go, PostgreSQL, AWS",
        "https://jobs.example.com/blue-harbor/backend-go",
        "Backend APIs in Go; remote days twice a week.",
    ),
    "backend-java.md": (
        "Senior Backend Engineer (Java)",
        "Cedar Bank",
        "Toronto, Canada (Remote)",
        "Java, Kafka",
        "https://jobs.example.com/cedar/backend-java",
        "Backend payment systems in Java, fully remote in Canada.",
    ),
    "backend-node.md": (
        "Backend Developer (Node.js)",
        "Delta Health",
        "Austin, TX (Remote)",
        "Node.js, TypeScript, MongoDB",
        "https://jobs.example.com/delta/backend-node",
        "Backend developer for remote-first health records APIs.",
    ),
    "backend-rust.md": (
        "Backend Engineer (Rust)",
        "Echo Systems",
        "Remote",
        "Rust, Linux",
        "https://jobs.example.com/echo/backend-rust",
        "Remote backend engineer writing Rust services.",
    ),
    "designer.md": (
        "Product Designer",
        "Foxglove Studio",
        "Paris, France (On-site)",
        "Figma",
        "https://jobs.example.com/foxglove/designer",
        "Design onsite in Paris with the product team.",
    ),
}

FAQ = {
    "faq/referrals.md": (
        "How do employee referrals work?",
        "Submit the referral in the HR portal; referred candidates get an interview within "
        "two weeks.",
    ),
    "faq/visa.md": (
        "Do you sponsor work visas?",
        "Yes, for full-time roles in Germany and the UK after the offer stage.",
    ),
}


def write_knowledge(root: Path) -> Path:
    """Postings with front matter and curated FAQ files, like the bundled knowledge."""
    (root / "postings").mkdir(parents=True)
    (root / "faq").mkdir()
    for name, (title, company, location, skills, url, body) in POSTINGS.items():
        (root / "postings" / name).write_text(
            "---\n"
            f'title: "{title}"\n'
            f'company: "{company}"\n'
            f'location: "{location}"\n'
            f"skills: [{skills}]\n"
            f'url: "{url}"\n'
            'salary: "$120,000 - $150,000 per year"\n'
            "---\n"
            f"{body}\n",
            encoding="utf-8",
        )
    for name, (question, answer) in FAQ.items():
        (root / name).write_text(f'---\nquestion: "{question}"\n---\n{answer}\n', encoding="utf-8")
    return root


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    server = FakeSlack().start()
    yield server
    server.stop()


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    return write_knowledge(tmp_path / "knowledge")


@pytest.fixture
def engine(knowledge: Path) -> Engine:
    return Engine.from_source(directories([knowledge]))


@pytest.fixture
def settings(fake_slack: FakeSlack, knowledge: Path) -> Settings:
    return Settings(
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=fake_slack.url,
        knowledge_dir=knowledge,
        page_size=2,
    )


class ManualClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class SlackHarness:
    """The real Bolt app over the real engine, driven as Slack drives it."""

    app: App
    bot: SlackBot
    fake: FakeSlack
    clock: ManualClock

    def post(
        self,
        body: str,
        *,
        content_type: str,
        headers: dict[str, str] | None = None,
        timestamp: int | None = None,
    ) -> BoltResponse:
        all_headers = {"Content-Type": content_type, **sign(body, timestamp), **(headers or {})}
        request = BoltRequest(body=body, headers={k.lower(): v for k, v in all_headers.items()})
        return self.app.dispatch(request)

    def form(self, body: str, **kwargs: object) -> BoltResponse:
        return self.post(body, content_type="application/x-www-form-urlencoded", **kwargs)  # type: ignore[arg-type]

    def json(self, body: str, **kwargs: object) -> BoltResponse:
        return self.post(body, content_type="application/json", **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def harness(settings: Settings, engine: Engine, fake_slack: FakeSlack) -> SlackHarness:
    clock = ManualClock()
    app, bot = build_app(settings, engine, clock=clock)
    return SlackHarness(app, bot, fake_slack, clock)


def settle(seconds: float = 0.3) -> None:
    """Give Bolt's listener threads time to (not) send something."""
    time.sleep(seconds)
