"""Relevance over the bundled knowledge base: what a user asking real questions should get."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobbot.engine import Engine
from jobbot.models import Answer, Request
from jobbot.sources import directories

TODAY = date(2026, 11, 23)

# The bundled postings, by file name.
JAVA_NYC = "backend-engineer-java-harborline.md"
EM_EUROPE = "engineering-manager-remote-europe.txt"
FULL_STACK = "full-stack-engineer-all-levels.md"
JUNIOR_BACKEND = "junior-backend-engineer-lumenworks.md"
JUNIOR_FRONTEND = "junior-frontend-engineer-pixelfarm.md"
LEAD_DOTNET = "lead-backend-engineer-dotnet-london.md"
ML_AMSTERDAM = "machine-learning-engineer-amsterdam.md"
RUBY_PART_TIME = "part-time-backend-developer-ruby.txt"
PLATFORM_BERLIN = "platform-engineer-kesselhaus.md"
QA_LONDON = "qa-engineer-london.txt"
ORBITPAY = "senior-backend-engineer-orbitpay.md"
DATA_NYC = "senior-data-engineer-brightwave.md"
MOBILE_TORONTO = "senior-mobile-engineer-maplecart.md"
SRE_AUSTIN = "site-reliability-engineer-contract-austin.txt"
INTERN_NYC = "software-engineering-intern-nyc.txt"
STAFF_SECURITY = "staff-security-engineer-vaultline.md"


@pytest.fixture(scope="module")
def engine() -> Engine:
    knowledge = Path(__file__).resolve().parent.parent / "knowledge"
    return Engine.from_source(directories([knowledge]), today=lambda: TODAY)


def sources(answer: Answer) -> list[str]:
    return [hit.source for hit in answer.jobs]


def search(engine: Engine, text: str) -> Answer:
    return engine.ask(Request(text=text, command="jobs", page_size=25))


# -- FAQ ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "source"),
    [
        ("what's the difference between backend and full-stack?", "backend-vs-full-stack.md"),
        ("backend vs full stack", "backend-vs-full-stack.md"),
        ("frontend or backend?", "frontend-vs-backend.md"),
        ("how do I get into backend engineering?", "become-backend-engineer.md"),
        ("how can I land my first backend job?", "become-backend-engineer.md"),
        ("which languages should a backend dev learn?", "in-demand-backend-languages.md"),
        ("sql or nosql?", "backend-databases.md"),
        ("aws vs gcp", "cloud-experience.md"),
        ("what does an SRE do?", "devops-and-sre.md"),
        ("what's devops", "devops-and-sre.md"),
        ("tips for working from home", "remote-work-tips.md"),
        ("how to prepare for coding interviews", "technical-interview-prep.md"),
        ("do I need a degree?", "qualifications-and-degree.md"),
        ("what are microservices?", "microservices.md"),
        ("career path for backend developers", "backend-career-path.md"),
        ("/faq what are the responsibilities of a backend engineer", "backend-responsibilities.md"),
    ],
)
def test_paraphrased_questions_find_their_faq_entry(
    engine: Engine, question: str, source: str
) -> None:
    answer = engine.ask(question)
    assert answer.intent == "faq", answer.text
    assert answer.confident
    assert answer.faq[0].source == f"faq/{source}"
    assert answer.faq[0].answer.strip()[:40] in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "how do I bake bread?",
        "what is the capital of france?",
        "what time is it?",
        "how do I write a cover letter?",
        "what is a good salary negotiation tactic?",
        "can I bring my dog to the office?",
    ],
)
def test_off_topic_questions_get_no_invented_answer(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert not answer.confident
    assert answer.faq == []
    assert len(answer.suggestions) <= 3
    assert "/jobs" in answer.text


def test_a_vague_question_offers_the_closest_three(engine: Engine) -> None:
    answer = engine.ask("/faq what should I learn")
    assert not answer.confident
    assert answer.suggestions_kind == "did_you_mean"
    assert "What kinds of databases do backend engineers work with?" in answer.suggestions
    assert len(answer.suggestions) == 3


# -- jobs --------------------------------------------------------------------------------


def test_python_remote_jobs(engine: Engine) -> None:
    answer = engine.ask("python remote jobs")
    assert answer.intent == "jobs"
    assert answer.jobs
    assert all("remote" in hit.workplace for hit in answer.jobs)
    for hit in answer.jobs:
        assert "Python" in hit.skills or "python" in hit.description.lower()


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("machine learning", ML_AMSTERDAM),
        ("ml", ML_AMSTERDAM),
        ("sre", SRE_AUSTIN),
        ("golang payments", ORBITPAY),
        ("full stack typescript", FULL_STACK),
        (".net", LEAD_DOTNET),
    ],
)
def test_title_and_skill_matches_rank_first(engine: Engine, text: str, first: str) -> None:
    assert sources(search(engine, text))[0] == f"postings/{first}"


@pytest.mark.parametrize(
    ("text", "must", "must_not"),
    [
        ("hybrid", {QA_LONDON}, {SRE_AUSTIN}),
        ("on-site", {SRE_AUSTIN}, {QA_LONDON}),
        ("in office", {JUNIOR_FRONTEND}, {QA_LONDON}),
        ("london", {QA_LONDON, LEAD_DOTNET}, set()),
        ("berlin", {PLATFORM_BERLIN}, {QA_LONDON}),
        ("san francisco", {ORBITPAY}, {QA_LONDON}),
        (
            "europe",
            {PLATFORM_BERLIN, QA_LONDON, ML_AMSTERDAM, EM_EUROPE},
            {ORBITPAY},
        ),
        ("us", {ORBITPAY, SRE_AUSTIN}, {QA_LONDON, MOBILE_TORONTO}),
        ("contract", {SRE_AUSTIN}, {QA_LONDON}),
        ("part-time", {RUBY_PART_TIME}, {QA_LONDON}),
        ("internship", {INTERN_NYC}, {QA_LONDON}),
        ("full-time", {QA_LONDON}, {SRE_AUSTIN}),
        ("junior", {JUNIOR_BACKEND}, {DATA_NYC}),
        ("senior", {DATA_NYC}, {JUNIOR_BACKEND}),
        ("staff", {STAFF_SECURITY}, {DATA_NYC}),
        ("lead", {LEAD_DOTNET}, {QA_LONDON}),
        ("new", {STAFF_SECURITY}, {QA_LONDON}),
        ("this week", {JUNIOR_BACKEND}, {ORBITPAY}),
        ("last 30 days", {ORBITPAY}, {MOBILE_TORONTO}),
        ("150k+", {STAFF_SECURITY}, {QA_LONDON}),
        ("over $150k", {ORBITPAY}, {JUNIOR_BACKEND}),
        ("at least 150,000", {DATA_NYC}, {JUNIOR_BACKEND}),
        ("min 120k backend", {JAVA_NYC}, {JUNIOR_BACKEND}),
        ("£80k+", {LEAD_DOTNET}, {QA_LONDON}),
        ("$60/hour+", {SRE_AUSTIN}, {STAFF_SECURITY}),
    ],
)
def test_each_filter_form_over_the_bundled_postings(
    engine: Engine, text: str, must: set[str], must_not: set[str]
) -> None:
    found = {source.split("/")[-1] for source in sources(search(engine, text))}
    assert must <= found, found
    assert not must_not & found, found


def test_filters_are_hard_constraints(engine: Engine) -> None:
    for hit in search(engine, "remote").jobs:
        assert "remote" in hit.workplace
    for hit in search(engine, "150k+").jobs:
        assert hit.salary is not None
        assert hit.salary.period == "YEAR"
        assert (hit.salary.max or hit.salary.min or 0) >= 150_000
    for hit in search(engine, "last 30 days").jobs:
        assert hit.date_posted is not None
        assert (TODAY - hit.date_posted).days <= 30


def test_filter_only_query_is_newest_first(engine: Engine) -> None:
    answer = search(engine, "hybrid")
    dates = [hit.date_posted for hit in answer.jobs]
    assert None not in dates
    assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]
    assert answer.total == sum("hybrid" in p.workplace for p in engine.corpus.postings)


# -- figures -----------------------------------------------------------------------------


def test_what_do_backend_engineers_earn(engine: Engine) -> None:
    answer = engine.ask("what do backend engineers earn?")
    assert answer.intent == "stats"
    assert answer.stats is not None
    assert answer.stats.postings >= 4
    usd_year = next(s for s in answer.stats.salary if (s.currency, s.period) == ("USD", "YEAR"))
    assert usd_year.min <= usd_year.median <= usd_year.max
    assert "matching postings" in answer.text
    assert answer.faq[0].source == "faq/salary-by-seniority.md"


def test_languages_most_in_demand(engine: Engine) -> None:
    answer = engine.ask("which languages are most in demand?")
    assert answer.stats is not None
    top = answer.stats.skills[0]
    expected = sum(
        any(s.lower() == top.skill.lower() for s in p.skills) for p in engine.corpus.postings
    )
    assert top.count == expected
    assert top.count >= max(c.count for c in answer.stats.skills)
    assert f"across {len(engine.corpus.postings)} postings" in answer.text
    assert answer.faq[0].source == "faq/in-demand-backend-languages.md"


def test_how_many_remote_jobs(engine: Engine) -> None:
    answer = engine.ask("how many remote jobs are there?")
    remote = sum("remote" in p.workplace for p in engine.corpus.postings)
    assert answer.intent == "stats"
    assert answer.total == remote
    assert f"**{remote} of {len(engine.corpus.postings)} openings** are remote" in answer.text


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.sampled_from(
            ["python", "remote", "berlin", "150k+", "senior", "what", "earn", "?", "/jobs",
             "/faq", "how many", "in demand", "vs", "backend", "🚀", "\u200f", "new", "€", "k"]
        )
        | st.text(max_size=12),
        max_size=12,
    ),
    st.integers(1, 4),
)  # fmt: skip
def test_engine_never_raises_over_bundled_knowledge(
    engine: Engine, words: list[str], page: int
) -> None:
    answer = engine.ask(Request(text=" ".join(words), page=page))
    assert answer.text
    assert "could not answer" not in answer.text
