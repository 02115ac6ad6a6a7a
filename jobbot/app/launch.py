"""Starting the long-running parts: `jobbot scheduler` and `jobbot run` (the `make run` target).

Publishers come from the platforms (`Platform.build_publisher`), built only for platforms
whose token is set, so the core never imports a chat SDK and the scheduler posts only where
it can.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Sequence
from types import FrameType

from apscheduler.schedulers.background import BackgroundScheduler

from jobbot.announce.alerts import AlertStore
from jobbot.announce.dm import dm_member
from jobbot.announce.messages import Messages
from jobbot.announce.publisher import Publisher
from jobbot.announce.scheduler import Announcer, schedule
from jobbot.announce.schema import CLAIMED, DONE, FAILED, RETRY
from jobbot.announce.store import Store
from jobbot.announce.syncer import SourceSyncer, schedule_sync
from jobbot.app import platforms as registry
from jobbot.app import sourcing
from jobbot.app.ops import Health, OpsServer, serve_ops
from jobbot.app.options import (
    StartupError,
    add_knowledge_option,
    fail,
    knowledge_source,
    source_specs,
)
from jobbot.app.platform import Platform
from jobbot.app.runtime import open_store
from jobbot.settings import Settings
from jobbot.sources import Source

log = logging.getLogger(__name__)


def build_publishers(settings: Settings, platforms: Sequence[Platform]) -> list[Publisher]:
    """One publisher per configured platform; one broken platform never stops the others."""
    publishers: list[Publisher] = []
    for platform in registry.configured(settings, platforms):
        try:
            publisher = platform.build_publisher(settings)
        except Exception as exc:
            log.error(
                "cannot build the %s publisher: %s: %s", platform.name, type(exc).__name__, exc
            )
            continue
        if publisher is None:
            log.error("the %s platform offers no publisher; not announcing there", platform.name)
            continue
        publishers.append(publisher)
    return publishers


def _console_publishers(settings: Settings, platforms: Sequence[Platform]) -> list[Publisher]:
    console = registry.console(platforms)
    publisher = console.build_publisher(settings) if console is not None else None
    return [publisher] if publisher is not None else []


def _store_or_exit(settings: Settings) -> Store | None:
    store, problem = open_store(settings)
    if store is None:
        print(f"jobbot: {problem}", file=sys.stderr)
    return store


def _source_or_exit(args: argparse.Namespace, settings: Settings) -> Source | None:
    try:
        return knowledge_source(args, settings)
    except StartupError as exc:
        fail(str(exc))
        return None


def cmd_scheduler(
    args: argparse.Namespace, settings: Settings, platforms: Sequence[Platform]
) -> int:
    """Poll every JOBBOT_POLL_SECONDS and announce; SIGTERM/Ctrl-C stop it cleanly.

    The scheduler alone needs the database: without one it exits 2 with the reason."""
    if args.status:
        store = _store_or_exit(settings)
        if store is None:
            return 2
        try:
            print(status_text(store))
        finally:
            store.close()
        return 0
    source = _source_or_exit(args, settings)
    if source is None:
        return 2
    store = _store_or_exit(settings)
    if store is None:
        return 2
    publishers = build_publishers(settings, platforms)
    if not publishers:
        log.warning("no SLACK_BOT_TOKEN or DISCORD_TOKEN publisher; announcing to the console")
        publishers = _console_publishers(settings, platforms)
    announcer = Announcer.from_settings(settings, store, publishers, source)
    syncer = _syncer(args, settings, store)
    ops: OpsServer | None = None
    try:
        if args.once:
            if syncer is not None:
                syncer.run_safely()
            report = announcer.run_once()
            print(report.summary())
            return 1 if report.error else 0
        health = Health(engine=lambda: announcer.engine, store=lambda: store)
        ops = serve_ops(settings.metrics_port, health, "jobbot scheduler")
        log.info(
            "announcing to %s every %ss from %s (database %s)",
            ", ".join(p.platform for p in publishers) or "nowhere",
            settings.poll_seconds,
            source.key,
            store.safe_url,
        )
        _run_until_stopped(announcer, settings.poll_seconds, syncer)
        return 0
    finally:
        if ops is not None:
            ops.stop()
        if syncer is not None:
            syncer.close()
        store.close()


def _syncer(args: argparse.Namespace, settings: Settings, store: Store) -> SourceSyncer | None:
    """The leader's fetch of the remote sources into the database, when there are any."""
    specs = source_specs(args, settings)  # already read without error by knowledge_source
    return SourceSyncer(store, specs) if specs else None


