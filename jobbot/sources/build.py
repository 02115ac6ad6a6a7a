"""One `Posting` from what a job board says: its structured fields, then its text.

Every connector maps its vendor's fields into `Hints` and hands over the description as
plain text. The vendor's structured facts win (Lever's `workplaceType` beats a boilerplate
paragraph about hybrid work); the text fills what the vendor leaves out (Greenhouse's pay
range lives in `content`), read by the same extractors as knowledge files.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Final

from jobbot.ingest.assemble import posting_from_parts
from jobbot.ingest.errors import DocumentError
from jobbot.ingest.fields import (
    clean_location,
    clean_title,
    employment_from_text,
    workplace_from_text,
)
from jobbot.ingest.ids import short_hash
from jobbot.models import EmploymentType, Posting, Salary, SalaryPeriod, Workplace
from jobbot.pay import PERIOD_WORDS
from jobbot.sources.specs import SourceSpec

MAX_ID: Final = 100
MAX_TEXT: Final = 100_000
_SAFE_ID = re.compile(r"[A-Za-z0-9_.-]{1,64}")


@dataclass(slots=True)
class Hints:
    """The facts a vendor states in fields of their own; None / empty means "not given"."""

    title: str
    company: str | None = None
    location: str | None = None
    workplace: list[Workplace] = field(default_factory=list)
    employment: list[EmploymentType] = field(default_factory=list)
    salary: Salary | None = None
    salary_hidden: bool = False
    """The employer chose not to publish pay: none is shown, not even one found in the text."""
    department: str | None = None
    date_posted: date | None = None
    valid_through: date | None = None
    url: str | None = None
    seniority_text: str | None = None
    experience_text: str | None = None


def posting_id(spec: SourceSpec, vendor_id: object) -> str:
    """`greenhouse:airbnb:8184174`: stable across syncs and restarts, unique per board."""
    raw = str(vendor_id).strip()
    local = raw if _SAFE_ID.fullmatch(raw) else short_hash(raw)
    whole = f"{spec.key}:{local}"
    return whole if len(whole) <= MAX_ID else f"{spec.kind}:{short_hash(whole)}"


def assemble(spec: SourceSpec, vendor_id: object, hints: Hints, text: str) -> Posting | None:
    """The posting, or None when it has no title to show. The text goes through
    `jobbot.ingest`'s one entry point for every source; the vendor's own fields win."""
    title = clean_title(hints.title or "")
    if not title:
        return None
    meta: dict[str, Any] = {}
    for key, value in (
        ("company", hints.company or spec.company),
        ("location", hints.location),
        ("department", hints.department),
        ("seniority", hints.seniority_text),
        ("experience", hints.experience_text),
        ("url", hints.url),
    ):
        if value:
            meta[key] = value
    if hints.workplace:
        meta["workplace"] = list(hints.workplace)
    if hints.employment:
        meta["employment_type"] = list(hints.employment)
    try:
        posting = posting_from_parts(
            (text or "")[:MAX_TEXT],
            title=title,
            hints=meta,
            source=f"{spec.kind}/{spec.ident}",
            posting_id=posting_id(spec, vendor_id),
        )
    except DocumentError:
        return None
    posting.id = posting_id(spec, vendor_id)
    posting.origin = spec.key
    if hints.workplace:
        posting.workplace = list(dict.fromkeys(hints.workplace))
    if hints.employment:
        posting.employment_type = list(dict.fromkeys(hints.employment))
    if hints.salary is not None:
        posting.salary = hints.salary
    if hints.salary_hidden:
        posting.salary = None
    if hints.date_posted is not None:
        posting.date_posted = hints.date_posted
    if hints.valid_through is not None:
        posting.valid_through = hints.valid_through
    if hints.url:
        posting.url = hints.url
    if hints.location and PLACES_SEPARATOR in hints.location:
        posting.location = places(hints.location.split(PLACES_SEPARATOR)) or posting.location
    posting.content_hash = content_hash(posting)
    return posting


def content_hash(posting: Posting) -> str:
    """A digest of what a reader sees, so the scheduler can tell an edited posting."""
    data = posting.model_dump_json(exclude={"content_hash", "origin"})
    return hashlib.sha256(data.encode()).hexdigest()[:16]


# -- small readers every connector needs -----------------------------------------------------

PLACES_SEPARATOR: Final = "; "


def places(values: Any) -> str | None:
    """Several locations as one: each cleaned on its own (`Remote - EMEA` → `EMEA`, so the
    workplace word of one place never leaves a stray `- EMEA` beside the others), repeats
    dropped, joined with `; `."""
    found: list[str] = []
    for value in values if isinstance(values, list | tuple) else [values]:
        text = text_of(value)
        place = clean_location(text) if text else None
        if place and place not in found:
            found.append(place)
    return PLACES_SEPARATOR.join(found) or None


def joined(values: Any) -> str | None:
    """Locations as the vendor wrote them, joined for `Hints.location` (repeats dropped);
    `assemble` cleans each one and still reads their workplace words."""
    found = [t for v in values if (t := text_of(v))]
    return PLACES_SEPARATOR.join(dict.fromkeys(found)) or None


def board_company(spec: SourceSpec) -> str:
    """The company for a vendor that names none: the sources file's `company`, else the
    board name as a name (`palantir` → `Palantir`, `acme-labs` → `Acme Labs`)."""
    return spec.company or " ".join(part.capitalize() for part in re.split(r"[-_]+", spec.ident))


_LEVELS: Final = {
    "associate": "junior",
    "student": "intern",
    "manager": "lead",
    "director": "lead",
    "executive": "lead",
}


def level_of(value: Any) -> str | None:
    """A vendor's experience level as seniority words: LinkedIn's levels, which SmartRecruiters
    and Workable use, with `Associate` (junior) and `Director` / `Executive` (lead) said in
    words the text readers place; `Not Applicable` says nothing."""
    text = name_of(value.get("id") or value.get("label")) if isinstance(value, dict) else None
    label = name_of(value)
    for word in (text, label):
        key = re.sub(r"[\s_-]+", " ", (word or "").lower()).strip()
        if key in _LEVELS:
            return _LEVELS[key]
        if key in ("not applicable", "n/a", "none"):
            return None
    return re.sub(r"[_]+", " ", label) if label else None  # `entry_level` → `entry level`


def listed(value: Any) -> list[Any]:
    """A field that should hold a list, as one (anything else given there: empty)."""
    return value if isinstance(value, list) else []


def text_of(value: Any) -> str | None:
    """A field as stripped text, None when absent or blank."""
    if value is None or isinstance(value, dict | list | bool):
        return None
    text = " ".join(str(value).split())
    return text or None


def name_of(value: Any) -> str | None:
    """`"Engineering"` or `{"name": "Engineering"}` / `{"label": ...}` as text."""
    if isinstance(value, dict):
        return text_of(value.get("name") or value.get("label") or value.get("value"))
    return text_of(value)


def day_of(value: Any) -> date | None:
    """A date from ISO text (`2026-09-09T04:35:19-04:00`, `2026-10-05 16:05:18 UTC`,
    `2026-05-29`) or epoch seconds / milliseconds."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 10**11 else value
        try:
            return datetime.fromtimestamp(seconds, UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", str(value))
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def workplace_of(*values: Any) -> list[Workplace]:
    """Workplace kinds from vendor words (`on-site`, `Remote`, `OnSite`, `hybrid`)."""
    kinds: list[Workplace] = []
    for value in values:
        text = text_of(value)
        if not text:
            continue
        spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text).replace("_", " ")
        for kind in workplace_from_text(spaced):
            if kind not in kinds:
                kinds.append(kind)
    return kinds


