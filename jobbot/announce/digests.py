"""When a personal alert speaks, and how a member asks for it: pure functions.

An alert is `instant` (each new match as soon as the scheduler sees it) or a `daily` /
`weekly` digest at a chosen hour of the member's own time zone. Times are computed from an
injected "now", so a test moves a fake clock through two time zones and daylight saving.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from functools import lru_cache
from typing import Final, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

Frequency = Literal["instant", "daily", "weekly"]
FREQUENCIES: Final[tuple[str, ...]] = get_args(Frequency)
DEFAULT_HOUR: Final = 9
DEFAULT_TZ: Final = "UTC"
WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_FREQUENCY_WORDS: Final[dict[str, Frequency]] = {
    "instant": "instant",
    "instantly": "instant",
    "now": "instant",
    "daily": "daily",
    "weekly": "weekly",
}
_AT = re.compile(r"(?i)^(\d{1,2})(?::(\d{2}))?\s*(am|pm|h)?$")
_ZONE_LIKE = re.compile(r"^[A-Za-z]+(?:/[A-Za-z0-9_+\-]+)+$")


class SpecError(ValueError):
    """What was wrong with an alert's options, in words to show the member."""


@dataclass(frozen=True, slots=True)
class AlertSpec:
    """An alert as asked for: the query, and when to deliver (tz None: the member's own)."""

    query: str
    frequency: Frequency = "instant"
    hour: int = DEFAULT_HOUR
    weekday: int = 0
    tz: str | None = None


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    names = available_timezones() | {"UTC"}
    return {name.casefold(): name for name in names}


def zone_name(text: str) -> str | None:
    """The IANA time zone `text` names (any case), or None."""
    name = _zones().get(text.strip().casefold())
    if name is None:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def zone_choices(typed: str, limit: int = 25) -> list[str]:
    """Time zone names containing what someone is typing (for autocomplete)."""
    words = typed.casefold().split()
    found = [name for key, name in _zones().items() if all(w in key for w in words)]
    return sorted(found, key=lambda n: (not n.casefold().startswith(typed.casefold()), n))[:limit]


def parse_hour(text: str) -> int:
    """`9`, `9am`, `9pm`, `18:00`, `18h` → 0-23; `SpecError` otherwise."""
    match = _AT.match(text.strip())
    if match is None:
        raise SpecError(f"“{text}” is not a time of day; try `at 9` or `at 18:00`.")
    hour, suffix = int(match[1]), (match[3] or "").lower()
    if suffix in ("am", "pm"):
        if not 1 <= hour <= 12:
            raise SpecError(f"“{text}” is not a time of day; try `at 9am` or `at 6pm`.")
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if not 0 <= hour <= 23:
        raise SpecError(f"“{text}” is not a time of day; hours run from 0 to 23.")
    return hour


def parse_alert(text: str) -> AlertSpec:
    """Split `daily at 8 Europe/Berlin python remote` into options and the query.

    Options may stand anywhere: `instant`/`daily`/`weekly`, `at <time>`, `on <weekday>`
    (or a bare weekday), and an IANA time zone. Everything else is the query, searched as
    `/jobs` searches. `SpecError` for a time or time zone that cannot be read.
    """
    words = text.split()
    frequency: Frequency | None = None
    hour: int | None = None
    weekday: int | None = None
    tz: str | None = None
    query: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        low = word.casefold().rstrip(",")
        if low in _FREQUENCY_WORDS and frequency is None:
            frequency = _FREQUENCY_WORDS[low]
        elif low == "at" and i + 1 < len(words) and _AT.match(words[i + 1]):
            hour = parse_hour(words[i + 1])
            i += 1
        elif low == "on" and i + 1 < len(words) and _weekday(words[i + 1]) is not None:
            weekday = _weekday(words[i + 1])
            i += 1
        elif low == "on" and i + 1 < len(words) and words[i + 1].casefold().endswith("day"):
            raise SpecError(
                f"“{words[i + 1][:20]}” is not a day of the week; say e.g. "
                "`weekly on monday` or `weekly on fri`."
            )
        elif _weekday(word) is not None and len(low) > 3:
            weekday = _weekday(word)
        elif low == "utc" or _ZONE_LIKE.match(word):
            found = zone_name(word)
            if found is None:
                raise SpecError(
                    f"“{word}” is not a time zone I know; use a name like `Europe/Berlin`, "
                    "`America/New_York` or `UTC`."
                )
            tz = found
        else:
            query.append(word)
        i += 1
    if frequency is None:
        frequency = implied_frequency(hour, weekday)
    return AlertSpec(
        query=" ".join(query),
        frequency=frequency,
        hour=DEFAULT_HOUR if hour is None else hour,
        weekday=0 if weekday is None else weekday,
        tz=tz,
    )


