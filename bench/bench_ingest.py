"""Ingestion benchmark: reading knowledge files into postings, against python-frontmatter alone.

For each corpus size it writes synthetic, deterministic, job-like files (front matter +
markdown, plain text with labelled lines, and HTML pages, like the formats postings arrive
in), then measures, each in a fresh process:

- *floor*: reading every file and splitting its front matter with python-frontmatter, the
  least any reader of these files must do;
- *cold load*: `jobbot.ingest.load_directories` (every field extracted), on every core
  this process may use, and in one process;
- *reload after one edit*: a running engine's reload when one file was rewritten in place,
  by the knowledge watcher's own poll (`KnowledgeWatcher.check`: `DirectorySource`'s
  fingerprint, `load`, `Engine.reload`), with the peak memory of the process during that
  reload (peak RSS reset just before it); and the same poll when nothing changed.

    python bench/bench_ingest.py                   # 10k and 100k
    python bench/bench_ingest.py --sizes 2000      # a quick look
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 23)
LEVELS = ["Junior", "", "", "Senior", "Senior", "Staff", "Lead"]
AREAS = ["Backend", "Frontend", "Data", "Platform", "Mobile", "Machine Learning", "Security",
         "Site Reliability", "QA Automation", "DevOps"]  # fmt: skip
SKILLS = ["Python", "Go", "Java", "TypeScript", "Rust", "C#", "Kotlin", "Ruby", "PostgreSQL",
          "Redis", "Kafka", "Kubernetes", "Docker", "Terraform", "AWS", "GCP", "React", "Django",
          "Spring Boot", "Node.js", "GraphQL", "Spark", "Airflow", "Snowflake"]  # fmt: skip
PLACES = [("Berlin, Germany", "€"), ("London, UK", "£"), ("Amsterdam, Netherlands", "€"),
          ("San Francisco, CA", "$"), ("New York, NY", "$"), ("Austin, TX", "$"),
          ("Remote (US/Canada)", "$"), ("Remote — anywhere in Europe", "€")]  # fmt: skip
COMPANIES = ["Orbitpay", "Lumenworks", "Harborline", "Kesselhaus", "Maplecart", "Vaultline",
             "Brightwave", "Pixelfarm", "Nimbus Labs", "Quartz Soft"]  # fmt: skip
SENTENCES = [
    "You will {verb} {noun} with {skill} and review code with the team.",
    "We {verb} {noun} for millions of customers, with {skill} at the core.",
    "Experience with {skill} and {skill2} is a plus; we value ownership and mentoring.",
    "The team is on call one week in six and ships {noun} every day.",
    "We offer a learning budget, health insurance and 28 days of holiday.",
    "This is a {kind} role; you will {verb} {noun} and mentor engineers.",
    "Our stack: {skill}, {skill2}, Kubernetes and PostgreSQL.",
]
VERBS = ["design", "build", "operate", "scale", "own", "migrate", "secure", "automate"]
NOUNS = ["payment services", "data pipelines", "search", "billing", "mobile apps", "APIs",
         "observability", "recommendations", "onboarding flows"]  # fmt: skip


def body(rng: random.Random, kind: str) -> str:
    skill, skill2 = rng.sample(SKILLS, 2)
    lines = [
        rng.choice(SENTENCES).format(
            verb=rng.choice(VERBS), noun=rng.choice(NOUNS), skill=skill, skill2=skill2, kind=kind
        )
        for _ in range(rng.randint(8, 14))
    ]
    years = rng.randint(2, 6)
    return (
        "## About the role\n\n" + " ".join(lines[:5]) + "\n\n## What you'll do\n\n"
        + "\n".join(f"- {line}" for line in lines[5:]) + f"\n\n## Requirements\n\n"
        f"- {years}+ years of professional experience with {skill}\n- Good written English\n"
    )  # fmt: skip


def write_corpus(root: Path, n: int, seed: int = 20261123) -> None:
    """n postings: 70% front matter markdown, 20% plain text, 10% HTML pages."""
    rng = random.Random(seed)
    (root / "postings").mkdir(parents=True)
    for i in range(n):
        level, area = rng.choice(LEVELS), rng.choice(AREAS)
        title = " ".join(x for x in (level, area, "Engineer") if x)
        place, sign = rng.choice(PLACES)
        low = rng.randrange(50, 180, 5)
        salary = f"{sign}{low}k - {sign}{low + rng.randrange(10, 50, 5)}k"
        kind = rng.choice(["full-time", "full-time", "contract", "part-time"])
        company = rng.choice(COMPANIES)
        posted = TODAY - timedelta(days=rng.randrange(0, 120))
        text = body(rng, kind)
        roll = rng.random()
        if roll < 0.7:
            content = (
                f'---\ntitle: {title}\ncompany: {company}\nlocation: "{place}"\nsalary: '
                f'"{salary}"\ndate: {posted}\nemployment_type: {kind}\n---\n\n{text}'
            )
            name = f"p{i:06d}.md"
        elif roll < 0.9:
            content = (
                f"{title}\n\nCompany: {company}\nLocation: {place}\nSalary: {salary}\n"
                f"Employment type: {kind}\nDate posted: {posted}\n\n{text}"
            )
            name = f"p{i:06d}.txt"
        else:
            items = "".join(
                f"<li>{line[2:]}</li>" for line in text.splitlines() if line[:2] == "- "
            )
            content = (
                f"<html><head><title>{title}</title></head><body><nav>Jobs</nav><main>"
                f"<h1>{title}</h1><p><strong>Company:</strong> {company}</p><p><strong>"
                f"Location:</strong> {place}</p><p><strong>Salary:</strong> {salary}</p>"
                f"<ul>{items}</ul></main><footer>© {company}</footer></body></html>"
            )
            name = f"p{i:06d}.html"
        (root / "postings" / name).write_text(content, encoding="utf-8")


def peak_rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def reset_peak_rss() -> None:
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")


def worker_floor(root: Path) -> dict[str, float]:
    import frontmatter

    start = time.perf_counter()
    count = 0
    for path in sorted((root / "postings").iterdir()):
        frontmatter.loads(path.read_text(encoding="utf-8"))
        count += 1
    return {"seconds": time.perf_counter() - start, "files": count}


def worker_cold(root: Path, workers: int) -> dict[str, float]:
    from jobbot.ingest import KnowledgeReader

    start = time.perf_counter()
    corpus = KnowledgeReader(workers=workers).read([root])
    took = time.perf_counter() - start
    assert not corpus.errors, corpus.errors[:3]
    return {"seconds": took, "postings": len(corpus.postings), "rss_mb": peak_rss_mb()}


def worker_reload(root: Path) -> dict[str, float]:
    from jobbot.engine import Engine
    from jobbot.sources import DirectorySource
    from jobbot.watcher import KnowledgeWatcher

    source = DirectorySource(root)
    engine = Engine(source.load(), today=lambda: TODAY)
    watcher = KnowledgeWatcher(engine, source)  # what every bot process runs beside its engine
    start = time.perf_counter()
    assert not watcher.check()  # an idle poll: nothing changed
    idle = time.perf_counter() - start
    held = peak_rss_mb()
    target = root / "postings" / "p000007.md"
    if not target.exists():
        target = next((root / "postings").glob("*.md"))
    text = target.read_text(encoding="utf-8").replace("title: ", "title: Principal ", 1)
    target.write_text(text, encoding="utf-8")  # in place: the folder's mtime does not move
    os.utime(target, ns=(time.time_ns(), time.time_ns()))
    reset_peak_rss()
    start = time.perf_counter()
    reloaded = watcher.check()  # fingerprint, load, Engine.reload: the watcher's poll
    took = time.perf_counter() - start
    peak = peak_rss_mb()
    assert reloaded
    assert engine.ask("/jobs principal").total >= 1
    return {"seconds": took, "rss_mb": peak, "held_mb": held, "idle_s": idle}


def run_worker(kind: str, root: Path, extra: str = "") -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", kind, "--root", str(root), "--extra", extra],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated sizes")
    parser.add_argument("--worker", choices=["floor", "cold", "reload"], help=argparse.SUPPRESS)
    parser.add_argument("--root", help=argparse.SUPPRESS)
    parser.add_argument("--extra", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        root = Path(args.root)
        if args.worker == "floor":
            result = worker_floor(root)
        elif args.worker == "cold":
            result = worker_cold(root, int(args.extra))
        else:
            result = worker_reload(root)
        print(json.dumps(result))
        return 0
    from jobbot.ingest.reader import default_workers

    cores = default_workers()
    rows = []
    for n in [int(s) for s in args.sizes.split(",") if s.strip()]:
        print(f"… {n:,} postings", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix="jobbot-ingest-bench-") as tmp:
            root = Path(tmp) / "knowledge"
            write_corpus(root, n)
            run_worker("floor", root)  # warm the page cache for every measurement alike
            floor = run_worker("floor", root)
            cold = run_worker("cold", root, str(cores))
            single = run_worker("cold", root, "1")
            reload = run_worker("reload", root)
        rows.append((n, floor, cold, single, reload))
    print(
        f"\nPython {sys.version.split()[0]}, {os.cpu_count()} CPUs, {cores} used for a cold load\n"
    )
    print("| postings | python-frontmatter alone | jobbot cold load | ratio | one process | ratio "
          "| idle poll | reload after one edit | peak RSS in that reload |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, floor, cold, single, reload in rows:
        print(
            f"| {n:,} | {floor['seconds']:.2f} s | {cold['seconds']:.2f} s "
            f"| {cold['seconds'] / floor['seconds']:.1f}× | {single['seconds']:.2f} s "
            f"| {single['seconds'] / floor['seconds']:.1f}× | {reload['idle_s']:.2f} s "
            f"| {reload['seconds']:.2f} s "
            f"| {reload['rss_mb']:.0f} MB |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
