"""Which new postings go to which member by DM in one scheduler pass.

The scheduler asks this module for a plan, then sends each job through its own
claim → send → mark-done path (channel `dm:<member>`), so DMs get the same exactly-once
guarantee, pacing, retries and failure records as channel announcements.

- An `instant` alert sends each new match in the first pass that sees it.
- A `daily`/`weekly` alert collects matches and sends them together once its slot (the
  member's hour in their time zone) has passed; a slot with nothing new sends nothing.
  Matches already claimed for a member but not finished (a crash, a retry) go out as soon
  as their claim is due again, without waiting for the next slot.
- Only postings first seen after the alert was set (and after the scheduler's first look at
  the sources) are sent; the member's Not interested postings and companies, and their
  negative words, are left out by the engine; paused members get nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from jobbot.announce.alerts import Alert, AlertStore
from jobbot.announce.digests import due_slot
from jobbot.announce.dm import dm_channel
from jobbot.announce.store import Delivery, SeenPosting, Store
from jobbot.announce.tracking import Tracking
from jobbot.models import Hidden, Posting

Match = Callable[[str, Collection[str], Hidden | None], set[str]]
"""(query, candidate posting ids, the member's hidden postings) → the ids that match."""
IsOpen = Callable[[Delivery | None, SeenPosting], bool]
"""Whether a posting still needs sending, judged from its delivery row (the scheduler's rule)."""


@dataclass(slots=True)
class Entry:
    """One posting for a member, and the alert queries it matched."""

    posting: Posting
    revision: int
    queries: list[str] = field(default_factory=list)


@dataclass(slots=True)
class MemberJob:
    """What to DM one member now: instant matches, or a digest (possibly empty, so its
    slot is recorded as served)."""

    platform: str
    member: str
    entries: list[Entry]
    digest: str | None = None
    slot: datetime | None = None
    due_alerts: list[int] = field(default_factory=list)

    @property
    def channel(self) -> str:
        return dm_channel(self.member)


class AlertPlanner:
    """Plans members' DMs from the store's alerts and lists."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.alerts = AlertStore(store)
        self.tracking = Tracking(store)

    def plan(
        self,
        *,
        live: Iterable[Posting],
        seen: Mapping[str, SeenPosting],
        baseline: datetime | None,
        now: datetime,
        platforms: Collection[str],
        match: Match,
        is_open: IsOpen,
    ) -> list[MemberJob]:
        """Every member's job for this pass (see the module docstring for the rules)."""
        live = list(live)
        paused = self.alerts.paused()
        members: dict[tuple[str, str], list[Alert]] = {}
        for alert in self.alerts.alerts():
            key = (alert.platform, alert.member)
            if alert.platform in platforms and key not in paused:
                members.setdefault(key, []).append(alert)
        jobs: list[MemberJob] = []
        for (platform, member), alerts in members.items():
            jobs += self._member(
                platform, member, alerts, live, seen, baseline, now, match, is_open
            )
        return jobs

    def _member(
        self,
        platform: str,
        member: str,
        alerts: list[Alert],
        live: list[Posting],
        seen: Mapping[str, SeenPosting],
        baseline: datetime | None,
        now: datetime,
        match: Match,
        is_open: IsOpen,
    ) -> list[MemberJob]:
        rows = {
            d.posting_id: d
            for d in self.store.deliveries(platform, dm_channel(member), [p.id for p in live])
        }
        hidden: Hidden | None = None
        hidden_read = False
        groups: dict[str | None, dict[str, Entry]] = {}
        due: dict[str, tuple[datetime, list[int]]] = {}
        for alert in alerts:
            floor = max(alert.created_at, baseline) if baseline else alert.created_at
            open_now = {
                p.id: p
                for p in live
                if seen[p.id].first_seen > floor and is_open(rows.get(p.id), seen[p.id])
            }
            group: str | None = None
            if alert.frequency != "instant":
                group = alert.frequency
                since = alert.last_digest_at or alert.created_at
                slot = due_slot(alert.frequency, alert.tz, alert.hour, alert.weekday, since, now)
                if slot is not None:
                    latest, ids = due.get(group, (slot, []))
                    due[group] = (max(latest, slot), [*ids, alert.id])
                else:  # not its time: only what was already claimed for this member
                    open_now = {pid: p for pid, p in open_now.items() if pid in rows}
            if not open_now:
                continue
            if not hidden_read:
                hidden, hidden_read = self.tracking.hidden(platform, member), True
            entries = groups.setdefault(group, {})
            for posting_id in match(alert.query, open_now, hidden or None):
                entry = entries.setdefault(
                    posting_id, Entry(open_now[posting_id], seen[posting_id].revision)
                )
                entry.queries.append(alert.query)
        # Once per member: an instant match is not repeated in a digest, nor daily in weekly.
        taken: set[str] = set()
        jobs: list[MemberJob] = []
        for group in (None, "daily", "weekly"):
            entries = [e for pid, e in groups.get(group, {}).items() if pid not in taken]
            taken.update(e.posting.id for e in entries)
            entries.sort(key=lambda e: (seen[e.posting.id].first_seen, e.posting.id))
            slot, ids = due.get(group, (None, [])) if group else (None, [])
            if entries or slot is not None:
                jobs.append(MemberJob(platform, member, entries, group, slot, ids))
        return jobs

    def served(self, job: MemberJob) -> None:
        """Record that a digest had its turn (whether or not anything went out)."""
        if job.slot is not None:
            self.alerts.digest_sent(job.due_alerts, job.slot)

    def refused(self, platform: str, member: str, reason: str, now: datetime) -> None:
        """The platform cannot DM this member: pause their alerts, leave them a notice."""
        self.alerts.pause(platform, member, reason, now)
