"""Postings that end leave search, figures and autocomplete the day after `valid_through`
(or at once when the store holds them closed); open ones say when they close."""

from __future__ import annotations

from datetime import date, timedelta

from jobbot.engine import Engine
from jobbot.models import Corpus, Posting, Request, Salary

TODAY = date(2026, 3, 2)


def posting(pid: str, until: date | None, location: str) -> Posting:
    return Posting(
        id=pid,
        title=f"Python Engineer {pid}",
        location=location,
        salary=Salary(min=100_000, max=120_000, currency="EUR", period="YEAR"),
        skills=["Python"],
        valid_through=until,
        description="Backend services in Python.",
        source=f"{pid}.md",
    )


def engine(today: date = TODAY) -> Engine:
    postings = [
        posting("ended", TODAY - timedelta(days=1), "Lisbon"),
        posting("last-day", TODAY, "Berlin"),
        posting("soon", TODAY + timedelta(days=5), "Paris"),
        posting("open-ended", None, "Madrid"),
    ]
    return Engine(Corpus(postings=postings), today=lambda: today)


def found(e: Engine, text: str = "python") -> list[str]:
    return sorted(hit.id for hit in e.ask(Request(text=text, command="jobs", page_size=25)).jobs)


def test_a_posting_past_its_valid_through_is_not_found() -> None:
    e = engine()
    assert found(e) == ["last-day", "open-ended", "soon"]
    assert found(e, "lisbon") == []


def test_figures_and_counts_leave_closed_postings_out() -> None:
    e = engine()
    count = e.ask("how many python jobs are there?")
    assert count.stats is not None
    assert count.stats.postings == 3
    assert "**3 of 3 openings**" in count.text  # closed ones left out of the total too
    pay = e.ask("what do python engineers earn?")
    assert pay.stats is not None
    assert pay.stats.postings == 3


def test_autocomplete_offers_only_open_postings() -> None:
    assert sorted(p.location for p in engine().open_postings()) == ["Berlin", "Madrid", "Paris"]


def test_time_moves_on_without_a_reload() -> None:
    days = [TODAY]
    e = Engine(engine().corpus, today=lambda: days[0])
    days[0] = TODAY + timedelta(days=1)
    assert found(e) == ["open-ended", "soon"]


def test_postings_the_store_holds_closed_are_hidden_until_told_otherwise() -> None:
    e = engine()
    e.hide({"soon"})
    assert found(e) == ["last-day", "open-ended"]
    assert "soon" not in {p.id for p in e.open_postings()}
    e.hide(set())
    assert found(e) == ["last-day", "open-ended", "soon"]


def test_replies_say_when_a_posting_closes() -> None:
    answer = engine().ask(Request(text="python", command="jobs", page_size=25))
    by_id = {hit.id: hit for hit in answer.jobs}
    assert by_id["soon"].closes_in_days == 5
    assert by_id["open-ended"].closes_in_days is None
    assert "closes in 5 days" in answer.text
    assert "closes today" in answer.text
    line = next(line for line in answer.text.splitlines() if "open-ended" in line)
    assert "closes" not in line
