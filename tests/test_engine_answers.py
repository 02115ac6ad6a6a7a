"""Issue 13's cases over the bundled knowledge, each as a person would expect it answered:
routing by what the text asks, FAQ paraphrases, search operators and relevance, figures
that compare like with like, and misses that say why and offer what works."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from bench.eval_answers import Tally, entry_of, evaluate
from jobbot.engine import Engine
from jobbot.models import Answer, Request
from jobbot.sources import directories
from tests.support.paths import ROOT

TODAY = date(2026, 11, 23)
SET = Path(ROOT) / "bench" / "data" / "answers.jsonl"
BLIND = Path(ROOT) / "bench" / "data" / "blind.jsonl"
BLIND2 = Path(ROOT) / "bench" / "data" / "blind2.jsonl"
BLIND3 = Path(ROOT) / "bench" / "data" / "blind3.jsonl"


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.from_source(directories([Path(ROOT) / "knowledge"]), today=lambda: TODAY)


def ask(engine: Engine, text: str) -> Answer:
    return engine.ask(Request(text=text, page_size=25))


def titles(answer: Answer) -> list[str]:
    return [hit.title for hit in answer.jobs]


# -- routing by what the text asks --------------------------------------------------------


def test_a_question_about_openings_lists_openings(engine: Engine) -> None:
    answer = ask(engine, "any remote golang jobs?")
    assert answer.intent == "jobs"
    assert answer.jobs
    for hit in answer.jobs:
        assert "remote" in hit.workplace
        assert "Go" in hit.skills


def test_are_there_data_engineering_jobs_lists_the_data_engineer(engine: Engine) -> None:
    answer = ask(engine, "are there data engineering jobs")
    assert answer.intent == "jobs"
    assert titles(answer) == ["Senior Data Engineer"]
    assert "only mention these words in passing" in answer.text  # and says what it left out


def test_a_pay_floor_beside_pay_words_is_a_search(engine: Engine) -> None:
    answer = ask(engine, "remote jobs paying over 150k")
    assert answer.intent == "jobs"
    assert set(titles(answer)) == {
        "Staff Security Engineer, Product Security",
        "Senior Backend Engineer, Payments Core",
        "Full-Stack Engineer (TypeScript) — all levels",
    }


@pytest.mark.parametrize(
    "question",
    [
        "what does a backend engineer do?",
        "what are the main responsibilities of a backend engineer",
        "what do backend devs actually do all day",
    ],
)
def test_what_a_backend_engineer_does_is_answered_not_declined(
    engine: Engine, question: str
) -> None:
    answer = ask(engine, question)
    assert answer.intent == "faq"
    assert answer.faq[0].id == "backend-responsibilities"


def test_steps_to_become_is_a_career_answer_not_sixteen_openings(engine: Engine) -> None:
    answer = ask(engine, "steps to become a backend engineer")
    assert answer.intent == "faq"
    assert answer.faq[0].id == "become-backend-engineer"
    assert answer.jobs == []


def test_as_a_search_it_lists_backend_engineers_only_and_says_what_did_not_match(
    engine: Engine,
) -> None:
    answer = ask(engine, "/jobs steps to become a backend engineer")
    assert answer.jobs
    assert all("Backend" in title for title in titles(answer))
    assert "Frontend" not in " ".join(titles(answer))
    assert "not steps, become" in answer.text


# -- chat as people type it ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("fe or be for a first job", "frontend-vs-backend"),
        ("whats the diff between be and fs", "backend-vs-full-stack"),
        ("thinking of going fs or be, which is better", "backend-vs-full-stack"),
        ("how much sql do i need to know", "backend-databases"),
        (
            "ok so my manager says i should get k8s experience before applying to senior "
            "roles, is cloud stuff really that important for backend",
            "cloud-experience",
        ),
        (
            "been doing mid level work in london for 2 yrs, how do i move up to senior",
            "backend-career-path",
        ),
        ("is the sre life for me, what do they do", "devops-and-sre"),
    ],
)
def test_chat_shorthand_and_a_story_before_the_question_are_understood(
    engine: Engine, question: str, entry: str
) -> None:
    answer = ask(engine, question)
    assert answer.intent == "faq"
    assert [hit.id for hit in answer.faq] == [entry]


@pytest.mark.parametrize(
    "question",
    [
        "what does a security engineer do",
        "what does a game developer do",
        "how do i become a data analyst",
    ],
)
def test_another_kind_of_worker_is_not_answered_with_the_backend_entry(
    engine: Engine, question: str
) -> None:
    answer = ask(engine, question)
    assert answer.faq == []
    assert answer.intent == "faq"  # still a career question, declined with suggestions
    assert answer.miss is not None


def test_pay_for_another_kind_of_worker_is_figures_without_the_backend_entry(
    engine: Engine,
) -> None:
    answer = ask(engine, "how much do mobile devs make")
    assert answer.intent == "stats"
    assert titles(answer) == ["Senior Mobile Engineer (iOS and Android)"]
    assert answer.faq == []


@pytest.mark.parametrize("question", ["is 95k decent for a senior backend dev", "backend sallary"])
def test_a_sum_or_a_misspelt_pay_word_asks_about_pay(engine: Engine, question: str) -> None:
    answer = ask(engine, question)
    assert answer.intent == "stats"
    assert answer.faq[0].id == "salary-by-seniority"


def test_how_much_of_a_skill_is_not_a_pay_question(engine: Engine) -> None:
    answer = ask(engine, "how much aws do i need to know to get hired")
    assert answer.intent == "faq"
    assert answer.stats is None


def test_how_a_count_is_asked_does_not_narrow_it(engine: Engine) -> None:
    total = len(engine.corpus.postings)
    everything = ask(engine, "how many openings have you got atm")
    companies = len({p.company for p in engine.corpus.postings if p.company})
    assert everything.text == f"**{total} openings** are listed, at {companies} companies."
    hiring = ask(engine, "how many companies are hiring")
    assert f"at {companies} companies" in hiring.text
    assert f"at {companies} companies" in ask(engine, "how many companies?").text
    without = ask(engine, "how many jobs -java")
    assert re.match(r"\*\*\d+ of \d+ openings\*\* match without java", without.text)
    remote = ask(engine, "how many companies offer remote jobs")
    assert re.search(r"\*\*\d+ of \d+ openings\*\* are remote \(\d+%\), at \d+ compan", remote.text)
    terraform = ask(engine, "how many jobs mention terraform")
    assert terraform.intent == "stats"
    assert terraform.total >= 2


def test_a_request_for_openings_that_finds_none_is_still_a_search(engine: Engine) -> None:
    answer = ask(engine, "anyone hiring cobol devs in berlin")
    assert answer.intent == "jobs"
    assert answer.jobs == []


def test_a_how_to_question_with_a_filter_word_is_not_a_search(engine: Engine) -> None:
    answer = ask(engine, "how do i get visa sponsorship")
    assert answer.intent == "faq"
    assert answer.jobs == []


# -- search operators and places ---------------------------------------------------------


def test_or_is_either_word_not_oregon(engine: Engine) -> None:
    answer = ask(engine, "/jobs python OR java")
    assert answer.query.locations == []
    assert answer.query.any_of == [["python", "java"]]
    assert {"Backend Engineer (Java / Spring Boot)", "Junior Backend Engineer"} <= set(
        titles(answer)
    )
    for hit in answer.jobs:
        assert {"Python", "Java"} & set(hit.skills) or re.search(
            r"python|java", hit.description, re.I
        )


def test_minus_word_leaves_out_openings_about_it(engine: Engine) -> None:
    answer = ask(engine, "/jobs engineer -frontend")
    assert answer.jobs
    assert not any("Frontend" in title for title in titles(answer))
    assert "without frontend" in answer.text


@pytest.mark.parametrize(
    "text", ["/jobs go not kubernetes", "/jobs go -kubernetes", "/jobs go -k8s"]
)
def test_not_word_leaves_out_openings_that_list_it(engine: Engine, text: str) -> None:
    answer = ask(engine, text)
    assert titles(answer) == ["Staff Security Engineer, Product Security"]


def test_and_needs_both_words(engine: Engine) -> None:
    both = set(titles(ask(engine, "/jobs python AND aws")))
    assert "Junior Backend Engineer" in both
    assert "QA Automation Engineer" not in both  # Java, no Python


def test_a_quoted_phrase_needs_its_words_together(engine: Engine) -> None:
    assert titles(ask(engine, '/jobs "machine learning"')) == [
        "Machine Learning Engineer — Search Ranking"
    ]
    spring = set(titles(ask(engine, '/jobs "spring boot"')))
    assert spring == {"Backend Engineer (Java / Spring Boot)", "QA Automation Engineer"}


def test_a_word_is_a_place_only_when_used_as_one(engine: Engine) -> None:
    assert ask(engine, "/jobs python OR java").query.locations == []
    assert ask(engine, "/jobs backend Portland, OR").query.locations == ["oregon"]
    assert ask(engine, "/jobs can you help us find rust jobs").query.locations == []
    assert ask(engine, "/jobs rust remote us").query.locations == ["us"]


# -- figures -----------------------------------------------------------------------------


def test_senior_backend_devs_pay_comes_from_the_senior_backend_posting(engine: Engine) -> None:
    answer = ask(engine, "how much do senior backend devs make")
    assert answer.intent == "stats"
    assert titles(answer) == ["Senior Backend Engineer, Payments Core"]
    assert "$130,000" in answer.text
    assert "of 0" not in answer.text
    assert answer.faq[0].id == "salary-by-seniority"  # the FAQ beside the figures


def test_pay_figures_keep_salaries_and_hourly_rates_apart_and_leave_interns_out(
    engine: Engine,
) -> None:
    answer = ask(engine, "what do backend engineers earn?")
    assert answer.stats is not None
    assert "Software Engineering Intern, Backend (Summer 2027)" not in titles(answer)
    assert "internships left out" in answer.text
    yearly, hourly = answer.text.index("_Yearly salaries_"), answer.text.index("_Hourly")
    assert yearly < answer.text.index("$190,000") < hourly < answer.text.index("$75")
    assert "Postings behind these figures" in answer.text
    interns = ask(engine, "what do interns get paid")
    assert titles(interns) == ["Software Engineering Intern, Backend (Summer 2027)"]


def test_is_remote_work_common_is_counted_from_the_postings(engine: Engine) -> None:
    remote = sum("remote" in p.workplace for p in engine.corpus.postings)
    answer = ask(engine, "is remote work common?")
    assert answer.intent == "stats"
    assert f"**{remote} of {len(engine.corpus.postings)} openings** are remote" in answer.text


def test_a_figure_about_nothing_says_so_and_offers_what_works(engine: Engine) -> None:
    answer = ask(engine, "how much do senior cobol developers make")
    assert "of 0" not in answer.text
    assert "No opening matches" in answer.text
    assert answer.searches


# -- no dead ends ------------------------------------------------------------------------


def test_an_empty_search_says_which_filter_emptied_it(engine: Engine) -> None:
    answer = ask(engine, "hybrid berlin")
    assert answer.total == 0
    assert "Without the workplace filter (hybrid): 1 opening" in answer.text
    assert "Without the place (berlin)" in answer.text
    assert answer.searches[:2] == ["hybrid", "berlin"]


def test_an_unknown_word_is_named_and_a_typo_corrected(engine: Engine) -> None:
    answer = ask(engine, "/jobs pyhton remote")
    assert "No opening mentions pyhton" in answer.text
    assert "python remote" in answer.searches


def test_misses_suggest_related_questions_not_the_same_three(engine: Engine) -> None:
    offered = {
        tuple(ask(engine, text).suggestions)
        for text in ("/faq what should I learn", "/faq what is the ladder thing", "/faq choose")
    }
    assert len(offered) > 1
    unrelated = ask(engine, "how do I bake sourdough bread?")
    assert unrelated.suggestions == []
    assert "The FAQ covers:" in unrelated.text


def test_a_search_emptied_by_its_date_says_so_rather_than_answer_from_the_faq() -> None:
    late = Engine.from_source(
        directories([Path(ROOT) / "knowledge"]), today=lambda: date(2027, 3, 1)
    )
    answer = ask(late, "new python jobs")
    assert answer.intent == "jobs"
    assert not answer.faq
    assert "Without the date filter" in answer.text
    newest = max(p.date_posted for p in late.open_postings() if p.date_posted)
    answer = ask(late, "new jobs this week")
    assert f"No opening was posted in the last 7 days; the newest is from {newest}." in (
        answer.text
    )
    assert "today" in ask(late, "jobs posted today").text.splitlines()[0]


# -- the labelled set --------------------------------------------------------------------


def test_the_labelled_set_meets_the_targets(engine: Engine) -> None:
    items = [json.loads(line) for line in SET.read_text().splitlines() if line.strip()]
    kinds = [item["kind"] for item in items]
    assert kinds.count("faq") >= 150
    assert kinds.count("none") >= 30
    assert kinds.count("jobs") + kinds.count("stats") >= 60
    assert {item["entry"] for item in items if item["kind"] == "faq"} == {
        entry.id for entry in engine.corpus.faq
    }
    tallies = {"dev": Tally(), "holdout": Tally(), "all": Tally()}
    evaluate(engine, items, tallies)
    figures = tallies["all"].figures()
    assert figures["top1_accuracy"] >= 0.90, tallies["all"].misses
    assert figures["wrong_answer_rate"] <= 0.03, tallies["all"].misses
    assert figures["intent_accuracy"] >= 0.95, tallies["all"].misses


def _labelled(path: Path, faq: int, none: int, searches: int) -> list[dict]:
    """A labelled set's items, after checking it holds at least this many of each kind."""
    items = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    kinds = [item["kind"] for item in items]
    assert kinds.count("faq") >= faq
    assert kinds.count("none") >= none
    assert kinds.count("jobs") + kinds.count("stats") >= searches
    return items


