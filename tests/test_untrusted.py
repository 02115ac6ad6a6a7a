"""Posting text is untrusted: which URLs may be links, and how links inside text go inert."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobbot.untrusted import host, inert, link_target, printable
from tests.support.hostile import HOSTILE, SPLIT_COMPANY, SPLIT_TITLE


@pytest.mark.parametrize(
    "url",
    ["https://jobs.example.com/a?b=1&c=2#apply", "http://boards.example/jobs/42", "HTTPS://X.IO/"],
)
def test_a_postings_own_http_url_may_be_a_link(url: str) -> None:
    assert link_target(url) == url


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "javascript:alert(1)",
        "data:text/html,<script>",
        "/careers/apply",
        "jobs.example.com/apply",
        "https://good.example.com@evil.example/login",  # the host is evil.example
        "https://user:pass@jobs.example/",
        "https://jobs.example/a b",
        " https://jobs.example/",
        "https://jobs.example/\x1b]8;;",
        "https://jobs.example/\u202e",
        'https://jobs.example/"onmouseover',
        "https://jobs.example/<x>",
        "https://",
        "https://jobs.example/" + "a" * 3000,
    ],
)
def test_anything_else_is_never_a_link(url: str | None) -> None:
    assert link_target(url) is None


def test_a_masked_link_shows_where_it_really_goes() -> None:
    assert inert("[Bank Login](https://evil.example/x)") == "Bank Login (evil.example)"
    shown = inert("[https://good.example.com](https://evil.example/masked)")
    assert shown == "good.example.com (evil.example)"
    assert inert("![logo](https://evil.example/a.png)") == "logo (evil.example)"
    assert inert('[a](<https://evil.example/x> "title")') == "a (evil.example)"


def test_look_alike_hosts_are_shown_as_what_they_are() -> None:
    shown = inert("[paypal](https://раураl.example/)")  # Cyrillic letters
    assert shown.startswith("paypal (xn--")
    assert shown.endswith(".example)")
    assert host("https://EVIL.example:8443/x") == "evil.example"


def test_autolinks_and_bare_urls_lose_their_scheme() -> None:
    assert inert("see <https://evil.example/a> or https://evil.example/b.") == (
        "see evil.example/a or evil.example/b."
    )
    assert "://" not in inert("HTTP://x.example ftp://y.example xhttps://z.example")


def test_no_masked_link_survives_nesting_or_a_split_across_fields() -> None:
    assert "](" not in inert("[a [b] c](https://evil.example/nested)")
    assert "](" not in inert(SPLIT_TITLE) + inert(SPLIT_COMPANY)
    assert "](" not in inert("[" * 50 + "x" + "](" * 50 + "https://evil.example)")


def test_other_markdown_is_kept() -> None:
    assert inert("**Remote** role, `python`, _fast_\n- one") == (
        "**Remote** role, `python`, _fast_\n- one"
    )


def test_controls_and_bidi_overrides_are_dropped() -> None:
    assert inert("a\x1b[31mred\x1b[0m\r\u202eb\u202c\tc\n") == "a[31mred[0mb\tc\n"
    assert printable("\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\") == (
        "]8;;https://evil.example\\click]8;;\\"
    )
    assert "\x1b" not in inert(HOSTILE)


SCHEME = re.compile(r"(?:https?|ftp)://", re.IGNORECASE)


@given(st.text(alphabet=st.sampled_from("htps:/f[]()<>!x \n")) | st.text())
def test_inert_text_never_links(text: str) -> None:
    shown = inert(text)
    assert "](" not in shown
    assert not SCHEME.search(shown)


def test_a_scheme_rebuilt_by_dropping_one_is_broken_too() -> None:
    assert not SCHEME.search(inert("httphttps://s://evil.example"))


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000, "](" * 100_000, "[a](" * 50_000, "<https://" * 30_000, "https://" * 30_000],
)
def test_hostile_text_costs_linear_time(text: str) -> None:
    started = time.perf_counter()
    inert(text)
    assert time.perf_counter() - started < 0.5


def test_brackets_after_the_host_cannot_end_a_markdown_link_early() -> None:
    from jobbot.untrusted import link_target

    url = "https://jobs.example/a)(https://evil.example/x"
    assert link_target(url) == "https://jobs.example/a%29%28https://evil.example/x"
    assert link_target("https://jobs.example/role[1]") == "https://jobs.example/role%5B1%5D"
    assert link_target("https://jobs.example/plain?q=1#top") == "https://jobs.example/plain?q=1#top"
