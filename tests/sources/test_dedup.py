"""One job, one posting: the same opening from two sources is shown once, listing both."""

from __future__ import annotations

from jobbot.models import Corpus, Posting, Salary
from jobbot.sources import CompositeSource
from jobbot.sources.dedup import canonical_url, collapse, refs


def posting(pid: str, origin: str, **fields: object) -> Posting:
    base: dict[str, object] = {"title": "Account Manager", "source": origin.replace(":", "/")}
    return Posting(id=pid, origin=origin, **{**base, **fields})  # type: ignore[arg-type]


BOARD = posting(
    "greenhouse:airbnb:8184174",
    "greenhouse:airbnb",
    company="Airbnb",
    location="London, United Kingdom",
    salary=Salary(min=46000, max=54000, currency="GBP", period="YEAR"),
    url="https://careers.airbnb.com/positions/8184174?gh_jid=8184174",
    content_hash="a",
)


def test_a_careers_page_that_links_the_greenhouse_id_is_the_same_job() -> None:
    page = posting(
        "jsonld:careers.airbnb.com:1a2b",
        "jsonld:careers.airbnb.com",
        title="Account Manager (Market Associate)",
        url="https://boards.greenhouse.io/airbnb/jobs/8184174",
        content_hash="b",
    )
    (one,) = collapse([BOARD, page])
    assert one.id == BOARD.id
    assert one.source == "greenhouse/airbnb, jsonld/careers.airbnb.com"
    assert [listing.origin for listing in one.also_listed] == ["jsonld:careers.airbnb.com"]
    assert one.salary == BOARD.salary


def test_the_same_url_without_tracking_is_the_same_job() -> None:
    page = posting(
        "jsonld:careers.airbnb.com:x",
        "jsonld:careers.airbnb.com",
        title="Market Associate",
        url="https://www.careers.airbnb.com/positions/8184174/?utm_source=x",
    )
    assert canonical_url(page.url or "") == "careers.airbnb.com/positions/8184174"
    assert len(collapse([BOARD, page])) == 1


def test_else_company_title_and_city_normalised() -> None:
    feed = posting(
        "feed:wwr:9",
        "feed:wwr",
        title="Account  manager",
        company="AIRBNB",
        location="London",
        workplace=["hybrid"],
        url="https://weworkremotely.com/jobs/9",
    )
    (one,) = collapse([feed, BOARD])
    assert one.id == "feed:wwr:9"  # the first source's posting is the one shown
    assert one.salary == BOARD.salary  # its gaps filled from the other
    assert one.workplace == ["hybrid"]


def test_different_jobs_and_one_sources_own_twins_stay_apart() -> None:
    other_city = posting(
        "lever:airbnb:2", "lever:airbnb", company="Airbnb", location="Paris, France"
    )
    twin = posting(
        "greenhouse:airbnb:2",
        "greenhouse:airbnb",
        company="Airbnb",
        location="London, United Kingdom",
    )
    generic = posting(
        "feed:x:1", "feed:x", title="Designer", company="Acme", url="https://acme.com/careers"
    )
    generic2 = posting(
        "feed:y:1", "feed:y", title="Writer", company="Acme", url="https://acme.com/careers/"
    )
    result = collapse([BOARD, twin, other_city, generic, generic2])
    assert [p.id for p in result] == [BOARD.id, twin.id, other_city.id, "feed:x:1", "feed:y:1"]


def test_vendor_ids_and_urls_are_read_from_postings() -> None:
    lever = posting(
        "x:1", "dir:/k", url="https://jobs.lever.co/zoox/f4746da4-8eb8-43e2-b7ce-bf3c7cf9640d/apply"
    )
    assert "ref:lever:f4746da4-8eb8-43e2-b7ce-bf3c7cf9640d" in refs(lever)
    assert refs(BOARD)[0] == "ref:greenhouse:8184174"


class Fixed:
    def __init__(self, key: str, postings: list[Posting]) -> None:
        self.key = key
        self.corpus = Corpus(postings=postings)

    def fingerprint(self) -> str:
        return "same"

    def load(self) -> Corpus:
        return self.corpus


def test_the_composite_of_all_sources_shows_each_job_once() -> None:
    page = posting("jsonld:c:1", "jsonld:c", url="https://careers.airbnb.com/positions/8184174")
    both = CompositeSource([Fixed("greenhouse:airbnb", [BOARD]), Fixed("jsonld:c", [page])])
    corpus = both.load()
    assert [p.id for p in corpus.postings] == [BOARD.id]
    assert both.load() is corpus
    single = Fixed("all", [BOARD])
    assert CompositeSource([single]).load() is single.corpus  # nothing to merge: untouched
