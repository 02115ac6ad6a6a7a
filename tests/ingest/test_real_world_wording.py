"""Facts in the words postings from many countries use, read from a labelled line and from
running text; and figures or phrases that only look like a fact never become one."""

from __future__ import annotations

import json

import pytest

from jobbot.ingest.parse import parse_text
from jobbot.models import Posting, Salary


def job(body: str, source: str = "job.txt") -> Posting:
    [posting] = parse_text(f"Backend Engineer\n\n{body}\n", source).postings
    return posting


def pay(low: float | None, high: float | None, currency: str | None, period: str) -> Salary:
    return Salary(min=low, max=high, currency=currency, period=period)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("written", "salary"),
    [
        ("€60.000–€80.000", pay(60_000, 80_000, "EUR", "YEAR")),
        ("60-80k EUR", pay(60_000, 80_000, "EUR", "YEAR")),
        ("CHF 120'000", pay(120_000, 120_000, "CHF", "YEAR")),
        ("CHF 120’000 – 140’000 per year", pay(120_000, 140_000, "CHF", "YEAR")),
        ("£45,000 - £55,000 pro rata", pay(45_000, 55_000, "GBP", "YEAR")),
        ("$120k-$150k + equity", pay(120_000, 150_000, "USD", "YEAR")),
        ("up to $200k", pay(None, 200_000, "USD", "YEAR")),
        ("$95/hr", pay(95, 95, "USD", "HOUR")),
        ("₹18-25 LPA", pay(1_800_000, 2_500_000, "INR", "YEAR")),
        ("₹12 lakhs per annum", pay(1_200_000, 1_200_000, "INR", "YEAR")),
        ("S$8,000/month", pay(8_000, 8_000, "SGD", "MONTH")),
        ("15 000 – 20 000 zł", pay(15_000, 20_000, "PLN", "YEAR")),
        ("65.000 - 75.000 € brutto/Jahr", pay(65_000, 75_000, "EUR", "YEAR")),
        ("16 € pro Stunde", pay(16, 16, "EUR", "HOUR")),
        ("JPY 7,000,000 - 10,000,000", pay(7_000_000, 10_000_000, "JPY", "YEAR")),
        ("£450-£550 per day", pay(450, 550, "GBP", "DAY")),
        ("€4,500 - €5,500 gross/month", pay(4_500, 5_500, "EUR", "MONTH")),
        ("£400 - £500/day outside IR35", pay(400, 500, "GBP", "DAY")),
        ("R$ 10.000 - R$ 14.000 por mês", pay(10_000, 14_000, "BRL", "MONTH")),
        ("¥600万〜900万", pay(6_000_000, 9_000_000, "JPY", "YEAR")),
        ("A$150,000 - A$170,000 + super", pay(150_000, 170_000, "AUD", "YEAR")),
        ("competitive salary", None),
        ("DOE", None),
    ],
)
def test_a_salary_line_in_many_currencies_and_formats(written: str, salary: Salary) -> None:
    assert job(f"Salary: {written}\n\nWe build things.").salary == salary


@pytest.mark.parametrize(
    ("sentence", "salary"),
    [
        ("The salary is $95/hr.", pay(95, 95, "USD", "HOUR")),
        ("Base salary up to $200k depending on experience.", pay(None, 200_000, "USD", "YEAR")),
        ("Compensation starts at €70k.", pay(70_000, None, "EUR", "YEAR")),
        ("Day rate: €400 per day.", pay(400, 400, "EUR", "DAY")),
        ("The salary is up to £90,000 + bonus.", pay(None, 90_000, "GBP", "YEAR")),
        # Sums that are not the job's pay.
        ("We raised a $2M seed round.", None),
        ("We offer a 401k match of 4%.", None),
        ("Our app has 10,000 users.", None),
        ("We were founded in 2015 and have 250 staff.", None),
        ("You get a $3,000 learning budget and pay reviews twice a year.", None),
        ("A housing stipend of $2,000 per month on top of pay.", None),
        ("Salary is paid monthly; bonus up to $10,000.", None),
        ("We pay a competitive salary.", None),
        ("Customers pay $29/month for the app.", None),  # a price, not the job's pay
        ("This contract pays $95/hr.", pay(95, 95, "USD", "HOUR")),
    ],
)
def test_a_single_figure_in_running_text_is_pay_only_when_the_sentence_says_so(
    sentence: str, salary: Salary | None
) -> None:
    assert job(f"We build things.\n\n{sentence}").salary == salary


