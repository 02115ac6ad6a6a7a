"""Personal alerts and "My jobs" in Slack: `/jobs alert`, `/jobs alerts`, `/jobs saved`,
`/jobs forget me`, the Save / Applied / Not interested buttons, and the App Home tab.

Any member may use these: they only touch the member's own data (the core
`PersonalCommands` words every reply). The member's time zone for digests comes from
`users.info` (`tz`) unless the command names one. A member whose DMs failed is told the next
time they use jobbot, by a middleware that answers beside whatever they did.

Wiring: `build_app(listeners=[alerts.register])` registers the listeners (each through
`listen`, so Slack is acked before any database or Web API work), then `alerts.attach(bot)`
hooks the member's hidden postings into every search and "My jobs" into the App Home tab.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from typing import Any, Final

from slack_bolt import App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from adapters.slack import blocks
from adapters.slack.app import SlackBot, SlashContext, Subcommand, checked, friendly, listen
from adapters.slack.blocks import reply_payload
from adapters.slack.client import error_code
from adapters.slack.home import (
    ACTION_ALERT_OFF,
    ACTION_RESUME,
    ACTION_UNHIDE_COMPANY,
    home_blocks,
)
from adapters.slack.mrkdwn import escape, markdown_to_mrkdwn
from adapters.slack.tracking import MENU_PATTERN, PICK_PATTERN, TRACK_PATTERN, decode_menu
from adapters.slack.tracking import track_button as tracking_button
from jobbot.announce.database import StoreError
from jobbot.announce.personal import (
    UNAVAILABLE,
    UNAVAILABLE_NO_DATABASE,
    VERBS,
    PersonalCommands,
    TrackReply,
)
from jobbot.announce.store import Store
from jobbot.clock import Clock
from jobbot.engine import Engine

log = logging.getLogger("jobbot.slack.alerts")

PLATFORM: Final = "slack"
ACTION_FORGET: Final = "jobs_forget_me"
NO_USER: Final = "I can't tell who you are, so I can't keep anything for you."


class SlackAlerts:
    """The personal subcommands of `/jobs`, their buttons and the App Home tab."""

    def __init__(self, service: PersonalCommands | None) -> None:
        """`service` None means the database is unusable: every command says so."""
        self.service = service
        self._bot: SlackBot | None = None
        self._app: App | None = None

    @classmethod
    def from_settings(
        cls, store: Store | None, engine: Engine | None, clock: Clock | None = None
    ) -> SlackAlerts:
        service = PersonalCommands(store, engine, clock) if store is not None else None
        return cls(service)

    # -- wiring ---------------------------------------------------------------------------

    def subcommands(self) -> dict[str, Subcommand]:
        return {verb: functools.partial(self.command, verb) for verb in VERBS}

    def register(self, app: App) -> None:
        """The buttons' listeners and the paused-notice middleware (for `build_app`)."""
        self._app = app
        app.middleware(self.tell_paused)
        listen(app.action(TRACK_PATTERN), self.on_track)
        listen(app.action(MENU_PATTERN), self.on_menu)
        listen(app.action(PICK_PATTERN), self.on_pick)
        listen(app.action(ACTION_FORGET), self.on_forget)
        listen(app.action(re.compile(rf"^{ACTION_ALERT_OFF}(:\d+)?$")), self.on_alert_off)
        listen(app.action(ACTION_RESUME), self.on_resume)
        companies = re.compile(rf"^{ACTION_UNHIDE_COMPANY}(:\d+)?$")
        listen(app.action(companies), self.on_unhide_company)

    def attach(self, bot: SlackBot) -> None:
        """Hook the member's hidden postings into the bot's searches, "My jobs" into Home."""
        self._bot = bot
        if self.service is not None:
            bot.personalize = self.service.personalize
            bot.home_sections.append(self.home)

    # -- slash commands -------------------------------------------------------------------

    def command(self, verb: str, context: SlashContext) -> None:
        """`/jobs alert …`, `alerts`, `saved`, `myjobs`, `forget me`: privately, to the asker."""
        respond = context.respond
        if self.service is None:
            respond(text=escape(UNAVAILABLE_NO_DATABASE), response_type="ephemeral")
            return
        if not context.user:
            respond(text=NO_USER, response_type="ephemeral")
            return
        args = context.args
        words = args.casefold().split()
        if verb == "forget" and words[:1] == ["me"] and words[1:2] not in (["confirm"], ["yes"]):
            prompt = self.service.forget_prompt(PLATFORM, context.user, with_button=True)
            payload = reply_payload(prompt)
            if prompt.startswith("This deletes"):
                payload["blocks"].append(blocks.actions([forget_button()]))
            respond(**payload, response_type="ephemeral")
            return
        tz = None
        if verb == "alert" and words[:1] not in (["off"], ["remove"], ["delete"], ["resume"]):
            tz = member_time_zone(context.client, context.user)
        reply = self.service.handle(PLATFORM, context.user, f"{verb} {args}".strip(), tz=tz)
        respond(**reply_payload(reply), response_type="ephemeral")

    # -- buttons --------------------------------------------------------------------------

    def on_track(
        self, body: dict[str, Any], action: dict, respond: Respond, client: WebClient
    ) -> None:
        """Save / Applied / Not interested (and Undo) on a posting card."""
        match = TRACK_PATTERN.match(action.get("action_id") or "")
        if match is not None:
            self._track(body, client, respond, match["action"], action.get("value") or "")

    def on_menu(
        self, body: dict[str, Any], action: dict, respond: Respond, client: WebClient
    ) -> None:
        """An overflow choice (App Home): `action|posting id`."""
        picked = decode_menu(((action.get("selected_option") or {}).get("value")) or "")
        if picked is not None:
            self._track(body, client, respond, *picked)

    def on_pick(
        self, body: dict[str, Any], action: dict, respond: Respond, client: WebClient
    ) -> None:
        """A digest's Save… / Mark applied… / Not interested in… menu."""
        match = PICK_PATTERN.match(action.get("action_id") or "")
        posting_id = (action.get("selected_option") or {}).get("value") or ""
        if match is not None and posting_id:
            self._track(body, client, respond, match["action"], posting_id)

    def _track(
        self, body: dict[str, Any], client: WebClient, respond: Respond, what: str, pid: str
    ) -> None:
        respond = checked(respond)
        user = (body.get("user") or {}).get("id")
        with friendly(respond):
            if self.service is None or not user:
                text = UNAVAILABLE_NO_DATABASE if self.service is None else NO_USER
                respond(text=escape(text), response_type="ephemeral", replace_original=False)
                return
            reply = self.service.track(PLATFORM, user, what, pid)
            if _on_home(body):
                self._redraw(client, user)
                return
            payload = reply_payload(reply.text)
            undo = undo_buttons(reply)
            if undo:
                payload["blocks"].append(blocks.actions(undo))
            respond(**payload, response_type="ephemeral", replace_original=False)

    def on_forget(self, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
        """The confirmed `forget me`: delete everything, say what went."""
        respond = checked(respond)
        user = (body.get("user") or {}).get("id")
        with friendly(respond):
            if self.service is None or not user:
                respond(text=escape(UNAVAILABLE_NO_DATABASE), replace_original=True)
                return
            done = self.service.forget(PLATFORM, user)
            respond(**reply_payload(done), replace_original=True)

    def on_alert_off(
        self, body: dict[str, Any], action: dict, client: WebClient, respond: Respond
    ) -> None:
        """ "Stop" beside an alert in the App Home tab."""
        self._home_change(
            body, client, respond, lambda s, u: s.remove_alert(PLATFORM, u, action.get("value", ""))
        )

    def on_resume(self, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        self._home_change(body, client, respond, lambda s, u: s.resume(PLATFORM, u))

    def on_unhide_company(
        self, body: dict[str, Any], action: dict, client: WebClient, respond: Respond
    ) -> None:
        company = action.get("value") or ""
        self._home_change(
            body, client, respond, lambda s, u: s.unhide_company(PLATFORM, u, company)
        )

    def _home_change(
        self,
        body: dict[str, Any],
        client: WebClient,
        respond: Respond,
        change: Callable[[PersonalCommands, str], str],
    ) -> None:
        user = (body.get("user") or {}).get("id")
        if self.service is None or not user:
            return
        with friendly(checked(respond)):
            reply = change(self.service, user)
            if _on_home(body):
                self._redraw(client, user)
            else:
                respond(**reply_payload(reply), response_type="ephemeral", replace_original=False)

    # -- App Home -------------------------------------------------------------------------

    def home(self, user: str) -> list[blocks.Block]:
        """The member's "My jobs" blocks for the App Home tab."""
        if self.service is None:
            return [blocks.context(escape(UNAVAILABLE_NO_DATABASE))]
        try:
            return home_blocks(self.service.my_jobs(PLATFORM, user))
        except StoreError:
            log.exception("reading My jobs for the App Home tab failed")
            return [blocks.context(escape(UNAVAILABLE))]

    def _redraw(self, client: WebClient, user: str) -> None:
        if self._bot is not None:
            self._bot.publish_home(client, user)

    # -- telling a paused member ----------------------------------------------------------

    def tell_paused(
        self,
        body: dict[str, Any],
        context: BoltContext,
        client: WebClient,
        next: Callable[[], None],
    ) -> None:
        """Tell a member once that their alerts are paused (their DMs failed), beside a
        command or click, or in the channel they wrote in. This runs on the ack path, so it
        only hands the work to the app's worker pool."""
        next()
        user = context.user_id
        if self.service is None or not user or _is_home_opened(body) or self._app is None:
            return
        if str(body.get("text") or "").casefold().startswith("alert"):
            return  # `/jobs alerts` and `alerts resume` say it themselves
        respond = context.respond
        channel = ((body.get("event") or {}).get("channel")) or None
        if respond is None and channel is None:
            return
        pool = self._app.listener_runner.listener_executor
        pool.submit(self._tell, user, respond, channel, client)

    def _tell(
        self, user: str, respond: Respond | None, channel: str | None, client: WebClient
    ) -> None:
        if self.service is None:
            return
        notice = self.service.notice(PLATFORM, user)
        if notice is None:
            return
        text = markdown_to_mrkdwn(notice)
        try:
            if respond is not None:
                response = respond(text=text, response_type="ephemeral", replace_original=False)
                if response is not None and response.status_code != 200:
                    raise OSError(f"response_url answered {response.status_code}")
            else:
                client.chat_postEphemeral(channel=channel, user=user, text=text)
        except (SlackApiError, OSError) as error:
            code = error_code(error) if isinstance(error, SlackApiError) else type(error).__name__
            log.warning("could not tell a member their alerts are paused: %s", code)
            self.service.notice_not_shown(PLATFORM, user)


def forget_button() -> blocks.Block:
    """ "Delete everything", with Slack's own are-you-sure dialog."""
    element = blocks.button("Delete everything", ACTION_FORGET, value="me", style="danger")
    element["confirm"] = {
        "title": {"type": "plain_text", "text": "Delete everything?"},
        "text": {
            "type": "mrkdwn",
            "text": "Your alerts, saved and applied postings and hidden companies are deleted.",
        },
        "confirm": {"type": "plain_text", "text": "Delete"},
        "deny": {"type": "plain_text", "text": "Keep"},
        "style": "danger",
    }
    return element


def undo_buttons(reply: TrackReply) -> list[blocks.Block]:
    """Undo, and after Not interested, "Hide every posting from <company>"."""
    found = []
    if reply.undo is not None:
        found.append(tracking_button(reply.undo, reply.posting_id, 0))
    if reply.company:
        label = f"Hide every posting from {reply.company}"
        found.append(tracking_button("company", reply.posting_id, 1, label))
    return found


def member_time_zone(client: WebClient, user: str) -> str | None:
    """The member's time zone from their Slack profile (`users.info` → `tz`), if Slack says."""
    try:
        response = client.users_info(user=user)
    except SlackApiError as error:
        log.warning("users.info for a time zone failed: %s", error_code(error))
        return None
    except OSError as error:
        log.warning("users.info for a time zone failed: %s", type(error).__name__)
        return None
    tz = (response.get("user") or {}).get("tz")
    return str(tz) if tz else None


def _on_home(body: dict[str, Any]) -> bool:
    return (body.get("view") or {}).get("type") == "home"


def _is_home_opened(body: dict[str, Any]) -> bool:
    return (body.get("event") or {}).get("type") == "app_home_opened"
