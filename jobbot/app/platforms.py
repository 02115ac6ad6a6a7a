"""Finding the installed platforms: entry points in the `jobbot.platforms` group.

Reading the group costs no import of a chat SDK; loading one platform object imports only
its adapter package's top module. A platform that fails to load is reported and skipped, so
one broken adapter never takes the others (or `jobbot index`) down.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from importlib.metadata import entry_points
from typing import Final

from jobbot.app.platform import Platform
from jobbot.settings import Settings

log = logging.getLogger(__name__)

GROUP: Final = "jobbot.platforms"


def registered() -> list[Platform]:
    """Every installed platform, in a stable order (by name); broken ones are skipped."""
    found: dict[str, Platform] = {}
    for point in sorted(entry_points(group=GROUP), key=lambda p: p.name):
        if point.name in found:
            continue  # the same package seen twice on sys.path
        try:
            platform = point.load()
        except Exception as exc:
            log.error("cannot load platform %s (%s): %s", point.name, point.value, exc)
            continue
        if not isinstance(platform, Platform):
            log.error("%s is not a jobbot platform; skipped", point.value)
            continue
        found[point.name] = platform
    return list(found.values())


def is_configured(platform: Platform, settings: Settings) -> bool:
    """True when the platform's token is set: a `Settings` field of that name, or for a
    platform `Settings` does not know, the upper-cased environment variable."""
    if platform.token_setting is None:
        return False
    name = platform.token_setting
    return bool(getattr(settings, name, None) or os.environ.get(name.upper()))


def configured(settings: Settings, platforms: Sequence[Platform]) -> list[Platform]:
    """The platforms whose token is set."""
    return [p for p in platforms if is_configured(p, settings)]


def console(platforms: Sequence[Platform]) -> Platform | None:
    """The platform that needs no token, which `jobbot run` falls back to."""
    return next((p for p in platforms if p.token_setting is None), None)