def status_text(store: Store, problems: int = 20) -> str:
    """What an operator needs: who is subscribed, which postings are open, how many personal
    alerts there are, how deliveries, alert DMs and edits went, what is failing."""
    subs = store.subscriptions()
    deliveries = store.deliveries()
    lines = [f"database: {store.safe_url}", f"subscriptions: {len(subs)}"]
    lines += [f"  #{s.id} {s.platform}/{s.channel}: {s.query}" for s in subs]
    seen = store.seen_postings().values()
    reasons = Counter(p.closed_reason or "closed" for p in seen if not p.is_open)
    why = ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
    closed = sum(reasons.values())
    lines.append(
        f"postings: {len(seen) - closed} open, {closed} closed" + (f" ({why})" if why else "")
    )
    lines += sourcing.status_lines(store.engine)
    counts = Counter(d.status for d in deliveries if dm_member(d.channel) is None)
    summary = ", ".join(f"{counts[k]} {k}" for k in (DONE, CLAIMED, RETRY, FAILED) if counts[k])
    lines.append(f"deliveries: {summary or 'none yet'}")
    alerts = AlertStore(store).counts()
    kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(alerts.alerts.items()) if n)
    total = sum(alerts.alerts.values())
    members = "member" if alerts.members == 1 else "members"
    lines.append(
        f"alerts: {total}"
        + (f" ({kinds}) from {alerts.members} {members}" if total else "")
        + (f", {alerts.paused} paused (DMs refused)" if alerts.paused else "")
    )
    dms = alerts.dms
    lines.append(
        f"alert DMs: {dms[DONE]} done, {dms[FAILED]} failed, {dms[CLAIMED] + dms[RETRY]} waiting"
    )
    stuck = [d for d in deliveries if d.status in (RETRY, FAILED)][-problems:]
    for d in stuck:
        lines.append(
            f"  {d.status} {d.platform}/{d.channel} {d.posting_id} after {d.attempts} "
            f"attempt(s): {d.last_error or 'no error recorded'}"
        )
    edits = Messages(store).edit_counts(problems)
    lines.append(f"announcement edits: {edits.done} done, {edits.failed} failed")
    for message in edits.failures:
        lines.append(
            f"  failed {message.platform}/{message.channel} message {message.id} "
            f"({', '.join(message.posting_ids)}): {message.edit_error or 'no error recorded'}"
        )
    return "\n".join(lines)


def _run_until_stopped(announcer: Announcer, seconds: float, syncer: SourceSyncer | None) -> None:
    stop = threading.Event()

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        log.info("signal %d: stopping after the current pass", signum)
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    scheduler = BackgroundScheduler()
    if syncer is not None:
        schedule_sync(scheduler, syncer)
    schedule(scheduler, announcer, seconds)
    scheduler.start()
    try:
        stop.wait()
    finally:
        scheduler.shutdown(wait=True)
        announcer.close()  # nothing stays claimed for a lease after a clean exit
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def cmd_run(args: argparse.Namespace, settings: Settings, platforms: Sequence[Platform]) -> int:
    """Slack and/or Discord when their tokens are set (plus the scheduler), else the console
    chat with announcements printed beside it."""
    source = _source_or_exit(args, settings)
    if source is None:
        return 2
    chosen = [p.name for p in registry.configured(settings, platforms)]
    if chosen:
        extra = [arg for d in args.knowledge or [] for arg in ("--knowledge", str(d))]
        if getattr(args, "sources", None):
            extra += ["--sources", str(args.sources)]
        verbose = ["-v"] if args.verbose else []
        base = [sys.executable, "-m", "jobbot", *verbose]
        commands = [[*base, name, *extra] for name in chosen] + [[*base, "scheduler", *extra]]
        return supervise(commands, _metrics_ports(settings, len(commands)))
    console = registry.console(platforms)
    if console is None:
        names = ", ".join(sorted(p.name for p in platforms)) or "none"
        print(
            "jobbot: no installed platform has its token set "
            f"(found: {names}), and there is no console chat platform",
            file=sys.stderr,
        )
        return 2
    return _console_with_announcements(args, settings, source, console)


