"""Workable careers widget: `GET apply.workable.com/api/v1/widget/accounts/{account}
?details=true`, every published job with its description in one response.

This is the keyless endpoint Workable's own careers widget reads (the official API needs a
token). `telecommuting: true` means remote; the account's `name` is the company. The fields
Workable's token API also documents (`workplace_type`, `salary{salary_from, salary_to,
salary_currency}`, a `location` object) are read when a job carries them.
"""

from __future__ import annotations

from typing import Any

from jobbot.ingest.html import html_to_text as html_text
from jobbot.models import Posting
from jobbot.sources.build import (
    Hints,
    assemble,
    day_of,
    employment_of,
    joined,
    level_of,
    listed,
    salary_of,
    text_of,
    workplace_of,
)
from jobbot.sources.fetch import Fetcher
from jobbot.sources.harvest import Harvest, ItemCache, item_list, whole_board
from jobbot.sources.specs import SourceSpec

API = "https://apply.workable.com/api/v1/widget/accounts/{account}?details=true"


def endpoint(spec: SourceSpec) -> str:
    return spec.url or API.format(account=spec.ident)


def harvest(spec: SourceSpec, http: Fetcher, memo: dict[str, Any]) -> Harvest:
    return whole_board(spec, http, memo, endpoint(spec), parse_account)


def parse_account(
    payload: Any, spec: SourceSpec, where: str = "", cache: ItemCache | None = None
) -> Harvest:
    jobs = item_list(payload, "jobs", where or spec.key, "a Workable account response")
    company = text_of(payload.get("name"))
    result = Harvest()
    for number, job in enumerate(jobs, start=1):
        if not isinstance(job, dict) or not job.get("shortcode"):
            result.problems.append(f"job {number}: not a Workable job; skipped")
            continue
        build = lambda job=job: to_posting(job, company, spec)  # noqa: E731
        result.add_item(job, build, f"job {job['shortcode']}", cache)
    return result


def to_posting(job: dict[str, Any], company: str | None, spec: SourceSpec) -> Posting | None:
    """One Workable job as a posting."""
    places = []
    for place in listed(job.get("locations")):
        if isinstance(place, dict) and not place.get("hidden"):
            text = ", ".join(
                t for k in ("city", "region", "country") if (t := text_of(place.get(k)))
            )
            if text:
                places.append(text)
    where = job.get("location") if isinstance(job.get("location"), dict) else {}
    if not places:
        text = ", ".join(t for k in ("city", "state", "country") if (t := text_of(job.get(k))))
        text = text or text_of(where.get("location_str")) or ""
        places = [text] if text else []
    workplace = workplace_of(job.get("workplace_type"), where.get("workplace_type"))
    if not workplace and True in (job.get("telecommuting"), where.get("telecommuting")):
        workplace = ["remote"]
    pay = job.get("salary") if isinstance(job.get("salary"), dict) else {}
    hints = Hints(
        title=text_of(job.get("title")) or "",
        company=spec.company or company,
        location=joined(places),
        workplace=workplace,
        employment=employment_of(job.get("employment_type")),
        salary=salary_of(
            pay.get("salary_from"), pay.get("salary_to"), pay.get("salary_currency"), None
        ),
        department=text_of(job.get("department")),
        date_posted=day_of(job.get("published_on") or job.get("created_at")),
        url=text_of(job.get("url")) or text_of(job.get("shortlink")),
        seniority_text=level_of(job.get("experience")),  # "Mid-Senior level", "Entry level"
    )
    description = job.get("description")
    text = html_text(description) if isinstance(description, str) else ""
    return assemble(spec, job["shortcode"], hints, text)
