"""The sources file: which job boards, career pages, feeds and threads to read (TOML).

```toml
[[source]]
kind = "greenhouse"   # or lever, ashby, smartrecruiters, workable, recruitee, personio,
id = "airbnb"         #    jsonld (with urls = [...]), feed (with url), hn (a thread id)
company = "Airbnb"    # optional display name
every = "15m"         # optional poll interval
```

Reading it is pure (`parse_sources`): every problem is a `SourcesFileError` that names the
file, the line and the key, so a typo never turns into a silently missing board.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from urllib.parse import parse_qs, urlsplit

from jobbot.untrusted import is_web_url

KINDS: Final = (
    "greenhouse",
    "lever",
    "ashby",
    "smartrecruiters",
    "workable",
    "recruitee",
    "personio",
    "jsonld",
    "feed",
    "hn",
)
DEFAULT_EVERY: Final = 15 * 60.0
MIN_EVERY: Final = 10.0
MAX_EVERY: Final = 30 * 86400.0
MAX_URLS: Final = 500
_KEYS: Final = ("kind", "id", "url", "urls", "company", "every")
_IDENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
_DURATION = re.compile(r"(?:(\d+)\s*d)?\s*(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?\s*(?:(\d+)\s*s)?")


class SourcesFileError(ValueError):
    """The sources file cannot be used; the message names the file, line and key."""


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """One entry of the sources file."""

    kind: str
    ident: str
    url: str | None = None
    urls: tuple[str, ...] = ()
    company: str | None = None
    every: float = DEFAULT_EVERY
    line: int = 0

    @property
    def key(self) -> str:
        """`greenhouse:airbnb`: names the source in the database, logs and posting ids."""
        return f"{self.kind}:{self.ident}"


def read_sources(path: Path | str) -> list[SourceSpec]:
    """The sources in a file; `SourcesFileError` when it is missing or wrong."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourcesFileError(f"{path}: no such sources file") from None
    except OSError as exc:
        raise SourcesFileError(f"{path}: cannot read the sources file: {exc.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SourcesFileError(f"{path}: not UTF-8 text; save the sources file as UTF-8") from None
    return parse_sources(text, str(path))


def parse_sources(text: str, name: str = "sources file") -> list[SourceSpec]:
    """Every `[[source]]` table in `text`, checked; `name` prefixes each error."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourcesFileError(f"{name}: not valid TOML: {exc}") from None
    lines = text.splitlines()
    for key in data:
        if key != "source":
            line = _line_of_top_key(lines, key)
            raise SourcesFileError(
                f"{name}, line {line}: unknown key {key!r}; sources are [[source]] tables"
            )
    entries = data.get("source", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        line = _line_of_top_key(lines, "source")
        raise SourcesFileError(f"{name}, line {line}: 'source' must be [[source]] tables")
    starts = _table_starts(lines)
    specs: list[SourceSpec] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        start = starts[index] if index < len(starts) else 1
        end = starts[index + 1] if index + 1 < len(starts) else len(lines) + 1
        spec = _spec(entry, _Where(name, lines, start, end))
        same = spec.key.lower()  # board names are not case-sensitive: `Acme` is `acme`
        if same in seen:
            raise SourcesFileError(
                f"{name}, line {spec.line}: source {spec.key} is already listed on line "
                f"{seen[same]}"
            )
        seen[same] = spec.line
        specs.append(spec)
    return specs


@dataclass(frozen=True, slots=True)
class _Where:
    name: str
    lines: Sequence[str]
    start: int
    end: int

    def line(self, key: str) -> int:
        name = rf"[\"']?{re.escape(key)}[\"']?"
        # `key = …`, a dotted `key.sub = …`, or a `[source.key]` table of its own
        pattern = re.compile(rf"^\s*(?:{name}\s*[=.]|\[\s*[\"']?source[\"']?\s*\.\s*{name}\s*\])")
        for number in range(self.start, min(self.end, len(self.lines) + 1)):
            if pattern.match(self.lines[number - 1]):
                return number
        return self.start

    def error(self, key: str | None, message: str) -> SourcesFileError:
        line = self.line(key) if key else self.start
        where = f"{self.name}, line {line}"
        return SourcesFileError(f"{where}: {key}: {message}" if key else f"{where}: {message}")


def _spec(entry: dict[str, Any], where: _Where) -> SourceSpec:
    for key in entry:
        if key not in _KEYS:
            raise where.error(key, f"unknown key; a source takes {', '.join(_KEYS)}")
    kind = entry.get("kind")
    if kind is None:
        raise where.error(None, f"this source has no kind; give kind = one of {', '.join(KINDS)}")
    if not isinstance(kind, str) or kind.strip().lower() not in KINDS:
        raise where.error(
            "kind", f"{kind!r} is not a kind jobbot reads; use one of {', '.join(KINDS)}"
        )
    kind = kind.strip().lower()
    url = _url(entry, "url", where)
    urls = _urls(entry, where)
    if kind == "jsonld" and not urls and url is None:
        raise where.error(None, 'a jsonld source needs urls = ["https://…"] of its pages')
    if kind != "jsonld" and "urls" in entry:
        raise where.error("urls", "only a jsonld source takes urls; use url for one endpoint")
    if kind == "feed" and url is None:
        raise where.error(None, 'a feed source needs url = "https://…" of its feed')
    ident = entry.get("id")
    if ident is None:
        if kind in ("jsonld", "feed"):
            ident = urlsplit(url or urls[0]).hostname or ""
        else:
            raise where.error(None, f"a {kind} source needs id = the vendor's board name")
    if not isinstance(ident, str | int) or isinstance(ident, bool):
        raise where.error("id", 'must be text, e.g. id = "airbnb"')
    ident = str(ident).strip()
    if is_web_url(ident):
        name = _board_in(ident)
        example = f' = "{name}" (from that address)' if name else ' = "acme"'
        what = "the thread's item id" if kind == "hn" else "the board name"
        raise where.error("id", f"give {what}, e.g. id{example}, or the whole endpoint as url = …")
    if not _IDENT.fullmatch(ident):
        raise where.error(
            "id", f"{ident!r} is not a board name (letters, digits, '.', '_' and '-', ≤ 100)"
        )
    if kind == "hn" and not ident.isdigit():
        raise where.error("id", f"{ident!r} is not a Hacker News item id (digits only)")
    company = entry.get("company")
    if company is not None and (not isinstance(company, str) or not company.strip()):
        raise where.error("company", "must be a non-empty name")
    return SourceSpec(
        kind=kind,
        ident=ident,
        url=url,
        urls=tuple(urls),
        company=company.strip() if isinstance(company, str) else None,
        every=_every(entry.get("every"), where),
        line=where.start,
    )


def _board_in(address: str) -> str | None:
    """The board name a careers address ends in: `jobs.lever.co/palantir` → `palantir`."""
    query = parse_qs(urlsplit(address).query)
    for key in ("id", "for"):  # `news.ycombinator.com/item?id=…`, `…/embed/job_board?for=…`
        if query.get(key) and _IDENT.fullmatch(query[key][0]):
            return query[key][0]
    parts = [p for p in urlsplit(address).path.split("/") if p]
    skip = {"jobs", "job", "boards", "embed", "job_board", "careers", "postings", "item"}
    skip |= {"v0", "v1"}
    names = [p for p in parts if p.lower() not in skip and _IDENT.fullmatch(p)]
    if names:
        return names[0]
    host = (urlsplit(address).hostname or "").split(".")
    generic = ("www", "jobs", "apply", "api", "boards", "careers", "job-boards")
    return host[0] if len(host) > 2 and host[0] not in generic else None


def _url(entry: dict[str, Any], key: str, where: _Where) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not is_web_url(value.strip()):
        raise where.error(key, f"{value!r} is not an http(s) URL")
    return value.strip()


def _urls(entry: dict[str, Any], where: _Where) -> list[str]:
    value = entry.get("urls")
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise where.error("urls", "must be a list of http(s) URLs")
    if len(value) > MAX_URLS:
        raise where.error("urls", f"lists {len(value)} pages; at most {MAX_URLS} per source")
    for item in value:
        if not isinstance(item, str) or not is_web_url(item.strip()):
            raise where.error("urls", f"{item!r} is not an http(s) URL")
    return [item.strip() for item in value]


def _every(value: Any, where: _Where) -> float:
    if value is None:
        return DEFAULT_EVERY
    seconds = parse_duration(value)
    if seconds is None:
        raise where.error("every", f'{value!r} is not a duration such as "15m", "1h" or 900')
    if seconds < MIN_EVERY:
        raise where.error("every", f"{value!r} is too often; poll at most every {MIN_EVERY:g} s")
    if seconds > MAX_EVERY:
        raise where.error("every", f"{value!r} is too rare; poll at least every 30 days")
    return seconds


def parse_duration(value: Any) -> float | None:
    """Seconds in `90`, `"90s"`, `"15m"`, `"1h30m"`, `"1d"`; None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value) if value > 0 else None
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    if text.isdigit():
        return float(text)
    match = _DURATION.fullmatch(text)
    if not text or match is None or not any(match.groups()):
        return None
    days, hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return float(days * 86400 + hours * 3600 + minutes * 60 + seconds)


def duration_label(seconds: float) -> str:
    """`15m`, `1h`, `1h30m`, `45s`: how `jobbot sources` shows an interval."""
    whole = int(seconds)
    parts = []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if whole >= size:
            parts.append(f"{whole // size}{unit}")
            whole %= size
    return "".join(parts) or "0s"


def _table_starts(lines: Sequence[str]) -> list[int]:
    header = re.compile(r"^\s*\[\[\s*[\"']?source[\"']?\s*\]\]")
    return [number for number, line in enumerate(lines, start=1) if header.match(line)]


def _line_of_top_key(lines: Sequence[str], key: str) -> int:
    pattern = re.compile(rf"^\s*(?:\[+\s*)?[\"']?{re.escape(key)}[\"']?\s*(?:=|\]|\.)")
    return next((n for n, line in enumerate(lines, start=1) if pattern.match(line)), 1)