def _meets_the_targets(tally: Tally) -> None:
    figures = tally.figures()
    assert figures["top1_accuracy"] >= 0.90, tally.misses
    assert figures["wrong_answer_rate"] <= 0.03, tally.misses
    assert figures["intent_accuracy"] >= 0.95, tally.misses


def test_the_blind_set_meets_the_targets(engine: Engine) -> None:
    """The set written from the FAQ entries alone (bench/data/blind.jsonl), all splits."""
    items = _labelled(BLIND, faq=200, none=40, searches=60)
    tally = Tally()
    evaluate(engine, items, {"blind": tally, "final": tally, "all": Tally()})
    _meets_the_targets(tally)


def test_the_second_blind_set_meets_the_targets(engine: Engine) -> None:
    """bench/data/blind2.jsonl, written from the knowledge files alone; its `final` split was
    unsealed at the end of round 3, so the whole set is held to the targets now."""
    items = _labelled(BLIND2, faq=200, none=50, searches=80)
    tally = Tally()
    evaluate(engine, items, {"blind": tally, "final": tally, "all": Tally()})
    _meets_the_targets(tally)


def test_the_third_blind_set_meets_the_targets_on_its_open_split(engine: Engine) -> None:
    """bench/data/blind3.jsonl, written before round 4 changed any code; its sealed `final`
    split is scored by `bench/eval_answers.py` only, so no test run shows its misses."""
    items = _labelled(BLIND3, faq=150, none=30, searches=50)
    assert {i["entry"] for i in items if i["kind"] == "faq"} >= {
        p.stem for p in (Path(ROOT) / "knowledge" / "faq").glob("*.md")
    }
    tally = Tally()
    evaluate(engine, [i for i in items if i["split"] != "final"], {"blind": tally, "all": Tally()})
    _meets_the_targets(tally)


