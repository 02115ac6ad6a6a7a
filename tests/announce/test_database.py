"""Database URLs are masked in every form wherever they are shown: `scheduler --status`, the
scheduler's start-up line, and every start-up error."""

from __future__ import annotations

import logging
import socket
from pathlib import Path

import pytest

from jobbot.announce.database import StoreError, safe_url
from jobbot.announce.store import Store
from jobbot.app import launch
from jobbot.app.cli import main
from tests.support.announce_doubles import knowledge_with_background

SECRET = "hunter2Secret"


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


PORT = _closed_port()
FORMS = {
    "user:pass@": f"postgresql://bot:{SECRET}@127.0.0.1:{PORT}/jobs",
    "?password=": f"postgresql://bot@127.0.0.1:{PORT}/jobs?password={SECRET}",
    "?sslpassword=": f"postgresql://bot@127.0.0.1:{PORT}/jobs?sslmode=prefer&sslpassword={SECRET}",
    "both": f"postgres://bot:{SECRET}@127.0.0.1:{PORT}/jobs?PassWord={SECRET}&connect_timeout=2",
    "percent-encoded": f"postgresql://bot:{SECRET}%40%2F@127.0.0.1:{PORT}/jobs",
    "unescaped @": f"postgresql://bot:hun@{SECRET}@127.0.0.1:{PORT}/jobs",
    "not a URL": f"postgresql://bot:{SECRET}@[broken/jobs",
    "unknown driver": f"nosuchdb://bot:{SECRET}@127.0.0.1:{PORT}/jobs?password={SECRET}",
}


@pytest.mark.parametrize("url", FORMS.values(), ids=list(FORMS))
def test_safe_url_masks_every_form_and_keeps_the_rest(url: str) -> None:
    shown = safe_url(url)
    assert SECRET not in shown
    assert "***" in shown
    assert "bot" in shown


def test_a_keyword_dsn_is_masked_too() -> None:
    assert safe_url(f"host=db user=bot password={SECRET} sslmode=require") == (
        "host=db user=bot password=*** sslmode=require"
    )


@pytest.mark.parametrize("url", FORMS.values(), ids=list(FORMS))
def test_a_database_that_cannot_be_opened_never_shows_its_password(url: str) -> None:
    with pytest.raises(StoreError) as info:
        Store(url)
    assert SECRET not in str(info.value)
    assert SECRET.lower() not in str(info.value).lower()


@pytest.mark.parametrize("form", ["?password=", "?sslpassword=", "unescaped @"])
def test_scheduler_start_up_errors_never_show_the_password(
    form: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JOBBOT_DATABASE_URL", FORMS[form])
    assert main(["scheduler", "--status"]) == 2
    assert main(["scheduler", "--once", "--knowledge", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "cannot open database" in err
    assert SECRET not in err


def _with_passwords(url: str) -> str:
    """A working URL with password parameters the server ignores (it trusts local users)."""
    return f"{url}&password={SECRET}&sslpassword={SECRET}"


def test_scheduler_status_masks_password_parameters(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JOBBOT_DATABASE_URL", _with_passwords(postgres_url))
    assert main(["scheduler", "--status"]) == 0
    out = capsys.readouterr().out
    assert "database: postgresql+psycopg://jobbot@/" in out
    assert "password=***" in out
    assert "sslpassword=***" in out
    assert SECRET not in out


def test_scheduler_start_up_line_masks_password_parameters(
    postgres_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("JOBBOT_DATABASE_URL", _with_passwords(postgres_url))
    monkeypatch.setattr(launch, "_run_until_stopped", lambda *args: None)
    knowledge = knowledge_with_background(tmp_path / "knowledge")
    with caplog.at_level(logging.INFO):
        assert main(["scheduler", "--knowledge", str(knowledge)]) == 0
    assert "(database postgresql+psycopg://jobbot@/" in caplog.text
    assert "password=***" in caplog.text
    assert SECRET not in caplog.text
