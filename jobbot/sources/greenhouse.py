"""Greenhouse Job Board API: `GET boards-api.greenhouse.io/v1/boards/{board}/jobs?content=true`.

One response holds every published job (no paging). `content` is HTML whose tags are
entity-escaped; pay, when the employer shows it, is inside that HTML ("… Annual Pay Range
£46,000 — £54,000 GBP"), so it is read from the text. Workplace and employment type come
from the employer's custom `metadata` fields when it exposes them ("Workplace Type").
"""

from __future__ import annotations

import html
import re
from typing import Any

from jobbot.ingest.html import html_to_text as html_text
from jobbot.models import Posting, Salary
from jobbot.sources.build import (
    Hints,
    amount_of,
    assemble,
    board_company,
    day_of,
    employment_of,
    joined,
    name_of,
    salary_of,
    text_of,
    workplace_of,
)
from jobbot.sources.fetch import Fetcher, with_query
from jobbot.sources.harvest import Harvest, ItemCache, item_list, whole_board
from jobbot.sources.specs import SourceSpec

API = "https://boards-api.greenhouse.io/v1/boards/{board}/jobs"


def endpoint(spec: SourceSpec) -> str:
    """The jobs list with `content=true` (without it the list carries no descriptions)."""
    url = spec.url or API.format(board=spec.ident)
    return url if "content=" in url else with_query(url, {"content": "true"})


def harvest(spec: SourceSpec, http: Fetcher, memo: dict[str, Any]) -> Harvest:
    return whole_board(spec, http, memo, endpoint(spec), parse_board)


def parse_board(
    payload: Any, spec: SourceSpec, where: str = "", cache: ItemCache | None = None
) -> Harvest:
    """Every job on a board's response."""
    jobs = item_list(payload, "jobs", where or spec.key, "a Greenhouse board response")
    result = Harvest()
    for number, job in enumerate(jobs, start=1):
        if not isinstance(job, dict) or job.get("id") is None:
            result.problems.append(f"job {number}: not a Greenhouse job; skipped")
            continue
        result.add_item(job, lambda job=job: to_posting(job, spec), f"job {job.get('id')}", cache)
    return result


def to_posting(job: dict[str, Any], spec: SourceSpec) -> Posting | None:
    """One Greenhouse job as a posting."""
    meta = _metadata(job.get("metadata"))
    location = name_of(job.get("location"))
    if not location:
        offices = job.get("offices") if isinstance(job.get("offices"), list) else []
        location = joined(name_of(o) for o in offices if isinstance(o, dict))
    listed = job.get("departments") if isinstance(job.get("departments"), list) else []
    departments = [name_of(d) for d in listed if isinstance(d, dict)]
    hints = Hints(
        title=text_of(job.get("title")) or "",
        company=text_of(job.get("company_name")) or board_company(spec),
        location=location,
        workplace=workplace_of(
            meta.get("workplace type"), meta.get("location type"), meta.get("remote")
        ),
        employment=employment_of(meta.get("employment type"), meta.get("job type")),
        salary=pay_range(job.get("pay_input_ranges")) or metadata_pay(job.get("metadata")),
        department=next((d for d in departments if d), None),
        date_posted=day_of(job.get("first_published") or job.get("updated_at")),
        valid_through=day_of(job.get("application_deadline")),
        url=text_of(job.get("absolute_url")),
    )
    content = job.get("content")
    text = html_text(entity_escaped_html(content)) if isinstance(content, str) else ""
    return assemble(spec, job["id"], hints, text)


def pay_range(ranges: Any) -> Salary | None:
    """The first of `pay_input_ranges` (sent with `pay_transparency=true`): amounts in cents."""
    for item in ranges if isinstance(ranges, list) else []:
        if not isinstance(item, dict):
            continue
        low, high = amount_of(item.get("min_cents")), amount_of(item.get("max_cents"))
        found = salary_of(
            low / 100 if low else None,
            high / 100 if high else None,
            item.get("currency_type"),
            " ".join(t for k in ("title", "blurb") if (t := text_of(item.get(k)))),
        )
        if found is not None:
            return found
    return None


_PAY_FIELD = re.compile(r"\b(?:salary|pay|compensation|wage|base)\b", re.I)


def metadata_pay(items: Any) -> Salary | None:
    """A pay custom field (`value_type` currency or currency_range, a name such as "Salary
    Range"): `{"min_value": "120000", "max_value": "150000", "unit": "USD"}`."""
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("value"), dict):
            continue
        if not _PAY_FIELD.search(str(item.get("name") or "")):
            continue
        value = item["value"]
        low = value.get("min_value", value.get("amount"))
        high = value.get("max_value", value.get("amount"))
        found = salary_of(low, high, value.get("unit") or value.get("currency"), item["name"])
        if found is not None:
            return found
    return None


def entity_escaped_html(markup: str) -> str:
    """`content` is HTML whose tags are themselves entity-escaped (`&lt;p&gt;`): unescape it
    once so it parses as HTML, leaving its text entities (`&amp;amp;`) to the HTML parser."""
    return html.unescape(markup) if "&lt;" in markup else markup


def _metadata(items: Any) -> dict[str, Any]:
    """The employer's custom fields by lower-cased name (`workplace type` → `Hybrid`)."""
    found: dict[str, Any] = {}
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            value = item.get("value")
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value if v)
            if isinstance(value, str) and value.strip():
                found[" ".join(item["name"].lower().split())] = value
    return found