def employment_of(*values: Any) -> list[EmploymentType]:
    """Employment types from vendor words (`FullTime`, `fulltime_permanent`, `Full-time`)."""
    kinds: list[EmploymentType] = []
    for value in values:
        text = text_of(value)
        if not text:
            continue
        spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text).replace("_", " ")
        spaced = re.sub(r"\b(full|part)(time)\b", r"\1 \2", spaced, flags=re.I)
        for kind in employment_from_text(spaced):
            if kind not in kinds:
                kinds.append(kind)
    return kinds


def period_of(value: Any) -> SalaryPeriod | None:
    """A pay period from vendor words: `per-year-salary`, `1 YEAR`, `monthly`, `HOUR`."""
    text = (text_of(value) or "").lower()
    for word in re.findall(r"[a-z]+", text):
        if word in PERIOD_WORDS:
            return PERIOD_WORDS[word]
    return None


def amount_of(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value) if value > 0 else None
    try:
        number = float(str(value).replace(",", "").strip())
    except ValueError:
        return None
    return number if number > 0 else None


def salary_of(low: Any, high: Any, currency: Any, period: Any) -> Salary | None:
    """A `Salary` from vendor fields; None when no amount is given."""
    lo, hi = amount_of(low), amount_of(high)
    if lo is None and hi is None:
        return None
    if lo is not None and hi is not None and hi < lo:
        lo, hi = hi, lo
    code = (text_of(currency) or "").upper()
    when = period_of(period)
    if when is None:
        when = "YEAR" if max(lo or 0, hi or 0) >= 1000 else "HOUR"
    return Salary(
        min=lo,
        max=hi,
        currency=code if re.fullmatch(r"[A-Z]{3}", code) else None,
        period=when,
    )
