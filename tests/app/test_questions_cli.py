"""`jobbot questions`: what the FAQ should learn next, read from the shared database."""

from __future__ import annotations

import pytest

from jobbot.announce.feedback import Feedback
from jobbot.announce.store import Store
from jobbot.app.cli import main
from jobbot.settings import Settings


def test_lists_the_most_asked_misses_and_the_worst_rated_answers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = Store(Settings().database_url)  # the test's own SQLite file (conftest)
    feedback = Feedback(store)
    for platform in ("slack", "discord", "slack"):
        feedback.record_miss("how do I get a visa for Mars?", platform, "declined")
    feedback.record_miss("what is the ladder thing", "console", "unsure", "backend-career-path")
    feedback.rate("microservices", "slack", "U1", helpful=False)
    store.close()
    assert main(["questions"]) == 0
    out = capsys.readouterr().out
    assert "   3× 'how do I get a visa for Mars?' [discord, slack; declined" in out
    assert "closest: backend-career-path" in out
    assert "1 / 0   microservices — What are microservices and how important" in out


def test_an_unusable_database_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JOBBOT_DATABASE_URL", "nosuchdriver://x")
    assert main(["questions"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("jobbot: ")
    assert "Traceback" not in err
