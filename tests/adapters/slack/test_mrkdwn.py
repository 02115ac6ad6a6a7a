"""Escaping and markdown → mrkdwn: user text can never ping or inject links."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from adapters.slack.mrkdwn import escape, link, markdown_to_mrkdwn, plain


def test_escape_neutralises_mentions_links_and_entities() -> None:
    assert escape("<!channel> <@U123> a & b <https://x|y>") == (
        "&lt;!channel&gt; &lt;@U123&gt; a &amp; b &lt;https://x|y&gt;"
    )


def test_escape_breaks_plain_broadcast_words() -> None:
    assert "@here" not in escape("hi @here and @Channel")
    assert "@\u200bhere" in escape("hi @here")


def test_markdown_formatting_becomes_mrkdwn() -> None:
    source = "# Salaries\n**Bold** and *italic* and ~~gone~~ and `a<b`\n- one\n- [Docs](https://e.com/a?b=1&c=2)"
    assert markdown_to_mrkdwn(source) == (
        "*Salaries*\n*Bold* and _italic_ and ~gone~ and `a&lt;b`\n"
        "• one\n• <https://e.com/a?b=1&amp;c=2|Docs>"
    )


def test_links_only_for_web_and_mail_schemes() -> None:
    assert link("javascript:alert(1)", "x") == "x"
    assert markdown_to_mrkdwn("[click](slack://open)") == "click"
    assert link("https://e.com/a|c", "x|y") == "<https://e.com/a%7Cc|x¦y>"
    assert link("https://e.com/a>b", "x") == "x"  # not a URL as written: never a link


def test_code_fences_keep_their_text_escaped() -> None:
    assert markdown_to_mrkdwn("```\n<!here>\n```") == "```\n&lt;!here&gt;\n```"
    assert markdown_to_mrkdwn("```\nunclosed") == "```\nunclosed\n```"


def test_plain_drops_markup() -> None:
    assert plain("**Hi** [there](https://e.com) `x`") == "Hi there x"


@given(st.text())
def test_no_user_text_survives_as_a_slack_control_sequence(text: str) -> None:
    for rendered in (escape(text), markdown_to_mrkdwn(text)):
        # Every `<` we emit opens a link we built from [label](http...) markdown.
        for piece in rendered.split("<")[1:]:
            assert piece.startswith(("http://", "https://", "mailto:")), rendered
        assert "<!" not in rendered
        assert "<@" not in rendered


def test_soft_wrapped_markdown_becomes_one_line_per_paragraph() -> None:
    source = (
        "First line\nwraps here.\n\n- item one\n  continues\n- item two\n"
        "1. step\n> quoted <b>\n\n_Source: faq/x.md_"
    )
    assert markdown_to_mrkdwn(source) == (
        "First line wraps here.\n\n• item one continues\n• item two\n1. step\n"
        "> quoted &lt;b&gt;\n\n_Source: faq/x.md_"
    )


def test_code_fences_are_not_joined() -> None:
    assert markdown_to_mrkdwn("```\na\nb\n```") == "```\na\nb\n```"
