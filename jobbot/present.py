"""Facts as people read them, defined once for every renderer: labels, money, posting facts,
and the help, spelled in each platform's own command syntax.

The engine's markdown, the console, Slack's Block Kit, Discord's embeds and `jobbot index`
all show a posting's workplace, type, pay and date through these functions; each renderer
only lays them out within its platform's limits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Final

from jobbot.currency import SYMBOLS
from jobbot.models import CommandSyntax, Posting, Salary, SalaryFloor, YearsRange

CLOSING_SOON_DAYS: Final = 30
"""Up to this many days away a closing date reads `closes in N days`; further, the date."""

DEFAULT_SYNTAX: Final = CommandSyntax()
"""Slash commands as Slack and the console take them: `/jobs <query>`, `/faq <question>`."""

WORKPLACE_LABELS: Final[dict[str, str]] = {
    "remote": "Remote",
    "hybrid": "Hybrid",
    "onsite": "On-site",
}
EMPLOYMENT_LABELS: Final[dict[str, str]] = {
    "FULL_TIME": "full-time",
    "PART_TIME": "part-time",
    "CONTRACTOR": "contract",
    "TEMPORARY": "temporary",
    "INTERN": "internship",
    "VOLUNTEER": "volunteer",
    "PER_DIEM": "per diem",
    "OTHER": "other",
}
PERIOD_LABELS: Final[dict[str, str]] = {
    "HOUR": "hour",
    "DAY": "day",
    "WEEK": "week",
    "MONTH": "month",
    "YEAR": "year",
}
TRACK_LABELS: Final[dict[str, str]] = {
    "save": "Save",
    "applied": "Applied",
    "hide": "Not interested",
    "company": "Hide company",
    "clear": "Undo",
    "uncompany": "Undo",
}
"""Save / Applied / Not interested and their undos, labelled alike on every platform (the keys
are `jobbot.announce.personal.ACTIONS`)."""
CARD_ACTIONS: Final = ("save", "applied", "hide")
"""What every posting card offers; the others answer a click."""


def money(amount: float, currency: str | None) -> str:
    """`$130,000`, `€42.50`, `232,000 PLN`: a sign before, else the code after."""
    symbol = SYMBOLS.get(currency or "", "")
    whole = amount >= 100 or float(amount).is_integer()
    number = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    if symbol:
        return f"{symbol}{number}"
    return f"{number} {currency}" if currency else number


def salary_label(salary: Salary | None) -> str:
    """`$130,000 – $190,000 / year`, or "" when no amount is known."""
    if salary is None or (salary.min is None and salary.max is None):
        return ""
    symbol = SYMBOLS.get(salary.currency or "", "")
    code = "" if symbol or not salary.currency else f" {salary.currency}"

    def amount(value: float) -> str:
        return money(value, salary.currency if symbol else None)

    if salary.min is not None and salary.max is not None and salary.min != salary.max:
        text = f"{amount(salary.min)} – {amount(salary.max)}"
    else:
        text = amount(salary.min if salary.min is not None else salary.max or 0)
    period = f" / {PERIOD_LABELS[salary.period]}" if salary.period else ""
    return f"{text}{code}{period}"


def floor_label(floor: SalaryFloor) -> str:
    """A query's pay floor: `≥ $150,000 / year`."""
    return f"≥ {money(floor.amount, floor.currency)} / {PERIOD_LABELS[floor.period]}"


def workplace_label(posting: Posting, joiner: str = " / ") -> str:
    """`Remote / Hybrid`, or ""."""
    return joiner.join(WORKPLACE_LABELS.get(w, w) for w in posting.workplace)


def employment_label(posting: Posting) -> str:
    """`full-time, contract`, or ""."""
    return ", ".join(EMPLOYMENT_LABELS.get(e, e.lower()) for e in posting.employment_type)


def experience_label(years: YearsRange | None) -> str:
    """`4+ years`, `2-5 years`, or ""."""
    if years is None or years.min is None:
        return ""
    if years.max is None:
        return f"{years.min}+ years"
    if years.max == years.min:
        return f"{years.min} years"
    return f"{years.min}-{years.max} years"


def closing_label(days: int | None, valid_through: date | None = None) -> str:
    """`closes in 5 days`, `closes tomorrow`, `closes today`; a date when it is far off."""
    if days is None or days < 0:
        return ""
    if days == 0:
        return "closes today"
    if days == 1:
        return "closes tomorrow"
    if days > CLOSING_SOON_DAYS and valid_through is not None:
        return f"closes {valid_through.isoformat()}"
    return f"closes in {days} days"


