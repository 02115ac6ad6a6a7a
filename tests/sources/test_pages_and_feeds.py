"""Career pages (JSON-LD, by URL or sitemap), feeds (RSS, Atom, JSON Feed, `links.next`
boards) and Hacker News threads, each served locally."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import date

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from jobbot.models import Salary
from jobbot.sources.fetch import Fetcher, FetchError
from jobbot.sources.harvest import Harvest
from jobbot.sources.remote import RemoteSource
from jobbot.sources.specs import SourceSpec
from tests.support.announce_doubles import FakeClock
from tests.support.boards import payload, real_posting


@pytest.fixture
def http() -> Iterator[Fetcher]:
    with Fetcher(clock=FakeClock(), retries=0) as fetcher:
        yield fetcher


def read(http: Fetcher, spec: SourceSpec) -> Harvest:
    return RemoteSource(spec, http).harvest()


def job_page(title: str, extra: dict[str, object]) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": title,
        "description": "<p>We build data pipelines in <b>Python</b> and Kafka.</p>",
        "datePosted": "2026-09-20",
        "validThrough": "2026-12-31T00:00",
        "hiringOrganization": {"@type": "Organization", "name": "Airbnb"},
        "jobLocation": {
            "@type": "Place",
            "address": {"addressLocality": "London", "addressCountry": "United Kingdom"},
        },
        "employmentType": "FULL_TIME",
        **extra,
    }
    return (
        "<html><head><title>x</title><script type='application/ld+json'>"
        + json.dumps(data)
        + "</script></head><body><h1>Careers</h1></body></html>"
    )


def test_jsonld_pages_listed_by_a_sitemap(httpserver: HTTPServer, http: Fetcher) -> None:
    one = httpserver.url_for("/positions/8184174")
    sitemap = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{one}</loc></url><url><loc>{httpserver.url_for('/team')}</loc></url>"
        "</urlset>"
    )
    httpserver.expect_request("/sitemap.xml").respond_with_data(
        sitemap, content_type="application/xml"
    )
    salary = {
        "@type": "MonetaryAmount",
        "currency": "GBP",
        "value": {
            "@type": "QuantitativeValue",
            "minValue": 46000,
            "maxValue": 54000,
            "unitText": "YEAR",
        },
    }
    httpserver.expect_request("/positions/8184174").respond_with_data(
        job_page("Account Manager", {"baseSalary": salary, "identifier": {"value": "8184174"}}),
        content_type="text/html",
    )
    httpserver.expect_request("/team").respond_with_data("<html><body>Our team</body></html>")
    spec = SourceSpec("jsonld", "careers", urls=(httpserver.url_for("/sitemap.xml"),))
    result = read(http, spec)
    assert result.problems == []
    (posting,) = result.postings
    assert posting.id == "jsonld:careers:8184174"
    assert posting.title == "Account Manager"
    assert posting.company == "Airbnb"
    assert posting.location == "London, United Kingdom"
    assert posting.salary == Salary(min=46000, max=54000, currency="GBP", period="YEAR")
    assert posting.employment_type == ["FULL_TIME"]
    assert posting.date_posted == date(2026, 9, 20)
    assert posting.valid_through == date(2026, 12, 31)
    assert posting.url == one
    assert "Python" in posting.skills


def test_jsonld_telecommute_yields_to_the_pages_own_words(
    httpserver: HTTPServer, http: Fetcher
) -> None:
    page = job_page(
        "Engineer",
        {
            "jobLocationType": "TELECOMMUTE",
            "description": "<p>This is a hybrid role: three days a week in our London office.</p>",
        },
    )
    httpserver.expect_request("/job").respond_with_data(page, content_type="text/html")
    (posting,) = read(http, SourceSpec("jsonld", "x", urls=(httpserver.url_for("/job"),))).postings
    assert posting.workplace == ["hybrid"]


def test_jsonld_one_page_down_is_reported_the_others_read(
    httpserver: HTTPServer, http: Fetcher
) -> None:
    httpserver.expect_request("/a").respond_with_data(job_page("Data Engineer", {}))
    httpserver.expect_request("/b").respond_with_data("boom", status=500)
    spec = SourceSpec("jsonld", "x", urls=(httpserver.url_for("/a"), httpserver.url_for("/b")))
    result = read(http, spec)
    assert [p.title for p in result.postings] == ["Data Engineer"]
    assert "answered HTTP 500" in result.problems[0]
    httpserver.clear()
    httpserver.expect_request("/b").respond_with_data("boom", status=500)
    with pytest.raises(FetchError, match="no page could be read"):
        read(http, SourceSpec("jsonld", "x", urls=(httpserver.url_for("/b"),)))


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>We Work Remotely: Programming</title>
<item>
  <title>Acme Analytics: Senior Backend Engineer</title>
  <region>Anywhere in the World</region>
  <type>Full-Time</type>
  <pubDate>Mon, 05 Oct 2026 10:00:00 +0000</pubDate>
  <guid>https://weworkremotely.com/remote-jobs/acme-senior-backend</guid>
  <link>https://weworkremotely.com/remote-jobs/acme-senior-backend</link>
  <description>&lt;p&gt;Fully remote role. Go and PostgreSQL.
    $150,000 - $180,000 per year.&lt;/p&gt;</description>
</item>
</channel></rss>"""


