"""Rendering answers and postings as embeds: every field shown, every Discord limit kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.discord.embeds import (
    MESSAGE_EMBED_CHARS,
    DiscordMessage,
    digest_embeds,
    pack_messages,
    posting_embed,
    render_answer,
    render_jobs,
    shrink_embed,
)
from adapters.discord.poster import announcement_messages
from jobbot.announce.publisher import Announcement
from jobbot.ingest import load_directories
from jobbot.models import Answer, FAQHit, JobHit, Posting, Query, Salary, Stats
from tests.contract.live import live
from tests.support.hostile import HOSTILE, OWN_URL, hostile_faq, hostile_posting


def full_posting(**fields: object) -> Posting:
    base: dict[str, object] = {
        "id": "acme-backend",
        "title": "Backend Engineer",
        "company": "Acme",
        "location": "Berlin, Germany",
        "workplace": ["remote", "hybrid"],
        "employment_type": ["FULL_TIME", "CONTRACTOR"],
        "salary": Salary(min=130_000, max=190_000, currency="USD", period="YEAR"),
        "seniority": "senior",
        "skills": ["Python", "Go", "PostgreSQL"],
        "date_posted": date(2026, 1, 5),
        "url": "https://acme.example/jobs/1",
        "description": "# Backend Engineer\nBuild the APIs our customers rely on.\n\nMore.",
        "source": "postings/acme.md",
    }
    base.update(fields)
    return Posting.model_validate(base)


def within_limits(message: DiscordMessage) -> bool:
    return (
        len(message.content) <= 2000
        and len(message.embeds) <= 10
        and sum(len(e) for e in message.embeds) <= MESSAGE_EMBED_CHARS
        and all(
            len(e.title or "") <= 256
            and len(e.description or "") <= 4096
            and len(e.fields) <= 25
            and all(len(f.name or "") <= 256 and len(f.value or "") <= 1024 for f in e.fields)
            and len(e.footer.text or "") <= 2048
            for e in message.embeds
        )
    )


def test_posting_embed_shows_title_link_company_location_workplace_salary_skills() -> None:
    embed = posting_embed(full_posting())
    assert embed.title == "Backend Engineer"
    assert embed.url == "https://acme.example/jobs/1"
    fields = {f.name: f.value for f in embed.fields}
    assert fields["Company"] == "Acme"
    assert fields["Location"] == "Berlin, Germany"
    assert fields["Workplace"] == "Remote, Hybrid"
    assert fields["Salary"] == "$130,000 – $190,000 / year"
    assert fields["Type"] == "Full-time, Contract"
    assert fields["Skills"] == "Python, Go, PostgreSQL"
    assert embed.description == "Build the APIs our customers rely on. More."
    assert embed.footer.text == "Posted 2026-01-05 · postings/acme.md"


def test_missing_fields_are_left_out_not_shown_empty() -> None:
    embed = posting_embed(Posting(id="x", title="Mystery job", source="x.md", url="mailto:x"))
    assert embed.fields == []
    assert embed.url is None  # only web links become the title link


def test_mentions_in_knowledge_text_are_escaped() -> None:
    embed = posting_embed(full_posting(title="@everyone look", company="@here Inc"))
    assert embed.title == "@\u200beveryone look"
    assert {f.value for f in embed.fields} >= {"@\u200bhere Inc"}


def test_jobs_header_counts_and_pages() -> None:
    answer = Answer(
        intent="jobs",
        jobs=[JobHit(**full_posting().model_dump())],
        total=12,
        page=2,
        pages=3,
    )
    message = render_jobs(answer, "python *remote*")
    assert message.content == "**12** jobs for “python \\*remote\\*” — page 2 of 3"
    assert [e.title for e in message.embeds] == ["Backend Engineer"]


def test_empty_page_after_reindex_says_so() -> None:
    message = render_jobs(Answer(intent="jobs", total=3, page=4, pages=1), "python")
    assert "no page 4" in message.embeds[0].description


def test_faq_answer_cites_source_and_long_text_is_paged() -> None:
    long_text = ("A sentence about salaries and offers. " * 40 + "\n\n") * 15
    hit = FAQHit(id="f", question="How do I negotiate?", answer=long_text, source="faq/n.md")
    messages = render_answer(Answer(intent="faq", faq=[hit], text=long_text))
    embeds = [e for m in messages for e in m.embeds]
    assert embeds[0].title == "How do I negotiate?"
    assert embeds[-1].footer.text == "Source: faq/n.md"
    assert len(embeds) >= 2
    assert all(within_limits(m) for m in messages)
    assert sum(e.description.count("A sentence") for e in embeds) == 40 * 15


def test_unsure_answer_invites_suggestions_and_stats_name_their_basis() -> None:
    unsure = render_answer(
        Answer(intent="unknown", text="Not sure.", confident=False, suggestions=["Q?"])
    )
    assert unsure[0].content == "Did you mean one of these?"
    stats = render_answer(Answer(intent="stats", text="Median $150k", stats=Stats(postings=7)))
    assert stats[0].embeds[0].title == "From 7 postings"


@settings(max_examples=40, deadline=None)
@given(
    title=st.text(min_size=1, max_size=600),
    company=st.text(max_size=2000),
    skills=st.lists(st.text(max_size=300), max_size=30),
    description=st.text(max_size=9000),
    count=st.integers(min_value=1, max_value=10),
)
def test_any_page_of_postings_fits_one_message(
    title: str, company: str, skills: list[str], description: str, count: int
) -> None:
    posting = full_posting(title=title, company=company, skills=skills, description=description)
    jobs = [JobHit(**posting.model_dump()) for _ in range(count)]
    answer = Answer(intent="jobs", jobs=jobs, total=count, query=Query(raw=title))
    message = render_jobs(answer, title * 10)
    assert within_limits(message)
    assert len(message.embeds) == count


@given(budget=st.integers(min_value=50, max_value=6000))
def test_shrink_embed_meets_any_budget(budget: int) -> None:
    posting = full_posting(
        title="T" * 256, skills=["S" * 100] * 10, description="D " * 3000, company="C" * 900
    )
    assert len(shrink_embed(posting_embed(posting), budget)) <= budget


def test_every_bundled_and_seed_posting_renders_within_limits(
    knowledge_dir: Path, seeds_dir: Path
) -> None:
    corpus = load_directories([knowledge_dir, seeds_dir])
    assert corpus.postings
    for posting in corpus.postings:
        embed = posting_embed(posting)
        assert within_limits(DiscordMessage(embeds=[embed])), posting.source
    jobs = [JobHit(**p.model_dump()) for p in corpus.postings[:10]]
    page = render_jobs(Answer(intent="jobs", jobs=jobs, total=len(jobs)), "anything")
    assert within_limits(page)
    for entry in corpus.faq:
        hit = FAQHit(**entry.model_dump())
        for message in render_answer(Answer(intent="faq", faq=[hit], text=entry.answer)):
            assert within_limits(message), entry.source


def test_teaser_skips_what_the_fields_already_say() -> None:
    posting = full_posting(
        title="Data Engineer",
        description="Data Engineer\nCompany: Acme\n**Location:** Berlin\n\nWe move data fast.",
    )
    assert posting_embed(posting).description == "We move data fast."


def test_faq_embed_does_not_repeat_the_question_as_its_first_line() -> None:
    hit = FAQHit(id="f", question="Why?", answer="Because.", source="faq/why.md")
    (message,) = render_answer(Answer(intent="faq", faq=[hit], text="**Why?**\n\nBecause."))
    assert message.embeds[0].title == "Why?"
    assert message.embeds[0].description == "Because."


# --- posting text is untrusted ------------------------------------------------------------


def test_a_bracket_split_across_title_and_company_is_no_masked_link() -> None:
    """The issue's digest: `[Bank Login` in the title, `](https://evil…)` in the company."""
    postings = [hostile_posting(0, split=True), hostile_posting(1, split=True)]
    found = live("discord", pack_messages("", digest_embeds(postings, "x")))
    assert set(found.links) == {OWN_URL}  # each title links to its own posting, nothing else
    assert found.mentions == []


