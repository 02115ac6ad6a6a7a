"""The hiring company named in a posting's own words, when no field names it.

Postings say who they are in a handful of ways: a heading "About Acme", "Here at Acme, we",
"Acme is a remote-first company", "Acme exists to", "join Acme and", and job boards put the
employer on a short line right under the title (`# Role` then `### Acme`). Names are one to
four capitalised words (`PostHog`, `Reef Technologies`, `Wikimedia Foundation`).
"""

from __future__ import annotations

import re

from jobbot.ingest.document import Document, clean_inline

_WORD = r"[A-Z0-9][\w&'’.+-]{0,30}"
_NAME = rf"{_WORD}(?:\s(?:{_WORD}|&|of|de|und|and\s(?=[A-Z]))){{0,3}}"
_KIND = (
    r"(?:company|startup|start-up|organi[sz]ation|firm|business|platform|provider|leader"
    r"|agency|consultancy|scale-?up|non-?profit|bank|marketplace|studio|lab|group|fintech"
    r"|employer|team|foundation|institution|publisher|retailer|manufacturer|unicorn)"
)
_WORD_RE = re.compile(_WORD)
_CONNECTORS = frozenset({"&", "of", "de", "und", "and"})
# Phrases that name the company just before them (`Acme is a ... company`, `At Acme, we`,
# `Acme exists to`) or just after (`founded Acme in`, `join Acme`).
_BEFORE_IS = re.compile(r"\s(?:is|are)\s(?:a|an|the)\s")
_KIND_AFTER = re.compile(rf"(?:[\w-]+\s){{0,4}}?{_KIND}\b")
_BEFORE_WE = re.compile(r",\s(?:we|our|you)\b")
_BEFORE_EXISTS = re.compile(r"\sexists\sto\b")
_AFTER_FOUNDED = re.compile(rf"\bfounded\s(?P<name>{_NAME})\s(?:in|back|with|to|as)\b")
_AFTER_JOIN = re.compile(rf"\b(?:[Jj]oin|[Ww]elcome\sto)\s(?P<name>{_NAME})(?=[\s,.!;:]|$)")
_REACH = 160  # characters a name of four words can span


def _name_before(text: str, end: int) -> tuple[str, str] | None:
    """(the capitalised words that end at `end`, the word before them), walking back."""
    window = text[max(0, end - _REACH) : end]
    words = window[window.rfind("\n") + 1 :].split()  # a name never spans lines
    taken: list[str] = []
    real = 0
    while words and real < 4:
        word = words[-1]
        if _WORD_RE.fullmatch(word):
            real += 1
        elif taken and word in _CONNECTORS:
            pass
        else:
            opened = word.lstrip('("“')
            if opened != word and _WORD_RE.fullmatch(opened):
                words[-1] = word[: len(word) - len(opened)]
                taken.append(opened)
            break
        taken.append(words.pop())
    while taken and taken[-1] in _CONNECTORS:
        words.append(taken.pop())
    if not taken:
        return None
    return " ".join(reversed(taken)), (words[-1] if words else "")


_ABOUT = re.compile(rf"^about\s(?:(?:[\w-]+\s){{0,4}}?at\s)?(?:the\s)?(?P<name>{_NAME})$", re.I)
# fmt: off
_GENERIC = frozenset({
    "the", "our", "we", "this", "that", "these", "you", "your", "us", "it", "they", "a", "an",
    "here", "there", "job", "jobs", "role", "roles", "position", "team", "company", "engineering",
    "product", "remote", "senior", "what", "who", "why", "how", "about", "please", "note",
    "benefits", "salary", "location", "apply", "i", "my", "me", "he", "she", "his", "her",
    "their", "its", "all", "every", "each", "any", "some", "hiring", "opportunity",
    "opportunities", "you'll", "we're", "description", "summary", "responsibilities",
    "requirements", "overview", "details", "perks", "culture", "mission", "values", "life",
    "working", "work", "careers", "compensation", "equal", "contact", "info", "information",
    "more", "one", "new",
})
# fmt: on
_ROLE_WORDS = re.compile(
    r"\b(?:engineer|developer|manager|designer|scientist|analyst|architect|intern|lead|director"
    r"|role|position|team|department|opportunity|candidate)s?\b",
    re.I,
)
_MAX_HEADER_WORDS = 5


def clean_company_name(name: str) -> str | None:
    """A candidate as a company name, or None when it is a common word or a role."""
    name = clean_inline(name).strip(" .,;:!'’\"“”")
    name = re.sub(r"^(?:The|the)\s", "", name)
    name = re.sub(r"['’]s$", "", name)
    words = name.split()
    if not words or len(words) > 4 or words[0].lower() in _GENERIC or len(name) < 2:
        return None
    if _ROLE_WORDS.search(name) or not any(c.isalpha() for c in name):
        return None
    return name


def company_from_text(text: str) -> str | None:
    """The company a posting's running text names itself as, or None. Each phrase is found
    with one scan and the name read beside it, so the cost stays one pass per phrase."""
    for near in _BEFORE_WE.finditer(text):  # "Here at Acme, we", "At Acme, our"
        found = _name_before(text, near.start())
        if found and found[1] in {"at", "At"} and (name := clean_company_name(found[0])):
            return name
    for near in _BEFORE_IS.finditer(text):  # "Acme is a remote-first company"
        if not _KIND_AFTER.match(text, near.end()):
            continue
        found = _name_before(text, near.start())
        if found and (name := clean_company_name(found[0])):
            return name
    for near in _BEFORE_EXISTS.finditer(text):  # "Acme exists to"
        found = _name_before(text, near.start())
        if found and (name := clean_company_name(found[0])):
            return name
    for pattern, word in ((_AFTER_FOUNDED, "founded "), (_AFTER_JOIN, "oin ")):
        if word not in text and (word == "founded " or "elcome to" not in text):
            continue  # "founded Acme in", "join Acme and": not there, not scanned
        for match in pattern.finditer(text):
            name = clean_company_name(match.group("name"))
            if name:
                return name
    return None


def company_from_headings(doc: Document, title: str) -> str | None:
    """The company in an "About Acme" heading, or on the short line under the title."""
    for section in doc.sections:
        about = _ABOUT.match(section.heading.rstrip(":").strip())
        if about:
            name = clean_company_name(about.group("name"))
            if name:
                return name
    return _header_line(doc, title)


def _header_line(doc: Document, title: str) -> str | None:
    """`# Staff Engineer` then `### Monzo`: a short heading right under the title, whose name
    the text uses again (so a section heading such as `### Overview` is not taken)."""
    if len(doc.sections) < 2 or clean_inline(doc.sections[0].heading) != title:
        return None
    first, second = doc.sections[0], doc.sections[1]
    between = doc.lines[first.heading_line + 1 : second.heading_line]
    if any(line.strip() for line in between) or second.level <= first.level:
        return None
    name = clean_company_name(second.heading)
    if not name or len(name.split()) > _MAX_HEADER_WORDS:
        return None
    rest = "\n".join(doc.lines[second.heading_line + 1 :])
    return name if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", rest) else None
