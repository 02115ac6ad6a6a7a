"""The console's "did you mean" as a numbered choice, ratings, and teaching the FAQ."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from adapters.console.chat import repl
from jobbot.announce.feedback import Feedback
from jobbot.announce.learning import Learning
from jobbot.announce.store import Store
from jobbot.engine import Engine
from jobbot.sources import directories
from tests.support.paths import ROOT

UNSURE = "what does the ladder look like for the full stack"


def chat(tmp_path: Path, *lines: str) -> tuple[str, Feedback, Engine]:
    engine = Engine.from_source(
        directories([Path(ROOT) / "knowledge"]), today=lambda: date(2026, 11, 23)
    )
    feedback = Feedback(Store(f"sqlite:///{tmp_path / 'chat.db'}"))
    out = io.StringIO()
    stdin = io.StringIO("".join(f"{line}\n" for line in lines))
    assert repl(engine, stdin, out, 5, None, learning=Learning(feedback, engine)) == 0
    return out.getvalue(), feedback, engine


def test_a_number_answers_the_did_you_mean_choice_in_one_step(tmp_path: Path) -> None:
    out, _, _ = chat(tmp_path, UNSURE, "1")
    assert "1) What does the career path of a backend engineer look like?" in out
    assert "A common progression is junior → mid-level → senior engineer" in out


def test_a_number_runs_a_search_that_works_after_an_empty_one(tmp_path: Path) -> None:
    out, _, _ = chat(tmp_path, "/jobs hybrid berlin", "1")
    assert "Nothing found for hybrid · berlin" in out
    listed = out.split("Type a number:")[1]
    assert "1) /jobs" in listed
    assert "opening" in out.split("jobbot> ")[-2]  # the chosen search found openings


def test_yes_and_no_rate_the_last_faq_answer(tmp_path: Path) -> None:
    out, feedback, _ = chat(tmp_path, "what are microservices?", "/no", "/yes", "/no")
    assert "Did that help? /yes or /no" in out
    assert "Thanks for telling me" in out
    [rating] = feedback.worst_rated()
    assert (rating.entry_id, rating.unhelpful, rating.helpful) == ("microservices", 1, 0)


def test_teach_files_the_last_question_under_the_chosen_entry(tmp_path: Path) -> None:
    out, feedback, engine = chat(tmp_path, UNSURE, "/teach 1", UNSURE)
    assert "Taught" in out
    assert out.count("A common progression is") == 1  # asked again: answered this time
    assert [p.entry_id for p in feedback.phrasings()] == ["backend-career-path"]
    assert engine.ask(UNSURE).faq[0].id == "backend-career-path"


def test_faq_teach_with_an_entry_and_a_phrasing(tmp_path: Path) -> None:
    out, _, engine = chat(tmp_path, "/faq teach", "/faq teach microservices what is soa")
    assert "1. backend-career-path" in out
    assert "Taught: what is soa now answers" in out
    assert engine.ask("what is soa").faq[0].id == "microservices"
