"""Learning from misses: misses and ratings recorded, phrasings taught from chat used at
once, and kept across a restart and a knowledge reload (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from jobbot.announce.database import StoreError
from jobbot.announce.feedback import Feedback
from jobbot.announce.learning import NOT_ALLOWED, UNAVAILABLE, Learning, MissRecorder, report
from jobbot.announce.store import Store
from jobbot.app.runtime import services
from jobbot.engine import Engine
from jobbot.models import Corpus, FAQEntry, Request
from jobbot.settings import Settings
from jobbot.sources import directories
from tests.support.announce_doubles import FakeClock
from tests.support.paths import ROOT

KNOWLEDGE = Path(ROOT) / "knowledge"
ODD = "what does the ladder look like for the full stack"
"""A question no entry answers by itself: the FAQ is not sure about it."""


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'learning.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(url: str) -> Iterator[Store]:
    s = Store(url)
    yield s
    s.close()


@pytest.fixture
def engine() -> Engine:
    return Engine.from_source(directories([KNOWLEDGE]), today=lambda: date(2026, 11, 23))


def test_misses_are_counted_per_question_and_listed_most_asked_first(store: Store) -> None:
    clock = FakeClock()
    feedback = Feedback(store, clock)
    for platform in ("slack", "discord", "slack"):
        feedback.record_miss("How do I get a visa for Mars?", platform, "declined")
        clock.advance(minutes=1)
    feedback.record_miss("how do i get a visa for mars", "console", "declined")
    feedback.record_miss("what is the office dress code", "slack", "unsure", "remote-work-tips")
    top = feedback.top_misses()
    assert [(m.count, m.platforms) for m in top] == [
        (4, ("console", "discord", "slack")),
        (1, ("slack",)),
    ]
    assert top[1].best_entry == "remote-work-tips"
    assert top[0].text == "how do i get a visa for mars"  # the latest wording


def test_a_rating_counts_once_per_person_and_a_second_click_changes_it(store: Store) -> None:
    feedback = Feedback(store, FakeClock())
    assert feedback.rate("microservices", "slack", "U1", helpful=False)
    assert not feedback.rate("microservices", "slack", "U1", helpful=False)
    feedback.rate("microservices", "discord", "42", helpful=False)
    feedback.rate("microservices", "slack", "U2", helpful=True)
    feedback.rate("remote-work-tips", "slack", "U1", helpful=True)
    feedback.rate("devops-and-sre", "slack", "U3", helpful=False)
    feedback.rate("devops-and-sre", "slack", "U3", helpful=True)  # changed their mind
    worst = feedback.worst_rated()
    assert [(r.entry_id, r.unhelpful, r.helpful) for r in worst] == [("microservices", 2, 1)]


def test_a_taught_phrasing_answers_at_once_and_survives_restart_and_reload(
    url: str, store: Store, engine: Engine
) -> None:
    assert not engine.ask(ODD).confident
    learning = Learning(Feedback(store), engine)
    reply = learning.teach("slack", "U1", True, f"backend-career-path {ODD}")
    assert "Taught" in reply
    answer = engine.ask(ODD)
    assert answer.confident
    assert answer.faq[0].id == "backend-career-path"
    # A knowledge reload keeps it.
    engine.reload(directories([KNOWLEDGE]).load())
    assert engine.ask(ODD).faq[0].id == "backend-career-path"
    # A new process (a restart) reads it from the database.
    settings = Settings(database_url=url, knowledge_dir=KNOWLEDGE)
    with services(settings, directories([KNOWLEDGE]), watch=False) as fresh:
        assert fresh.engine.ask(ODD).faq[0].id == "backend-career-path"


def test_teaching_needs_an_admin_a_known_entry_and_a_phrasing(store: Store, engine: Engine) -> None:
    learning = Learning(Feedback(store), engine)
    assert learning.teach("slack", "U1", False, f"microservices {ODD}") == NOT_ALLOWED
    assert "no FAQ entry `nope`" in learning.teach("slack", "U1", True, f"nope {ODD}")
    assert "Which phrasing?" in learning.teach("slack", "U1", True, "microservices")
    listing = learning.teach("slack", "U1", True, "")
    assert "1. `backend-career-path`" in listing
    # By number, and twice: the second time says it is already there.
    assert "Taught" in learning.teach("slack", "U1", True, "1 where do seniors go next")
    assert "already leads" in learning.teach("slack", "U1", True, "1 Where do seniors go next?")
    assert not engine.ask(ODD).confident  # teaching one phrasing taught nothing else


def test_without_a_database_feedback_says_it_is_unavailable(engine: Engine) -> None:
    learning = Learning(None, engine)
    assert learning.rate("slack", "U1", "microservices", True) == UNAVAILABLE
    assert learning.teach_entry("slack", "U1", True, "microservices", ODD) == UNAVAILABLE


def test_a_broken_database_never_breaks_an_answer(tmp_path: Path, engine: Engine) -> None:
    store = Store(f"sqlite:///{tmp_path / 'x.db'}")
    recorder = MissRecorder(Learning(Feedback(store), engine), sync_seconds=60).start()
    engine.observe(recorder.observe)
    store.engine.dispose()
    (tmp_path / "x.db").unlink()
    (tmp_path / "x.db").mkdir()  # the database is gone: every write fails
    answer = engine.ask(ODD)
    recorder.flush()
    recorder.stop()
    assert "Did you mean" in answer.text


def test_declined_and_unsure_questions_are_recorded_from_every_answer(
    store: Store, engine: Engine
) -> None:
    feedback = Feedback(store)
    recorder = MissRecorder(Learning(feedback, engine), sync_seconds=60).start()
    engine.observe(recorder.observe)
    engine.ask(Request(text="how do I bake sourdough bread?", platform="discord"))
    engine.ask(Request(text=ODD, platform="slack"))
    engine.ask(Request(text="/faq what should I learn", platform="console"))
    engine.ask(Request(text="what are microservices", platform="slack"))  # answered: not a miss
    engine.ask(Request(text="python remote", platform="slack"))  # a search: not a miss
    recorder.flush()
    recorder.stop()
    misses = {m.text: (m.outcome, m.platforms, m.best_entry) for m in feedback.top_misses()}
    assert set(misses) == {"how do I bake sourdough bread?", ODD, "what should I learn"}
    assert misses["how do I bake sourdough bread?"][:2] == ("declined", ("discord",))
    outcome, platforms, best = misses["what should I learn"]
    assert (outcome, platforms) == ("unsure", ("console",))
    assert best in {e.id for e in engine.corpus.faq}
    text = report(feedback, engine.corpus.faq)
    assert "how do I bake sourdough bread?" in text
    assert "(none rated unhelpful)" in text


def test_phrasings_taught_elsewhere_reach_a_running_engine_on_sync(
    store: Store, engine: Engine
) -> None:
    here = Learning(Feedback(store), engine)
    other_engine = Engine(Corpus(faq=list(engine.corpus.faq)))
    there = Learning(Feedback(store), other_engine)
    here.teach("discord", "1", True, f"backend-career-path {ODD}")
    assert not other_engine.ask(ODD).confident
    assert there.sync()
    assert other_engine.ask(ODD).faq[0].id == "backend-career-path"
    assert not there.sync()  # nothing new


def test_a_phrasing_for_an_entry_not_loaded_waits_for_it() -> None:
    engine = Engine(Corpus())
    engine.teach([("later", "when will it come")])
    assert not engine.ask("when will it come").confident
    entry = FAQEntry(id="later", question="Is it there yet?", answer="Now it is.", source="f.md")
    engine.reload(Corpus(faq=[entry]))
    assert engine.ask("when will it come").faq[0].id == "later"


def test_the_store_error_is_the_only_error(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'x.db'}")
    feedback = Feedback(store)
    store.engine.dispose()
    (tmp_path / "x.db").unlink()
    (tmp_path / "x.db").mkdir()  # a directory where the database file was: unusable
    with pytest.raises(StoreError):
        feedback.record_miss("anything?", "slack", "declined")
