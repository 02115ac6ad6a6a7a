"""The Bolt app: Slack payloads in, `Request`s to the engine, Block Kit out.

Slack gives every request 3 seconds for its acknowledgement, and a late one is a failed
command for the user. So the app runs with `process_before_response=True` and every
listener is registered through `listen`, which splits it in two:

- the **ack**: an empty 200 sent from the request's own thread before anything else runs.
  It must not touch the network, the database or the engine (no `respond`, `say`, Web API
  call, `Store` or `Engine.ask`): only what is in the payload.
- the **work** (a Bolt lazy listener): everything else, run afterwards in the app's worker
  pool (`JOBBOT_SLACK_WORKERS` threads), answering through `respond`, `say` or `client`.

A slow Web API, a hanging `users.info` or a locked database then delays only that answer,
never an acknowledgement. A new feature registers its listeners the same way:

    def register(app: App) -> None:
        listen(app.action("feedback_up"), on_feedback)   # on_feedback(body, respond): work

and passes `register` to `build_app(listeners=[...])`; `tests/adapters/slack/test_ack.py`
checks every listener Bolt knows went through `listen`. Any failure in the work becomes a
friendly message; a traceback only ever reaches the log.
"""

from __future__ import annotations

import functools
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final

from slack_bolt import Ack, App, BoltContext, BoltRequest, BoltResponse, Respond, Say
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from adapters.slack import blocks
from adapters.slack.blocks import Ref
from adapters.slack.client import error_code, explain, web_client
from adapters.slack.mrkdwn import text
from adapters.slack.recent import DEDUP_SECONDS, RecentIds
from jobbot.chunking import truncate
from jobbot.engine import Engine
from jobbot.models import Answer, Request
from jobbot.settings import Settings

log = logging.getLogger("jobbot.slack")

FRIENDLY_ERROR = ":confused: Something went wrong on my side while answering. Please try again."
STALE_BUTTON = "That button is from an older message; please run the command again."
GONE_POSTING = "That posting is no longer listed. Run the search again to see what is open now."
# Slack retries an event when we did not answer in time ("http_timeout"): we did get it, so
# it is acknowledged without a second answer. Other retries (we were unreachable) are
# answered once, unless the event id shows we already saw it.
RETRY_REASONS_ALREADY_SEEN = frozenset({"http_timeout", "timeout", ""})
MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")

Clock = Callable[[], float]
Registrar = Callable[..., Any]  # what `app.command(...)`, `app.event(...)` or `app.action(...)`
Feature = Callable[[App], None]  # registers a feature's listeners, each through `listen`
AFTER_ACK: Final = "_jobbot_after_ack"


def acknowledge(ack: Ack) -> None:
    """The acknowledgement every listener sends: an empty 200, at once, with no I/O."""
    ack()


def listen(
    registrar: Registrar,
    work: Callable[..., None],
    *,
    ack: Callable[..., None] = acknowledge,
) -> None:
    """Register a listener the only way jobbot does: `ack` answers Slack at once, `work`
    runs after the ack in the worker pool.

    `registrar` is what `app.command("/jobs")`, `app.event("app_mention")` or
    `app.action(...)` returns. `work` takes Bolt's usual arguments by name (`body`,
    `command`, `event`, `action`, `respond`, `say`, `client`, ...) but not `ack`: it runs
    after the acknowledgement. A custom `ack` (say, a modal's validation errors) may only
    read the payload.
    """

    @functools.wraps(work)
    def after_ack(**kwargs: Any) -> None:
        try:
            work(**kwargs)
        except Exception:  # the work's own `friendly` failed too: the log is all that is left
            log.exception("a Slack listener failed after its ack")

    setattr(after_ack, AFTER_ACK, True)
    registrar(ack=ack, lazy=[after_ack])


@dataclass(frozen=True)
class SlashContext:
    """One `/jobs <subcommand> ...` invocation, for subcommand handlers."""

    args: str
    user: str | None
    channel: str | None
    team: str | None
    respond: Respond
    client: WebClient
    body: dict[str, Any]


Subcommand = Callable[[SlashContext], None]


