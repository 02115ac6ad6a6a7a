"""Button state packed into Discord `custom_id`s (at most 100 characters), so buttons keep
working after a restart without any store: the click carries everything needed to ask again.

Jobs paging: `jobbot:jobs:<page>:<workplace><type>:<salary>:<location>:<query text>`, e.g.
`jobbot:jobs:2:rf:150000USD:berlin:python backend`. When location and text do not fit, the
location is cut to 30 characters and the text is cut at a word boundary; the message then
says which (shortened) query its buttons page through. FAQ "did you mean":
`jobbot:faq:<question>`, the question cut to fit; the engine finds the entry from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jobbot.models import EmploymentType, QueryFilters, SalaryFloor, Workplace

CUSTOM_ID_LIMIT = 100
LOCATION_LIMIT = 30

WORKPLACE_CODES: dict[str, Workplace] = {"r": "remote", "h": "hybrid", "o": "onsite"}
TYPE_CODES: dict[str, EmploymentType] = {
    "f": "FULL_TIME",
    "p": "PART_TIME",
    "c": "CONTRACTOR",
    "i": "INTERN",
}

JOBS_TEMPLATE = (
    r"jobbot:jobs:(?P<page>[0-9]{1,4}):(?P<workplace>[rho-])(?P<type>[fpci-]):"
    r"(?P<salary>[0-9]{0,12})(?P<currency>[A-Z]{0,3}):(?P<location>[^:]*):(?P<text>(?s:.*))"
)
FAQ_TEMPLATE = r"jobbot:faq:(?P<question>(?s:.+))"


def _cut_words(text: str, limit: int) -> str:
    """`text` at most `limit` characters long, cut at the last space that fits."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    space = head.rfind(" ")
    return head[:space].rstrip() if space > 0 else head


@dataclass(frozen=True)
class JobsCursor:
    """A /jobs search and the page to show: what a Previous/Next button remembers."""

    text: str = ""
    page: int = 1
    workplace: Workplace | None = None
    employment_type: EmploymentType | None = None
    min_salary: SalaryFloor | None = None
    location: str | None = None

    def filters(self) -> QueryFilters | None:
        """The typed options as the engine takes them; None when there are none."""
        if not (self.workplace or self.employment_type or self.min_salary or self.location):
            return None
        return QueryFilters(
            workplace=[self.workplace] if self.workplace else None,
            employment_type=[self.employment_type] if self.employment_type else None,
            min_salary=self.min_salary,
            location=self.location,
        )

    def at(self, page: int) -> JobsCursor:
        return JobsCursor(
            self.text, page, self.workplace, self.employment_type, self.min_salary, self.location
        )

    def custom_id(self) -> str:
        """This cursor as a custom_id of at most 100 characters (see module docstring)."""
        workplace = next((k for k, v in WORKPLACE_CODES.items() if v == self.workplace), "-")
        kind = next((k for k, v in TYPE_CODES.items() if v == self.employment_type), "-")
        salary = ""
        if self.min_salary is not None:
            salary = f"{int(self.min_salary.amount)}{(self.min_salary.currency or '')[:3]}"
        location = " ".join((self.location or "").replace(":", " ").split())
        location = _cut_words(location, LOCATION_LIMIT)
        head = f"jobbot:jobs:{min(self.page, 9999)}:{workplace}{kind}:{salary}:{location}:"
        text = " ".join(self.text.split())
        return head + _cut_words(text, CUSTOM_ID_LIMIT - len(head))

    @classmethod
    def from_match(cls, match: re.Match[str]) -> JobsCursor:
        """The cursor a button's custom_id encodes (as matched by `JOBS_TEMPLATE`)."""
        salary = None
        if match["salary"]:
            salary = SalaryFloor(
                amount=float(match["salary"]), currency=match["currency"] or None, period="YEAR"
            )
        return cls(
            text=match["text"],
            page=max(1, int(match["page"])),
            workplace=WORKPLACE_CODES.get(match["workplace"]),
            employment_type=TYPE_CODES.get(match["type"]),
            min_salary=salary,
            location=match["location"] or None,
        )

    @classmethod
    def parse(cls, custom_id: str) -> JobsCursor | None:
        match = re.fullmatch(JOBS_TEMPLATE, custom_id)
        return cls.from_match(match) if match else None

    def is_shortened(self) -> bool:
        """True when the custom_id cannot hold the whole query (buttons page a shorter one)."""
        parsed = JobsCursor.parse(self.custom_id())
        return (
            parsed is None
            or parsed.text != " ".join(self.text.split())
            or ((parsed.location or None) != (" ".join((self.location or "").split()) or None))
        )


def faq_custom_id(question: str) -> str:
    """A "did you mean" button's custom_id for `question`, within 100 characters."""
    head = "jobbot:faq:"
    return head + _cut_words(" ".join(question.split()), CUSTOM_ID_LIMIT - len(head))
