"""Each vendor's documented shapes that the saved payloads do not show, served locally: null
and missing fields, several locations (one of them "Remote - …"), pay in other fields,
periods and currencies, every page of a paged board, Personio feeds with several positions
and offices, Atom / RSS / JSON Feed authors. Expected facts are written out per case."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from jobbot.models import Posting, Salary
from jobbot.sources.fetch import Fetcher, FetchError
from jobbot.sources.harvest import Harvest
from jobbot.sources.remote import RemoteSource
from jobbot.sources.specs import SourceSpec
from tests.support.announce_doubles import FakeClock


@pytest.fixture
def http() -> Iterator[Fetcher]:
    with Fetcher(clock=FakeClock(), retries=0) as fetcher:
        yield fetcher


def read(http: Fetcher, kind: str, url: str, ident: str = "acme-labs") -> Harvest:
    return RemoteSource(SourceSpec(kind=kind, ident=ident, url=url), http).harvest()


def serve(httpserver: HTTPServer, body: Any, path: str = "/api") -> str:
    text = body if isinstance(body, str) else json.dumps(body)
    httpserver.expect_request(path).respond_with_data(text, content_type="application/json")
    return httpserver.url_for(path)


def only(result: Harvest) -> Posting:
    assert result.problems == []
    (posting,) = result.postings
    return posting


def by_title(result: Harvest) -> dict[str, Posting]:
    assert result.problems == []
    return {p.title: p for p in result.postings}


# -- Greenhouse -------------------------------------------------------------------------------


def test_greenhouse_jobs_with_nulls_offices_and_pay_ranges(
    httpserver: HTTPServer, http: Fetcher
) -> None:
    board = {
        "jobs": [
            {
                "id": 11,
                "title": "Site Reliability Engineer",
                "location": {"name": "Remote - US"},
                "metadata": None,
                "content": None,
                "absolute_url": "https://boards.greenhouse.io/acme/jobs/11",
                "updated_at": "2026-10-01T12:00:00-04:00",
            },
            {
                "id": 12,
                "title": "Product Designer",
                "location": None,
                "offices": [{"name": "Berlin"}, {"name": "Remote - EMEA"}],
                "departments": [{"name": None}, {"name": "Design"}],
                "metadata": [{"name": "Employment Type", "value": ["Part-time"]}],
            },
            {
                "id": 13,
                "title": "Product Manager",
                "location": {"name": "Toronto, ON"},
                "pay_input_ranges": [
                    {
                        "min_cents": 12000000,
                        "max_cents": 15000000,
                        "currency_type": "CAD",
                        "title": "Canada Annual Salary",
                    }
                ],
            },
            {
                "id": 14,
                "title": "Account Executive",
                "location": {"name": "Chicago, IL"},
                "metadata": [
                    {
                        "name": "Salary Range",
                        "value_type": "currency_range",
                        "value": {"min_value": "90000.0", "max_value": "110000.0", "unit": "USD"},
                    }
                ],
            },
        ],
        "meta": {"total": 4},
    }
    httpserver.expect_request("/jobs", query_string="content=true").respond_with_json(board)
    # an endpoint given without content=true still asks for the descriptions
    jobs = by_title(read(http, "greenhouse", httpserver.url_for("/jobs")))
    sre = jobs["Site Reliability Engineer"]
    assert sre.company == "Acme Labs"  # no company_name: the board's name
    assert sre.location == "US"
    assert sre.workplace == ["remote"]  # said by the location alone
    assert sre.date_posted == date(2026, 10, 1)  # no first_published: updated_at
    designer = jobs["Product Designer"]
    assert designer.location == "Berlin; EMEA"
    assert designer.department == "Design"
    assert designer.employment_type == ["PART_TIME"]
    manager = jobs["Product Manager"]
    assert manager.salary == Salary(min=120000, max=150000, currency="CAD", period="YEAR")
    seller = jobs["Account Executive"]  # a pay custom field
    assert seller.salary == Salary(min=90000, max=110000, currency="USD", period="YEAR")


def test_a_200_carrying_an_error_says_what_the_server_said(
    httpserver: HTTPServer, http: Fetcher
) -> None:
    url = serve(httpserver, {"status": 404, "error": "Job board not found"})
    with pytest.raises(FetchError, match="the server says: Job board not found"):
        read(http, "greenhouse", url)


# -- Lever ------------------------------------------------------------------------------------


def lever_item(number: int, **fields: Any) -> dict[str, Any]:
    return {
        "id": f"00000000-0000-0000-0000-{number:012d}",
        "text": f"Engineer {number}",
        "categories": {"location": "Austin, TX", "commitment": "Full-time", "team": "Platform"},
        "hostedUrl": f"https://jobs.lever.co/acme/{number}",
        "createdAt": 1790000000000,
        "descriptionPlain": "Build the platform.",
        **fields,
    }


def test_lever_reads_every_page_of_a_large_site(httpserver: HTTPServer, http: Fetcher) -> None:
    items = [lever_item(n) for n in range(250)]

    def page(request: Request) -> Response:
        assert request.args["mode"] == "json"  # an endpoint given without it still asks JSON
        skip, limit = int(request.args["skip"]), int(request.args["limit"])
        return Response(json.dumps(items[skip : skip + limit]), content_type="application/json")

    httpserver.expect_request("/v0/postings/acme").respond_with_handler(page)
    result = read(http, "lever", httpserver.url_for("/v0/postings/acme"))
    assert len(result.postings) == 250
    assert len({p.id for p in result.postings}) == 250
    assert http.requests == 3  # 100 + 100 + 50: the short page ends it


def test_lever_locations_pay_periods_and_workplace(httpserver: HTTPServer, http: Fetcher) -> None:
    items = [
        lever_item(
            1,
            text="Support Engineer",
            categories={
                "location": "London",
                "allLocations": ["London", "Paris", "Remote - UK"],
                "commitment": "Part-time",
            },
            workplaceType="remote",
            salaryRange={"currency": "GBP", "interval": "per-month-salary", "min": 4000},
        ),
        lever_item(
            2,
            text="Warehouse Associate",
            workplaceType="on-site",
            salaryRange={"currency": "USD", "interval": "per-hour-wage", "min": 21, "max": 25},
        ),
        lever_item(
            3,
            text="Solutions Architect",
            categories={"location": "Remote - US"},
            workplaceType="unspecified",
            salaryRange=None,
            salaryDescriptionPlain="The base salary for this role is $150,000 - $190,000.",
        ),
    ]
    jobs = by_title(read(http, "lever", serve(httpserver, items)))
    support = jobs["Support Engineer"]
    assert support.location == "London; Paris; UK"
    assert support.workplace == ["remote"]
    assert support.employment_type == ["PART_TIME"]
    assert support.salary == Salary(min=4000, max=None, currency="GBP", period="MONTH")
    warehouse = jobs["Warehouse Associate"]
    assert warehouse.workplace == ["onsite"]
    assert warehouse.salary == Salary(min=21, max=25, currency="USD", period="HOUR")
    architect = jobs["Solutions Architect"]
    assert architect.workplace == ["remote"]  # "unspecified": the location says it
    assert architect.salary == Salary(min=150000, max=190000, currency="USD", period="YEAR")
    assert architect.department is None


def test_lever_error_document_is_named(httpserver: HTTPServer, http: Fetcher) -> None:
    url = serve(httpserver, {"ok": False, "error": "Document not found"})
    with pytest.raises(FetchError, match=r"not a Lever postings list \(the server says: Doc"):
        read(http, "lever", url)


# -- Ashby ------------------------------------------------------------------------------------


def test_ashby_secondary_locations_tiers_and_addresses(
    httpserver: HTTPServer, http: Fetcher
) -> None:
    board = {
        "apiVersion": "1",
        "jobs": [
            {
                "id": "a1",
                "title": "Backend Engineer",
                "location": "Remote - US",
                "secondaryLocations": [{"location": "Remote - Canada"}, {"location": "Toronto"}],
                "isListed": True,
                "isRemote": True,
                "workplaceType": None,
                "employmentType": "FullTime",
                "compensation": None,
                "publishedAt": "2026-09-30T08:00:00.000+00:00",
                "jobUrl": "https://jobs.ashbyhq.com/acme/a1",
            },
            {
                "id": "a2",
                "title": "Barista",
                "location": None,
                "address": {
                    "postalAddress": {
                        "addressLocality": "Austin",
                        "addressRegion": "TX",
                        "addressCountry": "USA",
                    }
                },
                "isRemote": False,
                "workplaceType": "OnSite",
                "employmentType": "PartTime",
                "compensation": {
                    "compensationTiers": [
                        {
                            "components": [
                                {"compensationType": "EquityPercentage", "minValue": 0.1},
                                {
                                    "compensationType": "Salary",
                                    "interval": "1 HOUR",
                                    "currencyCode": "USD",
                                    "minValue": 18,
                                    "maxValue": 22,
                                },
                            ]
                        }
                    ]
                },
                "descriptionHtml": "<p>Espresso &amp; latte art.</p>",
            },
            {
                "id": "a3",
                "title": "Account Executive",
                "location": "New York",
                "compensation": {
                    "compensationTierSummary": "$81K – $87K • Offers Equity • Commission",
                    "summaryComponents": [],
                },
            },
        ],
    }
    jobs = by_title(read(http, "ashby", serve(httpserver, board)))
    backend = jobs["Backend Engineer"]
    assert backend.location == "US; Canada; Toronto"
    assert backend.workplace == ["remote"]  # isRemote, workplaceType null
    assert backend.employment_type == ["FULL_TIME"]
    assert backend.salary is None
    barista = jobs["Barista"]
    assert barista.location == "Austin, TX, USA"
    assert barista.workplace == ["onsite"]
    assert barista.employment_type == ["PART_TIME"]
    assert barista.salary == Salary(min=18, max=22, currency="USD", period="HOUR")
    assert "Espresso & latte art." in barista.description
    seller = jobs["Account Executive"]  # only the summary states the pay
    assert seller.salary == Salary(min=81000, max=87000, currency="USD", period="YEAR")


# -- SmartRecruiters --------------------------------------------------------------------------


def test_smartrecruiters_every_page_and_a_bounded_number_of_details(
    httpserver: HTTPServer, http: Fetcher
) -> None:
    def item(n: int) -> dict[str, Any]:
        remote, hybrid = n % 3 == 0, n % 3 == 1
        return {
            "id": str(7000 + n),
            "name": f"Technician {n}",
            "company": {"identifier": "Acme", "name": "Acme Industries"},
            "releasedDate": "2026-10-08T17:50:26.027Z",
            "location": {"city": "Warsaw", "country": "pl", "remote": remote, "hybrid": hybrid},
            "typeOfEmployment": {"id": "part_time", "label": "Part-time"},
        }

    items = [item(n) for n in range(250)]
    offsets: list[int] = []

    def postings(request: Request) -> Response:
        offset, limit = int(request.args["offset"]), int(request.args["limit"])
        offsets.append(offset)
        body = {"totalFound": 250, "content": items[offset : offset + limit]}
        return Response(json.dumps(body), content_type="application/json")

    def detail(request: Request) -> Response:
        ident = request.path.rsplit("/", 1)[-1]
        body = {"jobAd": {"sections": {"jobDescription": {"text": f"<p>Job {ident}</p>"}}}}
        return Response(json.dumps(body), content_type="application/json")

    base = "/v1/companies/Acme/postings"
    httpserver.expect_request(re.compile(rf"{base}/\d+")).respond_with_handler(detail)
    httpserver.expect_request(base).respond_with_handler(postings)
    result = read(http, "smartrecruiters", httpserver.url_for(base), ident="Acme")
    assert offsets == [0, 100, 200]
    assert len(result.postings) == 250
    first, second, third = result.postings[:3]
    assert first.location == "Warsaw, PL"
    assert [first.workplace, second.workplace, third.workplace] == [
        ["remote"],
        ["hybrid"],
        ["onsite"],
    ]
    assert first.employment_type == ["PART_TIME"]
    assert first.company == "Acme Industries"
    described = [p for p in result.postings if p.description.startswith("Job ")]
    assert len(described) == 100  # at most 100 new details a sync; the rest come later


# -- Workable ---------------------------------------------------------------------------------


def test_workable_several_locations_workplace_type_and_salary(
    httpserver: HTTPServer, http: Fetcher
) -> None:
    account = {
        "name": "Acme",
        "jobs": [
            {
                "shortcode": "AB12",
                "title": "Data Engineer",
                "telecommuting": False,
                "workplace_type": "hybrid",
                "employment_type": "Contract",
                "experience": "Director",
                "locations": [
                    {"city": "Paris", "country": "France", "hidden": False},
                    {"city": "Lyon", "country": "France", "hidden": True},
                    {"city": "New York", "region": "NY", "country": "United States"},
                ],
                "salary": {"salary_from": 60000, "salary_to": 75000, "salary_currency": "EUR"},
                "published_on": None,
                "created_at": "2026-09-01",
                "description": None,
            },
            {"shortcode": "CD34", "title": "Recruiter", "telecommuting": None, "locations": []},
        ],
    }
    jobs = by_title(read(http, "workable", serve(httpserver, account)))
    data = jobs["Data Engineer"]
    assert data.location == "Paris, France; New York, NY, United States"  # Lyon is hidden
    assert data.workplace == ["hybrid"]
    assert data.employment_type == ["CONTRACTOR"]
    assert data.salary == Salary(min=60000, max=75000, currency="EUR", period="YEAR")
    assert data.date_posted == date(2026, 9, 1)
    assert data.seniority == "lead"  # Workable's "experience" is a level, not years
    recruiter = jobs["Recruiter"]
    assert recruiter.location is None
    assert recruiter.company == "Acme"


# -- Recruitee --------------------------------------------------------------------------------


def test_recruitee_several_locations_and_salary_as_text(
    httpserver: HTTPServer, http: Fetcher
) -> None:
    offers = {
        "offers": [
            {
                "id": 1,
                "title": "Customer Support Agent",
                "location": "Amsterdam, Netherlands",
                "locations": [
                    {"city": "Amsterdam", "country": "Netherlands"},
                    {"city": "Berlin", "state": "Berlin", "country": "Germany"},
                ],
                "remote": False,
                "hybrid": False,
                "on_site": True,
                "employment_type_code": "parttime_fixed_term",
                "experience_code": "entry_level",
                "salary": {"min": "18.50", "max": "21.00", "period": "hour", "currency": "EUR"},
                "published_at": "2026-10-05 16:05:18 UTC",
                "careers_url": "https://acme.recruitee.com/o/support",
                "translations": None,
                "description": "<p>Help our customers.</p>",
            }
        ]
    }
    offer = only(read(http, "recruitee", serve(httpserver, offers)))
    assert offer.company == "Acme Labs"  # no company_name: the account name
    assert offer.location == "Amsterdam, Netherlands; Berlin, Germany"
    assert offer.workplace == ["onsite"]
    assert offer.employment_type == ["PART_TIME", "CONTRACTOR"]
    assert offer.salary == Salary(min=18.5, max=21, currency="EUR", period="HOUR")
    assert offer.url == "https://acme.recruitee.com/o/support"
    assert offer.seniority == "junior"  # experience_code


# -- Personio ---------------------------------------------------------------------------------

PERSONIO = """<?xml version="1.0" encoding="UTF-8"?>
<workzag-jobs>
  <position>
    <id>2800938</id>
    <subcompany>Acme Energy GmbH</subcompany>
    <office>Berlin</office>
    <additionalOffices><office>Hamburg</office><office>Berlin (Remote)</office></additionalOffices>
    <department>Marketing</department>
    <name>Performance Marketing Manager (m/w/d)</name>
    <jobDescriptions><jobDescription><name>Your role</name>
      <value><![CDATA[<p>Run our campaigns.</p>]]></value></jobDescription></jobDescriptions>
    <employmentType>permanent</employmentType>
    <seniority>experienced</seniority>
    <schedule>full-or-part-time</schedule>
    <yearsOfExperience>5-7</yearsOfExperience>
    <createdAt>2026-10-01T09:00:00+00:00</createdAt>
  </position>
  <position>
    <id>2800939</id>
    <office>Remote</office>
    <name>Werkstudent Data</name>
    <employmentType>working_student</employmentType>
    <schedule>part-time</schedule>
    <seniority>student</seniority>
    <yearsOfExperience>lt-1</yearsOfExperience>
  </position>
  <position><name>No id here</name></position>
  <position><id>2800940</id><office>Munich</office></position>
