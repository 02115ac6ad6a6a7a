"""manifest.yml creates an app that can receive everything the listeners handle."""

from __future__ import annotations

import yaml

from tests.support.paths import ROOT as ROOT_DIR


def test_manifest_declares_commands_events_scopes_and_interactivity() -> None:
    manifest = yaml.safe_load((ROOT_DIR / "manifest.yml").read_text(encoding="utf-8"))
    features, settings = manifest["features"], manifest["settings"]
    assert {c["command"] for c in features["slash_commands"]} == {"/jobs", "/faq"}
    assert set(settings["event_subscriptions"]["bot_events"]) == {
        "app_home_opened",
        "app_mention",
        "message.im",
    }
    assert settings["interactivity"]["is_enabled"] is True
    assert features["app_home"]["home_tab_enabled"] is True
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {"commands", "chat:write", "app_mentions:read", "im:history"} <= scopes
    # Announcements post into public channels the bot was not invited to; subscription
    # commands read the caller's admin/owner flags with users.info.
    assert {"chat:write.public", "users:read"} <= scopes
    # Before resending an announcement whose send may have arrived, the scheduler looks
    # for it in the channel's history (public and private channels).
    assert {"channels:history", "groups:history"} <= scopes
    assert settings["socket_mode_enabled"] is True
