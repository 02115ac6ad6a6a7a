"""Source sync benchmark: 1,000 postings served by local job boards, fetched, read, stored.

Two boards on 127.0.0.1, served by a stdlib HTTP server: a Greenhouse board with every job
in one response (the real Airbnb job as template, entity-escaped HTML `content` and pay
range included) and a Lever site paged by skip/limit (10 pages of 50). It times, in one run:

- floor: the same requests and `json.loads`, nothing else (what no connector can beat);
- sync: `SourceSyncer.run_once()` into a fresh SQLite database: fetch, map every vendor
  field, read every description, store (the target is ≤ 3 s for the 1,000 postings);
- bot load: a bot process's `StoredSource.load()` of what the sync stored;
- idle sync: the next sync when the boards answer 304 (ETag).

    python bench/bench_sources.py             # 500 + 500 postings
    python bench/bench_sources.py --postings 2000
    python bench/bench_sources.py --processes  # also: building the postings in 2 processes
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jobbot.announce.store import Store  # noqa: E402
from jobbot.announce.stored import StoredSource  # noqa: E402
from jobbot.announce.syncer import SourceSyncer  # noqa: E402
from jobbot.sources.fetch import Fetcher  # noqa: E402
from jobbot.sources.specs import SourceSpec  # noqa: E402

ATS = next(
    (p / "shared" / "real" / "ats" for p in (ROOT.parent, ROOT.parent.parent)
     if (p / "shared" / "real" / "ats").is_dir()),
    None,
)  # fmt: skip
TITLES = [
    "Backend Engineer",
    "Data Engineer",
    "Account Manager",
    "Product Designer",
    "Site Reliability Engineer",
    "Android Developer",
    "Security Analyst",
    "Recruiter",
]
CITIES = ["London, United Kingdom", "Berlin, Germany", "Paris, France", "Remote - US",
          "San Francisco, CA", "Singapore, Singapore"]  # fmt: skip


def templates() -> tuple[dict, dict]:
    """The real Greenhouse and Lever jobs to vary, or small stand-ins without ../shared."""
    if ATS is not None:
        greenhouse = json.loads(
            (ATS / "greenhouse-airbnb-jobs-content-first1of163.json").read_text()
        )
        lever = json.loads((ATS / "lever-palantir-postings-first1of313.json").read_text())
        return greenhouse["jobs"][0], lever[0]
    html = "&lt;p&gt;Build services in Python. Pay: £46,000 — £54,000 GBP&lt;/p&gt;" * 20
    return (
        {"id": 1, "title": "Engineer", "content": html, "location": {"name": "London"}},
        {"id": "x", "text": "Engineer", "descriptionPlain": "Python services. " * 200,
         "categories": {"location": "London"}, "workplaceType": "hybrid"},
    )  # fmt: skip


def boards(count: int, changed: int = 0) -> tuple[bytes, list[dict]]:
    """A Greenhouse body with `count // 2` jobs and the Lever postings for the rest; the
    first `changed` jobs of each get a new title (a board a few edits later)."""
    gh_template, lever_template = templates()
    jobs = []
    for n in range(count // 2):
        job = copy.deepcopy(gh_template)
        edit = " (updated)" if n < changed else ""
        job.update(id=10_000_000 + n, title=f"{TITLES[n % len(TITLES)]} {n}{edit}",
                   location={"name": CITIES[n % len(CITIES)]})  # fmt: skip
        jobs.append(job)
    greenhouse = json.dumps({"jobs": jobs, "meta": {"total": len(jobs)}}).encode()
    postings = []
    for n in range(count - count // 2):
        item = copy.deepcopy(lever_template)
        edit = " (updated)" if n < changed else ""
        categories = dict(item.get("categories", {}), location=CITIES[n % 6])
        item.update(id=f"00000000-0000-4000-8000-{n:012d}", text=f"{TITLES[n % 8]} {n}{edit}")
        item["categories"] = categories
        postings.append(item)
    return greenhouse, postings


def serve(state: dict) -> ThreadingHTTPServer:
    """The boards in `state` ("greenhouse": body, "lever": postings), honouring skip/limit
    and ETag; a test swaps `state` to change what they answer."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path.startswith("/v1/boards/"):
                body = state["greenhouse"]
            else:
                query = parse_qs(url.query)
                skip = int(query.get("skip", ["0"])[0])
                limit = int(query.get("limit", ["100"])[0])
                body = json.dumps(state["lever"][skip : skip + limit]).encode()
            etag = f'"{hash(body)}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=1000)
    parser.add_argument("--changed", type=int, default=10, help="jobs edited per board later")
    parser.add_argument(
        "--processes", action="store_true", help="also time building the postings in processes"
    )
    args = parser.parse_args()
    greenhouse, lever = boards(args.postings)
    state = {"greenhouse": greenhouse, "lever": lever}
    server = serve(state)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    specs = [
        SourceSpec("greenhouse", "bench", url=f"{base}/v1/boards/bench/jobs?content=true"),
        SourceSpec("lever", "bench", url=f"{base}/v0/postings/bench?mode=json"),
    ]
    pages = len(lever) // 100 + 1
    with Fetcher() as http:
        started = time.perf_counter()
        json.loads(http.get(specs[0].url or "").body)
        for skip in range(0, pages * 100, 100):
            json.loads(http.get(specs[1].url or "", params={"skip": skip, "limit": 100}).body)
        floor = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        store = Store(url)
        syncer = SourceSyncer(store, specs)
        first, outcomes = timed(lambda: syncer.run_once(force=True) or [])
        stored = sum(o.postings for o in outcomes)
        load, corpus = timed(lambda: StoredSource(url, specs).load())
        idle, _ = timed(lambda: syncer.run_once(force=True))
        state["greenhouse"], state["lever"] = boards(args.postings, args.changed)
        edited, _ = timed(lambda: syncer.run_once(force=True))
        syncer.close()
        store.close()
    server.shutdown()
    print(f"postings served: {args.postings} (Greenhouse in 1 response, Lever in {pages} pages)")
    print(f"floor: the requests and json.loads alone    {floor:6.2f} s")
    print(f"first sync: fetch, map, read text, store    {first:6.2f} s  ({stored} stored)")
    print(f"bot load from the database                  {load:6.2f} s  ({len(corpus.postings)})")
    print(f"next sync, nothing changed (304 / same)     {idle:6.2f} s")
    print(f"next sync, {args.changed} jobs per board edited         {edited:6.2f} s")
    if args.processes:
        in_process, in_pool = build_in_processes(args.postings)
        print(f"building the postings alone, in this process  {in_process:6.2f} s")
        print(f"the same in 2 worker processes (forkserver)   {in_pool:6.2f} s")
    return 0 if stored == args.postings == len(corpus.postings) else 1


def _build_all(tasks: list) -> list:
    return [task() for task in tasks]


def build_in_processes(count: int) -> tuple[float, float]:
    """Each posting's build (what a sync spends its time on), in-process and then split over
    two worker processes, as a sync (which runs threads) would have to start them."""
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial
    from multiprocessing import get_context

    from jobbot.sources import greenhouse, lever

    body, items = boards(count)
    jobs = json.loads(body)["jobs"]
    gh, lv = SourceSpec("greenhouse", "bench"), SourceSpec("lever", "bench")
    tasks = [partial(greenhouse.to_posting, j, gh) for j in jobs]
    tasks += [partial(lever.to_posting, i, lv) for i in items]
    in_process, _ = timed(lambda: _build_all(tasks))
    chunks = [tasks[n : n + 100] for n in range(0, len(tasks), 100)]

    def pooled() -> list:
        with ProcessPoolExecutor(2, mp_context=get_context("forkserver")) as pool:
            return [p for chunk in pool.map(_build_all, chunks) for p in chunk]

    in_pool, _ = timed(pooled)
    return in_process, in_pool


def timed(work):
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


if __name__ == "__main__":
    sys.exit(main())
