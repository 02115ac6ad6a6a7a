"""Personio XML feed: `GET {account}.jobs.personio.de/xml?language=en`, every position in one
`<workzag-jobs>` document (the employer has to enable the feed).

A feed with no `<position>` is a valid empty board, not an outage. Job pages are
`https://{account}.jobs.personio.de/job/{id}`. `employmentType` (permanent, intern, trainee,
freelance) and `schedule` (full-time, part-time) together give the employment type.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import urlsplit

from jobbot.ingest.html import html_to_text as html_text
from jobbot.models import Posting
from jobbot.sources.build import (
    Hints,
    assemble,
    board_company,
    day_of,
    employment_of,
    joined,
    text_of,
)
from jobbot.sources.fetch import Fetcher, FetchError
from jobbot.sources.harvest import Harvest
from jobbot.sources.specs import SourceSpec

API = "https://{account}.jobs.personio.de/xml?language=en"
_SENIORITY = {"entry-level": "junior", "student": "intern", "executive": "lead"}
_YEARS = {"lt-1": "0-1", "gt-15": "15+"}
_SCHEDULE = {"full-or-part-time": "full-time part-time"}


def endpoint(spec: SourceSpec) -> str:
    return spec.url or API.format(account=spec.ident)


def harvest(spec: SourceSpec, http: Fetcher, memo: dict[str, Any]) -> Harvest:
    page = http.get(endpoint(spec), accept="application/xml, text/xml")
    result = parse_feed(page.body, spec, page.url)
    result.unchanged = page.not_modified
    return result


def job_base(spec: SourceSpec) -> str:
    """Where job pages live: the feed's own host when `url` points elsewhere."""
    if spec.url:
        parts = urlsplit(spec.url)
        return f"{parts.scheme}://{parts.netloc}"
    return f"https://{spec.ident}.jobs.personio.de"


def parse_feed(body: bytes, spec: SourceSpec, where: str = "") -> Harvest:
    """Every `<position>` in the feed."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise FetchError(f"{where or spec.key}: not a Personio XML feed ({exc})") from None
    if root.tag != "workzag-jobs":
        raise FetchError(f"{where or spec.key}: not a Personio XML feed (root <{root.tag}>)")
    result = Harvest()
    for number, position in enumerate(root.iter("position"), start=1):
        fields = {child.tag: child for child in position}
        ident = _text(fields.get("id"))
        if not ident:
            result.problems.append(f"position {number}: no <id>; skipped")
            continue
        result.add_item(
            None,
            lambda fields=fields, ident=ident: to_posting(fields, ident, spec),
            f"position {ident}",
        )
    return result


def to_posting(fields: dict[str, ET.Element], ident: str, spec: SourceSpec) -> Posting | None:
    offices = [_text(fields.get("office"))]
    extra = fields.get("additionalOffices")
    if extra is not None:
        offices += [_text(office) for office in extra.iter("office")]
    seniority = (_text(fields.get("seniority")) or "").lower()
    years = _text(fields.get("yearsOfExperience"))
    schedule = (_text(fields.get("schedule")) or "").lower()
    hints = Hints(
        title=_text(fields.get("name")) or "",
        company=spec.company or _text(fields.get("subcompany")) or board_company(spec),
        location=joined(offices),
        employment=employment_of(
            _text(fields.get("employmentType")),
            _SCHEDULE.get(schedule, schedule),
        ),
        department=_text(fields.get("department")) or _text(fields.get("recruitingCategory")),
        date_posted=day_of(_text(fields.get("createdAt"))),
        url=f"{job_base(spec)}/job/{ident}",
        seniority_text=_SENIORITY.get(seniority, seniority) or None,
        experience_text=f"{_YEARS.get(years, years)} years" if years else None,
    )
    parts = []
    descriptions = fields.get("jobDescriptions")
    for block in descriptions.iter("jobDescription") if descriptions is not None else []:
        heading = _text(block.find("name"))
        body = html_text(block.findtext("value") or "")
        if body:
            parts.append(f"## {heading}\n{body}" if heading else body)
    return assemble(spec, ident, hints, "\n\n".join(parts))


def _text(element: ET.Element | None) -> str | None:
    return text_of(element.text) if element is not None else None
