"""The README stays a five-minute read for users, and every link in the docs leads somewhere."""

from __future__ import annotations

import re

from tests.docs.blocks import documents
from tests.support.paths import ROOT

README = ROOT / "README.md"
LINK = re.compile(r"\]\((?!https?://|mailto:|#)([^)\s#]+)(?:#[^)]*)?\)")
PENDING: frozenset[str] = frozenset()
"""Pages other work in progress writes; checked as soon as they exist."""


def test_the_readme_is_short_and_for_users() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 250
    assert "../shared" not in text  # a clone has no such folder
    for section in ("## Two commands", "## A session", "## Slack in 10 minutes",
                    "## Discord in 10 minutes", "## Adding knowledge and sources",
                    "## Configuration", "## Deploying"):  # fmt: skip
        assert section in text
    for page in ("architecture", "search-and-answers", "announcements", "benchmarks",
                 "development"):  # fmt: skip
        assert f"(docs/{page}.md)" in text


def prose(text: str) -> str:
    """The page without code: fenced blocks and inline code are examples, not links."""
    text = re.sub(r"^ *```.*?^ *```", "", text, flags=re.S | re.M)
    return re.sub(r"`[^`\n]*`", "", text)


def test_every_relative_link_resolves() -> None:
    broken = []
    for page in documents():
        for target in LINK.findall(prose(page.read_text(encoding="utf-8"))):
            resolved = (page.parent / target).resolve()
            name = resolved.relative_to(ROOT).as_posix() if resolved.is_relative_to(ROOT) else ""
            if not resolved.exists() and name not in PENDING:
                broken.append(f"{page.relative_to(ROOT)} → {target}")
    assert broken == []