</workzag-jobs>"""


def test_personio_several_positions_and_offices(httpserver: HTTPServer, http: Fetcher) -> None:
    httpserver.expect_request("/xml").respond_with_data(PERSONIO, content_type="text/xml")
    result = read(http, "personio", httpserver.url_for("/xml"))
    marketing, student = result.postings
    assert marketing.id == "personio:acme-labs:2800938"
    assert marketing.title == "Performance Marketing Manager"
    assert marketing.company == "Acme Energy GmbH"
    assert marketing.location == "Berlin; Hamburg"  # "Berlin (Remote)" is Berlin again
    assert "remote" in marketing.workplace
    assert marketing.employment_type == ["FULL_TIME", "PART_TIME"]
    assert marketing.experience_years is not None
    assert (marketing.experience_years.min, marketing.experience_years.max) == (5, 7)
    assert marketing.date_posted == date(2026, 10, 1)
    assert student.company == "Acme Labs"  # no subcompany: the account name
    assert student.workplace == ["remote"]
    assert student.employment_type[0] == "INTERN"
    assert result.problems == [
        "position 3: no <id>; skipped",
        "position 2800940: no title; skipped",
    ]


# -- Feeds ------------------------------------------------------------------------------------


def test_atom_and_rss_authors_are_the_hiring_company(httpserver: HTTPServer, http: Fetcher) -> None:
    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Jobs</title><id>urn:j</id>
<updated>2026-10-01T00:00:00Z</updated>
<entry><title>Platform Engineer</title><id>urn:job:2</id><author><name>Globex</name></author>
<link href="https://example.org/jobs/2"/><published>2026-09-30T00:00:00Z</published>
<updated>2026-10-01T00:00:00Z</updated><summary>Kubernetes and Go.</summary></entry></feed>"""
    rss = """<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Jobs</title>
<item><title>Backend Engineer</title><dc:creator>Initech</dc:creator>
<link>https://example.org/jobs/3</link><pubDate>Tue, 06 Oct 2026 10:00:00 GMT</pubDate>
<description>Pay $120,000 - $150,000 a year.</description></item>
<item><title>Data Analyst</title><author>jobs@example.org</author>
<link>https://example.org/jobs/4</link></item>
</channel></rss>"""
    httpserver.expect_request("/atom").respond_with_data(atom, content_type="application/atom+xml")
    httpserver.expect_request("/rss").respond_with_data(rss, content_type="application/rss+xml")
    (platform,) = read(http, "feed", httpserver.url_for("/atom")).postings
    assert (platform.title, platform.company) == ("Platform Engineer", "Globex")
    assert platform.date_posted == date(2026, 9, 30)
    backend, analyst = read(http, "feed", httpserver.url_for("/rss")).postings
    assert (backend.title, backend.company) == ("Backend Engineer", "Initech")
    assert backend.salary == Salary(min=120000, max=150000, currency="USD", period="YEAR")
    assert analyst.company is None  # an e-mail address is not a company


