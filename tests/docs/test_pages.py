"""The README stays a five-minute read for users, and every link in the docs leads somewhere."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.docs.blocks import blocks, documents
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


def test_the_health_samples_are_what_healthz_answers(tmp_path: Path) -> None:
    from sqlalchemy import create_engine

    from jobbot.announce.store import Store
    from jobbot.app.ops import Health
    from jobbot.engine import Engine
    from jobbot.sources import directories

    (block,) = [b for b in blocks(ROOT / "docs" / "operations.md") if b.language == "json"]
    ready, gone = (json.loads(line) for line in block.body)
    engine = Engine.from_source(directories([ROOT / "knowledge"]))
    store = Store(f"sqlite:///{tmp_path / 'jobbot.db'}")

    class Gone:
        engine = create_engine(
            "postgresql+psycopg://127.0.0.1:9/x", connect_args={"connect_timeout": 1}
        )

    try:
        assert Health(engine=lambda: engine, store=lambda: store).check()[1] == ready
        assert Health(engine=lambda: engine, store=lambda: Gone()).check()[1] == gone  # type: ignore[arg-type,return-value]
    finally:
        store.close()


def test_the_readme_shows_the_procfile_as_it_is() -> None:
    shown = [b for b in blocks(README) if b.language == "text"]
    procfile = (ROOT / "Procfile").read_text(encoding="utf-8").splitlines()
    assert [b.body for b in shown] == [procfile]
