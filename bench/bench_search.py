"""Search benchmark: jobbot's engine against a plain rank-bm25 baseline, 1k to 100k postings.

For each corpus size it measures, in a fresh process each (so peak RSS is that size's alone):
index build time, cold start of `jobbot ask` (a subprocess, index cache warm), p50/p99 of a
full `engine.ask` over a few hundred realistic queries, peak RSS, and the cost of adding one
posting; then the same for `rank_bm25.BM25Okapi.get_scores` over the same documents.

    python bench/bench_search.py                 # 1k, 10k, 100k
    python bench/bench_search.py --sizes 1000,10000

Corpora are synthetic but job-like and deterministic (fixed seed, fixed vocabularies).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jobbot.models import Corpus, FAQEntry, Posting, Salary  # noqa: E402

TODAY = date(2026, 11, 23)
LEVELS = ["Junior", "", "", "Senior", "Senior", "Staff", "Lead", "Principal"]
AREAS = ["Backend", "Frontend", "Full-Stack", "Data", "Platform", "Mobile", "Machine Learning",
         "Site Reliability", "Security", "QA Automation", "DevOps", "Embedded"]  # fmt: skip
ROLES = ["Engineer", "Engineer", "Developer", "Software Engineer"]
SKILLS = ["Python", "Go", "Java", "TypeScript", "JavaScript", "Rust", "C#", "C++", "Kotlin",
          "Ruby", "Scala", "PHP", "Swift", "Elixir", "PostgreSQL", "MySQL", "MongoDB", "Redis",
          "Kafka", "Kubernetes", "Docker", "Terraform", "AWS", "GCP", "Azure", "React", "Vue",
          "Angular", "Django", "FastAPI", "Spring Boot", "Node.js", ".NET", "GraphQL", "gRPC",
          "Spark", "Airflow", "dbt", "Snowflake", "PyTorch", "TensorFlow",
          "Elasticsearch"]  # fmt: skip
PLACES = [("Berlin, Germany", "EUR"), ("Munich, Germany", "EUR"), ("London, UK", "GBP"),
          ("Manchester, UK", "GBP"), ("Amsterdam, Netherlands", "EUR"), ("Paris, France", "EUR"),
          ("Lisbon, Portugal", "EUR"), ("San Francisco, CA", "USD"), ("New York, NY", "USD"),
          ("Austin, TX", "USD"), ("Seattle, WA", "USD"), ("Boston, MA", "USD"),
          ("Toronto, ON, Canada", "CAD"), ("Remote (US)", "USD"),
          ("Remote — anywhere in Europe", "EUR")]  # fmt: skip
COMPANY_A = ["Orbit", "Lumen", "Harbor", "Kessel", "Maple", "Vault", "Bright", "Pixel", "Nimbus",
             "Quartz", "Juniper", "Cobalt", "Atlas", "Fern", "Granite", "Helix"]  # fmt: skip
COMPANY_B = ["pay", "works", "line", "haus", "cart", "line", "wave", "farm", "labs", "soft"]
VERBS = ["design", "build", "operate", "scale", "own", "improve", "review", "test", "migrate",
         "monitor", "document", "profile", "refactor", "ship", "secure", "automate"]  # fmt: skip
NOUNS = ["services", "APIs", "pipelines", "dashboards", "payments", "ledgers", "search",
         "recommendations", "onboarding", "billing", "checkout", "notifications", "analytics",
         "infrastructure", "deployments", "observability", "data models", "integrations",
         "caching", "queues", "mobile apps", "web apps", "design systems", "SDKs"]  # fmt: skip
FILLER_TEXT = (
    "team product customers users reliability performance ownership mentoring code review "
    "on-call incidents roadmap collaboration quality agile remote-friendly growth learning "
    "budget equity health insurance pension vacation hardware conference"
)
FILLER = FILLER_TEXT.split()
SYLLABLES = ["ka", "lo", "mi", "ra", "ten", "vo", "zu", "shi", "per", "dan", "qua", "rix"]


def company(rng: random.Random) -> str:
    return rng.choice(COMPANY_A) + rng.choice(COMPANY_B)


def rare_word(rng: random.Random) -> str:
    """Product and team names: a long tail of rare words, as in real postings."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def make_posting(i: int, rng: random.Random) -> Posting:
    level = rng.choice(LEVELS)
    area = rng.choice(AREAS)
    title = " ".join(x for x in (level, area, rng.choice(ROLES)) if x)
    place, currency = rng.choice(PLACES)
    workplace = (
        ["remote"] if place.startswith("Remote") else rng.choice([["onsite"], ["hybrid"],
                                                                  ["remote"], ["hybrid", "remote"]])
    )  # fmt: skip
    kind = rng.choices(["FULL_TIME", "CONTRACTOR", "PART_TIME", "INTERN"], [80, 12, 5, 3])[0]
    skills = list(dict.fromkeys(rng.choices(SKILLS, weights=range(len(SKILLS), 0, -1), k=6)))
    salary = None
    if rng.random() < 0.75:
        if kind in ("CONTRACTOR", "INTERN", "PART_TIME"):
            low = rng.randrange(25, 110, 5)
            salary = Salary(min=low, max=low + rng.randrange(5, 30, 5), currency=currency,
                            period="HOUR")  # fmt: skip
        else:
            low = rng.randrange(40_000, 220_000, 5_000)
            salary = Salary(min=low, max=low + rng.randrange(10_000, 60_000, 5_000),
                            currency=currency, period="YEAR")  # fmt: skip
    sentences = []
    for _ in range(rng.randint(6, 12)):
        words = [rng.choice(VERBS), rng.choice(NOUNS), "with", rng.choice(skills)]
        words += rng.sample(FILLER, 4)
        if rng.random() < 0.3:
            words.append(rare_word(rng))
        sentences.append(" ".join(words).capitalize() + ".")
    return Posting(
        id=f"synthetic-{i}",
        title=title,
        company=company(rng),
        location=place,
        workplace=workplace,  # type: ignore[arg-type]
        employment_type=[kind],  # type: ignore[list-item]
        salary=salary,
        skills=skills,
        department=area,
        date_posted=TODAY - timedelta(days=rng.randrange(0, 120)),
        url=f"https://jobs.example.com/{i}",
        description=" ".join(sentences),
        source=f"postings/p{i:06d}.md",
        content_hash=f"{i:016x}",
    )


