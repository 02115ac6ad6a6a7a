"""The contract every chat platform implements, and nothing more.

A platform is one package under `adapters/` exposing an object that satisfies `Platform`,
registered as an entry point in the `jobbot.platforms` group (see pyproject.toml). The
registry reads the entry points from package metadata, so `jobbot --help` imports no chat
SDK: a platform object's module must import its SDK only inside its methods.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from jobbot.announce.publisher import Publisher
from jobbot.models import Answer, CommandSyntax
from jobbot.settings import Settings


@runtime_checkable
class Platform(Protocol):
    """A chat platform jobbot can run on."""

    name: str
    """The subcommand (`jobbot slack`) and the `platform` stored with subscriptions."""
    help: str
    """One line for `jobbot --help`."""
    token_setting: str | None
    """The `Settings` field whose presence turns the platform on in `jobbot run`; None for
    a platform that needs no token (the console), which `jobbot run` falls back to."""
    syntax: CommandSyntax
    """How users type commands here; help and hints are spelled with it."""

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Add the platform's own command-line options."""
        ...

    def run(self, args: argparse.Namespace, settings: Settings) -> int:
        """Serve until stopped; the exit code, with a clear message on stderr when not 0."""
        ...

    def build_publisher(self, settings: Settings) -> Publisher | None:
        """The scheduler's way to post here, or None when the platform is not configured."""
        ...

    def render(self, answer: Answer) -> Sequence[object]:
        """The messages this platform sends for `answer`, in its own payload shape."""
        ...

    def limit_problems(self, messages: Sequence[object]) -> list[str]:
        """Every platform limit the rendered messages break; empty when they can be sent."""
        ...