def test_rss_items_with_company_in_the_title(httpserver: HTTPServer, http: Fetcher) -> None:
    httpserver.expect_request("/remote-jobs.rss").respond_with_data(
        RSS, content_type="application/rss+xml"
    )
    spec = SourceSpec("feed", "wwr", url=httpserver.url_for("/remote-jobs.rss"))
    (posting,) = read(http, spec).postings
    assert posting.title == "Senior Backend Engineer"
    assert posting.company == "Acme Analytics"
    assert posting.location == "Anywhere in the World"
    assert posting.workplace == ["remote"]
    assert posting.employment_type == ["FULL_TIME"]
    assert posting.salary == Salary(min=150000, max=180000, currency="USD", period="YEAR")
    assert posting.date_posted == date(2026, 10, 5)
    assert posting.seniority == "senior"
    assert posting.url == "https://weworkremotely.com/remote-jobs/acme-senior-backend"
    assert "<p>" not in posting.description


def test_atom_entries(httpserver: HTTPServer, http: Fetcher) -> None:
    atom = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Jobs</title><id>urn:jobs</id>
<updated>2026-10-01T00:00:00Z</updated>
<entry><title>Python Developer (Berlin, hybrid)</title><id>urn:job:1</id>
<link href="https://example.org/jobs/1"/><updated>2026-10-01T00:00:00Z</updated>
<content type="html">&lt;p&gt;Django and Celery.&lt;/p&gt;</content></entry></feed>"""
    httpserver.expect_request("/atom").respond_with_data(atom, content_type="application/atom+xml")
    (posting,) = read(http, SourceSpec("feed", "ex", url=httpserver.url_for("/atom"))).postings
    assert posting.title == "Python Developer (Berlin, hybrid)"
    assert posting.workplace == ["hybrid"]
    assert posting.url == "https://example.org/jobs/1"
    assert "Django" in posting.skills


def test_arbeitnow_board_follows_links_next(httpserver: HTTPServer, http: Fetcher) -> None:
    first = json.loads(payload("arbeitnow-board-page1-TRIMMED-note.json"))
    first["links"]["next"] = httpserver.url_for("/api/job-board-api") + "?page=2"
    second = {
        "data": [
            dict(
                first["data"][0],
                slug="backend-berlin-1",
                title="Backend Developer",
                remote=False,
                location="Berlin",
            )
        ],
        "links": {"next": None},
    }

    def board(request: Request) -> Response:
        body = second if request.args.get("page") == "2" else first
        return Response(json.dumps(body), content_type="application/json")

    httpserver.expect_request("/api/job-board-api").respond_with_handler(board)
    spec = SourceSpec("feed", "arbeitnow", url=httpserver.url_for("/api/job-board-api"))
    result = read(http, spec)
    student, backend = result.postings
    assert student.id == "feed:arbeitnow:studentische-hilfskraft-potsdam-377838"
    assert student.title == "Studentische Hilfskraft"
    assert student.company == "MCH Ventures"
    assert student.location == "Potsdam"
    assert student.workplace == ["remote"]
    assert student.employment_type == ["INTERN"]  # "Working student"
    assert student.date_posted == date(2026, 10, 8)  # created_at in epoch seconds
    assert student.url.startswith("https://www.arbeitnow.com/jobs/companies/mch-ventures/")
    assert backend.title == "Backend Developer"


def test_a_next_link_to_another_host_is_not_followed(httpserver: HTTPServer, http: Fetcher) -> None:
    first = json.loads(payload("arbeitnow-board-page1-TRIMMED-note.json"))
    httpserver.expect_request("/api").respond_with_json(first)  # next is on arbeitnow.com
    result = read(http, SourceSpec("feed", "x", url=httpserver.url_for("/api")))
    assert len(result.postings) == 1
    assert "on another host; not followed" in result.problems[0]


def test_json_feed_pages_through_next_url(httpserver: HTTPServer, http: Fetcher) -> None:
    page2 = httpserver.url_for("/feed.json") + "?p=2"
    one = {
        "version": "https://jsonfeed.org/version/1.1",
        "items": [
            {
                "id": "1",
                "title": "Site Reliability Engineer",
                "content_text": "Remote role. Kubernetes.",
                "url": "https://ex.org/1",
                "date_published": "2026-10-02T10:00:00Z",
            }
        ],
        "next_url": page2,
    }
    two = {
        "version": "https://jsonfeed.org/version/1.1",
        "items": [{"id": "2", "title": "Data Analyst", "content_html": "<p>SQL</p>"}],
    }
    httpserver.expect_request("/feed.json", query_string="p=2").respond_with_json(two)
    httpserver.expect_request("/feed.json").respond_with_json(one)
    result = read(http, SourceSpec("feed", "ex", url=httpserver.url_for("/feed.json")))
    assert [p.title for p in result.postings] == ["Site Reliability Engineer", "Data Analyst"]
    assert result.postings[0].date_posted == date(2026, 10, 2)


def test_a_feed_that_is_not_one_is_an_error(httpserver: HTTPServer, http: Fetcher) -> None:
    httpserver.expect_request("/feed").respond_with_data("<html><body>Sorry</body></html>")
    with pytest.raises(FetchError, match="not an RSS or Atom feed"):
        read(http, SourceSpec("feed", "x", url=httpserver.url_for("/feed")))


def test_hn_thread_reads_top_level_job_comments(httpserver: HTTPServer, http: Fetcher) -> None:
    comments = {
        101: {
            "id": 101,
            "by": "a",
            "time": 1638370000,
            "parent": 900,
            "type": "comment",
            "text": real_posting("01-hn-"),
        },
        102: {
            "id": 102,
            "by": "b",
            "time": 1638370100,
            "parent": 900,
            "type": "comment",
            "text": real_posting("05-hn-"),
        },
        103: {
            "id": 103,
            "by": "c",
            "time": 1638370200,
            "parent": 900,
            "type": "comment",
            "text": "Is anyone else seeing fewer remote roles this month?",
        },
        104: {"id": 104, "deleted": True, "time": 1638370300, "type": "comment"},
    }
    requests: list[int] = []

    def item(request: Request) -> Response:
        number = int(request.path.rsplit("/", 1)[-1].removesuffix(".json"))
        requests.append(number)
        if number == 900:
            body: object = {
                "id": 900,
                "type": "story",
                "title": "Ask HN: Who is hiring? (December 2021)",
                "kids": [101, 102, 103, 104, 105],
            }
        else:
            body = comments.get(number)
        return Response(json.dumps(body), content_type="application/json")

    httpserver.expect_request("/v0/item/900.json").respond_with_handler(item)
    for number in (101, 102, 103, 104, 105):
        httpserver.expect_request(f"/v0/item/{number}.json").respond_with_handler(item)
    source = RemoteSource(
        SourceSpec("hn", "900", url=httpserver.url_for("/v0/item/900.json")), http
    )
    result = source.harvest()
    meticulous, civic = result.postings
    assert result.skipped == 3  # a question, a deleted comment, one that is gone (null)
    assert meticulous.id == "hn:900:101"
    assert meticulous.company == "Meticulous"
    assert meticulous.title == "Founding Engineer"
    assert meticulous.location == "London"
    assert meticulous.workplace == ["onsite"]
    assert meticulous.salary == Salary(min=100000, max=145000, currency="GBP", period="YEAR")
    assert meticulous.url == "https://news.ycombinator.com/item?id=101"
    assert meticulous.date_posted == date(2021, 12, 1)
    assert civic.company == "Civic Eagle"
    assert civic.workplace == ["remote"]
    assert civic.salary == Salary(min=117000, max=144000, currency="USD", period="YEAR")
    # old comments are final: the next sync reads the thread, not every comment again
    requests.clear()
    source.harvest()
    assert requests == [900]


def test_jsonld_several_places_one_amount_and_remote_requirements(
    httpserver: HTTPServer, http: Fetcher
) -> None:
    places = [
        {"@type": "Place", "address": {"addressLocality": "London", "addressCountry": "GB"}},
        {"@type": "Place", "address": {"addressLocality": "Berlin", "addressCountry": "DE"}},
    ]
    one_amount = {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {"@type": "QuantitativeValue", "value": 55000, "unitText": "YEAR"},
    }
    httpserver.expect_request("/a").respond_with_data(
        job_page("Data Engineer", {"jobLocation": places, "baseSalary": one_amount})
    )
    httpserver.expect_request("/b").respond_with_data(
        job_page(
            "Support Engineer",
            {
                "jobLocation": None,
                "jobLocationType": "TELECOMMUTE",
                "applicantLocationRequirements": {"@type": "Country", "name": "USA"},
                "description": "<p>Answer our customers' questions.</p>",
            },
        )
    )
    spec = SourceSpec("jsonld", "x", urls=(httpserver.url_for("/a"), httpserver.url_for("/b")))
    data, support = read(http, spec).postings
    assert data.location == "London, GB; Berlin, DE"
    assert data.salary == Salary(min=55000, max=55000, currency="EUR", period="YEAR")
    assert support.workplace == ["remote"]
    assert support.location == "USA"  # where a remote applicant must live


def test_jsonld_gzipped_sitemaps(httpserver: HTTPServer, http: Fetcher) -> None:
    job = httpserver.url_for("/jobs/7")
    child = gzip.compress(
        f'<?xml version="1.0"?><urlset><url><loc>{job}</loc></url></urlset>'.encode()
    )
    index = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{httpserver.url_for('/jobs-sitemap.xml.gz')}</loc></sitemap>"
        "</sitemapindex>"
    )
    httpserver.expect_request("/sitemap.xml").respond_with_data(index)
    httpserver.expect_request("/jobs-sitemap.xml.gz").respond_with_data(
        child, content_type="application/x-gzip"
    )
    httpserver.expect_request("/jobs/7").respond_with_data(job_page("QA Engineer", {}))
    spec = SourceSpec("jsonld", "x", urls=(httpserver.url_for("/sitemap.xml"),))
    assert [p.title for p in read(http, spec).postings] == ["QA Engineer"]
