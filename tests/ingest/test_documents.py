"""Whole documents in the shapes postings arrive in: which source wins for each field."""

from __future__ import annotations

from jobbot.ingest import parse_text
from jobbot.models import Posting, Salary, YearsRange


def one(text: str, source: str = "postings/job.md") -> Posting:
    [posting] = parse_text(text, source).postings
    return posting


def test_plain_key_value_lines() -> None:
    job = one(
        "Senior Platform Engineer\n\nLocation: Austin, TX (On-site)\nEmployment Type: Contract\n"
        "Salary: $70–$90/hour\nDate posted: 2025-02-03\nApply: https://example.com/jobs/7\n\n"
        "Terraform and AWS, 5+ years.\n"
    )
    assert job.title == "Senior Platform Engineer"
    assert job.location == "Austin, TX"
    assert job.workplace == ["onsite"]
    assert job.employment_type == ["CONTRACTOR"]
    assert job.salary == Salary(min=70, max=90, currency="USD", period="HOUR")
    assert job.seniority == "senior"
    assert job.experience_years == YearsRange(min=5, max=None)
    assert str(job.date_posted) == "2025-02-03"
    assert job.url == "https://example.com/jobs/7"
    assert job.skills == ["Terraform", "AWS"]


def test_front_matter_beats_labels_and_labels_beat_free_text() -> None:
    job = one(
        "---\ntitle: API Engineer\nsalary: €65,000 – €80,000 per year\n---\n"
        "**Salary Range:** €50,000 - €60,000\n\nJuniors elsewhere get €30,000 - €40,000.\n"
    )
    assert job.salary == Salary(min=65000, max=80000, currency="EUR", period="YEAR")
    job = one("# API Engineer\n\n**Salary Range:** £35,000 - £42,000 per annum\n\n$1k - $2k\n")
    assert job.salary == Salary(min=35000, max=42000, currency="GBP", period="YEAR")


def test_free_text_salary_is_used_when_nothing_is_labelled() -> None:
    job = one("# Go Developer\n\nThe role pays CA$110,000 - CA$135,000 plus bonus.\n")
    assert job.salary == Salary(min=110000, max=135000, currency="CAD", period="YEAR")


def test_a_comparison_after_the_amount_does_not_hide_the_salary() -> None:
    job = one("# SRE\n\nThis role pays $120k-$150k, above the industry average.\n")
    assert job.salary == Salary(min=120000, max=150000, currency="USD", period="YEAR")


def test_typical_ranges_in_side_remarks_are_not_the_posting_salary() -> None:
    job = one(
        "# Backend Engineer\n\nBuild APIs.\n\n"
        "Salary expectations for junior roles typically range from $50,000 to $80,000 "
        "USD annually.\n"
    )
    assert job.salary is None


def test_remote_europe_and_permanent_full_time() -> None:
    job = one(
        "---\ntitle: Rust Engineer\nlocation: Remote — anywhere in Europe\n"
        "employment_type: Permanent, full time\n---\nRust and Kafka.\n"
    )
    assert job.workplace == ["remote"]
    assert job.location == "Anywhere in Europe"
    assert job.employment_type == ["FULL_TIME"]


def test_title_label_and_html_in_values() -> None:
    job = one(
        "---\ncompany: <b>Acme</b> &amp; Co\nskills: [golang, Postgres, k8s]\n---\n"
        "**Title**: Backend Developer\n\nStuff.\n"
    )
    assert job.title == "Backend Developer"
    assert job.company == "Acme & Co"
    assert job.skills[:3] == ["Go", "PostgreSQL", "Kubernetes"]


def test_setext_heading_and_apply_button_link() -> None:
    job = one(
        "---\napply_button:\n  link: https://acme.example/apply\n---\n"
        "Data Engineer\n=============\n\nAirflow and BigQuery.\n"
    )
    assert job.title == "Data Engineer"
    assert job.url == "https://acme.example/apply"
    assert job.skills == ["Airflow", "BigQuery"]


def test_body_statement_of_workplace_and_employment() -> None:
    job = one("# SRE\n\nThis is a fully remote role. This is a part-time position.\n")
    assert job.workplace == ["remote"]
    assert job.employment_type == ["PART_TIME"]


def test_markdown_table_fields() -> None:
    job = one(
        "# Data Scientist\n\n| Field | Value |\n|---|---|\n| Location | Paris, France |\n"
        "| Salary | €60k–€75k |\n| Type | Permanent, full time |\n\nPython and SQL.\n"
    )
    assert job.location == "Paris, France"
    assert job.salary == Salary(min=60000, max=75000, currency="EUR", period="YEAR")
    assert job.employment_type == ["FULL_TIME"]


def test_html_posting_body() -> None:
    job = one(
        "<h1>Senior Go Engineer</h1>\n<p><strong>Location:</strong> Lisbon (Hybrid)</p>\n"
        "<p><strong>Salary:</strong> €70,000 - €85,000</p>\n<ul><li>5+ years with Go</li></ul>",
    )
    assert job.title == "Senior Go Engineer"
    assert job.location == "Lisbon"
    assert job.workplace == ["hybrid"]
    assert job.salary is not None
    assert (job.salary.min, job.salary.max, job.salary.currency) == (70000, 85000, "EUR")


def test_plain_text_headings_directly_above_their_content() -> None:
    [job] = (
        parsed := parse_text(
            "Backend Engineer\n\nAbout the role\nBuild APIs in Go.\n\n"
            "Seniority Levels\nJuniors typically earn $40,000 - $60,000 with 1-2 years.\n\n"
            "Frequently Asked Questions\nIs the role remote?\nNo, it is in Leeds.\n\n"
            "Salary Range\n£45k - £60k per year\n",
            "postings/leeds.txt",
        )
    ).postings
    assert job.salary == Salary(min=45000, max=60000, currency="GBP", period="YEAR")
    assert job.experience_years is None
    assert [(f.question, f.answer) for f in parsed.faq] == [
        ("Is the role remote?", "No, it is in Leeds.")
    ]


def test_a_role_label_holding_a_sentence_is_not_the_title() -> None:
    job = one("Data Engineer\n\nRole: you will own the ingestion pipelines end to end.\n")
    assert job.title == "Data Engineer"