# -- the search misses the earlier rounds left ---------------------------------------------


def test_not_java_keeps_the_go_role_that_welcomes_java_developers(engine: Engine) -> None:
    answer = ask(engine, "backend jobs not java")
    shown = titles(answer)
    assert "Senior Backend Engineer, Payments Core" in shown  # Go; Java only as a way in
    assert "Backend Engineer (Java / Spring Boot)" not in shown  # Java is the job
    assert "Junior Backend Engineer" in shown


def test_a_negated_bonus_skill_does_not_drop_the_posting(engine: Engine) -> None:
    shown = titles(ask(engine, "/jobs backend -kotlin"))
    assert "Backend Engineer (Java / Spring Boot)" in shown  # "Kotlin welcome"
    assert "Senior Mobile Engineer (iOS and Android)" not in shown


def test_where_my_visa_lets_me_work_is_a_place_not_a_sponsorship_filter(
    engine: Engine,
) -> None:
    answer = ask(engine, "my visa only lets me work in the uk, anything backend in london")
    assert answer.intent == "jobs"
    assert titles(answer) == ["Lead Backend Engineer (.NET)"]


def test_one_search_word_prefers_openings_about_it(engine: Engine) -> None:
    answer = ask(engine, "show me backend jobs")
    shown = titles(answer)
    assert "Senior Mobile Engineer (iOS and Android)" not in shown  # only works with backend
    assert "Lead Backend Engineer (.NET)" in shown
    assert "only mention “backend” in passing" in answer.text


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("fe jobs in austin", "Junior Frontend Engineer"),
        ("any fs roles", "Full-Stack Engineer (TypeScript) — all levels"),
        ("be jobs in london", "Lead Backend Engineer (.NET)"),
    ],
)
def test_stack_shorthand_searches_for_that_side(engine: Engine, text: str, title: str) -> None:
    answer = ask(engine, text)
    assert answer.intent == "jobs"
    assert titles(answer) == [title]


