"""Posting text written to phish, ping and spoof: one definition for every renderer's tests.

Each piece is a way a real client would make text clickable or pinging: Markdown masked links
(also with a URL as the label, nested brackets, an image), autolinks and bare URLs, Slack
and Discord mentions and broadcasts, a bracket opened in one field and closed in the next,
a terminal hyperlink hidden in escape sequences, and a right-to-left override.
"""

from __future__ import annotations

from datetime import date

from jobbot.models import FAQEntry, Posting, Salary

EVIL = "evil.example"
HOSTILE = (
    "@everyone <!channel> <@U123> <#C123> <@123456789012345678> <@&1234567890> "
    "[Bank Login](https://evil.example/x) [https://good.example.com](https://evil.example/m) "
    "<https://evil.example/auto> https://evil.example/bare ![x](https://evil.example/img) "
    "[a [b] c](https://evil.example/nested) **bold** `code` ||spoiler|| ~~gone~~ "
    "\x1b]8;;https://evil.example/osc\x1b\\click\x1b]8;;\x1b\\ \u202elpmaxe.live\u202c "
)
# The digest trick: a bracket opened in the title and closed in the company.
SPLIT_TITLE, SPLIT_COMPANY = "[Bank Login", "](https://evil.example/split)"
OWN_URL = "https://jobs.example/own"


def hostile_posting(
    number: int = 0, *, url: str = OWN_URL, split: bool = False, repeat: int = 1
) -> Posting:
    """A posting whose every text field is hostile (`split`: the bracket trick instead)."""
    return Posting(
        id=f"hostile-{number}",
        title=f"Engineer {number} " + (SPLIT_TITLE if split else HOSTILE * repeat),
        company=SPLIT_COMPANY if split else HOSTILE,
        location="Berlin " + HOSTILE,
        workplace=["remote"],
        employment_type=["FULL_TIME"],
        salary=Salary(min=90_000, max=150_000, currency="EUR", period="YEAR"),
        skills=["Python", HOSTILE],
        seniority="senior",
        department=HOSTILE,
        date_posted=date(2026, 11, 1),
        url=url,
        description=("## About\nWe build backend services. " + HOSTILE + "\n") * 3,
        source=f"postings/hostile-{number}.md",
    )


def hostile_faq() -> FAQEntry:
    return FAQEntry(
        id="hostile-faq",
        question="How do I negotiate? " + HOSTILE,
        answer="Know your range. " + HOSTILE,
        source="faq/hostile.md",
    )
