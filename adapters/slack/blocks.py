"""`Answer` → Block Kit, as pure functions: the Slack adapter's only real rendering work.

Every limit Slack enforces is applied here (50 blocks, 3000 characters per section, 75 per
button label, 150 per plain-text header, 2000 per button value), so a long answer is split or
cut, never rejected by Slack. Announcements use the same posting card as `/jobs` results.

Posting and FAQ text is untrusted (`jobbot.untrusted`): every field goes through
`mrkdwn.text` (links made plain, escaped, no formatting), descriptions and FAQ answers
through `inert` before conversion, and every mrkdwn object is `verbatim`, so Slack links
nothing by itself. The only links are a posting's own URL on its title and Apply button.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, cast

from adapters.slack.mrkdwn import escape, link, markdown_to_mrkdwn, plain, text
from adapters.slack.tracking import card_buttons, digest_pickers
from jobbot.announce.dm import alert_footer, alert_intro
from jobbot.announce.publisher import Announcement
from jobbot.chunking import split_text, truncate
from jobbot.models import Answer, Command, FAQHit, Posting
from jobbot.present import DEFAULT_SYNTAX, code, facts
from jobbot.untrusted import inert, link_target

Block = dict[str, Any]

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_BUTTON_LABEL = 75
MAX_HEADER = 150
MAX_VALUE = 2000
MAX_FALLBACK = 3000
MAX_SKILLS = 5
MAX_SUGGESTIONS = 3
MAX_DESCRIPTION = 40 * MAX_SECTION  # more than a message can show is never converted

# action_ids: one per kind; a suffix keeps them unique within one message.
ACTION_NEXT = "jobs_next"
ACTION_PREVIOUS = "jobs_previous"
ACTION_SHARE = "jobs_share"
ACTION_DETAILS = "jobs_details"
ACTION_APPLY = "jobs_apply"
ACTION_SUGGESTION = "faq_suggestion"
ACTION_RATE_UP = "faq_rate_up"
ACTION_RATE_DOWN = "faq_rate_down"
ACTION_TEACH = "faq_teach"
TEACH_BLOCK = "faq_teach|"
"""A "did you mean" reply's teach menu: its block_id carries the question asked (Slack
allows 255 characters), each option's value an entry id."""
MAX_BLOCK_ID = 255


@dataclass(frozen=True)
class Ref:
    """What a button needs to redo a search: command, query text, page, and maybe a posting.

    It travels in the button's `value`, so a click works after a restart with no state.
    """

    command: Command | None
    text: str
    page: int = 1
    posting: str | None = None

    def encode(self) -> str:
        """Compact JSON under Slack's 2000-character value limit; long text is cut."""
        data: dict[str, Any] = {"c": self.command, "q": self.text, "p": self.page}
        if self.posting is not None:
            data["id"] = self.posting
        value = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        overflow = len(value) - MAX_VALUE
        if overflow > 0:
            # Every cut character of q may have cost up to 6 escaped ones; cut, then re-check.
            data["q"] = self.text[: max(0, len(self.text) - overflow)]
            value = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            while len(value) > MAX_VALUE:
                data["q"] = data["q"][: -max(1, len(value) - MAX_VALUE)]
                value = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return value

    @classmethod
    def decode(cls, value: str) -> Ref | None:
        """The reference in a button's value, or None when it is not one of ours."""
        try:
            data = json.loads(value)
            command = data.get("c")
            if command not in (None, "jobs", "faq"):
                return None
            command = cast(Command | None, command)
            posting = data.get("id")
            return cls(
                command=command,
                text=str(data.get("q", "")),
                page=max(1, int(data.get("p", 1))),
                posting=str(posting) if posting is not None else None,
            )
        except (ValueError, TypeError, AttributeError):
            return None


def mrkdwn_text(mrkdwn: str, limit: int = MAX_SECTION) -> Block:
    """A mrkdwn text object; `verbatim` so Slack adds no links or mentions of its own."""
    return {"type": "mrkdwn", "text": truncate(mrkdwn, limit), "verbatim": True}


def mrkdwn_section(mrkdwn: str) -> Block:
    return {"type": "section", "text": mrkdwn_text(mrkdwn)}


def sections(mrkdwn: str) -> list[Block]:
    """Long mrkdwn as several sections, each within the 3000-character limit."""
    return [mrkdwn_section(chunk) for chunk in split_text(mrkdwn, MAX_SECTION)]


def context(mrkdwn: str) -> Block:
    return {"type": "context", "elements": [mrkdwn_text(mrkdwn, 2000)]}


