"""SmartRecruiters Posting API: `GET api.smartrecruiters.com/v1/companies/{company}/postings`,
paged by offset/limit (at most 100) up to `totalFound`, plus `/postings/{id}` for the text.

The list carries title, place, `location.remote` / `location.hybrid`, employment type and
level; the description and apply link are only in each posting's detail. Details are read
for postings not seen before (at most `MAX_DETAILS` per sync) and remembered while the
process lives, so a board of thousands costs its list pages on later syncs. The detail's
recruiter name is never stored.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit, urlunsplit

from jobbot.ingest.html import html_to_text as html_text
from jobbot.models import Posting
from jobbot.sources.build import (
    Hints,
    assemble,
    day_of,
    employment_of,
    level_of,
    name_of,
    text_of,
)
from jobbot.sources.fetch import Fetcher, FetchError
from jobbot.sources.harvest import MAX_PAGES, Harvest, ItemCache, item_list
from jobbot.sources.specs import SourceSpec

API = "https://api.smartrecruiters.com/v1/companies/{company}/postings"
PAGE_SIZE = 100
MAX_DETAILS = 100
SECTIONS = ("companyDescription", "jobDescription", "qualifications", "additionalInformation")


def endpoint(spec: SourceSpec) -> str:
    return spec.url or API.format(company=spec.ident)


def detail_url(spec: SourceSpec, posting_id: str) -> str:
    parts = urlsplit(endpoint(spec))
    return urlunsplit(parts._replace(path=parts.path.rstrip("/") + f"/{posting_id}", query=""))


def harvest(spec: SourceSpec, http: Fetcher, memo: dict[str, Any]) -> Harvest:
    result = Harvest(unchanged=True)
    items: list[dict[str, Any]] = []
    seen: set[str] = set()
    offset = 0
    for _ in range(MAX_PAGES):
        page = http.get(
            endpoint(spec), params={"limit": PAGE_SIZE, "offset": offset}, accept="application/json"
        )
        result.unchanged = result.unchanged and page.not_modified
        payload = page.json()
        content = item_list(payload, "content", page.url, "a SmartRecruiters postings page")
        fresh = [i for i in content if isinstance(i, dict) and str(i.get("id")) not in seen]
        if content and not fresh:
            break  # the server ignores `offset`: this page repeats one already read
        seen.update(str(item.get("id")) for item in fresh)
        items += fresh
        result.problems += [
            f"posting at {offset + n}: not a SmartRecruiters posting; skipped"
            for n, item in enumerate(content)
            if not isinstance(item, dict)
        ]
        offset += len(content)
        total = payload.get("totalFound")
        if not content or (isinstance(total, int) and offset >= total):
            break
    if not items:
        result.problems.append(
            f"no postings: SmartRecruiters answers an unknown company with an empty list, "
            f"so check that {spec.ident!r} is the company identifier "
            f"(jobs.smartrecruiters.com/<identifier>)"
        )
    details: dict[str, tuple[Any, dict[str, Any]]] = memo.setdefault("details", {})
    fetched = 0
    cache = ItemCache(memo)
    for item in items:
        posting_id = text_of(item.get("id"))
        if not posting_id:
            result.problems.append("a posting without an id; skipped")
            continue
        known = details.get(posting_id)
        if (known is None or known[0] != item.get("releasedDate")) and fetched < MAX_DETAILS:
            fetched += 1
            try:
                detail = http.json(detail_url(spec, posting_id))
            except FetchError as exc:
                result.problems.append(f"posting {posting_id}: no details ({exc})")
            else:
                if isinstance(detail, dict):
                    details[posting_id] = (item.get("releasedDate"), _keep(detail))
                    result.unchanged = False
        detail = details[posting_id][1] if posting_id in details else None
        build = lambda item=item, detail=detail: to_posting(item, detail, spec)  # noqa: E731
        result.add_item([item, detail], build, f"posting {posting_id}", cache)
    cache.done()
    return result


def _keep(detail: dict[str, Any]) -> dict[str, Any]:
    """Only what a posting needs from a detail: no recruiter or creator names."""
    return {k: detail.get(k) for k in ("jobAd", "postingUrl", "applyUrl", "location", "name")}


def to_posting(
    item: dict[str, Any], detail: dict[str, Any] | None, spec: SourceSpec
) -> Posting | None:
    """A list item (and its detail, when read) as a posting."""
    detail = detail or {}
    location = item.get("location") if isinstance(item.get("location"), dict) else {}
    parts = [text_of(location.get(k)) for k in ("city", "region", "country")]
    if parts[2] and len(parts[2]) == 2:
        parts[2] = parts[2].upper()  # `country` is a lower-case ISO code: `pl` → `PL`
    place = text_of(location.get("fullLocation")) or ", ".join(p for p in parts if p)
    if location.get("remote") is True:
        workplace = ["remote"]
    elif location.get("hybrid") is True:
        workplace = ["hybrid"]
    elif location.get("remote") is False and location.get("hybrid") is False:
        workplace = ["onsite"]
    else:
        workplace = []
    company = item.get("company") if isinstance(item.get("company"), dict) else {}
    kind = item.get("typeOfEmployment")
    url = text_of(detail.get("postingUrl")) or text_of(detail.get("applyUrl"))
    if not url:
        board = text_of(company.get("identifier")) or spec.ident
        url = f"https://jobs.smartrecruiters.com/{board}/{item['id']}"
    hints = Hints(
        title=text_of(item.get("name")) or "",
        company=name_of(company) or spec.company,
        location=place or None,
        workplace=workplace,  # type: ignore[arg-type]
        employment=employment_of(name_of(kind)),
        department=name_of(item.get("department")) or name_of(item.get("function")),
        date_posted=day_of(item.get("releasedDate")),
        url=url,
        seniority_text=level_of(item.get("experienceLevel")),
    )
    return assemble(spec, item["id"], hints, _text(detail.get("jobAd")))


def _text(job_ad: Any) -> str:
    sections = job_ad.get("sections") if isinstance(job_ad, dict) else None
    if not isinstance(sections, dict):
        return ""
    parts = []
    for name in SECTIONS:
        section = sections.get(name)
        if isinstance(section, dict) and isinstance(section.get("text"), str):
            title = text_of(section.get("title"))
            body = html_text(section["text"])
            if body:
                parts.append(f"## {title}\n{body}" if title else body)
    return "\n\n".join(parts)