def test_more_than_a_sum_is_a_pay_floor_not_a_comparison(engine: Engine) -> None:
    answer = ask(engine, "jobs paying more than 185k")
    assert answer.intent == "jobs"
    assert set(titles(answer)) == {
        "Staff Security Engineer, Product Security",
        "Senior Backend Engineer, Payments Core",
    }


@pytest.mark.parametrize("text", ["whats open at orbitpay", "is the orbitpay role remote"])
def test_a_question_about_a_company_lists_its_openings(engine: Engine, text: str) -> None:
    answer = ask(engine, text)
    assert answer.intent == "jobs"
    assert titles(answer) == ["Senior Backend Engineer, Payments Core"]


def test_a_company_in_the_story_of_a_how_to_question_stays_a_question(engine: Engine) -> None:
    answer = ask(engine, "i have my final round with orbitpay on friday, how do i prepare")
    assert answer.faq[0].id == "technical-interview-prep"


# -- FAQ: a clear lead, the story, pay beside figures -----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "which db do i learn first for backend work",
        "which db should i study first for a backend role",
    ],
)
def test_a_clear_lead_on_meaningful_words_answers(engine: Engine, text: str) -> None:
    """The becoming entry shares "first", "learn" and "backend" with these; only the
    databases entry names databases, so it answers rather than "did you mean"."""
    answer = ask(engine, text)
    assert answer.intent == "faq"
    assert answer.faq[0].id == "backend-databases"