def header(title: str) -> Block:
    """A plain-text header (Slack parses nothing in it); URLs in it are shown plain."""
    return {
        "type": "header",
        "text": {"type": "plain_text", "text": truncate(inert(title), MAX_HEADER), "emoji": True},
    }


def button(
    label: str, action_id: str, *, value: str | None = None, url: str | None = None, style: str = ""
) -> Block:
    element: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": truncate(label, MAX_BUTTON_LABEL), "emoji": True},
        "action_id": action_id,
    }
    if value is not None:
        element["value"] = value[:MAX_VALUE]
    if url is not None and (target := link_target(url)):  # only an http(s) target links
        element["url"] = target
    if style:
        element["style"] = style
    return element


def actions(elements: list[Block]) -> Block:
    return {"type": "actions", "elements": elements[:25]}


def fit(
    blocks: list[Block], note: str = "…more than fits in one message.", limit: int = MAX_BLOCKS
) -> list[Block]:
    """At most `limit` blocks (Slack allows 50); when cut, the last one says so."""
    if len(blocks) <= limit:
        return blocks
    return [*blocks[: limit - 1], context(escape(note))]


def posting_summary(posting: Posting) -> str:
    """Title (linked to the posting's own URL), then company · location · workplace · salary,
    then a few skills (mrkdwn)."""
    title = f"*{link(posting.url, posting.title)}*"
    shown = facts(posting)
    parts = [text(shown.company), text(shown.location), shown.workplace, text(shown.salary)]
    parts.append(shown.closes)
    lines = [title]
    fact_line = " · ".join(part for part in parts if part)
    if fact_line:
        lines.append(fact_line)
    if posting.skills:
        shown = ", ".join(text(skill) for skill in posting.skills[:MAX_SKILLS])
        more = len(posting.skills) - MAX_SKILLS
        lines.append(f"_Skills:_ {shown}" + (f" +{more} more" if more > 0 else ""))
    return "\n".join(lines)


def posting_card(posting: Posting, details: Ref | None, index: int = 0) -> list[Block]:
    """One posting: its summary, an Apply link where there is a URL, a Details button, and
    Save / Applied / Not interested."""
    blocks = [mrkdwn_section(posting_summary(posting))]
    buttons: list[Block] = []
    if url := link_target(posting.url):
        buttons.append(button("Apply", f"{ACTION_APPLY}:{index}", url=url, style="primary"))
    if details is not None:
        buttons.append(button("Details", f"{ACTION_DETAILS}:{index}", value=details.encode()))
    buttons += card_buttons(posting, index)
    if buttons:
        blocks.append(actions(buttons))
    return blocks


def posting_details(posting: Posting) -> list[Block]:
    """The full posting: header, summary, every fact known, then the whole description."""
    blocks: list[Block] = [header(posting.title), mrkdwn_section(posting_summary(posting))]
    shown = facts(posting)
    lines: list[str] = []
    if shown.employment:
        lines.append(f"*Type:* {shown.employment}")
    if posting.seniority:
        lines.append(f"*Seniority:* {text(posting.seniority)}")
    if shown.experience:
        lines.append(f"*Experience:* {shown.experience}")
    if posting.department:
        lines.append(f"*Department:* {text(posting.department)}")
    if shown.posted:
        lines.append(f"*Posted:* {shown.posted}")
    if len(posting.skills) > MAX_SKILLS:
        lines.append(f"*All skills:* {', '.join(text(s) for s in posting.skills)}")
    if lines:
        blocks.append(mrkdwn_section("\n".join(lines)))
    if posting.description.strip():
        blocks.append({"type": "divider"})
        description = inert(truncate(posting.description, MAX_DESCRIPTION))
        blocks.extend(sections(markdown_to_mrkdwn(description)))
    if url := link_target(posting.url):
        blocks.append(actions([button("Apply", ACTION_APPLY, url=url, style="primary")]))
    blocks.append(context(f"Source: `{escape(posting.source)}`"))
    return fit(blocks, "…the full posting is longer; open the Apply link for the rest.")


def _faq_source(hit: FAQHit) -> Block:
    return context(f"Source: `{escape(hit.source)}` · _{text(hit.question)}_")