def _console_with_announcements(
    args: argparse.Namespace, settings: Settings, source: Source, console: Platform
) -> int:
    store = _store_or_exit(settings)
    if store is None:
        return 2
    quiet = (
        []
        if args.verbose
        else [
            logging.getLogger("apscheduler"),
            logging.getLogger("jobbot.announce.scheduler"),
            logging.getLogger("jobbot.announce.syncer"),
            logging.getLogger("jobbot.sources"),
        ]
    )
    levels = [logger.level for logger in quiet]
    for logger in quiet:  # keep pass summaries out of the chat
        logger.setLevel(logging.WARNING)
    announcer = Announcer.from_settings(
        settings, store, _console_publishers(settings, [console]), source
    )
    syncer = _syncer(args, settings, store)
    scheduler = BackgroundScheduler(daemon=True)
    if syncer is not None:  # `jobbot run` fetches and answers in one process
        schedule_sync(scheduler, syncer)
    schedule(scheduler, announcer, settings.poll_seconds)
    scheduler.start()
    try:
        return int(console.run(_platform_namespace(console, args), settings) or 0)
    finally:
        scheduler.shutdown(wait=True)  # let a pass in progress finish its claims
        announcer.close()
        if syncer is not None:
            syncer.close()
        store.close()
        for logger, level in zip(quiet, levels, strict=True):
            logger.setLevel(level)


def _platform_namespace(platform: Platform, args: argparse.Namespace) -> argparse.Namespace:
    """The arguments the platform would get as its own subcommand, with our --knowledge."""
    parser = argparse.ArgumentParser(add_help=False)
    add_knowledge_option(parser)
    platform.add_arguments(parser)
    namespace = parser.parse_args([])
    namespace.knowledge = args.knowledge
    namespace.sources = getattr(args, "sources", None)
    namespace.verbose = args.verbose
    namespace.command = platform.name
    namespace.platform = platform
    return namespace


def _metrics_ports(settings: Settings, count: int) -> list[dict[str, str]] | None:
    """One JOBBOT_METRICS_PORT per process `jobbot run` starts (the given port, then the
    next ones), so the bots and the scheduler on one machine do not compete for one port."""
    if settings.metrics_port is None:
        return None
    ports = [settings.metrics_port + i if settings.metrics_port else 0 for i in range(count)]
    log.info("/healthz and /metrics on ports %s", ", ".join(map(str, ports)))
    return [{"JOBBOT_METRICS_PORT": str(port)} for port in ports]


def supervise(
    commands: Sequence[Sequence[str]],
    envs: Sequence[dict[str, str]] | None = None,
    poll: float = 0.2,
) -> int:
    """Run the commands side by side; when one stops (or we are stopped), stop the rest.

    `envs` adds variables to each command's environment. Returns the exit code of the first
    to stop, like a Procfile runner would.
    """

    def on_term(_signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(143)

    previous = signal.signal(signal.SIGTERM, on_term)
    procs: list[subprocess.Popen[bytes]] = []
    try:
        extra = list(envs or [{} for _ in commands])
        procs = [
            subprocess.Popen(list(command), env={**os.environ, **env} if env else None)
            for command, env in zip(commands, extra, strict=True)
        ]
        while True:
            for proc, command in zip(procs, commands, strict=True):
                code = proc.poll()
                if code is not None:
                    log.info("%s exited with %d; stopping the others", " ".join(command[2:]), code)
                    return code
            time.sleep(poll)
    except KeyboardInterrupt:
        return 130
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        signal.signal(signal.SIGTERM, previous)
