"""The engine over a hand-made corpus: routing, hard filters, paging, figures, robustness."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobbot.engine import Engine
from jobbot.models import Answer, Corpus, Posting, QueryFilters, Request, SalaryFloor
from jobbot.sources import directories
from tests.support.search_corpus import POSTINGS, TODAY, corpus, posting


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(corpus(), today=lambda: TODAY)


def ids(answer: Answer) -> list[str]:
    return [hit.id for hit in answer.jobs]


def everything(engine: Engine, text: str) -> Answer:
    return engine.ask(Request(text=text, command="jobs", page_size=25))


BY_ID = {p.id: p for p in POSTINGS}


# -- routing -----------------------------------------------------------------------------


def test_search_text_goes_to_jobs(engine: Engine) -> None:
    answer = engine.ask("python remote jobs")
    assert answer.intent == "jobs"
    assert ids(answer) == ["sf-staff-ml-remote"]


def test_question_goes_to_faq(engine: Engine) -> None:
    answer = engine.ask("what's the difference between backend and full-stack?")
    assert answer.intent == "faq"
    assert answer.confident
    assert answer.faq[0].id == "backend-vs-fullstack"
    assert "full-stack engineers also build the UI" in answer.text


def test_explicit_commands_force_the_intent(engine: Engine) -> None:
    assert engine.ask(Request(text="how should I prepare", command="jobs")).intent == "jobs"
    assert engine.ask("/faq technical interview").faq[0].id == "interview"
    assert ids(engine.ask("/jobs golang")) == ["austin-go-onsite", "austin-sre-contract"]


@pytest.mark.parametrize("text", ["", "   ", "help", "/help", "/jobs help", "/jobs   help  "])
def test_empty_and_help_give_the_help_text(engine: Engine, text: str) -> None:
    answer = engine.ask(text)
    assert answer.intent == "help"
    for command in ("/jobs <query>", "/faq <question>", "/jobs subscribe", "/jobs unsubscribe"):
        assert command in answer.text


def test_unconfident_faq_offers_closest_questions_and_invents_nothing(engine: Engine) -> None:
    answer = engine.ask("/faq how do I ask for a backend salary raise during the interview?")
    assert not answer.confident
    assert answer.faq == []
    assert 1 <= len(answer.suggestions) <= 3
    assert "Did you mean" in answer.text
    assert "/jobs" in answer.text


def test_nonsense_is_a_friendly_nothing_found(engine: Engine) -> None:
    answer = engine.ask("qwzx blorf")
    assert answer.jobs == []
    assert answer.total == 0
    assert answer.intent == "unknown"
    assert "Nothing found" in answer.text
    assert "/jobs" in answer.text


# -- ranking -----------------------------------------------------------------------------


def test_title_and_skills_outrank_a_mention_in_the_body(engine: Engine) -> None:
    # "senior" is a filter; the keyword "engineers" alone appears in a junior body only.
    answer = everything(engine, "python")
    top = ids(answer)[:3]
    assert set(top) == {"berlin-senior-python", "london-junior-python", "sf-staff-ml-remote"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("k8s", {"berlin-senior-python", "austin-sre-contract"}),
        ("golang", {"austin-go-onsite", "austin-sre-contract"}),
        ("js", {"remote-react-contract"}),
        ("postgres", {"berlin-senior-python", "amsterdam-mid-parttime"}),
        ("ml", {"sf-staff-ml-remote"}),
        ("sre", {"austin-sre-contract"}),
    ],
)
def test_synonyms_find_canonical_names(engine: Engine, text: str, expected: set[str]) -> None:
    assert set(ids(everything(engine, text))) == expected


def test_every_keyword_must_match_when_some_posting_has_them_all(engine: Engine) -> None:
    assert ids(everything(engine, "python kubernetes")) == ["berlin-senior-python"]


def test_postings_with_some_keywords_when_none_has_all(engine: Engine) -> None:
    answer = everything(engine, "python elixir")
    assert set(ids(answer)) == {
        "berlin-senior-python",
        "london-junior-python",
        "sf-staff-ml-remote",
    }
    assert "No opening matches all of python elixir" in answer.text


# -- hard filters ------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["remote", "python remote", "wfh"])
def test_remote_never_returns_onsite_only(engine: Engine, text: str) -> None:
    answer = everything(engine, text)
    assert answer.jobs
    assert all("remote" in hit.workplace for hit in answer.jobs)


def test_filter_only_query_lists_all_matches_newest_first(engine: Engine) -> None:
    answer = everything(engine, "hybrid")
    expected = [p for p in POSTINGS if "hybrid" in p.workplace]
    assert answer.total == len(expected)
    dates = [hit.date_posted for hit in answer.jobs]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("text", ["150k+", ">150k", "over $150k", "at least 150,000", "min 150k"])
def test_salary_floor_never_returns_a_range_wholly_below_it(engine: Engine, text: str) -> None:
    answer = everything(engine, text)
    assert answer.jobs
    for hit in answer.jobs:
        assert hit.salary is not None
        assert hit.salary.period == "YEAR"
        assert (hit.salary.max or 0) >= 150_000
    assert "amsterdam-mid-parttime" not in ids(answer)  # no salary stated: not guessed


def test_salary_floor_in_a_currency_compares_only_that_currency(engine: Engine) -> None:
    assert ids(everything(engine, "€60k+")) == ["berlin-senior-python"]
    assert ids(everything(engine, "python £30k+")) == ["london-junior-python"]


def test_hourly_floor_compares_like_with_like(engine: Engine) -> None:
    # $70-90/hour passes a $60/hour floor; yearly salaries are not converted into rates.
    assert ids(everything(engine, "$60/hour+")) == ["remote-react-contract"]
    # ...and a yearly floor never lets an hourly rate through, however high.
    assert "remote-react-contract" not in ids(everything(engine, "100k+"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("contract", {"remote-react-contract", "austin-sre-contract"}),
        ("part-time", {"amsterdam-mid-parttime"}),
        ("internship", {"nyc-intern"}),
        ("junior", {"london-junior-python"}),
        ("senior", {"berlin-senior-python"}),
        ("staff", {"sf-staff-ml-remote"}),
        ("mid", {"amsterdam-mid-parttime"}),
        ("berlin", {"berlin-senior-python"}),
        ("london", {"london-junior-python"}),
        ("san francisco", {"sf-staff-ml-remote"}),
        ("europe", {"berlin-senior-python", "london-junior-python", "amsterdam-mid-parttime"}),
        ("texas", {"austin-go-onsite", "austin-sre-contract"}),
        ("onsite", {"austin-go-onsite", "london-junior-python", "nyc-intern"}),
        ("in office", {"austin-go-onsite", "london-junior-python", "nyc-intern"}),
        ("this week", {"berlin-senior-python", "london-junior-python", "nyc-intern"}),
        ("new", {"berlin-senior-python", "london-junior-python", "nyc-intern"}),
    ],
)
def test_each_filter_form(engine: Engine, text: str, expected: set[str]) -> None:
    assert set(ids(everything(engine, text))) == expected


def test_us_region_covers_states_and_cities(engine: Engine) -> None:
    found = set(ids(everything(engine, "us")))
    assert found == {
        "remote-react-contract",
        "austin-go-onsite",
        "sf-staff-ml-remote",
        "nyc-intern",
        "austin-sre-contract",
    }


def test_recency_uses_the_injected_clock() -> None:
    later = Engine(corpus(), today=lambda: TODAY.replace(year=2027))
    assert later.ask("/jobs this week").total == 0


def test_request_filters_merge_over_text(engine: Engine) -> None:
    request = Request(
        text="python",
        command="jobs",
        filters=QueryFilters(workplace=["remote"], min_salary=SalaryFloor(amount=200_000)),
    )
    assert ids(engine.ask(request)) == ["sf-staff-ml-remote"]


def test_keywords_with_unmatched_filters_explain_why_nothing_came_back(engine: Engine) -> None:
    answer = engine.ask("/jobs kafka remote")
    assert answer.total == 0
    assert "none pass the filters" in answer.text


# -- paging ------------------------------------------------------------------------------


def test_paging_covers_every_match_once(engine: Engine) -> None:
    first = engine.ask(Request(text="/jobs us", page_size=2))
    assert (first.total, first.pages, first.page_size) == (5, 3, 2)
    seen = ids(first)
    for page in (2, 3):
        seen += ids(engine.ask(Request(text="/jobs us", page_size=2, page=page)))
    assert sorted(seen) == sorted(ids(everything(engine, "us")))


def test_out_of_range_page_gives_the_last_page(engine: Engine) -> None:
    answer = engine.ask(Request(text="/jobs us", page_size=2, page=99))
    assert answer.page == 3
    assert len(answer.jobs) == 1
    assert "no page 99" in answer.text


# -- figures -----------------------------------------------------------------------------


def test_salary_question_answered_from_postings(engine: Engine) -> None:
    answer = engine.ask("what do backend engineers earn?")
    assert answer.intent == "stats"
    assert answer.stats is not None
    # "backend" and an engineer/developer in what a posting is: the Berlin engineer and the
    # Amsterdam developer, of whom only Berlin states a salary.
    assert answer.stats.postings == 2
    [eur] = answer.stats.salary
    assert (eur.currency, eur.period, eur.count) == ("EUR", "YEAR", 1)
    assert (eur.min, eur.median, eur.max) == (70_000, 80_000, 90_000)
    assert "from 1 of 2 matching postings" in answer.text
    assert answer.faq
    assert answer.faq[0].id == "salary"


def test_figures_say_when_postings_state_no_salary(engine: Engine) -> None:
    answer = engine.ask("what do ruby developers earn?")
    assert answer.stats is not None
    assert answer.stats.postings == 1
    assert answer.stats.salary == []
    assert "does not state pay" in answer.text


def test_salary_figures_never_mix_currencies_or_periods(engine: Engine) -> None:
    answer = engine.ask("salary range for python roles")
    assert answer.stats is not None
    groups = {(s.currency, s.period): s.count for s in answer.stats.salary}
    assert groups == {("EUR", "YEAR"): 1, ("GBP", "YEAR"): 1, ("USD", "YEAR"): 1}


def test_senior_filter_applies_to_figures(engine: Engine) -> None:
    answer = engine.ask("salary range for senior python roles")
    assert answer.stats is not None
    assert answer.stats.postings == 1
    assert answer.stats.salary[0].currency == "EUR"


def test_languages_in_demand_counted_across_postings(engine: Engine) -> None:
    answer = engine.ask("which languages are most in demand?")
    assert answer.intent == "stats"
    assert answer.stats is not None
    counts = {c.skill: c.count for c in answer.stats.skills}
    assert counts["Python"] == 3
    assert counts["Go"] == 2
    assert "Kubernetes" not in counts  # not a language
    assert "across 8 postings" in answer.text


def test_how_many_remote_jobs(engine: Engine) -> None:
    answer = engine.ask("how many remote jobs are there?")
    assert answer.intent == "stats"
    assert answer.total == 3
    assert "**3 of 8 openings** are remote (38%)" in answer.text


# -- robustness --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "python " * 2000,
        "🚀🔥 python 🐍 remote 🌍",
        "\u200fpython\u200e remote\u202e",
        "\x00\x07python\x1b[31m remote",
        "/jobs",
        "/faq",
        "/jobs 150k+ 150k+ over $ $ k",
        "?" * 500,
    ],
)
def test_odd_text_gets_a_normal_answer(engine: Engine, text: str) -> None:
    answer = engine.ask(text)
    assert answer.text
    assert "could not answer" not in answer.text


@pytest.mark.parametrize("command", ["jobs", "faq"])
def test_a_command_with_only_emoji_or_punctuation_gets_help(engine: Engine, command: str) -> None:
    answer = engine.ask(Request(text="😀😀😀 ?!", command=command))  # type: ignore[arg-type]
    assert answer.intent == "help"
    assert answer.text.startswith("There is nothing to search for or ask about in that.")
    assert not answer.jobs


def test_a_pasted_wall_of_letters_is_echoed_back_short(engine: Engine) -> None:
    answer = engine.ask("a" * 5000)
    assert "Nothing found" in answer.text
    assert "a" * 59 + "…" in answer.text
    assert "a" * 61 not in answer.text
    assert len(answer.text) < 600


def test_long_text_is_fast(engine: Engine) -> None:
    import time

    text = ("senior python engineer remote berlin 150k+ " * 300)[:10_000]
    start = time.perf_counter()
    engine.ask(text)
    assert time.perf_counter() - start < 0.5


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=400), st.sampled_from([None, "jobs", "faq"]), st.integers(1, 5))
def test_engine_never_raises(engine: Engine, text: str, command: str | None, page: int) -> None:
    answer = engine.ask(Request(text=text, command=command, page=page))  # type: ignore[arg-type]
    assert answer.intent in {"jobs", "faq", "stats", "help", "unknown"}
    assert "could not answer" not in answer.text
    answer.model_dump(mode="json")


def test_empty_corpus_answers_without_error() -> None:
    empty = Engine(Corpus())
    assert empty.ask("python remote").total == 0
    assert empty.ask("how many remote jobs are there?").total == 0
    assert empty.ask("what do backend engineers earn?").jobs == []
    assert not empty.ask("/faq anything?").confident


# -- reload ------------------------------------------------------------------------------


def test_reload_swaps_knowledge_while_requests_run() -> None:
    engine = Engine(corpus(), today=lambda: TODAY)
    extra = posting(
        "rust-remote",
        "Rust Engineer",
        workplace=["remote"],
        skills=["Rust"],
        description="Rust systems work.",
    )
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader() -> None:
        while not stop.is_set():
            try:
                answer = engine.ask("/jobs rust")
                assert answer.total in (0, 1)
            except BaseException as exc:
                errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    for _ in range(5):
        engine.reload(Corpus(postings=[*POSTINGS, extra]))
        engine.reload(corpus())
    engine.reload(Corpus(postings=[*POSTINGS, extra]))
    stop.set()
    for t in threads:
        t.join()
    assert errors == []
    assert ids(engine.ask("/jobs rust")) == ["rust-remote"]


def test_reload_reuses_unchanged_postings_and_answers_like_a_fresh_engine() -> None:
    engine = Engine(corpus(), today=lambda: TODAY)
    changed = POSTINGS[0].model_copy(update={"description": "Now Elixir and Phoenix only."})
    extra = posting("elixir-new", "Elixir Developer", skills=["Elixir"], workplace=["remote"])
    new_corpus = Corpus(postings=[extra, changed, *POSTINGS[2:]], faq=corpus().faq)
    engine.reload(new_corpus)
    fresh = Engine(new_corpus, today=lambda: TODAY)
    for text in ["/jobs elixir", "/jobs python", "/jobs react", "/jobs k8s remote", "hybrid"]:
        request = Request(text=text, page_size=25)
        assert engine.ask(request).model_dump() == fresh.ask(request).model_dump()
    assert "remote-react-contract" not in ids(engine.ask("/jobs react"))


def test_from_directories_cache_is_invalidated_when_a_file_changes(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "a.md").write_text("---\ntitle: Elixir Developer\n---\nElixir and Phoenix.\n")
    cache = tmp_path / "cache"
    first = Engine.from_source(directories([knowledge]), cache_dir=cache)
    assert first.ask("/jobs elixir").total == 1
    assert list(cache.glob("index-*.pickle"))
    again = Engine.from_source(directories([knowledge]), cache_dir=cache)
    assert again.ask("/jobs elixir").total == 1
    (knowledge / "b.md").write_text("---\ntitle: Elixir Lead\n---\nMore Elixir.\n")
    assert (
        Engine.from_source(directories([knowledge]), cache_dir=cache).ask("/jobs elixir").total == 2
    )


def test_corrupt_cache_only_costs_a_rebuild(tmp_path: Path) -> None:
    knowledge = tmp_path / "k"
    knowledge.mkdir()
    (knowledge / "a.md").write_text("---\ntitle: Scala Developer\n---\nScala.\n")
    cache = tmp_path / "cache"
    Engine.from_source(directories([knowledge]), cache_dir=cache)
    for path in cache.glob("index-*.pickle"):
        path.write_bytes(b"not a pickle")
    assert (
        Engine.from_source(directories([knowledge]), cache_dir=cache).ask("/jobs scala").total == 1
    )


def test_posting_fixture_is_consistent() -> None:
    assert all(isinstance(p, Posting) for p in POSTINGS)


def test_an_unknown_command_says_so_and_shows_help(engine: Engine) -> None:
    answer = engine.ask("/bogus thing")
    assert answer.intent == "help"
    assert answer.text.startswith("I don't know the command `/bogus`.")
    assert "/jobs <query>" in answer.text


def test_text_with_nothing_to_search_shows_help_not_every_opening(engine: Engine) -> None:
    for text in ("🚀🚀🚀", "...", "!!! ???"):
        assert engine.ask(text).intent == "help", text
    assert engine.ask("/jobs").intent == "jobs"  # an explicit empty search still lists all
