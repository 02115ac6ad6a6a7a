"""A small fake of Slack's Web API (and of response_url) on 127.0.0.1, port 0.

The real `slack_sdk.WebClient` and Bolt's `respond()` talk to it over HTTP; it records every
request (path, parsed body, headers) and answers with canned `ok` responses,
or with a scripted failure (`fail_next`) such as a 429 with Retry-After or `channel_not_found`.
`users.info` answers from `users` (id → role flags and `tz`), `user_not_found` for anyone
else; `conversations.open` opens DM channel `D<user id>` with a known user.

Channel messages are kept as Slack keeps them: `chat.postMessage` stores the message (with
its `metadata`) under a `ts` from `clock` (seconds since the epoch; tests with a fake clock
point it there), `conversations.history` pages through them newest first (`oldest`,
`latest`, `limit`, `cursor`; metadata only with `include_all_metadata`), `chat.update`
edits one in place (`message_not_found` once `delete_message` removed it,
`channel_not_found` for a channel in `gone_channels`).

`slow(path_part, seconds)` makes matching requests wait before they are handled (a slow or
hanging API); `reply_delay[api]` holds the answer after the request was handled, as a slow
Slack does: the client may time out although the message was posted. `release` and `stop`
cut every such wait short.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode

BOT_USER = "UBOT"
BOT_ID = "BBOT"
TEAM = "T0001"
SIGNING_SECRET = "test-signing-secret"
BOT_TOKEN = "xoxb-test-bot-token-0000"
APP_TOKEN = "xapp-test-app-token-0000"

ADMIN = "UADMIN"
OWNER = "UOWNER"
MEMBER = "UMEMBER"
DEFAULT_USERS: dict[str, dict[str, bool | str]] = {
    ADMIN: {"is_admin": True, "is_owner": False, "tz": "Europe/London"},
    OWNER: {"is_admin": False, "is_owner": True, "is_primary_owner": True, "tz": "UTC"},
    MEMBER: {"is_admin": False, "is_owner": False, "tz": "America/Los_Angeles"},
    "U0001": {"is_admin": False, "is_owner": False, "tz": "Europe/Berlin"},
}


class _Server(ThreadingHTTPServer):
    request_queue_size = 256  # a burst of concurrent clients queues instead of being refused


@dataclass
class Recorded:
    """One request that reached the fake server."""

    method: str
    path: str
    body: dict[str, Any]
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)

    @property
    def api(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    def text_of_everything(self) -> str:
        """Every string the message carried (text and blocks), for substring assertions."""
        return json.dumps(self.body, ensure_ascii=False)


@dataclass
class Failure:
    status: int
    body: dict[str, Any]
    headers: dict[str, str]


class FakeSlack:
    """The server; use `url` as SLACK_API_URL and `response_url(...)` in payloads."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.failures: dict[str, list[Failure]] = {}
        self.socket_url = "ws://127.0.0.1:1/"
        self.users = {user: dict(flags) for user, flags in DEFAULT_USERS.items()}
        self.clock: Callable[[], float] = time.time
        self.messages: dict[str, list[dict[str, Any]]] = {}
        self.gone_channels: set[str] = set()
        self.reply_delay: dict[str, float] = {}
        self.on_request: Callable[[Recorded], None] | None = None
        self._last_ts = 0.0
        self.delays: dict[str, float] = {}
        self._released = threading.Event()
        self._lock = threading.Condition()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                kind = self.headers.get("Content-Type", "")
                if "json" in kind:
                    body = json.loads(raw or "{}")
                else:
                    body = dict(parse_qsl(raw))
                    for key in ("blocks", "view", "metadata"):
                        if isinstance(body.get(key), str):
                            body[key] = json.loads(body[key])
                self._reply(Recorded("POST", self.path, body, dict(self.headers.items())))

            def do_GET(self) -> None:
                path, _, query = self.path.partition("?")
                body = dict(parse_qsl(query))
                self._reply(Recorded("GET", path, body, dict(self.headers.items())))

            def _reply(self, recorded: Recorded) -> None:
                fake._wait_for_delay(recorded.path)
                status, answer, headers = fake._answer(recorded)
                with fake._lock:
                    fake.requests.append(recorded)
                    fake._lock.notify_all()
                delay = fake.reply_delay.get(recorded.api)
                if fake.on_request is not None:
                    fake.on_request(recorded)
                if delay:
                    fake._released.wait(delay)
                payload = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    kind = "text/plain" if isinstance(answer, bytes) else "application/json"
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timed out, or was killed) before the answer

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/api/"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def release(self) -> None:
        """End every `slow` wait now (and answer at once from here on)."""
        self._released.set()

    def stop(self) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()

    def response_url(self, name: str = "cmd") -> str:
        return f"http://127.0.0.1:{self.port}/response/{name}"

    def fail_next(
        self, api: str, error: str, status: int = 200, headers: dict[str, str] | None = None
    ) -> None:
        """Answer the next call of `api` (e.g. `chat.postMessage`) with this failure."""
        failure = Failure(status, {"ok": False, "error": error}, headers or {})
        self.failures.setdefault(api, []).append(failure)

    def slow(self, path_part: str, seconds: float) -> None:
        """Answer every request whose path contains `path_part` ("" for all) after `seconds`."""
        self.delays[path_part] = seconds

    def _wait_for_delay(self, path: str) -> None:
        delay = max((s for part, s in self.delays.items() if part in path), default=0.0)
        if delay > 0:
            self._released.wait(delay)

    def _answer(self, recorded: Recorded) -> tuple[int, dict[str, Any] | bytes, dict[str, str]]:
        queued = self.failures.get(recorded.api)
        if queued:
            failure = queued.pop(0)
            return failure.status, failure.body, failure.headers
        if recorded.path.startswith("/response/"):
            return 200, b"ok", {}
        api = recorded.api
        if api == "auth.test":
            return (
                200,
                {
                    "ok": True,
                    "url": "https://example.slack.com/",
                    "team": "Example",
                    "user": "jobbot",
                    "team_id": TEAM,
                    "user_id": BOT_USER,
                    "bot_id": BOT_ID,
                },
                {},
            )
        if api == "apps.connections.open":
            return 200, {"ok": True, "url": self.socket_url}, {}
        if api == "users.info":
            user = recorded.body.get("user", "")
            if user not in self.users:
                return 200, {"ok": False, "error": "user_not_found"}, {}
            return 200, {"ok": True, "user": {"id": user, "team_id": TEAM, **self.users[user]}}, {}
        if api == "conversations.open":
            user = recorded.body.get("users", "")
            if user not in self.users:
                return 200, {"ok": False, "error": "user_not_found"}, {}
            return 200, {"ok": True, "channel": {"id": f"D{user}"}}, {}
        if api == "chat.postMessage":
            channel = recorded.body.get("channel", "C0")
            if channel in self.gone_channels:
                return 200, {"ok": False, "error": "channel_not_found"}, {}
            message = self._store(channel, recorded.body)
            return 200, {"ok": True, "channel": channel, "ts": message["ts"]}, {}
        if api == "chat.update":
            return self._update(recorded.body)
        if api == "conversations.history":
            return self._history(recorded.body)
        return 200, {"ok": True}, {}

    # --- channel messages --------------------------------------------------------------

    def _store(self, channel: str, body: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            stamp = max(self.clock(), self._last_ts + 0.000001)
            self._last_ts = stamp
            message = {
                "type": "message",
                "ts": f"{stamp:.6f}",
                "bot_id": BOT_ID,
                "user": BOT_USER,
                "text": body.get("text", ""),
                "blocks": _decoded(body.get("blocks")) or [],
            }
            metadata = _decoded(body.get("metadata"))
            if metadata:
                message["metadata"] = metadata
            self.messages.setdefault(channel, []).append(message)
            return message

    def _update(self, body: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        channel, ts = body.get("channel", ""), body.get("ts", "")
        if channel in self.gone_channels:
            return 200, {"ok": False, "error": "channel_not_found"}, {}
        with self._lock:
            message = next((m for m in self.messages.get(channel, []) if m["ts"] == ts), None)
            if message is None:
                return 200, {"ok": False, "error": "message_not_found"}, {}
            message["text"] = body.get("text", message["text"])
            message["blocks"] = _decoded(body.get("blocks")) or []
            message["edited"] = {"user": BOT_USER, "ts": f"{self.clock():.6f}"}
            if body.get("metadata"):
                message["metadata"] = _decoded(body["metadata"])
        return 200, {"ok": True, "channel": channel, "ts": ts, "text": message["text"]}, {}

    def _history(self, body: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        channel = body.get("channel", "")
        if channel in self.gone_channels:
            return 200, {"ok": False, "error": "channel_not_found"}, {}
        oldest = float(body.get("oldest") or 0)
        latest = float(body.get("latest") or "inf")
        limit = max(1, min(999, int(body.get("limit") or 100)))
        start = int(body.get("cursor") or 0)
        with_metadata = str(body.get("include_all_metadata", "")).lower() in ("1", "true")
        with self._lock:
            newest_first = sorted(
                (m for m in self.messages.get(channel, []) if oldest < float(m["ts"]) < latest),
                key=lambda m: float(m["ts"]),
                reverse=True,
            )
        page = newest_first[start : start + limit]
        shown = [
            m if with_metadata else {k: v for k, v in m.items() if k != "metadata"} for m in page
        ]
        more = start + limit < len(newest_first)
        answer: dict[str, Any] = {"ok": True, "messages": shown, "has_more": more}
        answer["response_metadata"] = {"next_cursor": str(start + limit) if more else ""}
        return 200, answer, {}

    def delete_message(self, channel: str, ts: str) -> None:
        """Someone deleted the message: later edits of it fail with `message_not_found`."""
        with self._lock:
            self.messages[channel] = [m for m in self.messages.get(channel, []) if m["ts"] != ts]

    def channel_messages(self, channel: str) -> list[dict[str, Any]]:
        """The channel's messages as they stand now (edits applied), oldest first."""
        with self._lock:
            return [dict(m) for m in self.messages.get(channel, [])]

    # --- assertions helpers ----------------------------------------------------------

    def calls(self, path_part: str) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if path_part in r.path]

    def wait_for(self, path_part: str, count: int = 1, timeout: float = 5.0) -> list[Recorded]:
        """The first `count` requests whose path contains `path_part`, waiting for them."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                found = [r for r in self.requests if path_part in r.path]
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [r.path for r in self.requests]
                    raise AssertionError(f"no {count}x {path_part!r} within {timeout}s; saw {seen}")
                self._lock.wait(remaining)


def _decoded(value: Any) -> Any:
    """A JSON field as a client sent it: already parsed (JSON body) or a string (form)."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def sign(body: str, timestamp: int | None = None, secret: str = SIGNING_SECRET) -> dict[str, str]:
    """Slack's v0 request signature headers for `body`."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    base = f"v0:{stamp}:{body}".encode()
    digest = hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": f"v0={digest}",
    }


def command_body(command: str, text: str, response_url: str, **extra: str) -> str:
    """A slash command as Slack posts it: form-encoded."""
    fields = {
        "token": "legacy",
        "team_id": TEAM,
        "team_domain": "example",
        "channel_id": extra.pop("channel_id", "C0001"),
        "channel_name": "general",
        "user_id": extra.pop("user_id", "U0001"),
        "user_name": "ada",
        "command": command,
        "text": text,
        "api_app_id": "A0001",
        "response_url": response_url,
        "trigger_id": "1.2.3",
        **extra,
    }
    return urlencode(fields)


def event_body(event: dict[str, Any], event_id: str = "Ev0001") -> str:
    """An Events API callback as Slack posts it: JSON."""
    return json.dumps(
        {
            "token": "legacy",
            "team_id": TEAM,
            "api_app_id": "A0001",
            "event": event,
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}],
        }
    )


def action_body(
    action_id: str,
    value: str,
    response_url: str,
    *,
    ephemeral: bool = True,
    channel: str = "C0001",
    user: str = "U0001",
) -> str:
    """A block_actions click as Slack posts it: form-encoded `payload=` JSON."""
    payload = {
        "type": "block_actions",
        "team": {"id": TEAM, "domain": "example"},
        "user": {"id": user, "username": "ada", "team_id": TEAM},
        "api_app_id": "A0001",
        "token": "legacy",
        "container": {
            "type": "message",
            "message_ts": "1700000000.000100",
            "channel_id": channel,
            "is_ephemeral": ephemeral,
        },
        "trigger_id": "1.2.3",
        "channel": {"id": channel, "name": "general"},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": "b1",
                "type": "button",
                "value": value,
                "action_ts": "1700000001.000200",
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload)})
