"""The neutral data model: what the core knows, independent of any chat platform.

Postings follow schema.org's JobPosting vocabulary so that a posting from any source
(front matter, free text, a job board export) fits one shape. Adapters only ever see these
models; they never reach into files or the index.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Workplace = Literal["remote", "hybrid", "onsite"]
EmploymentType = Literal[
    "FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER"
]
SalaryPeriod = Literal["HOUR", "DAY", "WEEK", "MONTH", "YEAR"]
Seniority = Literal["intern", "junior", "mid", "senior", "staff", "lead", "principal"]
Intent = Literal["jobs", "faq", "stats", "help", "unknown"]
Command = Literal["jobs", "faq"]
SuggestionsKind = Literal["did_you_mean", "can_answer", "related"]


class Salary(BaseModel):
    """A pay range. `min`/`max` are amounts in `currency` per `period`."""

    min: float | None = None
    max: float | None = None
    currency: str | None = Field(default=None, description="ISO 4217 code, e.g. USD")
    period: SalaryPeriod | None = None


class YearsRange(BaseModel):
    """Years of experience asked for; `max` is None for open ranges such as `4+ years`."""

    min: int | None = None
    max: int | None = None


class Listing(BaseModel):
    """Another source listing the same job as a posting (a board beside a careers page)."""

    id: str
    origin: str
    source: str
    url: str | None = None


class Posting(BaseModel):
    """One job opening, aligned with schema.org JobPosting."""

    model_config = ConfigDict(frozen=False)

    id: str
    title: str
    company: str | None = None
    location: str | None = None
    workplace: list[Workplace] = Field(default_factory=list)
    employment_type: list[EmploymentType] = Field(default_factory=list)
    salary: Salary | None = None
    experience_years: YearsRange | None = None
    seniority: Seniority | None = None
    skills: list[str] = Field(default_factory=list)
    department: str | None = None
    date_posted: date | None = None
    valid_through: date | None = Field(
        default=None, description="the last day the posting is open, when it says"
    )
    visa_sponsorship: bool | None = Field(
        default=None, description="True: offered; False: ruled out; None: not stated"
    )
    url: str | None = None
    description: str = ""
    source: str = Field(
        description="where it was read: a file's path relative to its knowledge directory, "
        "or a vendor's reference"
    )
    origin: str = Field(default="", description="the key of the Source that produced it (`dir:/…`)")
    also_listed: list[Listing] = Field(
        default_factory=list,
        description="the same job as other sources list it, when several do (shown once)",
    )
    content_hash: str = ""

    def open_on(self, day: date) -> bool:
        """Still open on `day` by its own closing date (the store knows the other reasons)."""
        return self.valid_through is None or self.valid_through >= day


class FAQEntry(BaseModel):
    """A curated or extracted question with its answer."""

    id: str
    question: str
    answer: str
    aliases: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    source: str


class FileError(BaseModel):
    """A knowledge file that could not be read, and why; every other file still loads."""

    source: str
    message: str


class Corpus(BaseModel):
    """Everything read from one or more knowledge directories."""

    postings: list[Posting] = Field(default_factory=list)
    faq: list[FAQEntry] = Field(default_factory=list)
    errors: list[FileError] = Field(default_factory=list)


class SalaryFloor(BaseModel):
    """A minimum pay asked for in a query (`150k+`); compared like with like."""

    amount: float
    currency: str | None = None
    period: SalaryPeriod = "YEAR"


class Query(BaseModel):
    """A user's text split into hard filters and the keywords left for ranking."""

    raw: str = ""
    keywords: list[str] = Field(default_factory=list)
    any_of: list[list[str]] = Field(
        default_factory=list,
        description="`python OR java`: each group needs one of its alternatives (canonical "
        "words, several joined by spaces when one alternative is more than a word)",
    )
    phrases: list[str] = Field(
        default_factory=list, description='"quoted phrases", as canonical words in order'
    )
    excluded: list[str] = Field(
        default_factory=list,
        description="negative words (`-frontend`, `not java`): hide postings naming them in "
        "their title, skills or department",
    )
    excluded_workplace: list[Workplace] = Field(default_factory=list)
    excluded_locations: list[str] = Field(default_factory=list)
    excluded_employment: list[EmploymentType] = Field(default_factory=list)
    excluded_seniority: list[Seniority] = Field(default_factory=list)
    workplace: list[Workplace] = Field(default_factory=list)
    locations: list[str] = Field(default_factory=list)
    min_salary: SalaryFloor | None = None
    employment_type: list[EmploymentType] = Field(default_factory=list)
    seniority: list[Seniority] = Field(default_factory=list)
    posted_within_days: int | None = None
    visa_sponsorship: bool = Field(
        default=False, description="only postings that offer visa sponsorship (`/jobs visa`)"
    )


class QueryFilters(BaseModel):
    """Typed options a platform collected (e.g. Discord slash-command options).

    They are merged over whatever the free text says; None means "not given".
    """

    workplace: list[Workplace] | None = None
    location: str | None = None
    min_salary: SalaryFloor | None = None
    employment_type: list[EmploymentType] | None = None
    seniority: list[Seniority] | None = None