@pytest.mark.parametrize(
    ("written", "kinds"),
    [
        ("permanent", ["FULL_TIME"]),
        ("full time", ["FULL_TIME"]),
        ("FTE", ["FULL_TIME"]),
        ("1.0 FTE", ["FULL_TIME"]),
        ("0.6 FTE", ["PART_TIME"]),
        ("contract-to-hire", ["CONTRACTOR"]),
        ("6-month contract", ["CONTRACTOR"]),
        ("working student", ["INTERN"]),
        ("Werkstudent", ["INTERN"]),
        ("internship (summer 2027)", ["INTERN"]),
        ("part time 24h", ["PART_TIME"]),
        ("Festanstellung, Vollzeit", ["FULL_TIME"]),
        ("Teilzeit", ["PART_TIME"]),
    ],
)
def test_employment_words(written: str, kinds: list[str]) -> None:
    assert job(f"Employment type: {written}\n\nWe build things.").employment_type == kinds


@pytest.mark.parametrize(
    ("written", "kinds"),
    [
        ("remote-friendly", ["remote"]),
        ("remote OK", ["remote"]),
        ("onsite only", ["onsite"]),
        ("in-office 4 days a week", ["hybrid"]),
        ("remote within EU timezones", ["remote"]),
        ("hybrid (2 days)", ["hybrid"]),
        ("office-based", ["onsite"]),
        # Never remote: a negation, a "no", five days in the office.
        ("not remote", ["onsite"]),
        ("Remote: No", ["onsite"]),
        ("5 days a week in the office", ["onsite"]),
    ],
)
def test_workplace_phrases_in_a_label_a_line_and_a_sentence(written: str, kinds: list[str]) -> None:
    assert job(f"Workplace: {written}").workplace == kinds
    assert job(f"{written}\n\nWe build things.").workplace == kinds
    assert job(f"We build things. This role is {written}.").workplace == kinds


def test_a_title_with_dashes_is_not_a_header() -> None:
    posting = job("We build payment rails.", source="x.txt")
    assert posting.company is None
    [dashed] = parse_text(
        "Senior Engineer - Backend - Payments\n\nWe build payment rails.\n", "y.txt"
    ).postings
    assert dashed.title == "Senior Engineer - Backend - Payments"
    assert dashed.company is None


def test_a_section_heading_under_the_title_is_not_the_company() -> None:
    [posting] = parse_text(
        "Data Engineer\n\nKey Responsibilities\n- Build pipelines in Spark\n", "z.txt"
    ).postings
    assert posting.company is None


@pytest.mark.parametrize(
    ("comment", "facts"),
    [
        (
            "<b>Acme</b> | https://acme.example | Senior Engineer | NYC or Remote (US) | "
            "Full-time | Visa: yes<p>Python.",
            ("Senior Engineer", "Acme", ["remote"], None, True),
        ),
        (
            "Acme (acme.io) | Full Stack Developer | ONSITE | Paris, France | €60k-€75k<p>Go.",
            ("Full Stack Developer", "Acme", ["onsite"], pay(60_000, 75_000, "EUR", "YEAR"), None),
        ),
        (
            "Acme | Senior Engineer | San Francisco, CA | Hybrid (3 days/week in office) | "
            "$180K - $220K + equity | H1B sponsorship available<p>Go.",
            ("Senior Engineer", "Acme", ["hybrid"], pay(180_000, 220_000, "USD", "YEAR"), True),
        ),
        (
            "Acme | Senior Engineer | Remote (US, Canada) | $180-220K | No visas<p>Go.",
            ("Senior Engineer", "Acme", ["remote"], pay(180_000, 220_000, "USD", "YEAR"), False),
        ),
        (
            "Acme - Software Engineer - London / Remote - £70-90k<p>Go.",
            ("Software Engineer", "Acme", ["remote"], pay(70_000, 90_000, "GBP", "YEAR"), None),
        ),
        (  # HN's own convention: VISA (and INTERNS) in the header when welcome
            "Acme | Backend Engineer | NYC | ONSITE | INTERNS | VISA<p>Go.",
            ("Backend Engineer", "Acme", ["onsite"], None, True),
        ),
        (
            "Acme | Backend Engineer | Remote | No visa<p>Go.",
            ("Backend Engineer", "Acme", ["remote"], None, False),
        ),
        (
            "Acme is hiring! | Remote | Full-time<p>Go and Rust.",
            (None, "Acme", ["remote"], None, None),  # no role named: the company still is
        ),
    ],
)
def test_who_is_hiring_headers_in_the_ways_people_write_them(
    comment: str, facts: tuple[str | None, str, list[str], Salary | None, bool | None]
) -> None:
    [posting] = parse_text(comment, "hn.html").postings
    title, company, workplace, salary, visa = facts
    if title is not None:
        assert posting.title == title
    assert (posting.company, posting.workplace, posting.salary, posting.visa_sponsorship) == (
        company,
        workplace,
        salary,
        visa,
    )


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        (  # Indeed: company, "Remote in <place>", pay and schedule lines
            "Software Engineer\nAcme Inc.\nRemote in Austin, TX\n"
            "$120,000 - $140,000 a year - Full-time\n\nAbout us\nAcme Inc. makes things.",
            ("Acme Inc.", "Austin, TX", ["remote"], ["FULL_TIME"]),
        ),
        (  # LinkedIn: noise parts (age, level) are skipped
            "Data Engineer\nAcme · United States (Remote) · 1 day ago\nFull-time · Entry level\n\n"
            "About the job\nAcme does data.",
            ("Acme", "United States", ["remote"], ["FULL_TIME"]),
        ),
        (  # Indeed's "Hybrid remote" is hybrid, and a place alone is not a company
            "Product Designer\nHybrid remote in Denver, CO 80202\n\nWe design.",
            (None, "Denver, CO 80202", ["hybrid"], []),
        ),
    ],
)
def test_a_boards_top_card_under_the_title(
    text: str, facts: tuple[str | None, str, list[str], list[str]]
) -> None:
    [posting] = parse_text(text, "board.txt").postings
    got = (posting.company, posting.location, posting.workplace, posting.employment_type)
    assert got == facts


