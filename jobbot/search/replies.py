"""The markdown every adapter shows: help, job lists, FAQ answers, figures, "nothing found".

Markdown is the one text format of the core; adapters convert it (or render the structured
fields of `Answer`) once, on their side. Text from knowledge files and queries is made inert
(`jobbot.untrusted`) and escaped, so the only links in this markdown are postings' own URLs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jobbot.models import CommandSyntax, JobHit, Posting, Query, SalaryStat, SkillCount
from jobbot.present import (
    DEFAULT_SYNTAX,
    EMPLOYMENT_LABELS,
    PERIOD_LABELS,
    code,
    example_searches,
    facts,
    floor_label,
    money,
)
from jobbot.search.query import recency_text
from jobbot.untrusted import inert, link_target

_MD_SPECIAL = re.compile(r"([\\`*_~\[\]<>|])")
# No word anyone types or a posting's title holds is longer; a 5,000-letter paste is echoed
# back shortened rather than twice in full.
_LONGEST_WORD = 60
_LONG_WORD = re.compile(rf"\S{{{_LONGEST_WORD},}}")


def escape(text: str) -> str:
    """Text from knowledge files or a query, made inert inside markdown: no link, no markup."""
    text = _LONG_WORD.sub(lambda m: m[0][: _LONGEST_WORD - 1] + "…", " ".join(text.split()))
    return _MD_SPECIAL.sub(r"\\\1", inert(text))


def describe_query(query: Query) -> str:
    """The query back in plain words: `python · remote · berlin · ≥ $150,000 / year`."""
    parts: list[str] = []
    if query.keywords:
        parts.append(escape(" ".join(query.keywords)))
    parts.extend(escape(" or ".join(group)) for group in query.any_of)
    parts.extend(f"“{escape(phrase)}”" for phrase in query.phrases)
    parts.extend(query.workplace)
    parts.extend(escape(location) for location in query.locations)
    parts.extend(EMPLOYMENT_LABELS[e] for e in query.employment_type)
    parts.extend(query.seniority)
    if query.min_salary is not None:
        parts.append(floor_label(query.min_salary))
    if query.posted_within_days:
        parts.append(recency_text(query.posted_within_days))
    if query.visa_sponsorship:
        parts.append("visa sponsorship")
    excluded = [
        *query.excluded,
        *query.excluded_workplace,
        *query.excluded_locations,
        *(EMPLOYMENT_LABELS[e] for e in query.excluded_employment),
        *query.excluded_seniority,
    ]
    if excluded:
        parts.append("without " + escape(", ".join(dict.fromkeys(excluded))))
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


def describe_keywords(query: Query) -> str:
    """Only the words of a query (no filters): `python or java · “machine learning”`."""
    words = query.model_copy(
        update={
            "workplace": [],
            "locations": [],
            "employment_type": [],
            "seniority": [],
            "min_salary": None,
            "posted_within_days": None,
            "excluded_workplace": [],
            "excluded_locations": [],
            "excluded_employment": [],
            "excluded_seniority": [],
        }
    )
    return describe_query(words)


def _try_searches(searches: Sequence[str], syntax: CommandSyntax) -> str:
    return ", ".join(code(syntax.spell("jobs", s)) for s in searches)


def nothing_found_text(
    query: Query,
    hint: str,
    suggestions: Sequence[str],
    syntax: CommandSyntax = DEFAULT_SYNTAX,
    searches: Sequence[str] = (),
) -> str:
    """A friendly empty result: what was searched, why it is empty, and what does work."""
    what = describe_query(query)
    lines = [f"Nothing found{f' for {what}' if what else ''}."]
    if hint:
        lines.append(hint)  # markdown: the engine escaped what it quotes
    if searches:
        lines.append("These do find openings: " + _try_searches(searches, syntax))
    else:
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
    suggestions: Sequence[str],
    closest: bool = True,
    syntax: CommandSyntax = DEFAULT_SYNTAX,
    topics: Sequence[str] = (),
) -> str:
    """Below the confidence gate: no invented answer, the closest questions instead, or
    (when nothing is close) the topics the FAQ does cover."""
    lines = ["I don't have a confident answer to that."]
    if suggestions:
        lines.append("Did you mean:" if closest else "Questions I can answer:")
        lines.extend(f"- {escape(s)}" for s in suggestions)
    elif topics:
        lines.append("The FAQ covers: " + ", ".join(escape(t) for t in topics) + ".")
    lines.append(
        f"To search openings instead, use `{syntax.spell('jobs', '<keywords>')}`, e.g. "
        + ", ".join(f"`{e}`" for e in example_searches(syntax))
        + "."
    )
    return "\n".join(lines)


def no_figures_text(
    subject: str, hint: str, searches: Sequence[str], syntax: CommandSyntax = DEFAULT_SYNTAX
) -> str:
    """No posting matches what a figure was asked about: say so, say why, and what does."""
    lines = [f"No opening matches {subject}, so I have no figures for it."]
    if hint:
        lines.append(hint)
    if searches:
        lines.append("These do find openings: " + _try_searches(searches, syntax))
    return "\n".join(lines)


def _posting_pay(posting: Posting) -> str:
    shown = facts(posting)
    where = " · ".join(escape(x) for x in (shown.company, shown.location) if x)
    return f"- {escape(posting.title)}{f' ({where})' if where else ''}: {shown.salary}"


def salary_text(
    subject: str,
    stats: Sequence[SalaryStat],
    matching: int,
    named: Sequence[Posting] = (),
    stated: int | None = None,
    search: str = "",
    syntax: CommandSyntax = DEFAULT_SYNTAX,
    interns_left_out: bool = False,
) -> str:
    """Pay figures with yearly salaries and hourly rates apart, each with the number of
    postings behind it, and the postings themselves (named, or the search that lists them)."""
    plural = "s" if matching != 1 else ""
    left_out = " (internships left out; ask about interns for theirs)" if interns_left_out else ""
    if not stats:
        if matching == 1:
            return f"The one matching posting for {subject} does not state pay{left_out}."
        return (
            f"None of the {matching} matching postings for {subject} states pay, "
            f"so I have no figures{left_out}."
        )
    count = stated if stated is not None else sum(s.count for s in stats)
    lines = [
        f"**Pay for {subject}** — from {count} of {matching} matching posting{plural} "
        f"that {'states' if count == 1 else 'state'} pay{left_out}:"
    ]
    yearly = [s for s in stats if s.period == "YEAR"]
    other = [s for s in stats if s.period != "YEAR"]
    for title, group in (("Yearly salaries", yearly), ("Hourly and other rates", other)):
        if not group:
            continue
        lines.append(f"_{title}_")
        for s in group:
            period = PERIOD_LABELS.get(s.period or "", "")
            lines.append(
                f"- {s.currency or 'unknown currency'} / {period} ({s.count} posting"
                f"{'s' if s.count != 1 else ''}): min {money(s.min, s.currency)} · median "
                f"{money(s.median, s.currency)} · max {money(s.max, s.currency)}"
            )
    lines.append("_Median of each posting's range midpoint; currencies and periods not mixed._")
    if named:
        lines.append("**Postings behind these figures**")
        lines.extend(_posting_pay(p) for p in named)
        if count > len(named) and search:
            lines.append(f"…and {count - len(named)} more: {code(syntax.spell('jobs', search))}")
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


def count_text(
    subject: str,
    matching: int,
    indexed: int,
    query: Query | None = None,
    companies: int | None = None,
    everything: bool = False,
) -> str:
    """How many openings match, as a share of all indexed ones: "7 of 16 openings are
    remote (44%)"; with `companies`, at how many employers ("at 6 companies"); for a
    count of `everything`, how many are listed."""
    at = ""
    if companies:
        at = f", at {companies} compan{'y' if companies == 1 else 'ies'}"
    if everything:
        verb = "is" if matching == 1 else "are"
        return f"**{matching} opening{'' if matching == 1 else 's'}** {verb} listed{at}."
    share = f" ({round(100 * matching / indexed)}%)" if indexed else ""
    only_workplace = (
        query is not None
        and query.workplace
        and not (
            query.keywords or query.any_of or query.phrases or query.locations
            or query.employment_type or query.seniority or query.min_salary
            or query.posted_within_days
        )
    )  # fmt: skip
    if only_workplace and query is not None:
        verb = f"{'are' if matching != 1 else 'is'} {' or '.join(query.workplace)}"
    else:
        verb = f"match{'es' if matching == 1 else ''} {subject}"
    return f"**{matching} of {indexed} openings** {verb}{share}{at}."