def test_a_question_with_nothing_of_its_own_takes_the_story_as_its_topic(
    engine: Engine,
) -> None:
    answer = ask(engine, "my daughter says she's a backend developer, what does she actually do")
    assert answer.faq[0].id == "backend-responsibilities"


def test_how_much_more_is_a_pay_question(engine: Engine) -> None:
    answer = ask(engine, "how much more do staff engineers earn than seniors")
    assert answer.intent == "stats"
    assert answer.faq[0].id == "salary-by-seniority"


def test_only_an_entry_about_pay_stands_beside_pay_figures(engine: Engine) -> None:
    answer = ask(engine, "do platform engineers get paid more for being on call")
    assert answer.intent == "stats"
    assert not answer.faq  # the DevOps entry says nothing about pay
    compared = ask(engine, "which pays better, backend or frontend")
    assert compared.intent == "stats"
    assert compared.faq[0].id == "frontend-vs-backend"  # the comparison asked about
    assert "Junior Frontend Engineer" in titles(compared)


# -- round 4: what generalised from the blind sets' misses ------------------------------


def test_a_word_only_one_answer_discusses_is_enough_to_answer(engine: Engine) -> None:
    answer = ask(engine, "where would i use cassandra")
    assert entry_of(answer) == "backend-databases"


def test_a_plain_question_after_a_long_story_is_answered(engine: Engine) -> None:
    answer = ask(
        engine,
        "ok so long story, i did 4 years in retail and then taught myself javascript at "
        "night, built two little apps for friends. anyway how would i become a backend dev",
    )
    assert entry_of(answer) == "become-backend-engineer"


