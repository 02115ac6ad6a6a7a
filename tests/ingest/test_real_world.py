"""Postings written the way job pages, boards, exports and "Who is hiring?" threads publish
them (our own fixtures in tests/ingest/real_world/), each read for the facts its text states.

Every file is modelled on a real publishing shape: Greenhouse/Lever/Workable/Ashby pages with
JSON-LD, microdata, LinkedIn and Indeed top cards, HN comments with pipes, dashes and
bullets, CSV/TSV/JSON Lines exports. A figure that is not pay ("$2M seed round", "401(k)",
"10,000 users", a stipend) is never the salary, and "not remote" is never remote.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from jobbot.ingest import load_directories
from jobbot.models import Corpus, Posting, Salary

FIXTURES = Path(__file__).parent / "real_world"


@dataclass(frozen=True)
class Facts:
    title: str
    company: str | None
    location: str | None
    workplace: list[str]
    employment: list[str]
    salary: Salary | None
    visa: bool | None = None


def pay(low: float | None, high: float | None, currency: str, period: str = "YEAR") -> Salary:
    return Salary(min=low, max=high, currency=currency, period=period)  # type: ignore[arg-type]


FT, PT, CON, INTERN = ["FULL_TIME"], ["PART_TIME"], ["CONTRACTOR"], ["INTERN"]
REMOTE, HYBRID, ONSITE = ["remote"], ["hybrid"], ["onsite"]

# (file, facts): one entry per posting; a file holding several lists each by its title.
EXPECTED: list[tuple[str, Facts]] = [
    # --- hosted job pages: JSON-LD, microdata ------------------------------------------------
    ("greenhouse-tidewater.html", Facts("Senior Backend Engineer", "Tidewater Analytics",
        "Portland, OR, US", HYBRID, FT, pay(155_000, 185_000, "USD"), False)),
    ("lever-brightloom.html", Facts("Staff Product Engineer", "Brightloom", "United States",
        REMOTE, FT, pay(120_000, 150_000, "USD"))),
    ("workable-pebblestack.html", Facts("Data Platform Engineer", "Pebblestack GmbH",
        "Germany / Netherlands / Spain", REMOTE, FT, pay(60_000, 80_000, "EUR"))),
    ("ashby-quarry.html", Facts("Site Reliability Contractor", "Quarry Systems",
        "New York, NY, United States", ONSITE, CON, pay(95, 95, "USD", "HOUR"), False)),
    ("microdata-alpenrose.html", Facts("Backend Developer (Java/Kotlin)",
        "Alpenrose Versicherungen AG", "Zürich, Switzerland", HYBRID, FT,
        pay(120_000, 140_000, "CHF"))),
    ("graph-harrow.html", Facts("Senior Data Engineer", "Harrow Health", "California", REMOTE,
        FT, None)),
    # --- board text: LinkedIn / Indeed top cards, labelled pages ---------------------------
    ("linkedin-corvid.txt", Facts("Machine Learning Engineer", "Corvid Health", "Boston, MA",
        HYBRID, FT, pay(140_000, 175_000, "USD"), True)),
    ("indeed-northfield.txt", Facts("Warehouse Systems Developer", "Northfield Logistics",
        "Leeds LS11", ONSITE, FT, pay(45_000, 55_000, "GBP"))),
    ("parttime-birchwood.md", Facts("Junior Frontend Developer (part time, 24h)",
        "Birchwood Learning", "Bristol, UK", REMOTE, PT, pay(45_000, 55_000, "GBP"), False)),
    ("werkstudent-kontor.md", Facts("Werkstudent Softwareentwicklung", "Kontor Digital",
        "Hamburg", HYBRID, INTERN, pay(16, 16, "EUR", "HOUR"))),
    ("intern-kettle.md", Facts("Software Engineering Intern (Summer 2027)", "Kettle Labs",
        "Austin, TX", ONSITE, INTERN, pay(45, 45, "USD", "HOUR"))),
    ("contract-to-hire-ironbark.txt", Facts("DevOps Engineer (contract-to-hire)",
        "Ironbark Security", "Canada", REMOTE, CON, pay(85, 100, "CAD", "HOUR"))),
    ("fte-sunmill.txt", Facts("Senior Platform Engineer", "Sunmill Energy",
        "Amsterdam, Netherlands", ONSITE, FT, pay(75_000, 95_000, "EUR"), True)),
    ("lpa-nilgiri.txt", Facts("Backend Engineer (Node.js)", "Nilgiri Payments",
        "Bengaluru, Karnataka", HYBRID, FT, pay(1_800_000, 2_500_000, "INR"))),
    ("tokyo-kumo.md", Facts("Mobile Engineer (iOS)", "Kumo Travel", "Tokyo, Japan", HYBRID,
        FT, pay(7_000_000, 10_000_000, "JPY"), True)),
    ("upto-marlin.md", Facts("Principal Engineer, Payments", "Marlin", None, REMOTE, FT,
        pay(None, 200_000, "USD"))),
    ("singapore-lumen.txt", Facts("Quantitative Developer", "Lumen Capital", "Singapore",
        ONSITE, FT, pay(9_000, 12_000, "SGD", "MONTH"), False)),
    # --- "Who is hiring?" comments -----------------------------------------------------------
    ("hn-quillcraft.html", Facts("Senior Backend Engineer", "Quillcraft", "US", REMOTE, FT,
        pay(150_000, 190_000, "USD"), False)),
    ("hn-fernwood.html", Facts("Embedded Software Engineer", "Fernwood Robotics", "SF",
        ONSITE, [], pay(170_000, 210_000, "USD"), True)),
    ("hn-lanternfish.html", Facts("Gameplay Programmer", "Lanternfish Games", "Montréal, QC",
        ["onsite", "hybrid"], FT, pay(95_000, 120_000, "CAD"))),
    ("hn-mossgrove.html", Facts("Platform Engineer", "Mossgrove", "Berlin, Germany", HYBRID,
        [], pay(70_000, 85_000, "EUR"), False)),
    ("hn-orbitvale.html", Facts(
        "Staff Frontend Engineer, Senior Site Reliability Engineer, Product Designer",
        "Orbitvale", "EU", REMOTE, FT, pay(85_000, 110_000, "EUR"))),
    ("hn-pineconebay.html", Facts("Data Engineer, Analytics Engineer", "Pinecone Bay Bank",
        "Toronto, ON", HYBRID, [], pay(130_000, 160_000, "CAD"), True)),
    ("hn-saltmarsh.html", Facts("Founding ML Engineer", "Saltmarsh", "NYC", ONSITE, [],
        pay(180_000, 220_000, "USD"), False)),
    ("hn-gannet.html", Facts("Senior Rust Engineer", "Gannet Labs", "UTC-3 to UTC+3", REMOTE,
        CON, pay(90, 120, "USD", "HOUR"))),
    # --- exports: CSV with other column names, TSV, semicolons, JSON Lines, JSON-LD list ---
    ("greenhouse-export.csv", Facts("Senior QA Automation Engineer", None, "Denver, CO",
        HYBRID, FT, pay(110_000, 135_000, "USD"))),
    ("greenhouse-export.csv", Facts("Customer Data Analyst", None, "US", REMOTE, PT,
        pay(38, 46, "USD", "HOUR"), False)),
    ("remote-board.tsv", Facts("Senior iOS Engineer", "Wrenfield", "Anywhere (US time zones)",
        REMOTE, [], pay(130_000, 160_000, "USD"), True)),
    ("remote-board.tsv", Facts("Junior Support Engineer", "Cobalt Ferry", "Glasgow, UK",
        ONSITE, [], pay(28_000, 32_000, "GBP"))),
    ("remote-board.tsv", Facts("Data Scientist", "Tallowmere", "Dublin, Ireland", HYBRID, [],
        pay(55_000, 70_000, "EUR"))),
    ("euro-export.csv", Facts("Werkstudent Data Engineering", "Fahrwerk Mobility", "München",
        [], INTERN, pay(15, 18, "EUR", "HOUR"))),
    ("euro-export.csv", Facts("Senior Java Developer", "Kranich Bank AG", "Frankfurt am Main",
        HYBRID, FT, pay(70_000, 90_000, "EUR"))),
    ("euro-export.csv", Facts("Senior Python Developer (B2B)", "Wisła Soft", "Kraków, Poland",
        HYBRID, CON, pay(20_000, 26_000, "PLN", "MONTH"))),
    ("jsearch-export.jsonl", Facts("Full Stack Engineer", "Granite Peak Software",
        "Denver, CO, US", ONSITE, FT, pay(95_000, 125_000, "USD"))),
    ("jsearch-export.jsonl", Facts("Security Engineer", "Heronsgate Insurance", "US", REMOTE,
        CON, pay(70, 85, "USD", "HOUR"))),
    ("jobposting-list.json", Facts("Android Engineer", "Chaiwala Tech", "Pune, Maharashtra, IN",
        HYBRID, FT, pay(1_800_000, 2_500_000, "INR"))),
    ("jobposting-list.json", Facts("Technical Writer", "Quillon Docs", "European Union",
        REMOTE, ["PART_TIME", "CONTRACTOR"], pay(400, 400, "EUR", "DAY"))),
]  # fmt: skip


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return load_directories([FIXTURES])


def find(corpus: Corpus, source: str, title: str) -> Posting:
    in_file = [p for p in corpus.postings if p.source == source]
    matches = [p for p in in_file if p.title == title]
    assert matches, f"{source}: no posting titled {title!r}; got {[p.title for p in in_file]}"
    return matches[0]


def test_every_fixture_loads_every_posting_it_holds(corpus: Corpus) -> None:
    assert corpus.errors == []
    assert sorted({p.source for p in corpus.postings}) == sorted(p.name for p in FIXTURES.iterdir())
    assert len(corpus.postings) == len(EXPECTED)
    assert len({p.id for p in corpus.postings}) == len(EXPECTED)


@pytest.mark.parametrize(
    ("source", "facts"), EXPECTED, ids=[f"{s}:{f.title[:30]}" for s, f in EXPECTED]
)
def test_facts_as_the_posting_states_them(corpus: Corpus, source: str, facts: Facts) -> None:
    job = find(corpus, source, facts.title)
    got = Facts(
        job.title,
        job.company,
        job.location,
        list(job.workplace),
        list(job.employment_type),
        job.salary,
        job.visa_sponsorship,
    )
    assert got == facts