def answer_blocks(
    answer: Answer, ref: Ref, *, shareable: bool = False, paging: bool = True
) -> list[Block]:
    """The reply to a command, mention or DM.

    `ref` is the request that produced `answer` (for paging and details buttons);
    `shareable` adds the "Share to channel" button to an ephemeral reply; `paging=False`
    leaves out Next/Previous (a shared message is a snapshot others should not page).
    """
    blocks: list[Block] = []
    if answer.intent == "faq" and answer.confident and answer.faq:
        # A confident FAQ answer is drawn from its entry: question, answer, then its source.
        entry = answer.faq[0]
        body = markdown_to_mrkdwn(inert(truncate(entry.answer.strip(), MAX_DESCRIPTION)))
        blocks.extend(sections(f"*{text(entry.question)}*\n\n{body}"))
        blocks.append(_faq_source(entry))
    elif answer.intent != "jobs" or not answer.jobs:
        # Figures, help, "nothing found": the engine's text is the answer; postings behind
        # figures follow as cards.
        blocks.extend(sections(markdown_to_mrkdwn(answer.text or "I have nothing on that yet.")))
    if answer.jobs:
        shown = f"Page {answer.page} of {answer.pages} · " if answer.pages > 1 else ""
        query = f" for “{text(truncate(ref.text, 200))}”" if ref.text.strip() else ""
        plural = "posting" if answer.total == 1 else "postings"
        lead = f"{shown}*{answer.total}* {plural}{query}"
        blocks.append(mrkdwn_section(lead) if answer.intent == "jobs" else context(lead))
        for index, hit in enumerate(answer.jobs):
            details = Ref(ref.command, ref.text, answer.page, hit.id)
            blocks.extend(posting_card(hit, details, index))
            blocks.append({"type": "divider"})
    if not answer.confident and answer.suggestions:
        if answer.suggestions_kind != "did_you_mean":  # the text does not ask it already
            blocks.append(context("Did you mean:"))
        blocks.append(
            actions(
                [
                    button(
                        question, f"{ACTION_SUGGESTION}:{i}", value=Ref("faq", question).encode()
                    )
                    for i, question in enumerate(answer.suggestions[:MAX_SUGGESTIONS])
                ]
            )
        )
    blocks.extend(learning_blocks(answer))
    controls: list[Block] = [
        button(
            f"🔎 {search}",
            f"{ACTION_SUGGESTION}:{MAX_SUGGESTIONS + i}",
            value=Ref("jobs", search).encode(),
        )
        for i, search in enumerate(answer.searches[:MAX_SUGGESTIONS])
    ]
    if paging and answer.jobs and answer.page > 1:
        previous = Ref(ref.command, ref.text, answer.page - 1)
        controls.append(button("◀ Previous", ACTION_PREVIOUS, value=previous.encode()))
    if paging and answer.jobs and answer.page < answer.pages:
        following = Ref(ref.command, ref.text, answer.page + 1)
        controls.append(button("Next ▶", ACTION_NEXT, value=following.encode()))
    if shareable:
        current = Ref(ref.command, ref.text, answer.page)
        controls.append(button("Share to channel", ACTION_SHARE, value=current.encode()))
    # Controls go last, and must survive the 50-block cut.
    tail = [actions(controls)] if controls else []
    return [*fit(blocks, limit=MAX_BLOCKS - len(tail)), *tail]


def fallback_text(answer: Answer) -> str:
    """The `text` beside the blocks: what notifications and screen readers show."""
    if answer.jobs and (answer.intent == "jobs" or not answer.text.strip()):
        titles = ", ".join(hit.title for hit in answer.jobs)
        return text(truncate(f"{answer.total} postings: {titles}", MAX_FALLBACK))
    return text(truncate(plain(answer.text) or "jobbot", MAX_FALLBACK))


def reply_payload(markdown: str, problem: str = "") -> dict[str, Any]:
    """A markdown reply as `text` plus sections, within Slack's limits; `problem` (mrkdwn,
    such as why a role could not be checked) stands above it in the blocks."""
    mrkdwn = markdown_to_mrkdwn(markdown)
    return {
        # The notification text is read without `verbatim`: no echoed URL may link there.
        "text": escape(inert(truncate(plain(markdown), MAX_FALLBACK))),
        "blocks": fit(sections(f"{problem}\n{mrkdwn}" if problem else mrkdwn)),
    }


def help_blocks(answer: Answer) -> list[Block]:
    """The engine's help text, as sections (also the App Home tab's body)."""
    return fit(sections(markdown_to_mrkdwn(answer.text)))


def home_view(answer: Answer, first: list[Block] | None = None) -> Block:
    """The App Home tab: a header, the member's own blocks (`first`), then the help."""
    blocks = [header("jobbot: jobs and career answers"), *(first or []), *help_blocks(answer)]
    return {"type": "home", "blocks": fit(blocks, limit=100)}


