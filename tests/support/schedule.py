"""The order the tests run in: the slow ones side by side from the first second.

pytest-xdist's default `--dist load` hands each worker a first batch of consecutive tests (a
quarter of its share), then more as it finishes them. A test marked
`@pytest.mark.slow(seconds)` goes to the head of one of those first batches, longest first
to the worker with the fewest slow seconds so far, so no slow test starts late and ends the
run alone. The slow tests of one module stay together on one worker, so a module-scoped
fixture (the fresh clone) is built once. Without workers the slow tests simply come first.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest


def first_batch(count: int, workers: int) -> int:
    """How many tests xdist's load scheduler sends each worker to start with (xdist 3.x)."""
    return max(2, count // workers // 4)


def slow_seconds(item: pytest.Item) -> float | None:
    """About how long a `slow`-marked test takes; None for any other test."""
    mark = item.get_closest_marker("slow")
    if mark is None:
        return None
    return float(mark.args[0]) if mark.args else 1.0


def spread(items: Sequence[pytest.Item], workers: int) -> list[pytest.Item]:
    """`items` reordered so each of `workers` starts with its share of the slow tests."""
    modules: dict[str, list[pytest.Item]] = {}
    rest: list[pytest.Item] = []
    for item in items:
        if slow_seconds(item) is None:
            rest.append(item)
        else:
            modules.setdefault(str(item.path), []).append(item)
    if not modules:
        return list(items)

    def seconds(group: list[pytest.Item]) -> float:
        return sum(slow_seconds(item) or 0.0 for item in group)

    lanes: list[list[pytest.Item]] = [[] for _ in range(max(1, workers))]
    for group in sorted(modules.values(), key=seconds, reverse=True):
        lane = min(lanes, key=seconds)
        lane.extend(sorted(group, key=lambda item: slow_seconds(item) or 0.0, reverse=True))
    if len(lanes) == 1:
        return lanes[0] + rest
    batch = first_batch(len(items), len(lanes))
    ordered: list[pytest.Item] = []
    overflow: list[pytest.Item] = []
    for lane in lanes:
        head, more = lane[:batch], lane[batch:]
        fill = batch - len(head)
        ordered += head + rest[:fill]
        rest = rest[fill:]
        overflow += more
    return ordered + overflow + rest
