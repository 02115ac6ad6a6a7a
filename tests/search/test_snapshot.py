"""A reload's snapshot equals a fresh build, whatever changed: the filter table, the skill
table and both indexes are rebuilt from the unchanged rows plus the fresh ones only."""

from __future__ import annotations

import random
from datetime import date

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from jobbot.models import Corpus, Posting, Salary
from jobbot.search.snapshot import Snapshot

PLACES = ["Berlin, Germany", "London, UK", "Austin, TX", "Remote (US)", None, "Paris"]
SKILLS = ["Python", "python", "Go", "Kafka", "Postgres", "PostgreSQL", "Rust", "React"]
CURRENCIES = ["USD", "EUR", "GBP", "PLN", None]


def make(rng: random.Random, i: int) -> Posting:
    currency = rng.choice(CURRENCIES)
    low = rng.randrange(20, 200) * (1000 if rng.random() < 0.7 else 1)
    return Posting(
        id=f"p{i}-{rng.randrange(10**6)}",
        title=rng.choice(["Senior Go Engineer", "Data Engineer", "Intern", "Staff SRE"]),
        location=rng.choice(PLACES),
        workplace=rng.choice([[], ["remote"], ["hybrid", "onsite"]]),
        employment_type=rng.choice([[], ["FULL_TIME"], ["CONTRACTOR", "PART_TIME"]]),
        salary=Salary(min=low, max=low * 1.2, currency=currency) if rng.random() < 0.7 else None,
        skills=rng.sample(SKILLS, rng.randrange(0, 4)),
        date_posted=date(2026, 1, 1 + rng.randrange(28)) if rng.random() < 0.8 else None,
        visa_sponsorship=rng.choice([None, True, False]),
        valid_through=date(2026, 2, 1 + rng.randrange(28)) if rng.random() < 0.3 else None,
        description=" ".join(
            rng.choice(["build", "apis", "kafka", "teams", "go"]) for _ in range(8)
        ),
        source=f"p{i}.md",
    )


def columns(snap: Snapshot) -> dict[str, object]:
    table, skills = snap.table, snap.skills
    pairs = sorted(
        (int(r), skills.keys[s]) for r, s in zip(skills.rows, skills.skills, strict=True)
    )
    names = {key: skills.names[sid] for sid, key in enumerate(skills.keys)
             if sid in set(skills.skills.tolist())}  # fmt: skip
    out: dict[str, object] = {
        name: getattr(table, name).tolist()
        for name in ("workplace", "employment", "seniority", "period", "posted", "until", "visa")
    }
    for name in ("salary_low", "salary_high"):
        out[name] = np.nan_to_num(getattr(table, name), nan=-1.0).tolist()
    out["currency"] = [table.currencies[c] if c >= 0 else None for c in table.currency.tolist()]
    out["places"] = {k: v.tolist() for k, v in table.places.items()}
    out["place_sets"] = table.place_sets
    out["skills"] = (pairs, names)
    for index in ("jobs", "heads"):
        built = getattr(snap, index)
        out[index] = {
            term: (built.postings(term)[0].tolist(), built.postings(term)[1].round(12).tolist())
            for term in built.vocab
            if len(built.postings(term)[0])
        }
    return out


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=30),
    st.lists(st.sampled_from(["keep", "keep", "drop", "change"]), min_size=1, max_size=30),
    st.integers(min_value=0, max_value=4),
    st.booleans(),
)
def test_a_reload_equals_a_fresh_build(
    seed: int, n: int, fate: list[str], added: int, shuffled: bool
) -> None:
    rng = random.Random(seed)
    old = [make(rng, i) for i in range(n)]
    new: list[Posting] = []
    for i, posting in enumerate(old):
        what = fate[i % len(fate)]
        if what == "keep":
            new.append(posting)
        elif what == "change":
            new.append(make(rng, i).model_copy(update={"id": posting.id}))
    new.extend(make(rng, n + k) for k in range(added))
    if shuffled:
        rng.shuffle(new)
    previous = Snapshot.build(Corpus(postings=old))
    reloaded = Snapshot.build(Corpus(postings=new), previous=previous)
    assert columns(reloaded) == columns(Snapshot.build(Corpus(postings=new)))
