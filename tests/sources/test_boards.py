"""Each vendor's API served locally with its real payload: the postings carry the facts the
payload states (written out here per payload), paging is followed, odd items are skipped."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from jobbot.models import Posting, Salary
from jobbot.sources.fetch import Fetcher, FetchError
from jobbot.sources.harvest import Harvest
from jobbot.sources.remote import RemoteSource
from jobbot.sources.specs import SourceSpec
from tests.support.announce_doubles import FakeClock
from tests.support.boards import payload


@pytest.fixture
def http() -> Iterator[Fetcher]:
    with Fetcher(clock=FakeClock(), retries=1) as fetcher:
        yield fetcher


def read(http: Fetcher, kind: str, ident: str, url: str, **extra: object) -> Harvest:
    spec = SourceSpec(kind=kind, ident=ident, url=url, **extra)  # type: ignore[arg-type]
    return RemoteSource(spec, http).harvest()


def only(result: Harvest) -> Posting:
    assert result.problems == []
    assert len(result.postings) == 1
    return result.postings[0]


def test_greenhouse_airbnb(httpserver: HTTPServer, http: Fetcher) -> None:
    httpserver.expect_request(
        "/v1/boards/airbnb/jobs", query_string="content=true"
    ).respond_with_data(
        payload("greenhouse-airbnb-jobs-content-first1of163.json"), content_type="application/json"
    )
    url = httpserver.url_for("/v1/boards/airbnb/jobs") + "?content=true"
    posting = only(read(http, "greenhouse", "airbnb", url))
    assert posting.id == "greenhouse:airbnb:8184174"
    assert posting.title == "Account Manager"  # the trailing space is gone
    assert posting.company == "Airbnb"
    assert posting.location == "London, United Kingdom"
    assert posting.workplace == ["hybrid"]  # the "Workplace Type" metadata field
    assert posting.salary == Salary(min=46000, max=54000, currency="GBP", period="YEAR")
    assert posting.department == "Business Development"
    assert posting.date_posted == date(2026, 9, 9)
    assert posting.url == "https://careers.airbnb.com/positions/8184174?gh_jid=8184174"
    assert posting.experience_years is not None
    assert posting.experience_years.min == 3
    assert posting.origin == "greenhouse:airbnb"
    # entity-escaped HTML became text: no tags, no entities, the list kept as bullets
    assert "<" not in posting.description
    assert "&lt;" not in posting.description
    assert "&amp;" not in posting.description
    assert "&nbsp;" not in posting.description
    assert "- Manage a book of business" in posting.description
    assert "Inclusion & Belonging" in posting.description


def test_lever_pages_through_skip_and_limit(httpserver: HTTPServer, http: Fetcher) -> None:
    palantir = json.loads(payload("lever-palantir-postings-first1of313.json"))
    zoox = json.loads(payload("lever-zoox-TRIMMED-fixture.json"))
    first_page = [dict(palantir[0], id=f"p-{n}") for n in range(99)] + palantir
    calls: list[tuple[str, str]] = []

    def board(request: Request) -> Response:
        calls.append((request.args["skip"], request.args["limit"]))
        page = {"0": first_page, "100": zoox}.get(request.args["skip"], [])
        return Response(json.dumps(page), content_type="application/json")

    httpserver.expect_request("/v0/postings/palantir").respond_with_handler(board)
    result = read(
        http, "lever", "palantir", httpserver.url_for("/v0/postings/palantir") + "?mode=json"
    )
    assert calls == [("0", "100"), ("100", "100")]  # the short second page ends it
    assert len(result.postings) == 101
    real = next(p for p in result.postings if p.id.endswith("6ed76ce8-4156-4b60-b120-403538bd66cd"))
    assert real.title == "Administrative Business Partner"
    assert real.company == "Palantir"  # Lever names none: the site name
    assert real.location == "Singapore, Singapore"
    assert real.workplace == ["hybrid"]  # workplaceType, not the boilerplate about remote work
    assert real.employment_type == ["FULL_TIME"]
    assert real.department == "Administrative"
    assert real.date_posted == date(2026, 8, 11)  # createdAt in epoch milliseconds
    assert real.url == "https://jobs.lever.co/palantir/6ed76ce8-4156-4b60-b120-403538bd66cd"
    assert real.salary is None
    assert "## What We Require" in real.description
    zoox_posting = result.postings[-1]
    assert zoox_posting.title == "Autonomy System Test Engineer"
    assert zoox_posting.salary == Salary(min=144000, max=193000, currency="USD", period="YEAR")
    assert zoox_posting.location == "Foster City, CA"


def test_lever_that_ignores_skip_is_not_read_forever(httpserver: HTTPServer, http: Fetcher) -> None:
    palantir = json.loads(payload("lever-palantir-postings-first1of313.json"))
    page = [dict(palantir[0], id=f"p-{n}") for n in range(100)]
    httpserver.expect_request("/v0/postings/x").respond_with_json(page)
    result = read(http, "lever", "x", httpserver.url_for("/v0/postings/x"))
    assert len(result.postings) == 100
    assert http.requests == 2


def test_ashby_skips_unlisted_jobs_and_reads_compensation(
    httpserver: HTTPServer, http: Fetcher
) -> None:
    httpserver.expect_request("/posting-api/job-board/ashby").respond_with_data(
        payload("ashby-ashby-TRIMMED-fixture.json")
    )
    result = read(http, "ashby", "ashby", httpserver.url_for("/posting-api/job-board/ashby"))
    posting = only(result)
    assert result.skipped == 1  # "Hidden Role" has isListed: false
    assert posting.id == "ashby:ashby:7458d4e9-da2e-47bd-98cb-adfda43d42b2"
    assert posting.title == "Engineering Manager - EU"
    assert posting.workplace == ["remote"]
    assert posting.location == "European Union"
    assert posting.salary == Salary(min=110000, max=185000, currency="EUR", period="YEAR")
    assert posting.date_posted == date(2026, 7, 24)
    assert posting.url == "https://jobs.ashbyhq.com/ashby/7458d4e9-da2e-47bd-98cb-adfda43d42b2"


def test_ashby_hidden_pay_is_not_shown(httpserver: HTTPServer, http: Fetcher) -> None:
    board = json.loads(payload("ashby-ashby-TRIMMED-fixture.json"))
    job = board["jobs"][0]
    job["shouldDisplayCompensationOnJobPostings"] = False
    job["descriptionPlain"] += " Salary: €110,000 - €185,000."
    httpserver.expect_request("/board").respond_with_json({"jobs": [job]})
    assert only(read(http, "ashby", "ashby", httpserver.url_for("/board"))).salary is None


def test_smartrecruiters_pages_by_offset_and_reads_details(
    httpserver: HTTPServer, http: Fetcher
) -> None:
    listing = json.loads(payload("smartrecruiters-boschgroup-list-TRIMMED-note.json"))
    detail = json.loads(payload("smartrecruiters-boschgroup-detail-TRIMMED-note.json"))
    detail["jobAd"]["sections"]["jobDescription"]["text"] = "<p>Run the <b>line</b>.</p>"
    detail["creator"] = {"name": "A Recruiter"}
    item = listing["content"][0]
    second = dict(
        item, id="744000154502130", name="Operator 3", location=dict(item["location"], remote=True)
    )
    pages = {"0": [item], "1": [second]}
    offsets: list[str] = []

    def postings(request: Request) -> Response:
        offsets.append(request.args["offset"])
        body = {
            "offset": int(request.args["offset"]),
            "limit": 1,
            "totalFound": 2,
            "content": pages.get(request.args["offset"], []),
        }
        return Response(json.dumps(body), content_type="application/json")

    base = "/v1/companies/BoschGroup/postings"
    httpserver.expect_request(base).respond_with_handler(postings)
    httpserver.expect_request(f"{base}/744000154502129").respond_with_json(detail)
    httpserver.expect_request(f"{base}/744000154502130").respond_with_data("gone", status=404)
    result = read(http, "smartrecruiters", "BoschGroup", httpserver.url_for(base))
    assert offsets == ["0", "1"]
    first, other = result.postings
    assert first.id == "smartrecruiters:BoschGroup:744000154502129"
    assert first.title == "Operator 2 - 2nd shift"
    assert first.company == "Bosch Group"
    assert first.location == "St. Joseph, MI, United States"
    assert first.workplace == ["onsite"]  # remote: false, hybrid: false
    assert first.employment_type == ["FULL_TIME"]
    assert first.seniority == "junior"  # "Entry Level"
    assert first.date_posted == date(2026, 10, 8)
    assert first.url == detail["postingUrl"]
    assert "Run the **line**." in first.description
    assert "A Recruiter" not in first.model_dump_json()
    assert other.workplace == ["remote"]
    assert other.url == "https://jobs.smartrecruiters.com/BoschGroup/744000154502130"
    assert result.problems
    assert "744000154502130: no details" in result.problems[0]


def test_workable_widget(httpserver: HTTPServer, http: Fetcher) -> None:
    httpserver.expect_request("/api/v1/widget/accounts/huggingface").respond_with_data(
        payload("workable-huggingface-widget-TRIMMED-note.json")
    )
    posting = only(
        read(
            http,
            "workable",
            "huggingface",
            httpserver.url_for("/api/v1/widget/accounts/huggingface"),
        )
    )
    assert posting.id == "workable:huggingface:81B46579FE"
    assert posting.title == "Open-Source Machine Learning Engineer - EMEA Remote"
    assert posting.company == "Hugging Face"
    assert posting.workplace == ["remote"]  # telecommuting: true
    assert posting.employment_type == ["FULL_TIME"]
    assert posting.department == "Open Source"
    assert posting.location == "Paris, Île-de-France, France"
    assert posting.date_posted == date(2026, 5, 29)
    assert posting.url == "https://apply.workable.com/j/81B46579FE"


def test_recruitee_offers(httpserver: HTTPServer, http: Fetcher) -> None:
    httpserver.expect_request("/api/offers/").respond_with_data(
        payload("recruitee-bunq-offers-TRIMMED-note.json")
    )
    posting = only(read(http, "recruitee", "bunq", httpserver.url_for("/api/offers/")))
    assert posting.id == "recruitee:bunq:4415333"
    assert posting.title == "Deputy AML Manager - Belgium"
    assert posting.company == "bunq"
    assert posting.location == "Brussels, Brussels, Belgium"
    assert posting.workplace == ["hybrid"]
    assert posting.employment_type == ["FULL_TIME"]  # fulltime_permanent
    assert posting.salary is None  # every salary field is null
    assert posting.date_posted == date(2026, 10, 5)  # "2026-10-05 16:05:18 UTC"
    assert posting.url == "https://careers.bunq.com/o/deputy-aml-manager-belgium/c/new"
    assert "Ready to Get Shit Done?" in posting.description


def test_recruitee_salary_when_given(httpserver: HTTPServer, http: Fetcher) -> None:
    offers = json.loads(payload("recruitee-bunq-offers-TRIMMED-note.json"))
    offers["offers"][0]["salary"] = {"min": 4000, "max": 5500, "period": "month", "currency": "EUR"}
    httpserver.expect_request("/api/offers/").respond_with_json(offers)
    posting = only(read(http, "recruitee", "bunq", httpserver.url_for("/api/offers/")))
    assert posting.salary == Salary(min=4000, max=5500, currency="EUR", period="MONTH")


PERSONIO = """<?xml version="1.0" encoding="UTF-8"?>
<workzag-jobs>
  <position>
    <id>4103</id>
    <subcompany>Acme Robotics GmbH</subcompany>
    <office>Munich</office>
    <additionalOffices><office>Berlin</office></additionalOffices>
    <department>Engineering</department>
    <recruitingCategory>Software</recruitingCategory>
    <name>Backend Engineer (m/w/d)</name>
    <jobDescriptions>
      <jobDescription><name>Your tasks</name>
        <value><![CDATA[<ul><li>Build services in Python and PostgreSQL</li></ul>]]></value>
      </jobDescription>
      <jobDescription><name>What we offer</name>
        <value><![CDATA[<p>65.000 - 80.000 EUR per year, hybrid, 2 days in office.</p>]]></value>
      </jobDescription>
    </jobDescriptions>
    <employmentType>permanent</employmentType>
    <seniority>experienced</seniority>
    <schedule>full-time</schedule>
    <yearsOfExperience>2-5</yearsOfExperience>
    <createdAt>2026-09-01T08:00:00+00:00</createdAt>
  </position>
