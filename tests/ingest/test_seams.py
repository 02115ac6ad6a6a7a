"""The pure functions other sources build on: HTML to text, schema.org JobPosting to a
posting, JobPostings in a page, one HN comment, and fields plus text from a connector."""

from __future__ import annotations

from datetime import date

import pytest

from jobbot.ingest import DocumentError
from jobbot.ingest.assemble import posting_from_parts
from jobbot.ingest.hn import posting_from_hn_comment
from jobbot.ingest.html import html_to_text
from jobbot.ingest.jsonld import jobpostings_in_html, posting_from_jsonld
from jobbot.models import Salary, YearsRange


def test_html_to_text_keeps_structure_and_drops_what_is_not_content() -> None:
    text = html_to_text(
        "<html><head><script>var x = 1</script></head><body><nav>Menu</nav><article>"
        "<h2>What you'll do</h2><ul><li>Build <b>APIs</b></li><li>Review code</li></ul>"
        "<p>Pay:<br>$100k&nbsp;&ndash;&nbsp;$120k</p><table><tr><td>Location</td>"
        '<td>Oslo</td></tr></table><p>See <a href="https://evil.example">our site</a>.</p>'
        "</article></body></html>"
    )
    assert text.split("\n") == [
        "## What you'll do",
        "",
        "- Build **APIs**",
        "- Review code",
        "",
        "Pay:",
        "$100k – $120k",
        "",
        "| Location | Oslo |",
        "",
        "See our site.",
    ]


def test_posting_from_jsonld_fills_gaps_from_its_description() -> None:
    job = posting_from_jsonld(
        {
            "@type": "JobPosting",
            "title": "Backend Engineer",
            "hiringOrganization": "Fjord Data",
            "jobLocation": [
                {"@type": "Place", "address": {"addressLocality": "Oslo", "addressCountry": "NO"}},
                {"@type": "Place", "address": "Bergen, Norway"},
            ],
            "employmentType": "Full-time",
            "datePosted": "2026-10-30T09:00:00+01:00",
            "experienceRequirements": {"monthsOfExperience": 36},
            "description": "<p>Kotlin and PostgreSQL. Hybrid, 2 days in office.</p>",
        },
        source="greenhouse:fjord/77",
    )
    assert job.location == "Oslo, NO; Bergen, Norway"
    assert job.company == "Fjord Data"
    assert job.employment_type == ["FULL_TIME"]
    assert job.date_posted == date(2026, 10, 30)
    assert job.experience_years == YearsRange(min=3, max=None)
    assert job.workplace == ["hybrid"]
    assert job.skills == ["Kotlin", "PostgreSQL"]
    assert job.source == "greenhouse:fjord/77"


def test_jobpostings_in_html_finds_json_ld_and_microdata_and_nothing_else() -> None:
    html = (
        '<script type="application/ld+json">[{"@type": "Organization", "name": "X"}, '
        '{"@type": ["JobPosting"], "title": "A"}]</script>'
        '<script type="application/ld+json">{"@type": "WebPage", "mainEntity": '
        '{"@type": "http://schema.org/JobPosting", "title": "B"}}</script>'
        '<div itemscope itemtype="http://schema.org/JobPosting"><span itemprop="title">C'
        '</span></div><script>{"@type": "JobPosting", "title": "not ld+json"}</script>'
    )
    assert [p["title"] for p in jobpostings_in_html(html)] == ["A", "B", "C"]


def test_one_hn_comment_as_the_api_serves_it() -> None:
    comment = (
        "Lumen Labs | Staff ML Engineer | NYC (NYC based, not remote) | $210k-$260k + equity"
        "<p>We train ranking models in PyTorch on Kubernetes.<p>No visa sponsorship, sorry."
    )
    job = posting_from_hn_comment(comment, "hn:38277926")
    assert (job.company, job.title) == ("Lumen Labs", "Staff ML Engineer")
    assert job.location == "NYC"
    assert job.workplace == ["onsite"]  # "not remote" is never remote
    assert job.salary == Salary(min=210_000, max=260_000, currency="USD", period="YEAR")
    assert job.visa_sponsorship is False
    assert job.seniority == "staff"
    assert "Kubernetes" in job.skills


def test_posting_from_parts_takes_a_connectors_fields_and_reads_the_rest() -> None:
    job = posting_from_parts(
        "We need 4+ years of Go. This is a hybrid role in Lisbon. Visa sponsorship available.",
        title="Platform Engineer",
        hints={
            "company": "Lever Co",
            "location": "Lisbon, Portugal",
            "salary": Salary(min=70_000, max=90_000, currency="EUR", period="YEAR"),
            "employment_type": ["FULL_TIME"],
            "date_posted": date(2026, 11, 1),
            "url": "https://jobs.lever.example/lever-co/1",
        },
        source="lever:lever-co/1",
        posting_id="lever-co-1",
    )
    assert job.id == "lever-co-1"
    assert job.salary == Salary(min=70_000, max=90_000, currency="EUR", period="YEAR")
    assert job.workplace == ["hybrid"]
    assert job.experience_years == YearsRange(min=4, max=None)
    assert job.visa_sponsorship is True
    assert job.skills == ["Go"]
    assert job.url == "https://jobs.lever.example/lever-co/1"


def test_posting_from_parts_without_any_title_says_so() -> None:
    with pytest.raises(DocumentError, match="no job title"):
        posting_from_parts("We are a company that cares, truly, about many things.", source="x")