def test_json_ld_values_written_as_text() -> None:
    posting = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": "QA Engineer",
        "hiringOrganization": {"name": "Acme"},
        "jobLocation": [
            {"@type": "Place", "address": {"addressLocality": "Austin", "addressRegion": "TX"}},
            {"@type": "Place", "address": {"addressLocality": "Remote"}},
        ],
        "employmentType": "FULL_TIME, CONTRACTOR",
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "USD",
            "value": {"@type": "QuantitativeValue", "value": "120000-150000", "unitText": "YEAR"},
        },
    }
    [job] = parse_text(json.dumps(posting), "qa.json").postings
    assert (job.location, job.workplace) == ("Austin, TX", ["remote"])
    assert job.employment_type == ["FULL_TIME", "CONTRACTOR"]
    assert job.salary == pay(120_000, 150_000, "USD", "YEAR")


@pytest.mark.parametrize(
    ("sentence", "visa"),
    [
        ("We offer relocation support and sponsor visas.", True),
        ("H-1B transfers welcome.", True),
        ("We are happy to sponsor work visas for the right candidate.", True),
        ("Sponsorship: Yes", True),
        ("Unfortunately, we cannot sponsor H-1B visas.", False),
        ("Candidates must not require sponsorship now or in the future.", False),
        ("Visa sponsorship is not available.", False),
        ("Will you now or in the future require sponsorship?", None),  # a form's question
        ("Applicants must be authorized to work in the U.S.", None),
    ],
)
def test_visa_statements(sentence: str, visa: bool | None) -> None:
    assert job(f"We build things.\n\n{sentence}").visa_sponsorship is visa


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        ("You will work remotely from anywhere in Europe.", ["remote"]),
        # A perk, not the job's workplace (python.org pages list it among benefits).
        ("Work from anywhere: choose a change of scenery for up to 30 days a year.", []),
        ("Remote, but you must live within 50 miles of Austin.", ["remote"]),
        ("This role requires 3 days per week in our NYC office.", ["hybrid"]),
        ("Restrictions: Telecommuting is OK", ["remote"]),  # python.org's restriction line
        ("Restrictions: No telecommuting", ["onsite"]),
        ("We have a remote work stipend for home offices.", []),
    ],
)
def test_workplace_sentences(sentence: str, kinds: list[str]) -> None:
    assert job(f"We build things.\n\n{sentence}").workplace == kinds


@pytest.mark.parametrize(
    ("first_line", "title"),
    [
        ("Backend Engineer (w/m/d)", "Backend Engineer"),
        ("Data Scientist (f/m/div)", "Data Scientist"),
        ("Entwickler (gn*)", "Entwickler"),
        ("Développeur (F/H)", "Développeur"),
        ("UI/UX Designer (m/f/d)", "UI/UX Designer"),  # `UI/UX` is part of the job
    ],
)
def test_gender_marks_leave_the_title(first_line: str, title: str) -> None:
    [posting] = parse_text(f"{first_line}\n\nWe build things.\n", "t.txt").postings
    assert posting.title == title
    assert posting.location is None  # the sentence under it is not a place


