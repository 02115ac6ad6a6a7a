"""FAQ entries from FAQ sections and curated FAQ files."""

from __future__ import annotations

from jobbot.ingest import parse_text
from jobbot.ingest.faq import qa_pairs


def test_markdown_faq_section_with_question_headings() -> None:
    parsed = parse_text(
        "# Data Engineer\n\nBuild pipelines in Python.\n\n## FAQ\n\n"
        "### Is the role remote?\n\nYes, fully.\n\n### Do you sponsor visas?\n\nNot yet.\n\n"
        "## Benefits\n\nGood coffee.\n",
        "postings/data.md",
    )
    assert [(f.question, f.answer) for f in parsed.faq] == [
        ("Is the role remote?", "Yes, fully."),
        ("Do you sponsor visas?", "Not yet."),
    ]
    assert len(parsed.postings) == 1  # a document yields a posting and its FAQ entries
    assert "sponsor visas" not in parsed.postings[0].description


def test_q_and_a_labels_and_bold_questions() -> None:
    lines = [
        "**Q: How long is the interview process?**",
        "A: About three weeks.",
        "",
        "Q: Can I apply twice? A: Yes, after six months.",
    ]
    assert qa_pairs(lines) == [
        ("How long is the interview process?", "About three weeks."),
        ("Can I apply twice?", "Yes, after six months."),
    ]


def test_answer_label_after_a_blank_line_is_dropped() -> None:
    assert qa_pairs(["### Is it paid?", "", "**A:** Yes, hourly."]) == [
        ("Is it paid?", "Yes, hourly.")
    ]


def test_answers_without_questions_are_not_given_invented_questions() -> None:
    assert qa_pairs(["A backend engineer builds servers.", "", "Salaries vary."]) == []


def test_question_without_answer_is_dropped() -> None:
    assert qa_pairs(["What is X?", "What is Y?", "Y is a letter."]) == [
        ("What is Y?", "Y is a letter.")
    ]


def test_curated_faq_file_with_question_front_matter() -> None:
    parsed = parse_text(
        "---\nquestion: What does a backend engineer do?\naliases: [backend role, server side]\n"
        "tags: [career]\n---\nDesigns APIs and data stores.\n",
        "faq/backend.md",
    )
    assert parsed.postings == []
    [entry] = parsed.faq
    assert entry.question == "What does a backend engineer do?"
    assert entry.answer == "Designs APIs and data stores."
    assert entry.aliases == ["backend role", "server side"]
    assert entry.tags == ["career"]
    assert entry.source == "faq/backend.md"


def test_question_front_matter_outside_faq_folder_is_still_faq() -> None:
    parsed = parse_text("---\nquestion: Why Go?\n---\nFast builds.\n", "misc/go.md")
    assert parsed.postings == []
    assert [f.question for f in parsed.faq] == ["Why Go?"]


def test_faq_folder_file_with_a_heading_as_question() -> None:
    parsed = parse_text("# How do I negotiate salary?\n\nKnow your range.\n", "faq/negotiate.md")
    assert parsed.postings == []
    assert [(f.question, f.answer) for f in parsed.faq] == [
        ("How do I negotiate salary?", "Know your range.")
    ]


def test_faq_ids_are_stable_and_distinct() -> None:
    text = "---\nquestion: Why Go?\n---\nFast builds.\n"
    first = parse_text(text, "faq/go.md").faq[0].id
    assert first == parse_text(text, "faq/go.md").faq[0].id
    assert first != parse_text(text, "faq/other.md").faq[0].id
    assert parse_text("---\nid: why-go\nquestion: Why Go?\n---\nFast.\n", "faq/x.md").faq[0].id == (
        "why-go"
    )


def test_a_page_that_is_only_an_faq_yields_no_posting() -> None:
    parsed = parse_text(
        "## Frequently Asked Questions\n\n**What is a backend engineer?**\n"
        "Someone who builds the server side.\n\n**How much do they earn?**\nIt varies.\n",
        "guides/faq.md",
    )
    assert parsed.postings == []
    assert [f.question for f in parsed.faq] == [
        "What is a backend engineer?",
        "How much do they earn?",
    ]