def test_every_discord_renderer_keeps_hostile_posting_text_inert() -> None:
    postings = [hostile_posting(0), hostile_posting(1, split=True), hostile_posting(2)]
    faq = hostile_faq()
    answer = Answer(
        intent="faq",
        confident=True,
        faq=[FAQHit(id=faq.id, question=faq.question, answer=faq.answer, source=faq.source)],
    )
    rendered = {
        "card": [DiscordMessage(embeds=[posting_embed(postings[0])])],
        "search": [render_jobs(Answer(intent="jobs", jobs=_hits(postings), total=3), HOSTILE)],
        "faq": render_answer(answer, HOSTILE),
        "announcement": announcement_messages(
            Announcement(channel="1", postings=postings[:1], query=HOSTILE)
        ),
        "digest": announcement_messages(
            Announcement(channel="1", postings=postings, query=HOSTILE)
        ),
    }
    for name, messages in rendered.items():
        found = live("discord", messages)
        assert found.mentions == [], (name, found.mentions)
        assert set(found.links) <= {OWN_URL}, (name, found.links)


def _hits(postings: list[Posting]) -> list[JobHit]:
    return [JobHit(**p.model_dump()) for p in postings]


def test_posting_text_formats_nothing_in_discord() -> None:
    embed = posting_embed(full_posting(title="# Big **URGENT** ||secret||", company="> quoted"))
    assert embed.title == "\\# Big \\*\\*URGENT\\*\\* \\|\\|secret\\|\\|"
    assert embed.fields[0].value == "\\> quoted"


def test_a_url_hiding_its_host_is_no_link_in_discord() -> None:
    embed = posting_embed(full_posting(url="https://jobs.example.com@evil.example/apply"))
    assert embed.url is None


def test_alert_dms_keep_hostile_posting_text_inert_in_discord() -> None:
    postings = [hostile_posting(0), hostile_posting(1, split=True)]
    for announcement in (
        Announcement(channel="dm:1", member="1", postings=postings[:1], query=HOSTILE),
        Announcement(channel="dm:1", member="1", postings=postings, query=HOSTILE),
    ):
        found = live("discord", announcement_messages(announcement))
        assert found.mentions == []
        assert set(found.links) <= {OWN_URL}, found.links
