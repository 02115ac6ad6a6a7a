"""Recruitee careers site API: `GET {company}.recruitee.com/api/offers/`, every published
offer with its HTML in one response.

`remote` / `hybrid` / `on_site` say where the work is; `salary` is used when it holds an
amount (it is often all null). The offer's `mailbox_email` is never stored.
"""

from __future__ import annotations

from typing import Any

from jobbot.ingest.html import html_to_text as html_text
from jobbot.models import Posting, Workplace
from jobbot.sources.build import (
    Hints,
    assemble,
    board_company,
    day_of,
    employment_of,
    joined,
    level_of,
    salary_of,
    text_of,
)
from jobbot.sources.fetch import Fetcher
from jobbot.sources.harvest import Harvest, ItemCache, item_list, whole_board
from jobbot.sources.specs import SourceSpec

API = "https://{company}.recruitee.com/api/offers/"


def endpoint(spec: SourceSpec) -> str:
    return spec.url or API.format(company=spec.ident)


def harvest(spec: SourceSpec, http: Fetcher, memo: dict[str, Any]) -> Harvest:
    return whole_board(spec, http, memo, endpoint(spec), parse_offers)


def parse_offers(
    payload: Any, spec: SourceSpec, where: str = "", cache: ItemCache | None = None
) -> Harvest:
    offers = item_list(payload, "offers", where or spec.key, "a Recruitee offers response")
    result = Harvest()
    for number, offer in enumerate(offers, start=1):
        if not isinstance(offer, dict) or offer.get("id") is None:
            result.problems.append(f"offer {number}: not a Recruitee offer; skipped")
            continue
        build = lambda offer=offer: to_posting(offer, spec)  # noqa: E731
        result.add_item(offer, build, f"offer {offer['id']}", cache)
    return result


def to_posting(offer: dict[str, Any], spec: SourceSpec) -> Posting | None:
    """One Recruitee offer as a posting (English text when the offer has a translation)."""
    translations = offer.get("translations") if isinstance(offer.get("translations"), dict) else {}
    english = translations.get("en") if isinstance(translations.get("en"), dict) else {}
    workplace: list[Workplace] = [
        kind
        for key, kind in (("remote", "remote"), ("hybrid", "hybrid"), ("on_site", "onsite"))
        if offer.get(key) is True
    ]
    pay = offer.get("salary") if isinstance(offer.get("salary"), dict) else {}
    location = _locations(offer.get("locations")) or text_of(offer.get("location"))
    location = location or ", ".join(t for k in ("city", "country") if (t := text_of(offer.get(k))))
    hints = Hints(
        title=text_of(english.get("title")) or text_of(offer.get("title")) or "",
        company=spec.company or text_of(offer.get("company_name")) or board_company(spec),
        location=location or None,
        workplace=workplace,
        employment=employment_of(offer.get("employment_type_code")),
        salary=salary_of(pay.get("min"), pay.get("max"), pay.get("currency"), pay.get("period")),
        department=text_of(offer.get("department")),
        date_posted=day_of(offer.get("published_at") or offer.get("created_at")),
        url=text_of(offer.get("careers_url")) or text_of(offer.get("careers_apply_url")),
        seniority_text=level_of(offer.get("experience_code")),  # `entry_level`, `senior` …
    )
    parts = []
    for key in ("description", "requirements"):
        value = english.get(key) or offer.get(key)
        if isinstance(value, str):
            parts.append(html_text(value))
    return assemble(spec, offer["id"], hints, "\n\n".join(p for p in parts if p))


def _locations(items: Any) -> str | None:
    """Every entry of `locations` (an offer can be open in several cities), when it has
    more than one; one place is better said by the offer's own `location` text."""
    if not isinstance(items, list) or len(items) < 2:
        return None
    places = []
    for item in items:
        if isinstance(item, dict):
            keys = ("city", "state", "country")
            parts = [t for k in keys if (t := text_of(item.get(k)))]
            places.append(", ".join(dict.fromkeys(parts)) or text_of(item.get("name")))
    return joined(places)
