"""Ashby Public Job Posting API: `GET api.ashbyhq.com/posting-api/job-board/{board}
?includeCompensation=true`, every job in one response.

Jobs with `isListed: false` are not public and are skipped. Pay comes from `compensation`
(the Salary component), and is not shown when `shouldDisplayCompensationOnJobPostings` is
false. `workplaceType` (Remote / Hybrid / OnSite) beats `isRemote`.
"""

from __future__ import annotations

from typing import Any

from jobbot.ingest.html import html_to_text as html_text
from jobbot.ingest.salary import parse_salary
from jobbot.models import Posting, Salary
from jobbot.sources.build import (
    Hints,
    assemble,
    board_company,
    day_of,
    employment_of,
    joined,
    listed,
    name_of,
    salary_of,
    text_of,
    workplace_of,
)
from jobbot.sources.fetch import Fetcher
from jobbot.sources.harvest import Harvest, ItemCache, item_list, whole_board
from jobbot.sources.specs import SourceSpec

API = "https://api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true"


def endpoint(spec: SourceSpec) -> str:
    return spec.url or API.format(board=spec.ident)


def harvest(spec: SourceSpec, http: Fetcher, memo: dict[str, Any]) -> Harvest:
    return whole_board(spec, http, memo, endpoint(spec), parse_board)


def parse_board(
    payload: Any, spec: SourceSpec, where: str = "", cache: ItemCache | None = None
) -> Harvest:
    jobs = item_list(payload, "jobs", where or spec.key, "an Ashby job board response")
    result = Harvest()
    for number, job in enumerate(jobs, start=1):
        if not isinstance(job, dict) or not job.get("id"):
            result.problems.append(f"job {number}: not an Ashby job; skipped")
            continue
        if job.get("isListed") is False:
            result.skipped += 1
            continue
        result.add_item(job, lambda job=job: to_posting(job, spec), f"job {job['id']}", cache)
    return result


def to_posting(job: dict[str, Any], spec: SourceSpec) -> Posting | None:
    """One listed Ashby job as a posting."""
    locations = [text_of(job.get("location")) or _postal(job.get("address"))]
    for extra in listed(job.get("secondaryLocations")):
        if isinstance(extra, dict):
            locations.append(text_of(extra.get("location")) or _postal(extra.get("address")))
    workplace = workplace_of(job.get("workplaceType"))
    if not workplace and job.get("isRemote") is True:
        workplace = ["remote"]
    hidden = job.get("shouldDisplayCompensationOnJobPostings") is False
    hints = Hints(
        title=text_of(job.get("title")) or "",
        company=board_company(spec),
        location=joined(locations),
        workplace=workplace,
        employment=employment_of(job.get("employmentType")),
        salary=None if hidden else compensation(job.get("compensation")),
        salary_hidden=hidden,
        department=name_of(job.get("department")) or name_of(job.get("team")),
        date_posted=day_of(job.get("publishedAt") or job.get("publishedDate")),
        url=text_of(job.get("jobUrl")) or text_of(job.get("applyUrl")),
    )
    plain = job.get("descriptionPlain")
    markup = job.get("descriptionHtml")
    if isinstance(plain, str) and plain.strip():
        text = plain
    else:
        text = html_text(markup) if isinstance(markup, str) else ""
    return assemble(spec, job["id"], hints, text)


def _postal(address: Any) -> str | None:
    """`address.postalAddress` (locality, region, country) as a place."""
    postal = address.get("postalAddress") if isinstance(address, dict) else None
    if not isinstance(postal, dict):
        return None
    keys = ("addressLocality", "addressRegion", "addressCountry")
    return ", ".join(dict.fromkeys(t for k in keys if (t := text_of(postal.get(k))))) or None


def compensation(value: Any) -> Salary | None:
    """The salary component of `compensation` (summary first, then the first tier)."""
    if not isinstance(value, dict):
        return None
    groups: list[Any] = [value.get("summaryComponents")]
    for tier in listed(value.get("compensationTiers")):
        if isinstance(tier, dict):
            groups.append(tier.get("components"))
    for components in groups:
        for part in components if isinstance(components, list) else []:
            if not isinstance(part, dict):
                continue
            if str(part.get("compensationType", "")).lower() != "salary":
                continue
            found = salary_of(
                part.get("minValue"),
                part.get("maxValue"),
                part.get("currencyCode"),
                part.get("interval"),
            )
            if found is not None:
                return found
    for key in ("scrapeableCompensationSalarySummary", "compensationTierSummary"):
        summary = value.get(key)  # "$81K – $87K • Offers Equity", when no component says it
        found = parse_salary(summary) if isinstance(summary, str) else None
        if found is not None:
            return found
    return None