def make_corpus(n: int, seed: int = 20261123) -> Corpus:
    rng = random.Random(seed)
    return Corpus(postings=[make_posting(i, rng) for i in range(n)], faq=bundled_faq())


def bundled_faq() -> list[FAQEntry]:
    from jobbot.ingest import load_directories

    return load_directories([ROOT / "knowledge" / "faq"]).faq


def queries(count: int = 300, seed: int = 7) -> list[str]:
    """Realistic traffic: searches with and without filters, questions, figures, typos."""
    rng = random.Random(seed)
    skills = [s.lower() for s in SKILLS]
    places = ["berlin", "london", "san francisco", "europe", "us", "new york", "austin", "uk"]
    workplaces = ["hybrid", "onsite", "remote"]
    floors = ["150k+", "over $120k", "min 90k"]
    kinds = ["contract", "full-time", "part-time", "internship"]

    def skill() -> str:
        return rng.choice(skills)

    def area() -> str:
        return rng.choice(AREAS).lower()

    templates = [
        lambda: skill(),
        lambda: f"{skill()} remote",
        lambda: f"{skill()} jobs in {rng.choice(places)}",
        lambda: f"senior {area()} {skill()}",
        lambda: f"/jobs {skill()} {skill()} {rng.choice(workplaces)}",
        lambda: f"{area()} engineer {rng.choice(floors)}",
        lambda: f"{rng.choice(kinds)} {skill()}",
        lambda: f"{rng.choice(['junior', 'staff', 'lead'])} {skill()} {rng.choice(places)} new",
        lambda: rng.choice(["hybrid", "remote", "onsite", "this week", "europe"]),
        lambda: f"find me {skill()} roles posted in the last 30 days",
        lambda: rng.choice([
            "what's the difference between backend and full-stack?",
            "how do I prepare for a technical interview?",
            "do I need a degree?",
            "what is devops?",
        ]),
        lambda: rng.choice([
            f"what do {area()} engineers earn?",
            f"salary range for senior {skill()} roles",
            "which languages are most in demand?",
            "how many remote jobs are there?",
        ]),
        lambda: rng.choice(["asdf qwerty", "🚀🚀🚀", "x" * 2000]),
    ]  # fmt: skip
    return [rng.choice(templates)() for _ in range(count)]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def worker_engine(n: int) -> dict[str, float]:
    from jobbot.engine import Engine
    from jobbot.models import Request

    corpus = make_corpus(n)
    start = time.perf_counter()
    engine = Engine(corpus, today=lambda: TODAY)
    build = time.perf_counter() - start
    qs = queries()
    for q in qs[:30]:
        engine.ask(q)
    times = []
    for q in qs:
        t = time.perf_counter()
        engine.ask(Request(text=q, page_size=5))
        times.append((time.perf_counter() - t) * 1000)
    serving_rss = peak_rss_mb()
    extra = make_posting(n, random.Random(1))
    start = time.perf_counter()
    engine.reload(Corpus(postings=[*corpus.postings, extra], faq=corpus.faq))
    add_one = time.perf_counter() - start
    assert engine.ask(f"/jobs {extra.title}").total > 0
    return {
        "build_s": build,
        "p50_ms": statistics.median(times),
        "p99_ms": percentile(times, 0.99),
        "rss_mb": serving_rss,
        "reload_rss_mb": peak_rss_mb(),
        "add_one_s": add_one,
    }


