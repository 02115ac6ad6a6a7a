"""Acknowledgement soak: are 200 concurrent Slack commands and 200 Discord interactions all
acknowledged within Slack's and Discord's 3 seconds while their API answers 1 s late?

Runs jobbot's Slack app (ack first, work in the worker pool) behind its HTTP server and
jobbot's Discord bot (defer before any work) against the tests' fake servers on 127.0.0.1,
then, as the reference in the same run, the same load on Bolt's defaults (an `ack()`-first
listener, `process_before_response=False`, Bolt's 5-thread executor: how the app was built
before) and on the Discord bot's old "answer at once if quick, defer after 2 s".

    python bench/bench_ack.py                       # 200 each, API slow by 1 s
    python bench/bench_ack.py --requests 50 --delay 2
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from slack_bolt import Ack, App, Respond  # noqa: E402

from adapters.slack import blocks  # noqa: E402
from adapters.slack.client import web_client  # noqa: E402
from jobbot.engine import Engine  # noqa: E402
from jobbot.models import Request  # noqa: E402
from jobbot.settings import Settings  # noqa: E402
from tests.support.soak import Soak, discord_soak, slack_soak  # noqa: E402


def bolt_defaults(settings: Settings, engine: Engine) -> App:
    """The reference: Bolt as its docs show it, answering with the same engine and blocks."""
    assert settings.slack_signing_secret is not None
    app = App(
        client=web_client(settings),
        signing_secret=settings.slack_signing_secret.get_secret_value(),
        logger=logging.getLogger("bench.bolt"),
    )

    def answer(ack: Ack, command: dict[str, Any], respond: Respond) -> None:
        ack()
        ref = blocks.Ref("jobs" if command["command"] == "/jobs" else "faq", command["text"])
        result = engine.ask(Request(text=ref.text, command=ref.command, platform="slack"))
        respond(text=blocks.fallback_text(result), blocks=blocks.answer_blocks(result, ref))

    app.command("/jobs")(answer)
    app.command("/faq")(answer)
    return app


def row(name: str, soak: Soak) -> str:
    ordered = sorted(soak.acks) or [0.0]
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return (
        f"| {name} | {soak.in_time}/{soak.requests} | {ordered[len(ordered) // 2]:.2f} s | "
        f"{p95:.2f} s | {ordered[-1]:.2f} s | {soak.answered}/{soak.requests} in "
        f"{soak.all_answered_after:.1f} s |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--delay", type=float, default=1.0, help="fake API delay, seconds")
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)  # the reference fails loudly by design
    n, delay = args.requests, args.delay
    runs = [
        ("Slack, jobbot", slack_soak(n, delay)),
        ("Slack, Bolt defaults (reference)", slack_soak(n, delay, build=bolt_defaults)),
        ("Discord, jobbot", asyncio.run(discord_soak(n, delay))),
        (
            "Discord, defer after 2 s (reference)",
            asyncio.run(discord_soak(n, delay, defer_after=2)),
        ),
    ]
    print(f"{n} concurrent requests per run, fake API slow by {delay:g} s\n")
    print("| run | acked < 3 s | median ack | p95 ack | max ack | answered |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, soak in runs:
        print(row(name, soak))


if __name__ == "__main__":
    main()
