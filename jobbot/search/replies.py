"""The markdown every adapter shows: help, job lists, FAQ answers, figures, "nothing found".

Markdown is the one text format of the core; adapters convert it (or render the structured
fields of `Answer`) once, on their side. Text from knowledge files and queries is made inert
(`jobbot.untrusted`) and escaped, so the only links in this markdown are postings' own URLs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jobbot.models import CommandSyntax, JobHit, Query, SalaryStat, SkillCount
from jobbot.present import (
    DEFAULT_SYNTAX,
    EMPLOYMENT_LABELS,
    PERIOD_LABELS,
    example_searches,
    facts,
    floor_label,
    money,
)
from jobbot.untrusted import inert, link_target

_MD_SPECIAL = re.compile(r"([\\`*_~\[\]<>|])")


def escape(text: str) -> str:
    """Text from knowledge files or a query, made inert inside markdown: no link, no markup."""
    return _MD_SPECIAL.sub(r"\\\1", inert(" ".join(text.split())))


def describe_query(query: Query) -> str:
    """The query back in plain words: `python · remote · berlin · ≥ $150,000 / year`."""
    parts: list[str] = []
    if query.keywords:
        parts.append(escape(" ".join(query.keywords)))
    parts.extend(query.workplace)
    parts.extend(escape(location) for location in query.locations)
    parts.extend(EMPLOYMENT_LABELS[e] for e in query.employment_type)
    parts.extend(query.seniority)
    if query.min_salary is not None:
        parts.append(floor_label(query.min_salary))
    if query.posted_within_days:
        parts.append(f"last {query.posted_within_days} days")
    if query.visa_sponsorship:
        parts.append("visa sponsorship")
    if query.excluded:
        parts.append("without " + ", ".join(query.excluded))
    return " · ".join(parts)


def job_line(rank: int, hit: JobHit) -> str:
    """One result as a numbered markdown item with its key facts."""
    shown = facts(hit)
    parts = [escape(x) for x in (shown.company, shown.location) if x]
    if hit.workplace:
        parts.append("/".join(hit.workplace))
    if shown.salary:
        parts.append(shown.salary)
    if shown.employment:
        parts.append(shown.employment)
    if shown.posted:
        parts.append(f"posted {shown.posted}")
    if shown.closes:
        parts.append(shown.closes)
    line = f"{rank}. **{escape(hit.title)}**"
    if parts:
        line += " — " + " · ".join(parts)
    extra = []
    if hit.skills:
        extra.append(", ".join(escape(s) for s in hit.skills[:8]))
    if url := link_target(hit.url):
        extra.append(f"[details]({url})")
    if extra:
        line += "\n   " + " — ".join(extra)
    return line


def jobs_text(
    hits: Sequence[JobHit],
    query: Query,
    total: int,
    page: int,
    pages: int,
    page_size: int,
    note: str = "",
) -> str:
    """A page of results with a header saying what was searched and how many matched."""
    what = describe_query(query) or "all openings"
    header = f"**{total} opening{'s' if total != 1 else ''}** for {what}"
    if pages > 1:
        header += f" — page {page} of {pages}"
    lines = [header]
    if note:
        lines.append(f"_{note}_")
    start = 1 + (page - 1) * page_size
    lines.extend(job_line(start + i, hit) for i, hit in enumerate(hits))
    return "\n".join(lines)


def nothing_found_text(
    query: Query, hint: str, suggestions: Sequence[str], syntax: CommandSyntax = DEFAULT_SYNTAX
) -> str:
    """A friendly empty result: what was searched, why it may be empty, what to try."""
    what = describe_query(query)
    lines = [f"Nothing found{f' for {what}' if what else ''}."]
    if hint:
        lines.append(hint)
    examples = example_searches(syntax)
    lines.append("Try fewer or other words, e.g. " + ", ".join(f"`{e}`" for e in examples))
    if suggestions:
        lines.append("Or ask one of these:")
        lines.extend(f"- {escape(s)}" for s in suggestions)
    return "\n".join(lines)


def faq_text(question: str, answer: str, source: str) -> str:
    """A confident FAQ answer with its question as the heading."""
    return f"**{escape(question)}**\n\n{inert(answer.strip())}\n\n_Source: {escape(source)}_"


def not_sure_text(
    suggestions: Sequence[str], closest: bool = True, syntax: CommandSyntax = DEFAULT_SYNTAX
) -> str:
    """Below the confidence gate: no invented answer, the closest questions instead."""
    lines = ["I don't have a confident answer to that."]
    if suggestions:
        lines.append("Did you mean:" if closest else "Questions I can answer:")
        lines.extend(f"- {escape(s)}" for s in suggestions)
    lines.append(
        f"To search openings instead, use `{syntax.spell('jobs', '<keywords>')}`, e.g. "
        + ", ".join(f"`{e}`" for e in example_searches(syntax))
        + "."
    )
    return "\n".join(lines)


def salary_text(subject: str, stats: Sequence[SalaryStat], matching: int) -> str:
    """Pay figures per currency and period, each with the number of postings behind it."""
    stated = sum(s.count for s in stats)
    if not stats:
        return (
            f"None of the {matching} matching posting{'s' if matching != 1 else ''} for "
            f"{subject} states a salary, so I have no figures."
        )
    lines = [
        f"**Pay for {subject}** — from {stated} of {matching} matching posting"
        f"{'s' if matching != 1 else ''} that state a salary:"
    ]
    for s in stats:
        period = PERIOD_LABELS.get(s.period or "", "")
        lines.append(
            f"- {s.currency or 'unknown currency'} / {period} ({s.count} posting"
            f"{'s' if s.count != 1 else ''}): min {money(s.min, s.currency)} · median "
            f"{money(s.median, s.currency)} · max {money(s.max, s.currency)}"
        )
    lines.append("_Median of each posting's range midpoint; currencies and periods not mixed._")
    return "\n".join(lines)


def skills_text(subject: str, counts: Sequence[SkillCount], matching: int) -> str:
    """The most named skills, with how many postings name each."""
    if not counts:
        return f"None of the {matching} matching postings lists {subject}."
    lines = [
        f"**Most requested {subject}** across {matching} posting{'s' if matching != 1 else ''}:"
    ]
    lines.extend(
        f"{i}. {escape(c.skill)} — {c.count} posting{'s' if c.count != 1 else ''}"
        for i, c in enumerate(counts, 1)
    )
    return "\n".join(lines)


def count_text(subject: str, matching: int, indexed: int) -> str:
    """How many postings match, out of how many are indexed."""
    return (
        f"**{matching} posting{'s' if matching != 1 else ''}** "
        f"{'match' if matching != 1 else 'matches'} {subject} "
        f"(of {indexed} indexed)."
    )