def test_json_feed_1_0_author_and_company_in_the_title(
    httpserver: HTTPServer, http: Fetcher
) -> None:
    body = {
        "version": "https://jsonfeed.org/version/1",
        "items": [
            {
                "id": "a",
                "title": "Acme: Backend Engineer",
                "content_html": "<p>Remote - Europe. €70,000–€90,000 per year.</p>",
                "url": "https://ex.org/a",
            },
            {"id": "b", "title": "QA Lead", "author": {"name": "Hooli"}, "content_text": "QA"},
        ],
    }
    jobs = by_title(read(http, "feed", serve(httpserver, body)))
    assert jobs["Backend Engineer"].company == "Acme"
    assert jobs["Backend Engineer"].workplace == ["remote"]
    assert jobs["Backend Engineer"].salary == Salary(
        min=70000, max=90000, currency="EUR", period="YEAR"
    )
    assert jobs["QA Lead"].company == "Hooli"


def test_remote_ok_array_skips_its_terms_notice(httpserver: HTTPServer, http: Fetcher) -> None:
    body = [
        {"legal": "API Terms of Service: please link back"},
        {
            "id": "123",
            "slug": "acme-senior-go-engineer-123",
            "epoch": 1791477053,
            "company": "Acme",
            "position": "Senior Go Engineer",
            "tags": ["go", "golang"],
            "description": "<p>Build our API in Go.</p>",
            "location": "Worldwide",
            "salary_min": 0,
            "salary_max": 0,
            "url": "https://remoteok.com/remote-jobs/123",
        },
        {"id": "124", "company": "B", "position": "Dev", "salary_min": 90000, "salary_max": 1e5},
    ]
    result = read(http, "feed", serve(httpserver, body))
    assert result.skipped == 1
    go, dev = result.postings
    assert (go.title, go.company, go.location) == ("Senior Go Engineer", "Acme", "Worldwide")
    assert go.salary is None  # 0 means not given
    assert go.date_posted == date(2026, 10, 8)
    assert dev.salary == Salary(min=90000, max=100000, currency="USD", period="YEAR")