def test_the_story_still_says_which_role_a_short_question_means(engine: Engine) -> None:
    answer = ask(engine, "thinking of pivoting to devops, what does that role involve")
    assert entry_of(answer) != "backend-responsibilities"


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("specialist or generalist, backend or full stack", "backend-vs-full-stack"),
        ("any tips for a take home challenge", "technical-interview-prep"),
        ("i always blank in live coding, how do i get better", "technical-interview-prep"),
        ("is a monolith bad", "microservices"),
        ("i love visual stuff but also data, front or back end", "frontend-vs-backend"),
        ("what is expected of a backend engineer on a team", "backend-responsibilities"),
    ],
)
def test_career_words_people_use_find_the_entry(engine: Engine, question: str, entry: str) -> None:
    answer = ask(engine, question)
    assert entry_of(answer) == entry


def test_how_many_years_to_senior_is_a_career_question(engine: Engine) -> None:
    answer = ask(engine, "how many years does it take to become senior")
    assert answer.intent == "faq"
    assert entry_of(answer) == "backend-career-path"
    assert "openings" not in answer.text.split("\n", 1)[0]


def test_openings_with_a_question_mark_are_listed(engine: Engine) -> None:
    answer = ask(engine, "remote python roles?")
    assert answer.intent == "jobs"
    assert "Junior Backend Engineer" in titles(answer)
    assert not answer.faq  # not the remote-work tips


def test_upper_case_or_is_a_search_even_when_it_reads_like_a_choice(engine: Engine) -> None:
    answer = ask(engine, "java OR kotlin")
    assert answer.intent == "jobs"
    shown = titles(answer)
    assert "Backend Engineer (Java / Spring Boot)" in shown
    assert "Senior Mobile Engineer (iOS and Android)" in shown
    assert "Junior Frontend Engineer" not in shown


def test_avg_pay_gives_the_figures(engine: Engine) -> None:
    answer = ask(engine, "avg pay for qa")
    assert answer.intent == "stats"
    assert "QA Automation Engineer" in titles(answer)
    assert "£35,000" in answer.text


def test_fintech_finds_the_payments_company(engine: Engine) -> None:
    answer = ask(engine, "fintech jobs")
    assert answer.intent == "jobs"
    assert "Senior Backend Engineer, Payments Core" in titles(answer)


def test_remote_frontend_shorthand_finds_the_remote_full_stack_role(engine: Engine) -> None:
    answer = ask(engine, "are there fe jobs that are remote")
    assert answer.intent == "jobs"
    assert titles(answer) == ["Full-Stack Engineer (TypeScript) — all levels"]


def test_outside_a_place_leaves_that_place_out(engine: Engine) -> None:
    answer = ask(engine, "backend jobs outside the us")
    assert titles(answer) == ["Lead Backend Engineer (.NET)"]