class SlackBot:
    """The listeners, holding the engine; `register` wires them into a Bolt `App`."""

    def __init__(self, engine: Engine, *, page_size: int = 5, clock: Clock = time.monotonic):
        self.engine = engine
        self.page_size = page_size
        self.seen_events = RecentIds(DEDUP_SECONDS, clock=clock)
        # `/jobs <word> ...` dispatch: add an entry to handle a new subcommand.
        self.jobs_subcommands: dict[str, Subcommand] = {"help": self._jobs_help}
        # `/faq <word> ...` likewise (e.g. `/faq teach`).
        self.faq_subcommands: dict[str, Subcommand] = {}
        # Feature hooks: `personalize` adds the asker's own view to every request (their
        # hidden postings); each of `home_sections` adds blocks to a user's App Home tab.
        self.personalize: Callable[[Request], Request] | None = None
        self.home_sections: list[Callable[[str], list[blocks.Block]]] = []

    # --- wiring -----------------------------------------------------------------------

    def register(self, app: App) -> None:
        """Every listener through `listen`: acked at once, answered from the worker pool."""
        app.middleware(self.skip_retries)
        listen(app.command("/jobs"), self.on_jobs)
        listen(app.command("/faq"), self.on_faq)
        listen(app.event("app_mention"), self.on_mention)
        listen(app.event("message"), self.on_message)
        listen(app.event("app_home_opened"), self.on_home_opened)
        pages = re.compile(rf"^({blocks.ACTION_NEXT}|{blocks.ACTION_PREVIOUS})$")
        listen(app.action(pages), self.on_page)
        listen(app.action(re.compile(rf"^{blocks.ACTION_DETAILS}(:\d+)?$")), self.on_details)
        listen(app.action(blocks.ACTION_SHARE), self.on_share)
        suggestions = re.compile(rf"^{blocks.ACTION_SUGGESTION}(:\d+)?$")
        listen(app.action(suggestions), self.on_suggestion)
        listen(app.action(re.compile(rf"^{blocks.ACTION_APPLY}(:\d+)?$")), self.on_link)

    def skip_retries(
        self, req: BoltRequest, resp: BoltResponse, next: Callable[[], None]
    ) -> BoltResponse | None:
        """Acknowledge Slack's retries of events already seen, without answering again.
        Runs on the ack path: memory only."""
        body = req.body if isinstance(req.body, dict) else {}
        event_id = body.get("event_id")
        retry = _retry_number(req)
        reason = (req.headers.get("x-slack-retry-reason") or [""])[0]
        if retry > 0 and (reason in RETRY_REASONS_ALREADY_SEEN or event_id is None):
            log.info("acknowledged Slack retry %d (%s) without answering", retry, reason)
            return BoltResponse(status=200, body="")
        if event_id and not self.seen_events.add(str(event_id)):
            log.info("acknowledged duplicate event %s without answering", event_id)
            return BoltResponse(status=200, body="")
        next()
        return None

    # --- engine -----------------------------------------------------------------------

    def ask(self, ref: Ref, user: str | None = None, channel: str | None = None) -> Answer:
        request = Request(
            text=ref.text,
            command=ref.command,
            page=ref.page,
            page_size=self.page_size,
            platform="slack",
            user=user,
            channel=channel,
        )
        if self.personalize is not None:
            request = self.personalize(request)
        return self.engine.ask(request)

    def help_answer(self) -> Answer:
        """The engine's help: the single source of every command explanation."""
        return self.engine.ask(Request(text="help", platform="slack"))

    # --- slash commands ---------------------------------------------------------------

    def on_jobs(
        self, command: dict[str, Any], respond: Respond, client: WebClient, body: dict
    ) -> None:
        respond = checked(respond)
        with friendly(respond):
            text = (command.get("text") or "").strip()
            if not self._subcommand(self.jobs_subcommands, text, command, respond, client, body):
                self._answer_command(Ref("jobs", text), command, respond)

    def on_faq(
        self, command: dict[str, Any], respond: Respond, client: WebClient, body: dict
    ) -> None:
        respond = checked(respond)
        with friendly(respond):
            text = (command.get("text") or "").strip()
            if not self._subcommand(self.faq_subcommands, text, command, respond, client, body):
                self._answer_command(Ref("faq", text), command, respond)

    @staticmethod
    def _subcommand(
        table: Mapping[str, Subcommand],
        text: str,
        command: dict[str, Any],
        respond: Respond,
        client: WebClient,
        body: dict,
    ) -> bool:
        """Run `<word> ...` when `word` names a subcommand in `table`; False otherwise."""
        word, *rest_of_text = text.split(maxsplit=1) or [""]
        subcommand = table.get(word.lower())
        if subcommand is None:
            return False
        subcommand(
            SlashContext(
                args=(rest_of_text[0] if rest_of_text else "").strip(),
                user=command.get("user_id"),
                channel=command.get("channel_id"),
                team=command.get("team_id"),
                respond=respond,
                client=client,
                body=body,
            )
        )
        return True

    def _answer_command(self, ref: Ref, command: dict[str, Any], respond: Respond) -> None:
        answer = self.ask(ref, command.get("user_id"), command.get("channel_id"))
        if answer.intent == "help":
            self._respond_help(respond, answer)
            return
        respond(
            text=blocks.fallback_text(answer),
            blocks=blocks.answer_blocks(answer, ref, shareable=True),
            response_type="ephemeral",
        )

    def _jobs_help(self, context: SlashContext) -> None:
        if context.args:  # "/jobs help desk" is a search for help-desk jobs
            self._answer_command(Ref("jobs", f"help {context.args}"), context.body, context.respond)
            return
        self._respond_help(context.respond, self.help_answer())

    @staticmethod
    def _respond_help(respond: Respond, answer: Answer) -> None:
        respond(
            text=blocks.fallback_text(answer),
            blocks=blocks.help_blocks(answer),
            response_type="ephemeral",
        )

    # --- events -----------------------------------------------------------------------

    def on_mention(self, event: dict[str, Any], say: Say, context: BoltContext) -> None:
        if _from_a_bot(event):
            return
        thread = event.get("thread_ts") or event.get("ts")
        with friendly(lambda **kw: say(thread_ts=thread, **kw)):
            text = MENTION.sub(" ", event.get("text") or "").strip()
            self._answer_message(text, event, say, thread_ts=thread)

    def on_message(self, event: dict[str, Any], say: Say) -> None:
        """Direct messages get an answer; edits, bot posts and channel chatter do not."""
        if event.get("channel_type") != "im" or event.get("subtype") or _from_a_bot(event):
            return
        with friendly(say):
            self._answer_message((event.get("text") or "").strip(), event, say)

    def _answer_message(
        self, text: str, event: dict[str, Any], say: Say, thread_ts: str | None = None
    ) -> None:
        ref = Ref(None, text)
        answer = self.ask(ref, event.get("user"), event.get("channel"))
        rendered = (
            blocks.help_blocks(answer)
            if answer.intent == "help"
            else blocks.answer_blocks(answer, ref)
        )
        try:
            say(text=blocks.fallback_text(answer), blocks=rendered, thread_ts=thread_ts)
        except SlackApiError as error:
            # Nowhere to tell the user: the channel refused us. Log the code, not the payload.
            log.warning("could not answer in %s: %s", event.get("channel"), error_code(error))

    def on_home_opened(self, event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home" or not event.get("user"):
            return
        self.publish_home(client, event["user"])

    def publish_home(self, client: WebClient, user: str) -> None:
        """Draw a user's App Home tab: their own sections, then the help."""
        try:
            first = [block for section in self.home_sections for block in section(user)]
            client.views_publish(user_id=user, view=blocks.home_view(self.help_answer(), first))
        except SlackApiError as error:
            log.warning("could not publish App Home: %s", error_code(error))
        except Exception:
            log.exception("could not build App Home")

    # --- buttons ----------------------------------------------------------------------

    def on_page(self, body: dict[str, Any], action: dict, respond: Respond) -> None:
        """Next / Previous: the same search, another page."""
        respond = checked(respond)
        with friendly(respond):
            ref = Ref.decode(action.get("value") or "")
            if ref is None:
                respond(text=STALE_BUTTON, response_type="ephemeral", replace_original=False)
                return
            answer = self.ask(ref, _user(body), _channel(body))
            self._respond_to_click(respond, body, answer, ref)

    def on_suggestion(self, body: dict[str, Any], action: dict, respond: Respond) -> None:
        """A "did you mean" question: ask it. Its button carries a whole request, exactly
        like a page button, so answering it is the same work."""
        self.on_page(body, action, respond)

    def _respond_to_click(self, respond: Respond, body: dict, answer: Answer, ref: Ref) -> None:
        """An ephemeral message is replaced in place; a public one is left alone for others
        and the clicker gets their own ephemeral copy."""
        if _is_ephemeral(body):
            respond(
                text=blocks.fallback_text(answer),
                blocks=blocks.answer_blocks(answer, ref, shareable=True),
                replace_original=True,
            )
        else:
            respond(
                text=blocks.fallback_text(answer),
                blocks=blocks.answer_blocks(answer, ref, shareable=True),
                response_type="ephemeral",
                replace_original=False,
            )

    def on_details(self, body: dict[str, Any], action: dict, respond: Respond) -> None:
        """The full posting, only for the person who asked."""
        respond = checked(respond)
        with friendly(respond):
            ref = Ref.decode(action.get("value") or "")
            if ref is None or ref.posting is None:
                respond(text=STALE_BUTTON, response_type="ephemeral", replace_original=False)
                return
            answer = self.ask(ref, _user(body), _channel(body))
            hit = next((job for job in answer.jobs if job.id == ref.posting), None)
            if hit is None:
                respond(text=GONE_POSTING, response_type="ephemeral", replace_original=False)
                return
            respond(
                text=text(hit.title),
                blocks=blocks.posting_details(hit),
                response_type="ephemeral",
                replace_original=False,
            )

    def on_share(
        self, body: dict[str, Any], action: dict, respond: Respond, client: WebClient
    ) -> None:
        """Post the current results for everyone in the channel, credited to the sharer."""
        respond = checked(respond)
        with friendly(respond):
            ref = Ref.decode(action.get("value") or "")
            channel = _channel(body)
            if ref is None or channel is None:
                respond(text=STALE_BUTTON, response_type="ephemeral", replace_original=False)
                return
            user = _user(body)
            answer = self.ask(ref, user, channel)
            rendered = blocks.answer_blocks(answer, ref, paging=False)
            credit = f"Shared by <@{user}>" if user else "Shared from jobbot"
            rendered = [*rendered[: blocks.MAX_BLOCKS - 1], blocks.context(credit)]
            try:
                client.chat_postMessage(
                    channel=channel,
                    text=blocks.fallback_text(answer),
                    blocks=rendered,
                    unfurl_links=False,
                )
            except SlackApiError as error:
                log.warning("could not share into %s: %s", channel, error_code(error))
                respond(text=explain(error), response_type="ephemeral", replace_original=False)
                return
            if _is_ephemeral(body):  # the private copy has done its job
                respond(delete_original=True)

    @staticmethod
    def on_link() -> None:
        """Link buttons (Apply) open in the browser: the ack is all Slack needs."""


def _retry_number(req: BoltRequest) -> int:
    """X-Slack-Retry-Num (Socket Mode mirrors `retry_attempt` there, 0 on first delivery)."""
    try:
        return int((req.headers.get("x-slack-retry-num") or ["0"])[0])
    except ValueError:
        return 1


def checked(respond: Respond) -> Respond:
    """`respond` that logs when Slack refuses the response_url post (e.g. `expired_url`):
    the user cannot be told through a URL that no longer works, so the log must say it."""

    def send(**kwargs: Any) -> Any:
        response = respond(**kwargs)
        if response is not None and response.status_code != 200:
            log.warning(
                "response_url refused the reply: %s %s",
                response.status_code,
                truncate(str(response.body), 200),
            )
        return response

    return send  # type: ignore[return-value]


def _from_a_bot(event: dict[str, Any]) -> bool:
    return bool(event.get("bot_id") or event.get("subtype") == "bot_message")


def _user(body: dict[str, Any]) -> str | None:
    return (body.get("user") or {}).get("id")


def _channel(body: dict[str, Any]) -> str | None:
    return (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")


def _is_ephemeral(body: dict[str, Any]) -> bool:
    return bool((body.get("container") or {}).get("is_ephemeral"))


@contextmanager
def friendly(send: Callable[..., Any]) -> Iterator[None]:
    """Turn any failure inside a listener into a short apology to the user."""
    try:
        yield
    except SlackApiError as error:
        log.warning("Slack API error while answering: %s", error_code(error))
        _try_send(send, explain(error))
    except Exception:
        log.exception("failed to answer a Slack request")
        _try_send(send, FRIENDLY_ERROR)


def _try_send(send: Callable[..., Any], text: str) -> None:
    try:
        send(text=text)
    except Exception as error:  # the apology itself failed: the log is all that is left
        log.warning("could not send the error message either: %s", type(error).__name__)


def build_app(
    settings: Settings,
    engine: Engine,
    *,
    socket_mode: bool = False,
    client: WebClient | None = None,
    clock: Clock = time.monotonic,
    subcommands: Mapping[str, Subcommand] | None = None,
    listeners: Iterable[Feature] = (),
    faq_subcommands: Mapping[str, Subcommand] | None = None,
) -> tuple[App, SlackBot]:
    """A Bolt `App` for the bot token in `settings`, with jobbot's listeners registered.

    HTTP mode verifies every request's signature; Socket Mode needs no signing secret.
    `subcommands` adds `/jobs <name> ...` handlers (e.g. subscriptions), `faq_subcommands`
    `/faq <name> ...` ones (`/faq teach`); each of `listeners`
    registers a feature's own listeners on the app, through `listen`.
    Raises `slack_bolt.error.BoltError` when Slack rejects the token.
    """
    secret = (
        settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else ""
    )
    if not socket_mode and not secret:
        raise ValueError("SLACK_SIGNING_SECRET is not set")
    app = App(
        client=client or web_client(settings),
        signing_secret=secret,
        request_verification_enabled=not socket_mode,
        # Acks are sent from the request's thread; the work runs in this pool afterwards.
        process_before_response=True,
        listener_executor=ThreadPoolExecutor(
            max_workers=settings.slack_workers, thread_name_prefix="jobbot-slack-work"
        ),
        logger=logging.getLogger("jobbot.slack.bolt"),
    )
    bot = SlackBot(engine, page_size=settings.page_size, clock=clock)
    bot.jobs_subcommands.update(subcommands or {})
    bot.faq_subcommands.update(faq_subcommands or {})
    bot.register(app)
    for feature in listeners:
        feature(app)
    return app, bot