def implied_frequency(hour: int | None, weekday: int | None) -> Frequency:
    """The frequency an alert asked for by its timing alone: a weekday means a weekly
    digest, an hour a daily one, neither each match at once."""
    return "weekly" if weekday is not None else "daily" if hour is not None else "instant"


def _weekday(word: str) -> int | None:
    low = word.casefold().rstrip(",s")
    for index, name in enumerate(WEEKDAYS):
        if low == name or (len(low) >= 3 and name.startswith(low)):
            return index
    return None


def last_slot(now: datetime, tz: str, hour: int, weekday: int | None = None) -> datetime:
    """The latest time at or before `now` that is `hour`:00 in `tz` (on `weekday`, 0 =
    Monday, when given), in UTC. A daylight-saving gap moves it as the zone rules say."""
    zone = ZoneInfo(tz)
    day = now.astimezone(zone).date()
    step = timedelta(days=1)
    if weekday is not None:
        day -= timedelta(days=(day.weekday() - weekday) % 7)
        step = timedelta(days=7)
    slot = datetime.combine(day, time(hour), zone)
    if slot > now:
        slot = datetime.combine(day - step, time(hour), zone)
    return slot.astimezone(UTC)


def next_slot(now: datetime, tz: str, hour: int, weekday: int | None = None) -> datetime:
    """The first such time after `now`, in UTC."""
    zone = ZoneInfo(tz)
    slot = last_slot(now, tz, hour, weekday).astimezone(zone)
    step = timedelta(days=7 if weekday is not None else 1)
    later = datetime.combine(slot.date() + step, time(hour), zone)
    return later.astimezone(UTC)


def due_slot(
    frequency: str, tz: str, hour: int, weekday: int, since: datetime, now: datetime
) -> datetime | None:
    """For a digest: the slot it is due for (one passed after `since`), else None.
    Instant alerts have no slots."""
    if frequency not in ("daily", "weekly"):
        return None
    slot = last_slot(now, tz, hour, weekday if frequency == "weekly" else None)
    return slot if slot > since else None


def coming_slot(
    frequency: str, tz: str, hour: int, weekday: int, since: datetime, now: datetime
) -> datetime | None:
    """For a digest: when it goes out next, the slot it is due for (not yet served since
    `since`) else the next one; None for instant alerts."""
    if frequency not in ("daily", "weekly"):
        return None
    owed = due_slot(frequency, tz, hour, weekday, since, now)
    return owed or next_slot(now, tz, hour, weekday if frequency == "weekly" else None)


def schedule_label(frequency: str, tz: str, hour: int, weekday: int) -> str:
    """`instant`, `daily at 09:00 (Europe/Berlin)`, `weekly on Monday at 09:00 (UTC)`."""
    if frequency == "daily":
        return f"daily at {hour:02d}:00 ({tz})"
    if frequency == "weekly":
        return f"weekly on {WEEKDAYS[weekday].capitalize()} at {hour:02d}:00 ({tz})"
    return "instant"
