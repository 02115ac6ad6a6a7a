"""The human-readable report `jobbot index` prints: what was read, and what was not.

Every name and message is printed escaped (`escape_name`): a file called `a\nb.md` shows as
`a\\nb.md` on one line, so no file name can forge a line of the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jobbot.ingest.text import escape_name as esc
from jobbot.models import Corpus, Posting
from jobbot.present import facts

_SKILLS_SHOWN = 6


def posting_line(posting: Posting) -> str:
    """Two lines: title and source, then location, workplace, type, pay, experience, skills."""
    shown = facts(posting)
    skills = ", ".join(posting.skills[:_SKILLS_SHOWN])
    if len(posting.skills) > _SKILLS_SHOWN:
        skills += f" +{len(posting.skills) - _SKILLS_SHOWN}"
    details = [
        shown.location or "location not stated",
        "/".join(posting.workplace) or "workplace not stated",
        shown.employment or "type not stated",
        shown.salary or "salary not stated",
        shown.experience or "experience not stated",
    ]
    if posting.seniority:
        details.append(posting.seniority)
    if posting.visa_sponsorship is not None:
        details.append("visa sponsorship" if posting.visa_sponsorship else "no visa sponsorship")
    company = f" — {posting.company}" if posting.company else ""
    text = f"  - {esc(posting.title + company)}  [{esc(posting.source)}]\n      "
    text += esc(" · ".join(details))
    return f"{text}\n      skills: {esc(skills)}" if skills else text


def summarize(corpus: Corpus, directories: Sequence[Path]) -> str:
    """Counts, one entry per posting and FAQ entry, and every file error with its reason."""
    lines = [
        f"Loaded {len(corpus.postings)} postings and {len(corpus.faq)} FAQ entries "
        f"from {', '.join(esc(str(d)) for d in directories)}"
    ]
    if corpus.postings:
        lines.append("Postings:")
        lines.extend(posting_line(posting) for posting in corpus.postings)
    if corpus.faq:
        lines.append("FAQ:")
        lines.extend(f"  ? {esc(entry.question)}  [{esc(entry.source)}]" for entry in corpus.faq)
    if corpus.errors:
        lines.append(f"{len(corpus.errors)} file(s) could not be read:")
        lines.extend(f"  ! {esc(error.source)}: {esc(error.message)}" for error in corpus.errors)
    return "\n".join(lines)
