"""The Slack Web API client, built from settings in one place.

`SLACK_API_URL` points it elsewhere (GovSlack, the tests' fake server). A 429 is retried
after Slack's Retry-After by slack_sdk's own handler; errors are described by their Slack
error code only, so a log line never carries a token.
"""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler

from jobbot.announce.publisher import CredentialsError
from jobbot.settings import Settings

NOT_IN_CHANNEL = frozenset({"not_in_channel", "channel_not_found", "is_archived"})
TOKEN_REFUSED = frozenset(
    {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}
)
"""SLACK_BOT_TOKEN no longer works: announcements wait for it to be fixed."""
TIMEOUT_SECONDS = 10


def api_base_url(settings: Settings) -> str:
    """The Web API base URL, always ending in `/` as slack_sdk expects."""
    url = settings.slack_api_url or WebClient.BASE_URL
    return url if url.endswith("/") else url + "/"


def web_client(
    settings: Settings, *, retry_rate_limits: bool = True, retry_connection_errors: bool = True
) -> WebClient:
    """A `WebClient` for the bot token; 429s retried up to twice and a dropped connection
    once, unless told otherwise (a resent post after a dropped answer is a duplicate)."""
    if settings.slack_bot_token is None:
        raise ValueError("SLACK_BOT_TOKEN is not set")
    handlers: list[RetryHandler] = []
    if retry_connection_errors:
        handlers.append(ConnectionErrorRetryHandler())
    if retry_rate_limits:
        handlers.append(RateLimitErrorRetryHandler(max_retry_count=2))
    return WebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=api_base_url(settings),
        timeout=TIMEOUT_SECONDS,
        retry_handlers=handlers,
    )


def error_code(error: SlackApiError) -> str:
    """Slack's error code (`channel_not_found`, `ratelimited`, ...), or the HTTP status."""
    response = error.response
    code = response.get("error") if isinstance(response.data, dict) else None
    return str(code or f"http_{response.status_code}")


def retry_after(error: SlackApiError) -> float | None:
    """Seconds Slack asked us to wait, when it answered 429."""
    response = error.response
    if response.status_code != 429 and error_code(error) != "ratelimited":
        return None
    for name, value in (response.headers or {}).items():
        if name.lower() == "retry-after":
            raw = value[0] if isinstance(value, list) else value
            try:
                return max(0.0, float(raw))
            except (TypeError, ValueError):
                break
    return 1.0


def explain(error: SlackApiError) -> str:
    """What to tell the user when Slack refused a message (mrkdwn, no internals)."""
    code = error_code(error)
    if code in NOT_IN_CHANNEL:
        return (
            ":warning: I can't post in this channel because I'm not a member of it. "
            "Invite me with `/invite @jobbot` and try again."
        )
    if retry_after(error) is not None:
        return ":hourglass: Slack is rate-limiting me right now. Please try again in a minute."
    return f":warning: Slack refused the message (`{code}`). Please try again later."


def token_refused(code: str) -> CredentialsError:
    """Slack refused the bot token itself: say what to do, never the token."""
    return CredentialsError(
        f"Slack refused SLACK_BOT_TOKEN ({code}): reinstall the app or set a new token; "
        "announcements wait until then"
    )