def test_a_job_page_without_structured_data_reads_its_top_lines() -> None:
    page = (
        "<html><body><div class='posting-headline'><h2>Staff Product Engineer</h2>"
        "<div class='posting-categories'><div>Remote - US</div><div>Engineering – Product</div>"
        "<div>Full time</div></div></div><div class='section'><p>We build clinic software.</p>"
        "<h3>Compensation</h3><p>$120k-$150k + equity.</p></div></body></html>"
    )
    [posting] = parse_text(page, "lever.html").postings
    assert posting.title == "Staff Product Engineer"
    assert posting.company is None  # `US` and `Engineering` are not the employer
    assert (posting.location, posting.workplace) == ("US", ["remote"])
    assert posting.employment_type == ["FULL_TIME"]
    assert posting.salary == pay(120_000, 150_000, "USD", "YEAR")


def test_a_per_month_unit_in_json_ld() -> None:
    posting = {
        "@type": "JobPosting",
        "title": "Ops Engineer",
        "hiringOrganization": {"name": "Acme"},
        "baseSalary": {
            "currency": "EUR",
            "value": {"minValue": "4000", "maxValue": "5000", "unitText": "PER_MONTH"},
        },
    }
    [job] = parse_text(json.dumps(posting), "ops.json").postings
    assert job.salary == pay(4_000, 5_000, "EUR", "MONTH")


@pytest.mark.parametrize(
    ("text", "source", "facts"),
    [
        (  # several labels on one line, as careers pages print them
            "# Senior Data Engineer\n\n**Location:** Remote (EU) · **Type:** Full-time · "
            "**Salary:** €70k–€90k\n\nWe build pipelines.",
            "a.md",
            ("Senior Data Engineer", None, "EU", ["remote"], ["FULL_TIME"]),
        ),
        (
            "Senior Data Engineer at Acme\n\nLocation: Berlin\n\nWe build pipelines.",
            "b.txt",
            ("Senior Data Engineer", "Acme", "Berlin", [], []),
        ),
        (
            "# Acme is hiring a Senior Data Engineer\n\nLocation: Berlin\n\nWe build pipelines.",
            "c.md",
            ("Senior Data Engineer", "Acme", "Berlin", [], []),
        ),
        (  # a heading under the title, and a bold line under a page's heading
            "# Senior Data Engineer\n## Acme · Berlin, Germany · Hybrid\n\nWe build with Spark.",
            "d.md",
            ("Senior Data Engineer", "Acme", "Berlin, Germany", ["hybrid"], []),
        ),
        (
            "<h1>Senior Data Engineer</h1><p><strong>Acme</strong> — Berlin, Germany (Hybrid)"
            "</p><p>We build.</p>",
            "e.html",
            ("Senior Data Engineer", "Acme", "Berlin, Germany", ["hybrid"], []),
        ),
        (
            "Head of Data at Acme, Berlin\n\nWe build pipelines.",
            "g.txt",
            ("Head of Data", "Acme", None, [], []),
        ),
        (  # a title, not a company
            "Data Engineer at Scale\n\nWe build pipelines.",
            "f.txt",
            ("Data Engineer at Scale", None, None, [], []),
        ),
    ],
)
def test_titles_and_lines_that_name_the_company(
    text: str, source: str, facts: tuple[str, str | None, str | None, list[str], list[str]]
) -> None:
    [posting] = parse_text(text, source).postings
    got = (
        posting.title,
        posting.company,
        posting.location,
        posting.workplace,
        posting.employment_type,
    )
    assert got == facts


@pytest.mark.parametrize(
    ("written", "location", "kinds"),
    [
        ("Onsite, 4 days/week", None, ["hybrid"]),
        ("NYC, in office 3x a week", "NYC", ["hybrid"]),
        ("Remote (Europe) or onsite in Berlin", "Europe or Berlin", ["remote", "onsite"]),
        ("Fully remote within the EU", "EU", ["remote"]),
        ("Remote (must overlap 4h with PST)", None, ["remote"]),  # a condition, not a place
        ("Remote-ish", None, ["remote"]),
        ("Onsite in SF 5 days a week", "SF", ["onsite"]),
        ("The Hague, Netherlands", "The Hague, Netherlands", []),
    ],
)
def test_a_location_line_keeps_the_place_and_states_the_workplace(
    written: str, location: str | None, kinds: list[str]
) -> None:
    posting = job(f"Location: {written}\n\nWe build things.")
    assert (posting.location, posting.workplace) == (location, kinds)
