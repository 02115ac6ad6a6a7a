"""One job, one posting: the same opening read from two sources is shown once.

Two postings from different sources are the same job when they share a vendor reference
(the Greenhouse id behind a careers page's `?gh_jid=`, a Lever or Ashby posting URL), a
canonical URL, or else the same company, title and city, normalised. The first source's
posting is kept (sources-file order, directories first), its empty fields filled from the
others, and every other listing recorded in `also_listed`; `source` names them all, so
every renderer shows where the job is listed. Two postings of one source are never merged:
a board may well list the same title twice, for two openings.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import Final
from urllib.parse import parse_qsl, urlsplit

from jobbot.models import Listing, Posting

_VENDOR_IDS: Final = (
    "greenhouse",
    "lever",
    "ashby",
    "smartrecruiters",
    "workable",
    "recruitee",
    "personio",
    "hn",
)
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_URL_REFS: Final = (
    (re.compile(r"[?&]gh_jid=(\d+)"), "greenhouse"),
    (re.compile(r"greenhouse\.io/(?:embed/job_app\?.*?token=|[\w-]+/jobs/)(\d+)"), "greenhouse"),
    (re.compile(rf"jobs\.(?:eu\.)?lever\.co/[\w.-]+/({_UUID})", re.I), "lever"),
    (re.compile(rf"jobs\.ashbyhq\.com/[^/?#]+/({_UUID})", re.I), "ashby"),
    (re.compile(r"apply\.workable\.com/(?:[\w-]+/)?j/([A-Z0-9]{6,})", re.I), "workable"),
    (re.compile(r"jobs\.smartrecruiters\.com/[\w-]+/(\d{6,})"), "smartrecruiters"),
    (re.compile(r"\.jobs\.personio\.(?:de|com)/job/(\d+)"), "personio"),
    (re.compile(r"news\.ycombinator\.com/item\?id=(\d+)"), "hn"),
)
_KEEP_QUERY: Final = frozenset(
    {"gh_jid", "id", "jobid", "job_id", "jid", "job", "posting", "jk", "p"}
)
_GENERIC_PATH = re.compile(r"^/?(?:careers?|jobs?|join(?:-us)?|openings?|positions?)?/?$", re.I)
_SPECIFIC_PATH = re.compile(r"/[^/]*\d[^/]*$|/[\w-]{12,}$")
_GENDER = re.compile(r"\(\s*[a-z](?:\s*/\s*[a-z]){1,3}\s*\)|\ball genders\b", re.I)


def refs(posting: Posting) -> list[str]:
    """Every key that identifies the job behind `posting`, strongest first."""
    keys: list[str] = []
    parts = posting.id.split(":")
    if len(parts) == 3 and parts[0] in _VENDOR_IDS:
        keys.append(f"ref:{parts[0]}:{parts[2].lower()}")
    urls = [posting.url] + [listing.url for listing in posting.also_listed]
    for url in (u for u in urls if u):
        for pattern, vendor in _URL_REFS:
            match = pattern.search(url)
            if match:
                keys.append(f"ref:{vendor}:{match.group(1).lower()}")
        canonical = canonical_url(url)
        if canonical:
            keys.append(f"url:{canonical}")
            bare = canonical.split("?", 1)[0]
            if bare != canonical and _SPECIFIC_PATH.search(bare):
                keys.append(f"url:{bare}")  # `/positions/8184174?gh_jid=…` is that page too
    if posting.company and posting.title:
        place = _norm((posting.location or "").split(";")[0].split(",")[0])
        keys.append(
            f"job:{_norm(posting.company)}|{_norm(_GENDER.sub(' ', posting.title))}|{place}"
        )
    return list(dict.fromkeys(keys))


def canonical_url(url: str) -> str | None:
    """Host without `www.`, path without a trailing slash, only identifying query params;
    None for a URL too generic to name one job (`https://acme.com/careers`)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host:
        return None
    path = re.sub(r"/+$", "", parts.path) or "/"
    query = sorted((k.lower(), v) for k, v in parse_qsl(parts.query) if k.lower() in _KEEP_QUERY)
    if _GENERIC_PATH.fullmatch(path) and not query:
        return None
    tail = "&".join(f"{k}={v}" for k, v in query)
    return f"{host}{path.lower()}" + (f"?{tail}" if tail else "")


def collapse(postings: Sequence[Posting]) -> list[Posting]:
    """The postings with each job that several sources list kept once (see module doc)."""
    groups: list[list[Posting]] = []
    by_key: dict[str, list[int]] = {}
    for posting in postings:
        keys = refs(posting)
        target = next(
            (
                g
                for key in keys
                for g in by_key.get(key, ())
                if all(member.origin != posting.origin for member in groups[g])
            ),
            None,
        )
        if target is None:
            target = len(groups)
            groups.append([posting])
        else:
            groups[target].append(posting)
        for key in keys:
            slots = by_key.setdefault(key, [])
            if target not in slots:
                slots.append(target)
    if all(len(group) == 1 for group in groups):
        return list(postings)
    return [group[0] if len(group) == 1 else merged(group) for group in groups]


def merged(group: Sequence[Posting]) -> Posting:
    """The first posting, its gaps filled from the others, listing every source."""
    first, others = group[0], list(group[1:])
    result = first.model_copy(deep=True)
    for other in others:
        for name in (
            "company",
            "location",
            "salary",
            "experience_years",
            "seniority",
            "department",
            "date_posted",
            "valid_through",
            "url",
        ):
            if getattr(result, name) is None and getattr(other, name) is not None:
                setattr(result, name, getattr(other, name))
        for name in ("workplace", "employment_type"):
            if not getattr(result, name) and getattr(other, name):
                setattr(result, name, list(getattr(other, name)))
        result.skills = list(dict.fromkeys([*result.skills, *other.skills]))
        if len(result.description) < 200 <= len(other.description):
            result.description = other.description
    result.also_listed = [*first.also_listed, *(_listing(o) for o in others)]
    result.source = ", ".join(dict.fromkeys([first.source, *(o.source for o in others)]))
    digest = hashlib.sha256("\n".join(p.content_hash for p in group).encode()).hexdigest()
    result.content_hash = digest[:16]
    return result


def _listing(posting: Posting) -> Listing:
    return Listing(id=posting.id, origin=posting.origin, source=posting.source, url=posting.url)


def _norm(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


def origins(posting: Posting) -> Iterator[str]:
    """Every source key that lists `posting`: its own, then those it was merged with."""
    yield posting.origin
    for listing in posting.also_listed:
        yield listing.origin
