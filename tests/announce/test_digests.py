"""When an alert speaks and how a member asks for one: pure functions, any time zone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from jobbot.announce.digests import (
    AlertSpec,
    SpecError,
    due_slot,
    last_slot,
    next_slot,
    parse_alert,
    schedule_label,
    zone_choices,
)


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("python remote", AlertSpec("python remote")),
        ("daily python", AlertSpec("python", "daily")),
        ("python remote daily", AlertSpec("python remote", "daily")),
        ("at 7pm rust", AlertSpec("rust", "daily", 19)),
        ("weekly golang", AlertSpec("golang", "weekly")),
        ("on friday at 18:00 go", AlertSpec("go", "weekly", 18, 4)),
        (
            "weekly at 8 Europe/Berlin data engineer",
            AlertSpec("data engineer", "weekly", 8, 0, "Europe/Berlin"),
        ),
        ("instant america/new_york sre", AlertSpec("sre", "instant", tz="America/New_York")),
        ("backend -frontend 150k+", AlertSpec("backend -frontend 150k+")),
    ],
)
def test_options_are_read_wherever_they_stand(text: str, spec: AlertSpec) -> None:
    assert parse_alert(text) == spec


@pytest.mark.parametrize("text", ["at 25 python", "at 13pm go", "python Mars/Olympus_Mons"])
def test_unreadable_times_and_zones_say_why(text: str) -> None:
    with pytest.raises(SpecError, match="time"):
        parse_alert(text)


def test_a_day_that_is_no_weekday_says_so_instead_of_joining_the_query() -> None:
    with pytest.raises(SpecError, match="“funday” is not a day of the week"):
        parse_alert("weekly on funday python")
    assert parse_alert("weekly on fri python").weekday == 4


def test_a_digest_slot_is_the_members_hour_in_their_zone() -> None:
    now = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # Monday
    assert last_slot(now, "Europe/Berlin", 9) == datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    assert last_slot(now, "America/Los_Angeles", 9) == datetime(2026, 3, 1, 17, 0, tzinfo=UTC)
    assert next_slot(now, "America/Los_Angeles", 9) == datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
    assert last_slot(now, "Asia/Kolkata", 9) == datetime(2026, 3, 2, 3, 30, tzinfo=UTC)
    friday = last_slot(now, "UTC", 9, weekday=4)
    assert friday == datetime(2026, 2, 27, 9, 0, tzinfo=UTC)
    assert next_slot(now, "UTC", 9, weekday=4) == datetime(2026, 3, 6, 9, 0, tzinfo=UTC)


def test_the_hour_stays_local_across_daylight_saving() -> None:
    # New York moves to summer time on Sunday 8 March 2026.
    before = datetime(2026, 3, 7, 20, 0, tzinfo=UTC)
    after = datetime(2026, 3, 9, 20, 0, tzinfo=UTC)
    assert last_slot(before, "America/New_York", 9) == datetime(2026, 3, 7, 14, 0, tzinfo=UTC)
    assert last_slot(after, "America/New_York", 9) == datetime(2026, 3, 9, 13, 0, tzinfo=UTC)


def test_a_digest_is_due_once_per_slot() -> None:
    created = datetime(2026, 3, 2, 9, 1, tzinfo=UTC)
    at_8_berlin = datetime(2026, 3, 3, 7, 0, tzinfo=UTC)
    assert due_slot("daily", "Europe/Berlin", 8, 0, created, at_8_berlin.replace(hour=6)) is None
    slot = due_slot("daily", "Europe/Berlin", 8, 0, created, at_8_berlin)
    assert slot == at_8_berlin
    assert due_slot("daily", "Europe/Berlin", 8, 0, slot, at_8_berlin.replace(hour=12)) is None
    assert due_slot("instant", "UTC", 8, 0, created, at_8_berlin) is None


def test_labels_and_zone_choices() -> None:
    assert schedule_label("weekly", "UTC", 7, 2) == "weekly on Wednesday at 07:00 (UTC)"
    assert schedule_label("instant", "UTC", 9, 0) == "instant"
    assert "Europe/Berlin" in zone_choices("berlin")
    assert len(zone_choices("")) == 25