def worker_baseline(n: int) -> dict[str, float]:
    import numpy as np
    from rank_bm25 import BM25Okapi

    from jobbot.search.analyzer import terms_of
    from jobbot.search.query import parse_query
    from jobbot.search.snapshot import posting_head, posting_terms

    corpus = make_corpus(n)
    start = time.perf_counter()
    docs = [posting_terms(p, posting_head(p)) for p in corpus.postings]
    bm25 = BM25Okapi(docs)
    build = time.perf_counter() - start
    term_lists = [terms_of(parse_query(q).keywords) or ["engineer"] for q in queries()]
    times = []
    for terms in term_lists:
        t = time.perf_counter()
        scores = bm25.get_scores(terms)
        np.argsort(-scores)[:5]
        times.append((time.perf_counter() - t) * 1000)
    extra = make_posting(n, random.Random(1))
    start = time.perf_counter()
    serving_rss = peak_rss_mb()
    BM25Okapi([*docs, posting_terms(extra, posting_head(extra))])
    add_one = time.perf_counter() - start
    return {
        "build_s": build,
        "p50_ms": statistics.median(times),
        "p99_ms": percentile(times, 0.99),
        "rss_mb": serving_rss,
        "reload_rss_mb": peak_rss_mb(),
        "add_one_s": add_one,
    }


def write_files(corpus: Corpus, root: Path) -> None:
    """The corpus as front-matter markdown, the way postings arrive in a knowledge dir."""
    postings = root / "postings"
    postings.mkdir(parents=True)
    shutil.copytree(ROOT / "knowledge" / "faq", root / "faq")
    for p in corpus.postings:
        salary = ""
        if p.salary is not None:
            symbol = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$"}[p.salary.currency or "USD"]
            per = "per hour" if p.salary.period == "HOUR" else "per year"
            salary = f'salary: "{symbol}{p.salary.min:,.0f} - {symbol}{p.salary.max:,.0f} {per}"\n'
        kind = {"FULL_TIME": "Full-time", "CONTRACTOR": "Contract", "PART_TIME": "Part-time",
                "INTERN": "Internship"}[p.employment_type[0]]  # fmt: skip
        where = "/".join(w.capitalize() for w in p.workplace)
        text = (
            f'---\ntitle: {p.title}\ncompany: {p.company}\nlocation: "{p.location}"\n'
            f"{salary}date: {p.date_posted}\nemployment_type: {kind}\nworkplace: {where}\n"
            f"department: {p.department}\nskills: [{', '.join(json.dumps(s) for s in p.skills)}]\n"
            f"url: {p.url}\n---\n\n{p.description}\n"
        )
        (root / p.source).write_text(text, encoding="utf-8")


def cold_start(root: Path, cache: Path) -> tuple[float, float]:
    """(first run that builds the cache, median of three runs with the cache warm), seconds."""
    env = {**os.environ, "JOBBOT_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "jobbot", "ask", "python remote", "--knowledge", str(root)]

    def once() -> float:
        start = time.perf_counter()
        subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True)
        return time.perf_counter() - start

    first = once()
    return first, statistics.median(once() for _ in range(3))


def run_worker(kind: str, n: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", kind, "--sizes", str(n)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated sizes")
    parser.add_argument("--worker", choices=["engine", "baseline"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.worker:
        work = worker_engine if args.worker == "engine" else worker_baseline
        print(json.dumps(work(sizes[0])))
        return 0
    rows = []
    for n in sizes:
        print(f"… {n:,} postings", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix="jobbot-bench-") as tmp:
            root, cache = Path(tmp) / "knowledge", Path(tmp) / "cache"
            write_files(make_corpus(n), root)
            first, warm = cold_start(root, cache)
        engine = run_worker("engine", n)
        baseline = run_worker("baseline", n)
        rows.append((n, "jobbot engine", engine, f"{warm:.2f} s (first run {first:.1f} s)"))
        rows.append((n, "rank_bm25 BM25Okapi.get_scores", baseline, "—"))
    print(f"\nPython {sys.version.split()[0]}, {os.cpu_count()} CPUs, {len(queries())} queries\n")
    print("| postings | ranker | build | cold start `jobbot ask` (cache warm) | p50 | p99 "
          "| peak RSS serving | add one posting (peak RSS) |")  # fmt: skip
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for n, name, r, cold in rows:
        print(
            f"| {n:,} | {name} | {r['build_s']:.2f} s | {cold} | {r['p50_ms']:.2f} ms "
            f"| {r['p99_ms']:.2f} ms | {r['rss_mb']:.0f} MB "
            f"| {r['add_one_s']:.2f} s ({r['reload_rss_mb']:.0f} MB) |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