</workzag-jobs>"""


def test_personio_feed_in_its_documented_shape(httpserver: HTTPServer, http: Fetcher) -> None:
    httpserver.expect_request("/xml", query_string="language=en").respond_with_data(
        PERSONIO, content_type="text/xml"
    )
    posting = only(read(http, "personio", "acme", httpserver.url_for("/xml") + "?language=en"))
    assert posting.id == "personio:acme:4103"
    assert posting.title == "Backend Engineer"
    assert posting.company == "Acme Robotics GmbH"
    assert posting.location == "Munich; Berlin"
    assert posting.employment_type == ["FULL_TIME"]
    assert posting.department == "Engineering"
    assert posting.experience_years is not None
    assert (posting.experience_years.min, posting.experience_years.max) == (2, 5)
    assert posting.salary == Salary(min=65000, max=80000, currency="EUR", period="YEAR")
    assert posting.date_posted == date(2026, 9, 1)
    assert posting.url == f"{httpserver.url_for('/').rstrip('/')}/job/4103"
    assert "Python" in posting.skills


def test_personio_empty_feed_is_an_empty_board(httpserver: HTTPServer, http: Fetcher) -> None:
    httpserver.expect_request("/xml").respond_with_data("<workzag-jobs></workzag-jobs>")
    assert read(http, "personio", "acme", httpserver.url_for("/xml")).postings == []


def test_personio_html_error_page_is_an_error(httpserver: HTTPServer, http: Fetcher) -> None:
    httpserver.expect_request("/xml").respond_with_data("<html><body>Page not found")
    with pytest.raises(FetchError, match="not a Personio XML feed"):
        read(http, "personio", "acme", httpserver.url_for("/xml"))


@pytest.mark.parametrize(
    ("kind", "body", "message"),
    [
        ("greenhouse", b"{not json", "did not return valid JSON"),
        ("greenhouse", b'{"error": "no board"}', "not a Greenhouse board"),
        ("lever", b'{"ok": false}', "not a Lever postings list"),
        ("ashby", b"[]", "not an Ashby job board"),
        ("workable", b'"Not Found"', "not a Workable account"),
        ("recruitee", b'{"offers": null}', "not a Recruitee offers"),
        ("smartrecruiters", b"{}", "not a SmartRecruiters postings page"),
        ("hn", b"null", "not a Hacker News item"),
    ],
)
def test_a_malformed_response_names_the_source(
    httpserver: HTTPServer, http: Fetcher, kind: str, body: bytes, message: str
) -> None:
    httpserver.expect_request("/api").respond_with_data(body)
    with pytest.raises(FetchError) as caught:
        read(http, kind, "acme", httpserver.url_for("/api"))
    assert str(caught.value).startswith(f"{kind}:acme: ")
    assert message in str(caught.value)


def test_a_malformed_item_is_skipped_and_reported(httpserver: HTTPServer, http: Fetcher) -> None:
    board = json.loads(payload("greenhouse-airbnb-jobs-content-first1of163.json"))
    board["jobs"] += ["junk", {"id": 5, "title": "   "}]
    httpserver.expect_request("/jobs").respond_with_json(board)
    result = read(http, "greenhouse", "airbnb", httpserver.url_for("/jobs"))
    assert [p.id for p in result.postings] == ["greenhouse:airbnb:8184174"]
    assert result.problems == ["job 2: not a Greenhouse job; skipped", "job 5: no title; skipped"]
