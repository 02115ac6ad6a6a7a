"""Answer → Block Kit: cards, buttons and Slack's limits, as pure functions."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.slack import blocks
from adapters.slack.blocks import Ref
from adapters.slack.home import item_text
from jobbot.announce.personal import Listed
from jobbot.announce.publisher import Announcement
from jobbot.announce.tracking import Item
from jobbot.ingest import load_directories
from jobbot.models import Answer, FAQHit, JobHit, Salary
from tests.adapters.slack.shown import buttons, shown
from tests.contract.live import Live, live
from tests.support.hostile import HOSTILE, OWN_URL, hostile_faq, hostile_posting


def hit(n: int, **fields: Any) -> JobHit:
    data: dict[str, Any] = {
        "id": f"p{n}",
        "title": f"Engineer {n}",
        "company": "Acme",
        "location": "Berlin",
        "workplace": ["remote", "hybrid"],
        "salary": Salary(min=90000, max=120000, currency="EUR", period="YEAR"),
        "skills": ["Python", "Go", "SQL", "AWS", "Docker", "Kubernetes", "Terraform"],
        "url": f"https://jobs.example.com/{n}",
        "description": "We build things.",
        "source": f"postings/p{n}.md",
    }
    data.update(fields)
    return JobHit(**data)


def check_limits(rendered: list[dict[str, Any]]) -> None:
    assert len(rendered) <= blocks.MAX_BLOCKS
    for block in rendered:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= blocks.MAX_SECTION
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= blocks.MAX_HEADER
        for element in [*block.get("elements", []), block.get("accessory") or {}]:
            if element.get("type") == "button":
                assert len(element["text"]["text"]) <= blocks.MAX_BUTTON_LABEL
                assert len(element.get("value", "")) <= blocks.MAX_VALUE
        action_ids = [e.get("action_id") for e in block.get("elements", []) if "action_id" in e]
        assert len(action_ids) == len(set(action_ids))


def test_card_shows_the_facts_a_job_seeker_scans_for() -> None:
    card = blocks.posting_card(hit(1), Ref("jobs", "python", 1, "p1"))
    text = shown({"blocks": card})
    for fact in ("Engineer 1", "Acme", "Berlin", "Remote / Hybrid", "€90,000 – €120,000 / year"):
        assert fact in text
    assert "Python, Go, SQL, AWS, Docker +2 more" in text
    labels = buttons({"blocks": card})
    assert labels["Apply"]["url"] == "https://jobs.example.com/1"
    assert Ref.decode(labels["Details"]["value"]) == Ref("jobs", "python", 1, "p1")


def test_no_apply_button_without_a_web_url() -> None:
    for url in (None, "javascript:alert(1)"):
        assert "Apply" not in buttons({"blocks": blocks.posting_card(hit(1, url=url), None)})


def test_paging_buttons_only_where_there_is_another_page() -> None:
    middle = Answer(intent="jobs", jobs=[hit(3), hit(4)], total=6, page=2, pages=3, page_size=2)
    labels = buttons({"blocks": blocks.answer_blocks(middle, Ref("jobs", "eng"), shareable=True)})
    assert Ref.decode(labels["Next ▶"]["value"]) == Ref("jobs", "eng", 3)
    assert Ref.decode(labels["◀ Previous"]["value"]) == Ref("jobs", "eng", 1)
    assert "Share to channel" in labels
    last = middle.model_copy(update={"page": 3})
    assert "Next ▶" not in buttons({"blocks": blocks.answer_blocks(last, Ref("jobs", "eng"))})


def test_ref_survives_a_huge_query_within_the_value_limit() -> None:
    value = Ref("jobs", '<!channel> "é"' * 1000, 7, "p1").encode()
    assert len(value) <= blocks.MAX_VALUE
    decoded = Ref.decode(value)
    assert decoded is not None
    assert (decoded.command, decoded.page, decoded.posting) == ("jobs", 7, "p1")


def test_foreign_button_values_are_not_refs() -> None:
    for value in ("", "nope", "[]", '{"c": "rm -rf"}', '{"p": "x"}'):
        assert Ref.decode(value) is None


def test_long_answers_are_split_never_rejected() -> None:
    long_text = "\n\n".join(f"Paragraph {i}: " + "word " * 300 for i in range(200))
    answer = Answer(intent="faq", text=long_text, confident=False, suggestions=["q" * 500] * 5)
    rendered = blocks.answer_blocks(answer, Ref("faq", "x"), shareable=True)
    check_limits(rendered)
    assert rendered[-1]["type"] == "actions"  # the controls survive the cut
    assert "Share to channel" in buttons({"blocks": rendered})


def test_full_posting_details_fit_in_one_message() -> None:
    posting = hit(1, title="T" * 400, description="line of text\n" * 5000, skills=["x"] * 200)
    rendered = blocks.posting_details(posting)
    check_limits(rendered)
    assert rendered[0]["type"] == "header"


@settings(max_examples=50, deadline=None)
@given(
    title=st.text(min_size=1, max_size=500),
    query=st.text(max_size=3000),
    count=st.integers(min_value=1, max_value=25),
)
def test_any_answer_renders_within_block_kit_limits(title: str, query: str, count: int) -> None:
    jobs = [hit(n, title=title, description=title * 3) for n in range(count)]
    answer = Answer(intent="jobs", jobs=jobs, total=100, page=2, pages=9, page_size=count)
    rendered = blocks.answer_blocks(answer, Ref("jobs", query), shareable=True)
    check_limits(rendered)
    json.dumps(rendered)
    assert len(blocks.fallback_text(answer)) <= blocks.MAX_FALLBACK


def test_one_new_posting_is_a_card_and_many_are_a_digest() -> None:
    single = Announcement(channel="C1", postings=[hit(1)], query="python")
    rendered = blocks.announcement_blocks(single)
    assert "New opening" in shown({"blocks": rendered})
    assert "Apply" in buttons({"blocks": rendered})
    many = Announcement(channel="C1", postings=[hit(n) for n in range(80)], query="python")
    digest = blocks.announcement_blocks(many)
    check_limits(digest)
    assert "*80* new openings" in shown({"blocks": digest})
    assert "and 33 more" in shown({"blocks": digest})


def test_every_bundled_posting_renders_within_block_kit_limits(knowledge_dir: Path) -> None:
    corpus = load_directories([knowledge_dir])
    assert corpus.postings
    for posting in corpus.postings:
        check_limits(blocks.posting_card(posting, Ref("jobs", "x", 1, posting.id)))
        check_limits(blocks.posting_details(posting))
    check_limits(blocks.announcement_blocks(Announcement(channel="C", postings=corpus.postings)))


def test_faq_source_is_named_once() -> None:
    faq = FAQHit(id="v", question="Visas?", answer="Yes.", source="faq/visa.md", score=2.0)
    with_source = Answer(intent="faq", faq=[faq], text="Yes.\n\n_Source: faq/visa.md_")
    without = Answer(intent="faq", faq=[faq], text="Yes.")
    for answer in (with_source, without):
        text = shown({"blocks": blocks.answer_blocks(answer, Ref("faq", "visas"))})
        assert text.count("faq/visa.md") == 1


def test_figures_come_first_and_their_postings_follow() -> None:
    answer = Answer(
        intent="stats",
        text="**Pay for backend engineers**: median $135,000",
        jobs=[hit(1)],
        total=1,
    )
    rendered = blocks.answer_blocks(answer, Ref(None, "what do backend engineers earn?"))
    text = shown({"blocks": rendered})
    assert text.index("*Pay for backend engineers*: median $135,000") < text.index("Engineer 1")
    assert "Apply" in buttons({"blocks": rendered})


# --- posting text is untrusted ------------------------------------------------------------


def slack_live(rendered: list[dict[str, Any]], text: str = "") -> Live:
    return live("slack", [{"text": text, "blocks": rendered}])


def test_details_of_a_hostile_posting_link_only_to_its_own_url() -> None:
    posting = hostile_posting()
    found = slack_live(blocks.posting_details(posting))
    assert found.mentions == []
    assert set(found.links) == {OWN_URL}  # the title and the Apply button
    everything = json.dumps(blocks.posting_details(posting), ensure_ascii=False)
    assert "Bank Login (evil.example)" in everything  # a masked link shows where it goes
    assert "good.example.com (evil.example)" in everything


def test_every_renderer_keeps_hostile_posting_text_inert() -> None:
    postings = [hostile_posting(0), hostile_posting(1, split=True), hostile_posting(2)]
    single = Announcement(channel="C1", postings=postings[:1], query=HOSTILE)
    digest = Announcement(channel="C1", postings=postings, query=HOSTILE)
    answer = Answer(intent="jobs", jobs=[JobHit(**p.model_dump()) for p in postings], total=3)
    faq = hostile_faq()
    faq_answer = Answer(
        intent="faq",
        confident=True,
        faq=[FAQHit(id=faq.id, question=faq.question, answer=faq.answer, source=faq.source)],
        text="x",
    )
    rendered = {
        "search": (
            blocks.answer_blocks(answer, Ref("jobs", HOSTILE)),
            blocks.fallback_text(answer),
        ),
        "faq": (blocks.answer_blocks(faq_answer, Ref("faq", HOSTILE)), ""),
        "announcement": (blocks.announcement_blocks(single), blocks.announcement_text(single)),
        "digest": (blocks.announcement_blocks(digest), blocks.announcement_text(digest)),
    }
    for name, (rendered_blocks, fallback) in rendered.items():
        found = slack_live(rendered_blocks, fallback)
        assert found.mentions == [], name
        assert set(found.links) <= {OWN_URL}, (name, found.links)
        assert all(
            node.get("verbatim") is True
            for block in rendered_blocks
            for node in _mrkdwn_objects(block)
        ), name


def _mrkdwn_objects(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, dict):
        found = [value] if value.get("type") == "mrkdwn" else []
        return found + [n for child in value.values() for n in _mrkdwn_objects(child)]
    if isinstance(value, list):
        return [n for child in value for n in _mrkdwn_objects(child)]
    return []


def test_posting_text_formats_nothing() -> None:
    summary = blocks.posting_summary(hit(1, title="*URGENT* _now_ ~gone~ `x`", url=None))
    for marked in ("*URGENT*", "_now_", "~gone~", "`x`"):
        assert marked not in summary  # each marker is set apart by zero-width spaces
    # Shown as typed (the zero-width spaces aside), inside the card's own bold title.
    assert summary.replace("\u200b", "").startswith("**URGENT* _now_ ~gone~ `x`*")


def test_a_url_hiding_its_host_is_no_link_and_no_apply_button() -> None:
    posting = hit(1, url="https://jobs.example.com@evil.example/apply")
    card = blocks.posting_card(posting, None)
    assert slack_live(card).links == []
    assert "Apply" not in buttons({"blocks": card})


def test_alert_dms_and_my_jobs_keep_hostile_posting_text_inert() -> None:
    postings = [hostile_posting(0), hostile_posting(1, split=True)]
    for announcement in (
        Announcement(channel="dm:U1", member="U1", postings=postings[:1], query=HOSTILE),
        Announcement(channel="dm:U1", member="U1", postings=postings, query=HOSTILE),
    ):
        found = slack_live(blocks.announcement_blocks(announcement))
        assert found.mentions == []
        assert set(found.links) <= {OWN_URL}, found.links
    for posting in postings:
        item = Item(
            posting.id, "saved", posting.title, posting.company, posting.url, datetime.now(UTC)
        )
        for is_open in (True, False):
            found = slack_live([blocks.mrkdwn_section(item_text(Listed(item, is_open)))])
            assert found.mentions == []
            assert set(found.links) <= ({OWN_URL} if is_open else set()), found.links
