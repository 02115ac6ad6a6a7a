"""The soak: 200 concurrent signed Slack commands and 200 Discord interactions against the
fake servers, with the fake API slow by 1 s. Every one is acknowledged within 3 seconds and
every one answered; the whole run is bounded (about 10 s). Figures: bench/bench_ack.py."""

from __future__ import annotations

import asyncio

import pytest

from tests.support.soak import DEADLINE, discord_soak, slack_soak

REQUESTS = 200
API_DELAY = 1.0


@pytest.mark.slow(6)
def test_200_slack_commands_with_a_slow_api_are_all_acknowledged_in_time() -> None:
    soak = slack_soak(REQUESTS, API_DELAY, answers_within=30)
    assert soak.failed == 0, soak.line()
    assert soak.in_time == REQUESTS, soak.line()
    assert max(soak.acks) < DEADLINE - 1, soak.line()  # with room to spare
    assert soak.answered == REQUESTS, soak.line()


@pytest.mark.slow(3)
def test_200_discord_interactions_with_a_slow_api_are_all_acknowledged_in_time() -> None:
    soak = asyncio.run(discord_soak(REQUESTS, API_DELAY, answers_within=30))
    assert soak.failed == 0, soak.line()
    assert soak.in_time == REQUESTS, soak.line()
    assert soak.answered == REQUESTS, soak.line()
