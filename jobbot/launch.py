"""Starting the long-running parts: `jobbot scheduler` and `jobbot run` (the `make run` target).

Publishers come from the adapters (`build_publisher(settings)` in each adapter package),
imported only when that platform's token is set, so the core never imports a chat SDK and the
scheduler posts only where it can.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from types import FrameType, ModuleType
from typing import Final

from apscheduler.schedulers.background import BackgroundScheduler

from jobbot.cli import (
    AdapterSpec,
    add_knowledge_option,
    discover_adapters,
    existing_knowledge_dirs,
)
from jobbot.console_publisher import ConsolePublisher
from jobbot.publish import Publisher
from jobbot.scheduler import Announcer, schedule
from jobbot.settings import Settings
from jobbot.store import CLAIMED, DONE, FAILED, RETRY, Store, StoreError

log = logging.getLogger(__name__)

CONSOLE_COMMAND: Final = "chat"
PUBLISHER_FACTORIES: Final = ("build_publisher", "make_publisher")
"""What an adapter package calls its `(settings) -> Publisher | None` function."""


def is_configured(spec: AdapterSpec, settings: Settings) -> bool:
    """True when the adapter's token is set: a `Settings` field of that name, or for a
    platform `Settings` does not know yet, the upper-cased environment variable."""
    if spec.token is None:
        return False
    return bool(getattr(settings, spec.token, None) or os.environ.get(spec.token.upper()))


def configured_platforms(settings: Settings, specs: Sequence[AdapterSpec]) -> list[AdapterSpec]:
    """The platform adapters whose token is set, in discovery order."""
    return [spec for spec in specs if is_configured(spec, settings)]


def build_publishers(
    settings: Settings, specs: Sequence[AdapterSpec] | None = None
) -> list[Publisher]:
    """One publisher per configured platform whose adapter offers `build_publisher`."""
    publishers: list[Publisher] = []
    for spec in configured_platforms(settings, specs or discover_adapters()):
        command = spec.command
        try:
            module = importlib.import_module(spec.module)
            factory = next(
                (getattr(module, name) for name in PUBLISHER_FACTORIES if hasattr(module, name)),
                None,
            )
            publisher = factory(settings) if factory is not None else None
        except Exception as exc:  # one broken adapter must not stop the others
            log.error("cannot build the %s publisher: %s: %s", command, type(exc).__name__, exc)
            continue
        if publisher is None:
            log.error("the %s adapter offers no publisher; not announcing there", command)
            continue
        publishers.append(publisher)
    return publishers


def _open_store(settings: Settings) -> Store | None:
    try:
        return Store(settings.database_url)
    except StoreError as exc:
        print(f"jobbot: {exc}", file=sys.stderr)
        return None


def cmd_scheduler(args: argparse.Namespace, settings: Settings) -> int:
    """Poll every JOBBOT_POLL_SECONDS and announce; SIGTERM/Ctrl-C stop it cleanly."""
    if args.status:
        store = _open_store(settings)
        if store is None:
            return 2
        try:
            print(status_text(store))
        finally:
            store.close()
        return 0
    dirs = existing_knowledge_dirs(args, settings)
    if dirs is None:
        return 2
    store = _open_store(settings)
    if store is None:
        return 2
    publishers = build_publishers(settings)
    if not publishers:
        print(
            "jobbot: no SLACK_BOT_TOKEN or DISCORD_TOKEN publisher; announcing to the console",
            file=sys.stderr,
        )
        publishers = [ConsolePublisher()]
    announcer = Announcer.from_settings(settings, store, publishers, dirs)
    try:
        if args.once:
            report = announcer.run_once()
            print(report.summary())
            return 1 if report.error else 0
        log.info(
            "announcing to %s every %ss from %s (database %s)",
            ", ".join(p.platform for p in publishers),
            settings.poll_seconds,
            ", ".join(str(d) for d in dirs),
            store.safe_url,
        )
        _run_until_stopped(announcer, settings.poll_seconds)
        return 0
    finally:
        store.close()


def status_text(store: Store, problems: int = 20) -> str:
    """What an operator needs: who is subscribed, how deliveries went, what is failing."""
    subs = store.subscriptions()
    deliveries = store.deliveries()
    lines = [f"database: {store.safe_url}", f"subscriptions: {len(subs)}"]
    lines += [f"  #{s.id} {s.platform}/{s.channel}: {s.query}" for s in subs]
    counts = Counter(d.status for d in deliveries)
    summary = ", ".join(f"{counts[k]} {k}" for k in (DONE, CLAIMED, RETRY, FAILED) if counts[k])
    lines.append(f"deliveries: {summary or 'none yet'}")
    stuck = [d for d in deliveries if d.status in (RETRY, FAILED)][-problems:]
    for d in stuck:
        lines.append(
            f"  {d.status} {d.platform}/{d.channel} {d.posting_id} after {d.attempts} "
            f"attempt(s): {d.last_error or 'no error recorded'}"
        )
    return "\n".join(lines)


def _run_until_stopped(announcer: Announcer, seconds: float) -> None:
    stop = threading.Event()

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        log.info("signal %d: stopping after the current pass", signum)
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    scheduler = BackgroundScheduler()
    schedule(scheduler, announcer, seconds)
    scheduler.start()
    try:
        stop.wait()
    finally:
        scheduler.shutdown(wait=True)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Slack and/or Discord when their tokens are set (plus the scheduler), else the console
    chat with announcements printed beside it."""
    dirs = existing_knowledge_dirs(args, settings)
    if dirs is None:
        return 2
    found = discover_adapters()
    specs = {spec.command: spec for spec in found}
    platforms = [spec.command for spec in configured_platforms(settings, found)]
    if platforms:
        extra = [arg for d in args.knowledge or [] for arg in ("--knowledge", str(d))]
        verbose = ["-v"] if args.verbose else []
        base = [sys.executable, "-m", "jobbot", *verbose]
        commands = [[*base, p, *extra] for p in platforms] + [[*base, "scheduler", *extra]]
        return supervise(commands)
    if CONSOLE_COMMAND not in specs:
        print(
            "jobbot: no installed platform adapter has its token set "
            f"(found: {', '.join(sorted(specs)) or 'none'}), and there is no console chat adapter",
            file=sys.stderr,
        )
        return 2
    return _console_with_announcements(args, settings, dirs, specs[CONSOLE_COMMAND])