CLOSED_NOTE = "No longer open"


def closed_summary(posting: Posting) -> str:
    """A closed posting in an edited announcement: its title (no link), marked closed."""
    return f"*{text(posting.title)}*\n:no_entry: _{CLOSED_NOTE}_"


def announcement_blocks(announcement: Announcement) -> list[Block]:
    """New openings for a channel: one card, or a digest of several cards. Postings in
    `announcement.closed` keep their title, say "No longer open" and lose Apply."""
    postings = announcement.postings
    about = f" matching “{text(announcement.query)}”" if announcement.query.strip() else ""
    if announcement.member is not None:  # a personal alert, by DM
        intro = f":bell: {text(alert_intro(announcement))}"
    elif len(postings) == 1:
        intro = f":sparkles: New opening{about}"
    else:
        intro = f":sparkles: *{len(postings)}* new openings{about}"
    blocks: list[Block] = [mrkdwn_section(intro)]
    tail = [context(escape(alert_footer()))] if announcement.member is not None else []
    if not announcement.is_digest:
        if announcement.is_closed(postings[0]):
            blocks.append(mrkdwn_section(closed_summary(postings[0])))
        else:
            blocks.extend(posting_card(postings[0], None))
        return [*blocks, *tail]
    # A digest: one compact section per posting, the Apply button beside it.
    for index, posting in enumerate(postings):
        if announcement.is_closed(posting):
            blocks.append(mrkdwn_section(closed_summary(posting)))
            continue
        section = mrkdwn_section(posting_summary(posting))
        if url := link_target(posting.url):
            section["accessory"] = button("Apply", f"{ACTION_APPLY}:{index}", url=url)
        blocks.append(section)
    limit = MAX_BLOCKS - len(tail) - 1  # room for the Save / Applied / Not interested menus
    more = len(postings) - (limit - 2)
    search = DEFAULT_SYNTAX.spell("jobs", inert(announcement.query))
    note = f"…and {more} more: try {code(search)}"
    fitted = fit(blocks, note, limit=limit)
    shown = len(fitted) - 1 - (len(blocks) > limit)
    pickers = digest_pickers([p for p in postings[:shown] if not announcement.is_closed(p)])
    return [*fitted, *([pickers] if pickers is not None else []), *tail]


def announcement_text(announcement: Announcement) -> str:
    """Notification text for an announcement (closed postings marked)."""
    titles = ", ".join(
        posting.title + (f" ({CLOSED_NOTE.lower()})" if announcement.is_closed(posting) else "")
        for posting in announcement.postings
    )
    count = len(announcement.postings)
    lead = "New opening" if count == 1 else f"{count} new openings"
    return text(truncate(f"{lead}: {titles}", MAX_FALLBACK))


def error_blocks(message: str) -> list[Block]:
    return [mrkdwn_section(message)]


def rating_value(entry_id: str, question: str) -> str:
    """What a 👍/👎 button carries: the entry rated and the question it answered."""
    return json.dumps({"e": entry_id, "q": question[:1500]}, ensure_ascii=False)[:MAX_VALUE]


def learning_blocks(answer: Answer) -> list[Block]:
    """👍/👎 under an FAQ answer; under a "did you mean", a menu for admins to file the
    question under one of the entries offered."""
    if answer.faq:
        entry = answer.faq[0]
        value = rating_value(entry.id, answer.query.raw)
        return [
            actions(
                [
                    button("👍 Helpful", ACTION_RATE_UP, value=value),
                    button("👎 Not helpful", ACTION_RATE_DOWN, value=value),
                ]
            )
        ]
    asked = " ".join(answer.query.raw.split())
    if answer.miss != "unsure" or not answer.suggestion_ids or not asked:
        return []
    if len(TEACH_BLOCK) + len(asked) > MAX_BLOCK_ID:
        return []  # too long to carry: admins can still use /faq teach
    options = [
        {
            "text": {"type": "plain_text", "text": truncate(question, MAX_BUTTON_LABEL)},
            "value": entry_id[:150],
        }
        for question, entry_id in zip(answer.suggestions, answer.suggestion_ids, strict=False)
    ][:MAX_SUGGESTIONS]
    return [
        {
            "type": "actions",
            "block_id": TEACH_BLOCK + asked,
            "elements": [
                {
                    "type": "static_select",
                    "action_id": ACTION_TEACH,
                    "placeholder": {
                        "type": "plain_text",
                        "text": "Admins: file this question under…",
                    },
                    "options": options,
                }
            ],
        }
    ]