@dataclass(frozen=True, slots=True)
class Facts:
    """A posting's facts as text, ready to lay out; empty strings for what is not stated.

    Every value is raw posting text or a label built from it: renderers still escape it for
    their markup."""

    title: str
    company: str = ""
    location: str = ""
    workplace: str = ""
    employment: str = ""
    salary: str = ""
    experience: str = ""
    posted: str = ""
    skills: list[str] = field(default_factory=list)
    closes: str = ""
    """`closes in 5 days`: set on search results whose posting says when it closes."""

    def line(self, *, with_company: bool = False, joiner: str = " · ") -> str:
        """`Berlin · Remote · $130,000 – $190,000 / year`: what a card shows under a title."""
        parts = [self.company] if with_company else []
        parts += [self.location, self.workplace, self.salary, self.closes]
        return joiner.join(part for part in parts if part)


def facts(posting: Posting) -> Facts:
    """The facts every renderer shows for a posting."""
    return Facts(
        title=posting.title,
        company=posting.company or "",
        location=posting.location or "",
        workplace=workplace_label(posting),
        employment=employment_label(posting),
        salary=salary_label(posting.salary),
        experience=experience_label(posting.experience_years),
        posted=posting.date_posted.isoformat() if posting.date_posted else "",
        skills=list(posting.skills),
        closes=closing_label(getattr(posting, "closes_in_days", None), posting.valid_through),
    )


def code(text: str) -> str:
    """User text as inline markdown code that cannot break out of its backticks."""
    return "`" + " ".join(text.replace("`", "'").split()) + "`"


def example_searches(syntax: CommandSyntax = DEFAULT_SYNTAX) -> list[str]:
    """Three searches that always find something, spelled as this platform types them."""
    return [syntax.spell("jobs", q) for q in ("python remote", "senior backend europe", "hybrid")]


def help_text(syntax: CommandSyntax = DEFAULT_SYNTAX) -> str:
    """What jobbot can do, as markdown, with each command spelled for the platform."""
    s = syntax.spell
    return f"""\
**jobbot** finds job openings and answers career questions.

**Commands**
- `{s("jobs")}` — search openings, e.g. `{s("jobs", "python remote")}`
- `{s("faq")}` — ask the career FAQ, e.g. `{s("faq", "backend vs full-stack?")}`
- `{s("help")}` — this help
- `{s("subscribe")}` — get new openings matching a query posted to this channel
- `{s("subscriptions")}` — list this channel's subscriptions
- `{s("unsubscribe")}` — stop one
- `{s("alert")}` — your own alert: new openings matching a query by direct message, \
as they appear or in a `daily` / `weekly` digest
- `{s("alerts")}` — your alerts; `{s("unalert")}` stops one
- `{s("saved")}` — what you saved or applied to (**Save**, **Applied** and \
**Not interested** are on every posting)
- `{s("forget")}` — delete everything jobbot stores about you
- `{s("teach")}` — (admins) file a question under an FAQ entry, so it is answered next time

You can also just write: questions about openings ("any remote golang jobs?") search,
pay and counting questions are answered from the postings, career questions by the FAQ.

**Filters** (mix freely with keywords; they are hard constraints)
- workplace: `remote`, `hybrid`, `onsite` / `on-site` / `in office`
- place: a city, state, country or region, e.g. `berlin`, `london`, `san francisco`, `europe`, `us`
- salary floor: `150k+`, `>150k`, `over $150k`, `at least 150,000`, `min 120k`, `$60/hour+`
- type: `contract`, `full-time`, `part-time`, `internship`
- level: `junior`, `mid`, `senior`, `staff`, `lead`
- recency: `new` (7 days), `this week`, `last 30 days`
- leave out: `-frontend` or `not frontend` hides postings whose title or skills say it
- either word: `python OR java`; a phrase: `"machine learning"`
- visa: `visa` / `visa sponsorship` (only openings that say they sponsor)

**Examples**
- `{s("jobs", "senior go kubernetes europe")}`
- `{s("jobs", "hybrid")}` (every hybrid opening, newest first)
- `{s("jobs", "data engineer 120k+ full-time this month")}`
- `what do backend engineers earn?` · `which languages are most in demand?`
- `how many remote jobs are there?`
"""
