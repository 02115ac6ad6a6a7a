"""Whether a posting offers visa sponsorship: yes, no, or not stated.

People write it many ways: "Visa sponsorship available", "We can sponsor your visa", "we
provide relocation assistance and visa sponsorship", and the other way "no sponsorship",
"We don't sponsor H1Bs", "must be authorised to work in the UK without sponsorship". The
first statement in the text wins: a header line comes before the fine print.
"""

from __future__ import annotations

import re

_VISA = (
    r"(?:visas?|work\s(?:visas?|permits?)|h-?1-?bs?|tier\s2|skilled\sworker\svisas?|blue\scards?)"
)
_NO = re.compile(
    r"\bno\s(?:visa\s|h-?1-?b\s)?sponsorships?\b"
    r"|\b(?:not|unable\sto|cannot|can['’]?t|do\snot|don['’]?t|does\snot|doesn['’]?t|won['’]?t"
    r"|will\snot|are\snot\sable\sto|aren['’]?t\sable\sto|not\sable\sto)\s(?:currently\s)?"
    r"(?:provide\s|offer\s|support\s)?(?:any\s)?(?:visa\s)?sponsor(?:ship|s|ing)?\b"
    r"|\bsponsorship\s(?:is\s)?(?:not|unavailable|isn['’]?t)\b"
    r"|\bwithout\s(?:the\s)?(?:need\sfor\s)?(?:visa\s|employer\s|company\s)?sponsorship\b"
    r"|\bnot\seligible\sfor\s(?:visa\s)?sponsorship\b"
    r"|\b(?:not|never)\s(?:\w+\s){0,2}?require\s(?:\w+\s){0,2}?sponsorship\b"
    rf"|\bno\s{_VISA}\s(?:support|sponsorship)\b"
    r"|\b(?:visas?\s)?sponsorship\s?:\s?(?:no|none|not\s(?:available|offered|possible)|unavailable)\b"
    r"|\bvisas?\s?:\s?(?:no|none|not\s(?:available|offered|possible|sponsored))\b|\bno\svisas\b",
    re.I,
)
_YES = re.compile(
    r"\bvisa\ssponsorship\s(?:is\s)?(?:available|provided|offered|possible|supported|included"
    r"|on\soffer)\b"
    r"|\b(?:we|can|will|happy\sto|able\sto|do|does)\s(?:\w+\s){0,2}?sponsor\s(?:your\s|a\s|the\s)?"
    rf"(?:\w+\s)?{_VISA}"
    r"|\b(?:offer|offers|provide|provides|including|include|includes|with|and|plus)\s"
    r"(?:\w+\s){0,3}?visa\ssponsorship\b"
    r"|\bsponsorship\s(?:is\s)?available\b|\bvisa\ssupport\b|\bwill\ssponsor\b"
    rf"|\b(?:and|also|to|gladly|happily)\ssponsor\s(?:your\s|a\s|the\s)?(?:\w+\s)?{_VISA}"
    r"|\bh-?1-?b\stransfers?\s(?:are\s)?(?:welcome|accepted|supported|ok)\b"
    r"|\b(?:visas?\s)?sponsorship\s?:\s?(?:yes|available|offered|provided|possible)\b"
    r"|\bvisas?\s?:\s?(?:yes|available|offered|provided|possible|sponsored)\b"
    r"|^[^\S\n]*(?:[-*•+][^\S\n])?(?:\*\*)?visa\ssponsorship(?:\*\*)?[^\S\n]*$",
    re.I | re.M,
)


def visa_from_text(text: str) -> bool | None:
    """True when the text offers visa sponsorship, False when it rules it out, None when it
    says nothing. The earliest statement wins."""
    lowered = text.lower()
    if "sponsor" not in lowered and "visa" not in lowered and "1b" not in lowered:
        return None
    no = _NO.search(text)
    yes = _YES.search(text)
    if no and yes:
        return yes.start() < no.start() and not _overlaps(yes, no)
    if no:
        return False
    return True if yes else None


def _overlaps(a: re.Match[str], b: re.Match[str]) -> bool:
    return a.start() < b.end() and b.start() < a.end()


def visa_from_value(value: object) -> bool | None:
    """A structured `visa_sponsorship` value: a boolean, yes/no, or words."""
    if isinstance(value, bool):
        return value
    if value is None:
        return None
    text = str(value).strip().lower()
    if text in {"yes", "y", "true", "1", "available", "offered", "provided"}:
        return True
    if text in {"no", "n", "false", "0", "none", "not available", "unavailable"}:
        return False
    return visa_from_text(str(value))
