"""Each member's own commands, independent of the platform: personal alerts, "My jobs"
(saved / applied / not interested) and `forget me`.

Any member may use them (no admin needed: they only ever touch the member's own data).
Every method answers in markdown spelled in the platform's `CommandSyntax`, so Slack's
`/jobs alert`, Discord's `/alert` and the console behave alike; adapters only add buttons.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Final, Literal, Protocol
from zoneinfo import ZoneInfo

from jobbot.announce.alerts import Alert, AlertStore, MemberState
from jobbot.announce.commands import (
    current_matches,
    matching_now,
    nothing_to_match,
    record_number,
    starts_with_verb,
    too_long,
    which_one,
)
from jobbot.announce.database import StoreError
from jobbot.announce.digests import (
    DEFAULT_TZ,
    FREQUENCIES,
    AlertSpec,
    SpecError,
    coming_slot,
    parse_alert,
    schedule_label,
    zone_name,
)
from jobbot.announce.privacy import footprint
from jobbot.announce.privacy import forget as forget_member
from jobbot.announce.store import Store
from jobbot.announce.tracking import HiddenCompany, Item, Status, Tracking
from jobbot.clock import Clock, SystemClock
from jobbot.models import Answer, CommandSyntax, Posting, Request
from jobbot.present import DEFAULT_SYNTAX, code
from jobbot.search.replies import escape
from jobbot.untrusted import link_target

log = logging.getLogger(__name__)

VERBS: Final = ("alert", "alerts", "saved", "myjobs", "forget")
MAX_ALERTS: Final = 10
MAX_LISTED: Final = 25
UNAVAILABLE: Final = (
    "Your alerts and saved jobs are unavailable right now (the database did not answer). "
    "Try again later; searching still works."
)
UNAVAILABLE_NO_DATABASE: Final = (
    "Alerts and saved jobs need a database, and this bot has none working "
    "(JOBBOT_DATABASE_URL). Searching still works."
)

Action = Literal["save", "applied", "hide", "company", "clear", "uncompany"]
ACTIONS: Final[tuple[Action, ...]] = ("save", "applied", "hide", "company", "clear", "uncompany")
_STATUS_OF: Final[dict[str, Status]] = {"save": "saved", "applied": "applied", "hide": "hidden"}


class Catalog(Protocol):
    """The parts of `jobbot.engine.Engine` used here."""

    def ask(self, request: Request | str) -> Answer: ...

    def posting(self, posting_id: str) -> Posting | None: ...


def is_personal_command(text: str) -> bool:
    """True when `/jobs <text>` is one of the member's own commands rather than a search."""
    return starts_with_verb(text, VERBS)


@dataclass(frozen=True, slots=True)
class Listed:
    """An item on a member's list, and whether its posting is still open."""

    item: Item
    open: bool


@dataclass(slots=True)
class MyJobs:
    """Everything on one member's page: "My jobs" in Slack's App Home, Discord's /myjobs."""

    saved: list[Listed] = field(default_factory=list)
    applied: list[Listed] = field(default_factory=list)
    hidden: list[Listed] = field(default_factory=list)
    companies: list[HiddenCompany] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    paused: MemberState | None = None

    @property
    def listed(self) -> list[Listed]:
        """Saved then applied: what `unsave <n>` numbers."""
        return [*self.saved, *self.applied]


@dataclass(frozen=True, slots=True)
class TrackReply:
    """What a Save / Applied / Not interested click did, and what may undo it."""

    text: str
    posting_id: str
    ok: bool = True
    undo: Action | None = None
    company: str | None = None
    """Offered for "Hide every posting from <company>" after a posting is hidden."""