def test_an_html_page_instead_of_a_feed_or_json_says_so(
    httpserver: HTTPServer, http: Fetcher
) -> None:
    page = "<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>"
    httpserver.expect_request("/page").respond_with_data(page, content_type="text/html")
    for kind in ("feed", "greenhouse", "lever", "hn"):
        with pytest.raises(FetchError, match="sent an HTML page"):
            read(http, kind, httpserver.url_for("/page"), ident="1")


def test_smartrecruiters_that_ignores_offset_is_not_read_forever(
    httpserver: HTTPServer, http: Fetcher
) -> None:
    page = {"content": [{"id": str(n), "name": f"Role {n}"} for n in range(100)]}  # no total
    base = "/v1/companies/Acme/postings"
    httpserver.expect_request(base).respond_with_json(page)
    httpserver.expect_request(re.compile(rf"{base}/\d+")).respond_with_json({})
    result = read(http, "smartrecruiters", httpserver.url_for(base), ident="Acme")
    assert len(result.postings) == 100
    assert http.requests == 2 + 100  # two list pages, then each detail once


def test_json_nested_too_deeply_is_a_clear_error(httpserver: HTTPServer, http: Fetcher) -> None:
    url = serve(httpserver, "[" * 100_000 + "]" * 100_000)
    with pytest.raises(FetchError, match="nested too deeply"):
        read(http, "greenhouse", url)