class CommandSyntax(BaseModel):
    """How one platform spells jobbot's commands, so help and hints read as users type them.

    `templates[name]` holds `{}` where the argument goes; `placeholders[name]` is what help
    shows there. Slack and the console share the default; Discord spells options
    (`/jobs query:<query>`).
    """

    model_config = ConfigDict(frozen=True)

    templates: dict[str, str] = Field(
        default_factory=lambda: {
            "jobs": "/jobs {}",
            "faq": "/faq {}",
            "help": "/jobs help",
            "subscribe": "/jobs subscribe {}",
            "subscriptions": "/jobs subscriptions",
            "unsubscribe": "/jobs unsubscribe {}",
            "teach": "/faq teach {}",
            "alert": "/jobs alert {}",
            "alerts": "/jobs alerts",
            "unalert": "/jobs alert off {}",
            "resume": "/jobs alerts resume",
            "saved": "/jobs saved",
            "forget": "/jobs forget me",
        }
    )
    placeholders: dict[str, str] = Field(
        default_factory=lambda: {
            "jobs": "<query>",
            "faq": "<question>",
            "subscribe": "<query>",
            "unsubscribe": "<id>",
            "teach": "<entry> <phrasing>",
            "alert": "[daily|weekly] <query>",
            "unalert": "<id>",
        }
    )

    def spell(self, name: str, argument: str | None = None) -> str:
        """The command `name` as typed here, with `argument` (else its placeholder)."""
        template = self.templates.get(name, f"/{name} {{}}")
        if "{}" not in template:
            return template
        value = argument if argument is not None else self.placeholders.get(name, "")
        return template.replace("{}", value).rstrip()


def company_key(name: str) -> str:
    """How company names are compared (hiding one hides it however a posting spells its case
    and spacing)."""
    return " ".join(name.casefold().split())


class Hidden(BaseModel):
    """What one member said "Not interested" to: left out of their results and alerts."""

    postings: list[str] = Field(default_factory=list, description="posting ids")
    companies: list[str] = Field(default_factory=list, description="`company_key`s")

    def __bool__(self) -> bool:
        return bool(self.postings or self.companies)


class Request(BaseModel):
    """One user turn, as every adapter hands it to the engine."""

    text: str = ""
    command: Command | None = Field(
        default=None, description="explicit /jobs or /faq; None routes by intent"
    )
    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=5, ge=1, le=25)
    filters: QueryFilters | None = None
    platform: str | None = None
    user: str | None = None
    channel: str | None = None
    syntax: CommandSyntax | None = Field(
        default=None, description="how the platform spells commands; None is the /jobs style"
    )
    hidden: Hidden | None = Field(
        default=None, description="the asking member's Not interested postings and companies"
    )


class JobHit(Posting):
    """A posting as a search result."""

    score: float = 0.0
    closes_in_days: int | None = Field(
        default=None, description="days from today to `valid_through`, when it says"
    )


class FAQHit(FAQEntry):
    """An FAQ entry as a search result."""

    score: float = 0.0


class SalaryStat(BaseModel):
    """Salary figures across postings sharing one currency and period."""

    currency: str | None
    period: SalaryPeriod | None
    count: int
    min: float
    median: float
    max: float


class SkillCount(BaseModel):
    """How many postings name a skill."""

    skill: str
    count: int


class Stats(BaseModel):
    """Figures computed from the indexed postings, with how many postings they rest on."""

    postings: int = 0
    salary: list[SalaryStat] = Field(default_factory=list)
    skills: list[SkillCount] = Field(default_factory=list)


class Answer(BaseModel):
    """The engine's reply: what it found, platform-neutral. `text` is markdown."""

    intent: Intent
    query: Query = Field(default_factory=Query)
    jobs: list[JobHit] = Field(default_factory=list)
    faq: list[FAQHit] = Field(default_factory=list)
    text: str = ""
    total: int = Field(default=0, description="jobs matching before paging")
    page: int = 1
    pages: int = 1
    page_size: int = 5
    confident: bool = True
    suggestions: list[str] = Field(
        default_factory=list, description="closest FAQ questions when not confident"
    )
    suggestions_kind: SuggestionsKind | None = Field(
        default=None,
        description="what the suggestions are: near matches of the question (did_you_mean), "
        "questions the FAQ can answer when nothing is near (can_answer), or questions to try "
        "after an empty search (related)",
    )
    suggestion_ids: list[str] = Field(
        default_factory=list,
        description="the FAQ entry id of each suggestion (when the suggestions are questions)",
    )
    miss: Literal["declined", "unsure"] | None = Field(
        default=None,
        description="the FAQ was asked and could not answer: nothing was close (declined) or "
        "several entries were (unsure); worth recording so the FAQ can learn",
    )
    searches: list[str] = Field(
        default_factory=list,
        description="searches (query text for /jobs) that do find openings, offered after an "
        "empty or partial result: the nearest query that works",
    )
    stats: Stats | None = None
