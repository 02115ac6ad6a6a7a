"""Run a call in a forked child with a deadline, so a test of a hang fails instead of hanging.

Code that backtracks exponentially holds the interpreter (a thread cannot be stopped), so
the call runs in a child process that is killed at the deadline; the test then fails with
how long it was given.
"""

from __future__ import annotations

import multiprocessing
import pickle
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def _child(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        started = time.perf_counter()
        result = fn(*args)
        conn.send_bytes(pickle.dumps(("ok", result, time.perf_counter() - started)))
    except BaseException as exc:  # the parent re-raises it
        conn.send_bytes(pickle.dumps(("error", repr(exc), 0.0)))
    finally:
        conn.close()


def within(seconds: float, fn: Callable[..., T], *args: Any) -> tuple[T, float]:
    """(fn(*args), seconds it took) when it returns within `seconds`; AssertionError if not."""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(child, fn, args), daemon=True)
    process.start()
    child.close()
    try:
        if not parent.poll(seconds):
            raise AssertionError(f"{getattr(fn, '__name__', fn)} did not finish in {seconds} s")
        status, value, took = pickle.loads(parent.recv_bytes())
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        parent.close()
    if status != "ok":
        raise AssertionError(f"{getattr(fn, '__name__', fn)} raised {value}")
    return value, took