class PersonalCommands:
    """Alerts, "My jobs" and `forget me` for one platform; every reply is markdown."""

    def __init__(
        self,
        store: Store,
        engine: Catalog | None = None,
        clock: Clock | None = None,
        *,
        syntax: CommandSyntax = DEFAULT_SYNTAX,
        default_tz: str = DEFAULT_TZ,
        max_alerts: int = MAX_ALERTS,
    ) -> None:
        self.store = store
        self.engine = engine
        self.clock = clock or SystemClock()
        self.syntax = syntax
        self.spell = syntax.spell
        self.default_tz = zone_name(default_tz) or DEFAULT_TZ
        self.max_alerts = max_alerts
        self.alerts = AlertStore(store)
        self.tracking = Tracking(store)

    # -- text commands --------------------------------------------------------------------

    def handle(self, platform: str, member: str, text: str, *, tz: str | None = None) -> str:
        """Run `alert …`, `alerts`, `alert off <id>`, `alerts resume`, `saved`, `forget me`."""
        verb, _, rest = " ".join(text.split()).partition(" ")
        verb, head = verb.casefold(), rest.split(maxsplit=1)
        first = head[0].casefold() if head else ""
        argument = head[1] if len(head) > 1 else ""
        if verb in ("alert", "alerts"):
            if first in ("off", "remove", "delete", "stop", "cancel"):
                return self.remove_alert(platform, member, argument)
            if first in ("resume", "on", "unpause"):
                return self.resume(platform, member)
            if verb == "alerts" or not rest:
                return self.list_alerts(platform, member) if verb == "alerts" else self._usage()
            return self.add_alert(platform, member, rest, tz=tz)
        if verb in ("saved", "myjobs"):
            return self.my_jobs_text(platform, member)
        if verb == "forget":
            if first != "me":
                return f"To delete everything I store about you, use `{self.spell('forget')}`."
            if argument.casefold() in ("confirm", "yes"):
                return self.forget(platform, member)
            return self.forget_prompt(platform, member)
        return self._usage()

    def _usage(self) -> str:
        return (
            f"Personal alerts: `{self.spell('alert', 'python remote')}` DMs you new openings "
            f"as they appear; `{self.spell('alert', 'daily python remote')}` or "
            f"`{self.spell('alert', 'weekly at 8 python')}` sends a digest at that hour of "
            f"your day. `{self.spell('alerts')}` lists yours, "
            f"`{self.spell('unalert', '<id>')}` stops one."
        )

    # -- alerts ---------------------------------------------------------------------------

    def add_alert(self, platform: str, member: str, text: str, *, tz: str | None = None) -> str:
        """Set an alert from `[instant|daily|weekly] [at <hour>] [on <day>] [zone] <query>`."""
        try:
            spec = parse_alert(text)
        except SpecError as exc:
            return str(exc)
        return self.add_spec(platform, member, spec, tz=tz)

    def add_spec(
        self, platform: str, member: str, spec: AlertSpec, *, tz: str | None = None
    ) -> str:
        """Set an alert already split into options (Discord's slash-command options)."""
        query = " ".join(spec.query.split())
        if not query:
            return self._usage()
        if refused := bad_timing(spec):
            return refused
        if refused := too_long(query):
            return refused
        request = Request(text=query, command="jobs", page_size=1, platform=platform, user=member)
        current = current_matches(self.engine, request, "an alert")
        if current is False:
            return nothing_to_match(query)
        now = self.clock.now()
        try:
            mine = self.alerts.alerts(platform, member)
            # The zone asked for, else the platform's (Slack's profile), else the member's
            # last one, else the default.
            last = mine[-1].tz if mine else None
            zone = spec.tz or zone_name(tz or "") or last or self.default_tz
            spec = AlertSpec(query, spec.frequency, spec.hour, spec.weekday, zone)
            known = {a.query.casefold() for a in mine}
            if len(mine) >= self.max_alerts and " ".join(query.casefold().split()) not in known:
                return (
                    f"You have {self.max_alerts} alerts already; stop one with "
                    f"`{self.spell('unalert', '<id>')}` first (`{self.spell('alerts')}` lists "
                    "them)."
                )
            alert, created = self.alerts.add(platform, member, spec, zone, now)
            resumed = self.alerts.resume(platform, member)
        except StoreError:
            log.exception("setting an alert failed")
            return UNAVAILABLE
        when = self._when(alert, now)
        lead = "Alert" if created else "Updated alert"
        lines = [f"{lead} #{alert.id} set: {code(alert.query)}, {when}."]
        if alert.frequency == "instant":
            lines.append("I'll send you new openings that match by direct message.")
        else:
            lines.append("I'll send you the new openings that match in one direct message.")
        if isinstance(current, int) and current:
            lines.append(
                f"{matching_now(current)} already (`{self.spell('jobs', alert.query)}`); "
                "only postings added from now on are sent."
            )
        if resumed:
            lines.append(
                "Your alerts were paused because I couldn't message you; they're on again."
            )
        lines.append(f"Stop it with `{self.spell('unalert', str(alert.id))}`.")
        return " ".join(lines)

    def _when(self, alert: Alert, now: datetime) -> str:
        """`instant`, or `daily at 09:00 (Europe/Berlin), next on Tue 03 Mar`."""
        label = schedule_label(alert.frequency, alert.tz, alert.hour, alert.weekday)
        since = alert.last_digest_at or alert.created_at
        slot = coming_slot(alert.frequency, alert.tz, alert.hour, alert.weekday, since, now)
        if slot is None:
            return label
        return f"{label}, next on {slot.astimezone(ZoneInfo(alert.tz)):%a %d %b}"

    def list_alerts(self, platform: str, member: str) -> str:
        """The member's alerts with their ids; anyone sees only their own."""
        try:
            mine = self.alerts.alerts(platform, member)
            state = self.alerts.state(platform, member)
        except StoreError:
            log.exception("listing alerts failed")
            return UNAVAILABLE
        lines: list[str] = []
        if state is not None and state.paused_at is not None:
            lines.append(self._paused_text(state))
        if not mine:
            lines.append(
                "You have no alerts. Set one with "
                f"`{self.spell('alert', 'python remote')}` (or `daily`/`weekly` before the "
                "query for a digest)."
            )
            return "\n".join(lines)
        now = self.clock.now()
        lines.append("**Your alerts**")
        lines += [f"• #{a.id} {code(a.query)} — {self._when(a, now)}" for a in mine]
        lines.append(f"Stop one with `{self.spell('unalert', '<id>')}`.")
        return "\n".join(lines)

    def remove_alert(self, platform: str, member: str, alert_id: str) -> str:
        """Delete one of the member's alerts by its number."""
        number = record_number(alert_id)
        if number is None:
            return which_one(
                alert_id, "an alert number", self.spell("unalert", "3"), self.spell("alerts")
            )
        try:
            removed = self.alerts.remove(platform, member, number)
        except StoreError:
            log.exception("removing an alert failed")
            return UNAVAILABLE
        if removed is None:
            return f"You have no alert #{number}. `{self.spell('alerts')}` lists yours."
        return f"Stopped alert #{removed.id} ({code(removed.query)})."

    def resume(self, platform: str, member: str) -> str:
        """Turn a paused member's alerts back on."""
        try:
            resumed = self.alerts.resume(platform, member)
        except StoreError:
            log.exception("resuming alerts failed")
            return UNAVAILABLE
        if not resumed:
            return f"Your alerts are not paused. `{self.spell('alerts')}` lists them."
        return (
            "Your alerts are on again. If I still can't message you, they pause again and "
            "I'll tell you here."
        )

    def _paused_text(self, state: MemberState) -> str:
        reason = f" ({escape(state.paused_reason[:200])})" if state.paused_reason else ""
        return (
            f"**Your alerts are paused**: I couldn't send you a direct message{reason}. "
            "Allow direct messages from jobbot, then turn them back on with "
            f"`{self.spell('resume')}`."
        )

    def notice(self, platform: str, member: str) -> str | None:
        """The paused-alerts notice, once, the next time the member uses the bot."""
        try:
            state = self.alerts.take_notice(platform, member)
        except StoreError as exc:
            log.warning("could not read alert notices: %s", exc)
            return None
        return self._paused_text(state) if state is not None else None

    def notice_not_shown(self, platform: str, member: str) -> None:
        """The notice could not be shown after all: keep it for next time."""
        try:
            self.alerts.leave_notice(platform, member)
        except StoreError as exc:
            log.warning("could not keep an alert notice: %s", exc)

    # -- the member's list ----------------------------------------------------------------

    def track(self, platform: str, member: str, action: str, posting_id: str) -> TrackReply:
        """Save / Applied / Not interested (and their undos) on one posting."""
        if action not in ACTIONS:
            return TrackReply("That button is not one I know.", posting_id, ok=False)
        now = self.clock.now()
        try:
            if action == "clear":
                removed = self.tracking.clear(platform, member, posting_id)
                if removed is None:
                    return TrackReply("That posting is not on your list.", posting_id, ok=False)
                return TrackReply(
                    f"Removed **{escape(removed.title)}** from your list.", posting_id
                )
            posting = self._posting(platform, member, posting_id)
            if posting is None:
                return TrackReply(
                    "That posting is no longer listed, so I can't add it to your list.",
                    posting_id,
                    ok=False,
                )
            title = f"**{escape(posting.title)}**"
            company = posting.company or ""
            if action == "company" or action == "uncompany":
                if not company:
                    return TrackReply("That posting names no company.", posting_id, ok=False)
                if action == "uncompany":
                    self.tracking.unhide_company(platform, member, company)
                    return TrackReply(
                        f"Postings from {escape(company)} show again.", posting_id, undo=None
                    )
                self.tracking.hide_company(platform, member, company, now)
                return TrackReply(
                    f"Hidden: every posting from {escape(company)}. They won't appear in your "
                    "searches or alerts.",
                    posting_id,
                    undo="uncompany",
                )
            self.tracking.mark(platform, member, posting, _STATUS_OF[action], now)
        except StoreError:
            log.exception("updating a member's list failed")
            return TrackReply(UNAVAILABLE, posting_id, ok=False)
        mine = f"`{self.spell('saved')}` shows your list."
        if action == "save":
            return TrackReply(f"Saved {title}. {mine}", posting_id, undo="clear")
        if action == "applied":
            return TrackReply(
                f"Marked {title} as applied. Good luck! {mine}", posting_id, undo="clear"
            )
        return TrackReply(
            f"Not interested: {title}. It won't appear in your searches or alerts.",
            posting_id,
            undo="clear",
            company=company or None,
        )

    def unhide_company(self, platform: str, member: str, company: str) -> str:
        """Show a hidden company's postings again (from a list, where no posting is at hand)."""
        try:
            shown = self.tracking.unhide_company(platform, member, company)
        except StoreError:
            log.exception("unhiding a company failed")
            return UNAVAILABLE
        if not shown:
            return f"{escape(company)} was not hidden."
        return f"Postings from {escape(company)} show again."

    def _posting(self, platform: str, member: str, posting_id: str) -> Posting | None:
        """The listed posting, else what the member's list remembers of it."""
        posting = self.engine.posting(posting_id) if self.engine is not None else None
        if posting is not None:
            return posting
        item = self.tracking.item(platform, member, posting_id)
        if item is None:
            return None
        return Posting(
            id=item.posting_id,
            title=item.title,
            company=item.company,
            url=item.url,
            source="member list",
        )

    def is_open(self, posting_id: str, today: date | None = None) -> bool:
        """Whether a posting is still listed (and not past its closing date)."""
        posting = self.engine.posting(posting_id) if self.engine is not None else None
        if posting is None:
            return False
        today = today or self.clock.now().date()
        return posting.open_on(today)

    def my_jobs(self, platform: str, member: str) -> MyJobs:
        """Everything on the member's page; `StoreError` when the database fails."""
        today = self.clock.now().date()
        mine = MyJobs()
        for item in self.tracking.items(platform, member):
            listed = Listed(item, self.is_open(item.posting_id, today))
            {"saved": mine.saved, "applied": mine.applied, "hidden": mine.hidden}[
                item.status
            ].append(listed)
        mine.companies = self.tracking.hidden_companies(platform, member)
        mine.alerts = self.alerts.alerts(platform, member)
        state = self.alerts.state(platform, member)
        mine.paused = state if state is not None and state.paused_at is not None else None
        return mine

    def my_jobs_text(self, platform: str, member: str) -> str:
        """The member's page as markdown (console, Discord)."""
        try:
            mine = self.my_jobs(platform, member)
        except StoreError:
            log.exception("reading a member's list failed")
            return UNAVAILABLE
        lines = ["**Your jobs**"]
        if mine.paused is not None:
            lines.append(self._paused_text(mine.paused))
        number = 0
        for label, listed in (("Saved", mine.saved), ("Applied", mine.applied)):
            if not listed:
                continue
            lines.append(f"**{label}** ({len(listed)})")
            for entry in listed[:MAX_LISTED]:
                number += 1
                lines.append(f"{number}. {item_line(entry)}")
            if len(listed) > MAX_LISTED:
                lines.append(f"…and {len(listed) - MAX_LISTED} more.")
        if not mine.saved and not mine.applied:
            lines.append(
                "Nothing saved yet: use **Save** or **Applied** on any posting to keep it here."
            )
        hidden = []
        if mine.hidden:
            hidden.append(f"{len(mine.hidden)} posting{'s' if len(mine.hidden) != 1 else ''}")
        if mine.companies:
            hidden.append("companies " + ", ".join(escape(c.company) for c in mine.companies))
        if hidden:
            lines.append(f"**Not interested:** {'; '.join(hidden)}.")
        count = len(mine.alerts)
        if count:
            lines.append(f"**Alerts:** {count} — `{self.spell('alerts')}` lists them.")
        else:
            lines.append(f"**Alerts:** none — try `{self.spell('alert', 'python remote')}`.")
        return "\n".join(lines)

    # -- forget me ------------------------------------------------------------------------

    def forget_prompt(self, platform: str, member: str, *, with_button: bool = False) -> str:
        """What `forget me` would delete, and how to confirm."""
        try:
            found = footprint(self.store, platform, member)
        except StoreError:
            log.exception("reading a member's footprint failed")
            return UNAVAILABLE
        if found.empty:
            return "I have nothing stored about you."
        confirm = (
            "Press **Delete everything** to go ahead."
            if with_button
            else f"Type `{self.spell('forget')} confirm` to go ahead."
        )
        return (
            f"This deletes everything I store about you: {found.describe()}. It cannot be "
            f"undone. {confirm}"
        )

    def forget(self, platform: str, member: str) -> str:
        """Delete everything stored about the member."""
        try:
            gone = forget_member(self.store, platform, member)
        except StoreError:
            log.exception("forgetting a member failed")
            return UNAVAILABLE
        if gone.empty:
            return "I had nothing stored about you."
        return f"Done: I deleted everything I stored about you ({gone.describe()})."

    def personalize(self, request: Request) -> Request:
        """The request with its member's Not interested postings and companies."""
        return self.tracking.personalize(request)


def item_line(entry: Listed) -> str:
    """`**Title** — Company · closed` (markdown, posting text escaped)."""
    item = entry.item
    parts = [f"**{escape(item.title)}**"]
    if item.company:
        parts.append(escape(item.company))
    line = " — ".join(parts)
    if not entry.open:
        line += " · _closed_"
    elif url := link_target(item.url):  # only the posting's own http(s) URL (jobbot.untrusted)
        line += f" · [apply]({url.replace(')', '%29')})"
    return line


def bad_timing(spec: AlertSpec) -> str | None:
    """Why an alert's timing cannot be kept, or None. The text parser never yields these,
    but options from a platform (a Discord integer, a forged payload) are checked here so
    no alert is stored that its digest slot cannot be computed for."""
    if spec.frequency not in FREQUENCIES:
        return "Pick how often: instant, daily or weekly."
    if not 0 <= spec.hour <= 23:
        return f"“{spec.hour}” is not a time of day; hours run from 0 to 23."
    if not 0 <= spec.weekday <= 6:
        return "Pick a day of the week from Monday to Sunday."
    return None