def _console_with_announcements(
    args: argparse.Namespace, settings: Settings, dirs: Sequence[Path], spec: AdapterSpec
) -> int:
    store = _open_store(settings)
    if store is None:
        return 2
    quiet = (
        []
        if args.verbose
        else [logging.getLogger("apscheduler"), logging.getLogger("jobbot.scheduler")]
    )
    levels = [logger.level for logger in quiet]
    for logger in quiet:  # keep pass summaries out of the chat
        logger.setLevel(logging.WARNING)
    announcer = Announcer.from_settings(settings, store, [ConsolePublisher()], dirs)
    scheduler = BackgroundScheduler(daemon=True)
    schedule(scheduler, announcer, settings.poll_seconds)
    scheduler.start()
    try:
        module = importlib.import_module(spec.module)
        return int(module.run(_adapter_namespace(module, args), settings) or 0)
    finally:
        scheduler.shutdown(wait=True)  # let a pass in progress finish its claims
        store.close()
        for logger, level in zip(quiet, levels, strict=True):
            logger.setLevel(level)


def _adapter_namespace(module: ModuleType, args: argparse.Namespace) -> argparse.Namespace:
    """The arguments the adapter would get as its own subcommand, with our --knowledge."""
    parser = argparse.ArgumentParser(add_help=False)
    add_knowledge_option(parser)
    add_arguments = getattr(module, "add_arguments", None)
    if add_arguments is not None:
        add_arguments(parser)
    namespace = parser.parse_args([])
    namespace.knowledge = args.knowledge
    namespace.verbose = args.verbose
    namespace.command = CONSOLE_COMMAND
    return namespace


def supervise(commands: Sequence[Sequence[str]], poll: float = 0.2) -> int:
    """Run the commands side by side; when one stops (or we are stopped), stop the rest.

    Returns the exit code of the first to stop, like a Procfile runner would.
    """

    def on_term(_signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(143)

    previous = signal.signal(signal.SIGTERM, on_term)
    procs: list[subprocess.Popen[bytes]] = []
    try:
        procs = [subprocess.Popen(list(command)) for command in commands]
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
