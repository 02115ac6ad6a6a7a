"""The App Home tab's "My jobs": saved and applied postings, what the member hid, and their
alerts, each with a button to change it. Pure: `MyJobs` in, Block Kit out.

Items whose posting has closed stay, marked closed (the title is kept from when it was
saved). Home-tab clicks have no response_url, so their handlers redraw the whole tab.
"""

from __future__ import annotations

from typing import Final

from adapters.slack.blocks import Block, button, context, header, mrkdwn_section
from adapters.slack.mrkdwn import escape, link, text
from adapters.slack.tracking import option, overflow, track_button
from jobbot.announce.digests import schedule_label
from jobbot.announce.personal import Listed, MyJobs
from jobbot.models import CommandSyntax
from jobbot.present import DEFAULT_SYNTAX

ACTION_ALERT_OFF: Final = "jobs_alert_off"
ACTION_RESUME: Final = "jobs_alerts_resume"
ACTION_UNHIDE_COMPANY: Final = "jobs_unhide_company"
MAX_ITEMS: Final = 15
"""Per list, so the tab (at most 100 blocks) keeps room for the alerts and the help."""
MAX_COMPANIES: Final = 10


def item_text(entry: Listed) -> str:
    """`*<url|Title>*` · Company, or `*Title*` · Company · _closed_ (mrkdwn, escaped)."""
    item = entry.item
    # Only the posting's own http(s) URL links (`link` checks it); all its text is escaped.
    title = f"*{link(item.url if entry.open else None, item.title)}*"
    parts = [title]
    if item.company:
        parts.append(text(item.company))
    if not entry.open:
        parts.append("_closed_")
    return " · ".join(parts)


def _list(
    title: str, entries: list[Listed], index: int, *, saved: bool = False, remove: str = "Remove"
) -> list[Block]:
    """A heading and one section per item, each with a way to change or drop it."""
    if not entries:
        return []
    blocks: list[Block] = [mrkdwn_section(f"*{title}* ({len(entries)})")]
    for entry in entries[:MAX_ITEMS]:
        section = mrkdwn_section(item_text(entry))
        pid = entry.item.posting_id
        if saved:
            menu = overflow(
                [option("applied", pid, "Mark applied"), option("clear", pid, "Remove")]
            )
            if menu is not None:
                menu["action_id"] = f"{menu['action_id'].split(':')[0]}:{index}"
                section["accessory"] = menu
        else:
            section["accessory"] = track_button("clear", pid, index, "Remove")
        index += 1
        blocks.append(section)
    if len(entries) > MAX_ITEMS:
        blocks.append(context(f"…and {len(entries) - MAX_ITEMS} more."))
    return blocks


def home_blocks(mine: MyJobs, syntax: CommandSyntax = DEFAULT_SYNTAX) -> list[Block]:
    """The member's own part of the App Home tab."""
    s = syntax.spell
    blocks: list[Block] = [header("My jobs")]
    if mine.paused is not None:
        reason = (
            f" ({escape(mine.paused.paused_reason or '')})" if mine.paused.paused_reason else ""
        )
        banner = mrkdwn_section(
            f":warning: *Your alerts are paused*: I couldn't send you a direct message{reason}. "
            "Allow direct messages from jobbot, then turn them back on."
        )
        banner["accessory"] = button("Turn alerts back on", ACTION_RESUME, value="resume")
        blocks.append(banner)
    listed = _list("Saved", mine.saved, 0, saved=True)
    listed += _list("Applied", mine.applied, len(mine.saved))
    blocks += listed or [
        context("Nothing saved yet: press *Save* or *Applied* on any posting to keep it here.")
    ]
    start = len(mine.saved) + len(mine.applied)
    blocks += _list("Not interested", mine.hidden, start, remove="Show again")
    for n, company in enumerate(mine.companies[:MAX_COMPANIES]):
        section = mrkdwn_section(f"Hidden company: *{text(company.company)}*")
        section["accessory"] = button(
            "Show again", f"{ACTION_UNHIDE_COMPANY}:{n}", value=company.company[:2000]
        )
        blocks.append(section)
    blocks.append(mrkdwn_section(f"*Your alerts* ({len(mine.alerts)})"))
    for alert in mine.alerts:
        when = schedule_label(alert.frequency, alert.tz, alert.hour, alert.weekday)
        section = mrkdwn_section(f"`{escape(alert.query)}` — {when}")
        section["accessory"] = button("Stop", f"{ACTION_ALERT_OFF}:{alert.id}", value=str(alert.id))
        blocks.append(section)
    if not mine.alerts:
        blocks.append(
            context(
                f"No alerts. `{escape(s('alert', 'python remote'))}` sends you new openings by "
                "direct message; add `daily` or `weekly` for a digest."
            )
        )
    blocks.append(
        context(
            f"`{escape(s('forget'))}` deletes everything jobbot stores about you "
            "(alerts, this list)."
        )
    )
    blocks.append({"type": "divider"})
    return blocks
