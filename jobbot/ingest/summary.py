"""The human-readable report `jobbot index` prints: what was read, and what was not."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jobbot.models import Corpus, Posting

_EMPLOYMENT_LABELS = {
    "FULL_TIME": "full-time",
    "PART_TIME": "part-time",
    "CONTRACTOR": "contract",
    "TEMPORARY": "temporary",
    "INTERN": "internship",
    "VOLUNTEER": "volunteer",
    "PER_DIEM": "per diem",
    "OTHER": "other",
}
_SKILLS_SHOWN = 6


def posting_line(posting: Posting) -> str:
    """Two lines: title and source, then location, workplace, type, pay, experience, skills."""
    years = posting.experience_years
    if years is None or years.min is None:
        experience = "experience not stated"
    elif years.max is None:
        experience = f"{years.min}+ years"
    elif years.max == years.min:
        experience = f"{years.min} years"
    else:
        experience = f"{years.min}-{years.max} years"
    skills = ", ".join(posting.skills[:_SKILLS_SHOWN])
    if len(posting.skills) > _SKILLS_SHOWN:
        skills += f" +{len(posting.skills) - _SKILLS_SHOWN}"
    details = [
        posting.location or "location not stated",
        "/".join(posting.workplace) or "workplace not stated",
        ", ".join(_EMPLOYMENT_LABELS[kind] for kind in posting.employment_type)
        or "type not stated",
        posting.salary.label() if posting.salary else "salary not stated",
        experience,
    ]
    if posting.seniority:
        details.append(posting.seniority)
    text = f"  - {posting.title}  [{posting.source}]\n      {' · '.join(details)}"
    return f"{text}\n      skills: {skills}" if skills else text


def summarize(corpus: Corpus, directories: Sequence[Path]) -> str:
    """Counts, one entry per posting and FAQ entry, and every file error with its reason."""
    lines = [
        f"Loaded {len(corpus.postings)} postings and {len(corpus.faq)} FAQ entries "
        f"from {', '.join(str(d) for d in directories)}"
    ]
    if corpus.postings:
        lines.append("Postings:")
        lines.extend(posting_line(posting) for posting in corpus.postings)
    if corpus.faq:
        lines.append("FAQ:")
        lines.extend(f"  ? {entry.question}  [{entry.source}]" for entry in corpus.faq)
    if corpus.errors:
        lines.append(f"{len(corpus.errors)} file(s) could not be read:")
        lines.extend(f"  ! {error.source}: {error.message}" for error in corpus.errors)
    return "\n".join(lines)