def test_one_job_of_an_unforeseen_shape_does_not_take_its_board_down(
    httpserver: HTTPServer, http: Fetcher
) -> None:
    items = [
        lever_item(1, text="Odd One", lists=7, categories=["not", "a", "mapping"]),
        lever_item(2, text="Fine One"),
    ]
    result = read(http, "lever", serve(httpserver, items))
    assert [p.title for p in result.postings] == ["Odd One", "Fine One"]
    odd = {"jobs": [{"id": 1, "title": "Odd", "offices": 5, "departments": "Eng"}]}
    (job,) = read(http, "greenhouse", serve(httpserver, odd, "/gh")).postings
    assert job.title == "Odd"


def test_an_item_that_breaks_its_reader_is_reported_and_the_rest_kept(
    httpserver: HTTPServer, http: Fetcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jobbot.sources import lever

    real = lever.to_posting

    def fragile(item: dict[str, Any], spec: SourceSpec) -> Posting | None:
        if item["text"] == "Odd One":
            raise KeyError("salaryRange")  # a shape nobody foresaw
        return real(item, spec)

    monkeypatch.setattr(lever, "to_posting", fragile)
    items = [lever_item(1, text="Odd One"), lever_item(2, text="Fine One")]
    result = read(http, "lever", serve(httpserver, items))
    assert [p.title for p in result.postings] == ["Fine One"]
    assert result.problems == [
        "posting 00000000-0000-0000-0000-000000000001: could not be read (KeyError); skipped"
    ]


def test_smartrecruiters_experience_levels(httpserver: HTTPServer, http: Fetcher) -> None:
    levels = [("internship", "Internship"), ("associate", "Associate"), ("director", "Director")]
    content = [
        {"id": str(n), "name": "Technician", "experienceLevel": {"id": ident, "label": label}}
        for n, (ident, label) in enumerate(levels)
    ]
    base = "/v1/companies/Acme/postings"
    httpserver.expect_request(base).respond_with_json({"totalFound": 3, "content": content})
    httpserver.expect_request(re.compile(rf"{base}/\d+")).respond_with_json({})
    result = read(http, "smartrecruiters", httpserver.url_for(base), ident="Acme")
    assert [p.seniority for p in result.postings] == ["intern", "junior", "lead"]


def test_an_error_a_server_sends_is_quoted_without_terminal_escapes(
    httpserver: HTTPServer, http: Fetcher
) -> None:
    url = serve(httpserver, {"error": "\x1b[2J\x1b]0;owned\x07Board\r\nis gone"})
    with pytest.raises(FetchError) as caught:
        read(http, "greenhouse", url)
    assert "the server says: " in str(caught.value)
    assert "\x1b" not in str(caught.value)
    assert "\r" not in str(caught.value)
    assert "is gone" in str(caught.value)


def test_smartrecruiters_empty_answer_says_to_check_the_identifier(
    httpserver: HTTPServer, http: Fetcher
) -> None:
    base = "/v1/companies/BoschGrup/postings"
    httpserver.expect_request(base).respond_with_json(
        {"offset": 0, "limit": 100, "totalFound": 0, "content": []}
    )
    result = read(http, "smartrecruiters", httpserver.url_for(base), ident="BoschGrup")
    assert result.postings == []
    assert "check that 'BoschGrup' is the company identifier" in result.problems[0]
