"""Postings as they are published: HTML pages (JSON-LD, microdata, plain), JSON, CSV/TSV,
and "Who is hiring" headers in any of them. Many postings in one file get stable ids."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from jobbot.ingest import DocumentError, load_directories, parse_text
from jobbot.models import Posting, Salary, YearsRange

JOB_POSTING = {
    "@context": "https://schema.org/",
    "@type": "JobPosting",
    "title": "Senior Platform Engineer",
    "description": "<p>Run <b>Kubernetes</b> and Terraform on GCP.</p><ul><li>5+ years "
    "of infrastructure experience</li></ul><p>Visa sponsorship available.</p>",
    "identifier": {"@type": "PropertyValue", "name": "Acme", "value": "PLAT-7"},
    "datePosted": "2026-11-02",
    "validThrough": "2026-12-15T23:59",
    "employmentType": ["FULL_TIME", "CONTRACTOR"],
    "hiringOrganization": {"@type": "Organization", "name": "Acme Cloud"},
    "jobLocationType": "TELECOMMUTE",
    "applicantLocationRequirements": [
        {"@type": "Country", "name": "Germany"},
        {"@type": "Country", "name": "Austria"},
    ],
    "baseSalary": {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {"@type": "QuantitativeValue", "minValue": 85000, "maxValue": 105000,
                  "unitText": "YEAR"},
    },
    "url": "https://acme.example/jobs/plat-7",
}  # fmt: skip


def page(*scripts: object, body: str = "<h1>Careers</h1>") -> str:
    blocks = "".join(
        f'<script type="application/ld+json">{json.dumps(s)}</script>' for s in scripts
    )
    return f"<!doctype html><html><head>{blocks}</head><body>{body}</body></html>"


def one(text: str, source: str) -> Posting:
    [posting] = parse_text(text, source).postings
    return posting


# --- HTML --------------------------------------------------------------------------------


def test_json_ld_job_posting_gives_every_structured_field() -> None:
    job = one(page(JOB_POSTING), "acme/plat.html")
    assert job.title == "Senior Platform Engineer"
    assert job.company == "Acme Cloud"
    assert job.workplace == ["remote"]  # jobLocationType TELECOMMUTE
    assert job.location == "Germany / Austria"  # applicantLocationRequirements
    assert job.employment_type == ["FULL_TIME", "CONTRACTOR"]
    assert job.salary == Salary(min=85_000, max=105_000, currency="EUR", period="YEAR")
    assert job.date_posted == date(2026, 11, 2)
    assert job.valid_through == date(2026, 12, 15)
    assert job.url == "https://acme.example/jobs/plat-7"
    # The description's text fills what the fields leave out.
    assert {"Kubernetes", "Terraform", "GCP"} <= set(job.skills)
    assert job.experience_years == YearsRange(min=5, max=None)
    assert job.visa_sponsorship is True
    assert "<b>" not in job.description
    assert "Kubernetes" in job.description


def test_json_ld_place_and_graph_and_a_broken_script() -> None:
    posting = {
        **JOB_POSTING,
        "jobLocationType": None,
        "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress",
                        "addressLocality": "Lisbon", "addressCountry": "PT"}},
    }  # fmt: skip
    html = page({"@context": "https://schema.org", "@graph": [{"@type": "WebPage"}, posting]})
    html = html.replace("<head>", '<head><script type="application/ld+json">{oops</script>')
    job = one(html, "lisbon.html")
    assert job.location == "Lisbon, PT"
    assert job.workplace == []


def test_many_postings_in_one_page_have_stable_distinct_ids() -> None:
    second = {**JOB_POSTING, "title": "Data Engineer", "url": "https://acme.example/jobs/d-1"}
    first = parse_text(page(JOB_POSTING, second), "acme/jobs.html").postings
    swapped = parse_text(page(second, JOB_POSTING), "acme/jobs.html").postings
    assert [p.title for p in first] == ["Senior Platform Engineer", "Data Engineer"]
    assert len({p.id for p in first}) == 2
    assert {p.title: p.id for p in first} == {p.title: p.id for p in swapped}


def test_microdata_job_posting() -> None:
    html = """<html><body><div itemscope itemtype="https://schema.org/JobPosting">
      <h1 itemprop="title">Backend Developer</h1>
      <div itemprop="hiringOrganization" itemscope itemtype="https://schema.org/Organization">
        <span itemprop="name">Nordwind GmbH</span></div>
      <div itemprop="jobLocation" itemscope itemtype="https://schema.org/Place">
        <div itemprop="address" itemscope itemtype="https://schema.org/PostalAddress">
          <span itemprop="addressLocality">Hamburg</span>
          <span itemprop="addressCountry">DE</span></div></div>
      <meta itemprop="employmentType" content="PART_TIME">
      <time itemprop="datePosted" datetime="2026-10-01">1 Oct</time>
      <div itemprop="description"><p>Django and PostgreSQL, hybrid schedule.</p></div>
    </div></body></html>"""
    job = one(html, "nordwind.html")
    assert job.title == "Backend Developer"
    assert job.company == "Nordwind GmbH"
    assert job.location == "Hamburg, DE"
    assert job.employment_type == ["PART_TIME"]
    assert job.date_posted == date(2026, 10, 1)
    assert job.workplace == ["hybrid"]
    assert job.skills == ["Django", "PostgreSQL"]


def test_a_plain_career_page_is_read_from_its_main_text() -> None:
    html = """<html><head><title>Jobs</title><style>p { color: red }</style></head><body>
      <nav><a href="/">Home</a> <a href="/jobs">Jobs</a> Senior Rust Engineer at Other</nav>
      <main><h1>Go Engineer</h1>
        <p><strong>Location:</strong> Austin, TX (On-site)</p>
        <p><strong>Salary:</strong> $120k - $150k</p>
        <p>We use Go &amp; Kafka.<script>document.write("Python")</script></p>
        <p><a href="https://jobs.example/apply/9">Apply now</a></p></main>
      <footer>© Example Inc</footer></body></html>"""
    job = one(html, "go.htm")
    assert job.title == "Go Engineer"
    assert job.location == "Austin, TX"
    assert job.workplace == ["onsite"]
    assert job.salary == Salary(min=120_000, max=150_000, currency="USD", period="YEAR")
    assert job.skills == ["Go", "Kafka"]  # not Python from the script, not Rust from the nav
    assert job.url == "https://jobs.example/apply/9"
    assert "Home" not in job.description
    assert "color" not in job.description


def test_a_page_that_names_no_job_is_reported() -> None:
    with pytest.raises(DocumentError, match="no job title"):
        parse_text("<html><body><p>We are a company that values people.</p></body></html>",
                   "about.html")  # fmt: skip


# --- JSON --------------------------------------------------------------------------------


def test_json_object_list_lines_and_wrapped_export(tmp_path: Path) -> None:
    record = {
        "job_title": "QA Engineer",
        "company_name": "Testly",
        "location": "Remote (EU)",
        "salary_min": 50000,
        "salary_max": 60000,
        "currency": "EUR",
        "description": "Playwright and TypeScript.",
        "apply_link": "https://t.example/qa",
    }
    (tmp_path / "one.json").write_text(json.dumps(JOB_POSTING), encoding="utf-8")
    (tmp_path / "list.json").write_text(json.dumps([record, {**record, "job_title": "SDET"}]))
    (tmp_path / "lines.jsonl").write_text(
        json.dumps({**record, "job_title": "Test Lead"})
        + "\n"
        + json.dumps({**record, "job_title": "QA Intern"})
        + "\n"
    )
    (tmp_path / "export.json").write_text(json.dumps({"meta": {"n": 1}, "data": {"jobs": [
        {**record, "job_title": "QA Analyst"}]}}))  # fmt: skip
    corpus = load_directories([tmp_path])
    assert corpus.errors == []
    titles = {p.source: [] for p in corpus.postings}
    for p in corpus.postings:
        titles[p.source].append(p.title)
    assert titles == {
        "export.json": ["QA Analyst"],
        "lines.jsonl": ["Test Lead", "QA Intern"],
        "list.json": ["QA Engineer", "SDET"],
        "one.json": ["Senior Platform Engineer"],
    }
    qa = next(p for p in corpus.postings if p.title == "QA Engineer")
    assert qa.company == "Testly"
    assert qa.workplace == ["remote"]
    assert qa.location == "EU"
    assert qa.salary == Salary(min=50_000, max=60_000, currency="EUR", period="YEAR")
    assert qa.url == "https://t.example/qa"
    assert qa.skills == ["TypeScript"]


def test_json_that_holds_no_posting_says_why() -> None:
    with pytest.raises(DocumentError, match="no job posting found in the JSON"):
        parse_text('{"version": 3}', "x.json")
    with pytest.raises(DocumentError, match="not valid JSON"):
        parse_text("{oops", "x.json")


# --- CSV / TSV ---------------------------------------------------------------------------

CSV = (
    "Position,Employer,Location,Salary,Posted_At,Work_From_Home,Schedule_Type,Apply_Link,"
    "Description,Team_Size\n"
    'Backend Engineer,Acme,"Austin, TX",$110k-$140k,2026-11-20,false,Full-time,'
    'https://acme.example/1,"Go and PostgreSQL.\nOn call one week in six.",12\n'
    "Data Analyst,Acme,Anywhere,,2026-11-21,true,Contractor,https://acme.example/2,SQL daily.,\n"
)


def test_csv_columns_by_their_usual_names() -> None:
    backend, analyst = parse_text(CSV, "exports/jobs.csv").postings
    assert backend.title == "Backend Engineer"
    assert backend.company == "Acme"
    assert backend.location == "Austin, TX"
    assert backend.salary == Salary(min=110_000, max=140_000, currency="USD", period="YEAR")
    assert backend.date_posted == date(2026, 11, 20)
    assert backend.employment_type == ["FULL_TIME"]
    assert backend.url == "https://acme.example/1"
    assert backend.skills == ["Go", "PostgreSQL"]
    assert backend.workplace == []  # work_from_home false says nothing
    assert "Team size: 12" in backend.description  # unknown columns go into the description
    assert analyst.workplace == ["remote"]
    assert analyst.employment_type == ["CONTRACTOR"]


def test_csv_split_salary_columns_and_tsv() -> None:
    tsv = (
        "title\tcompany\tsalary_min\tsalary_max\tcurrency\tsalary_period\n"
        "Support Engineer\tHelpdeskly\t25\t32\tGBP\thour\n"
    )
    [job] = parse_text(tsv, "support.tsv").postings
    assert job.salary == Salary(min=25, max=32, currency="GBP", period="HOUR")


def test_rows_keep_their_ids_when_rows_are_added_or_reordered() -> None:
    header, first, second = CSV.split("\n", 1)[0], *CSV.split("\n", 1)[1].rsplit("Data", 1)
    rows = parse_text(CSV, "exports/jobs.csv").postings
    reordered = parse_text(f"{header}\nData{second}{first}", "exports/jobs.csv").postings
    assert len({p.id for p in rows}) == 2
    assert {p.title: p.id for p in rows} == {p.title: p.id for p in reordered}


def test_a_bad_row_is_reported_by_line_and_the_others_load(tmp_path: Path) -> None:
    (tmp_path / "jobs.csv").write_text(
        "title,company,description\nGo Engineer,Acme,Go.\n,Acme,A row without a title.\n"
        "SRE,Acme,Linux.\n",
        encoding="utf-8",
    )
    corpus = load_directories([tmp_path])
    assert [p.title for p in corpus.postings] == ["Go Engineer", "SRE"]
    [error] = corpus.errors
    assert error.source == "jobs.csv"
    assert error.message.startswith("row 2 (line 3): no job title found")


def test_a_csv_export_saved_as_txt_is_read_as_a_table() -> None:
    text = "title,company_name,location,description\nML Engineer,Deepnote,Prague,PyTorch.\n"
    [job] = parse_text(text, "exports/row.txt").postings
    assert (job.title, job.company, job.location) == ("ML Engineer", "Deepnote", "Prague")


# --- "Who is hiring" headers -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Acme | Senior Backend Engineer | Berlin, Germany | REMOTE | €90k–€110k | "
         "https://acme.example/jobs\n\nWe build payments in Go.\n", "hn.md"),
        ("Acme | Senior Backend Engineer | Berlin, Germany | REMOTE | €90k–€110k | "
         "https://acme.example/jobs<p>We build payments in Go.", "hn.html"),
        ("Acme | Senior Backend Engineer | Berlin, Germany | REMOTE | €90k–€110k | "
         "https://acme.example/jobs\nWe build payments in Go.\n", "hn.txt"),
    ],
)  # fmt: skip
def test_hn_header_in_any_format(text: str, source: str) -> None:
    job = one(text, source)
    assert job.company == "Acme"
    assert job.title == "Senior Backend Engineer"
    assert job.location == "Berlin, Germany"
    assert job.workplace == ["remote"]
    assert job.salary == Salary(min=90_000, max=110_000, currency="EUR", period="YEAR")
    assert job.url == "https://acme.example/jobs"
    assert job.seniority == "senior"
    assert "Go" in job.skills


def test_a_markdown_table_row_is_not_a_header_nor_a_title() -> None:
    job = one("| Python | Django | Postgres |\n\n# Data Engineer\n\nSQL.\n", "t.md")
    assert (job.title, job.company) == ("Data Engineer", None)
    job = one("Python | Django | Postgres\n\n# Data Engineer\n\nSQL.\n", "t.md")
    assert job.company is None  # no part of it names a role, a place or terms
