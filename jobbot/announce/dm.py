"""Personal alerts travel as ordinary deliveries: the "channel" is `dm:<member id>`.

So a DM is claimed before it is sent and marked done after, exactly like a channel
announcement, and `(posting, platform, dm:<member>)` being UNIQUE makes it once per member.
This module names that key and words what a DM says around its posting cards.
"""

from __future__ import annotations

from typing import Final

from jobbot.announce.publisher import Announcement
from jobbot.models import CommandSyntax
from jobbot.present import DEFAULT_SYNTAX

DM_PREFIX: Final = "dm:"


def dm_channel(member: str) -> str:
    """The delivery key of a member's direct messages."""
    return f"{DM_PREFIX}{member}"


def dm_member(channel: str) -> str | None:
    """The member a delivery key belongs to, or None for a channel."""
    return channel[len(DM_PREFIX) :] if channel.startswith(DM_PREFIX) else None


def alert_intro(announcement: Announcement) -> str:
    """The first line of an alert DM (plain text: renderers escape it)."""
    count = len(announcement.postings)
    openings = "1 new opening" if count == 1 else f"{count} new openings"
    about = f" for “{announcement.query}”" if announcement.query.strip() else ""
    if announcement.digest in ("daily", "weekly"):
        return f"Your {announcement.digest} job alert: {openings}{about}"
    if count == 1:
        return f"New opening{about} (your job alert)"
    return f"{openings}{about} (your job alert)"


def alert_footer(syntax: CommandSyntax = DEFAULT_SYNTAX) -> str:
    """Why the member got this and how to stop it (plain text)."""
    return (
        f"You set this alert. See yours with {syntax.spell('alerts')}, stop one with "
        f"{syntax.spell('unalert', '<id>')}."
    )
