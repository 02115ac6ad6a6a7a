"""A throwaway PostgreSQL server for the tests that need one (initdb + pg_ctl, unix socket).

`tests/conftest.py` wraps these in the `postgres_server` (session) and `postgres_url`
fixtures.

Skipped with a reason where the server binaries are absent or cannot be run.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest


def _postgres_bindir() -> Path | None:
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return versions[-1].parent if versions else None


Server = tuple[Path, int]
"""The socket directory and port of a running server."""


def running_server() -> Iterator[Server]:
    """Start a throwaway PostgreSQL on a unix socket in a temp dir, stop it afterwards."""
    bindir = _postgres_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    base = Path(tempfile.mkdtemp(prefix="jobbot-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to run initdb as")
        runuser = shutil.which("runuser")
        if runuser is None:
            pytest.skip("running as root and 'runuser' is not available")
        os.chown(base, account.pw_uid, account.pw_gid)
        run_as = [runuser, "-u", "postgres", "--"]
    data, port = base / "data", 5432
    try:
        subprocess.run(
            # --no-sync: a throwaway cluster needs no fsync, and on a busy disk initdb's
            # fsyncs alone took minutes (1 s without).
            [
                *run_as,
                str(bindir / "initdb"),
                "--no-sync",
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "jobbot",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        options = f"-k {base} -p {port} -c listen_addresses='' -c fsync=off"
        subprocess.run(
            [
                *run_as,
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(base / "log"),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"could not start a local PostgreSQL: {exc}")
    try:
        yield base, port
    finally:
        subprocess.run(
            [*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(base, ignore_errors=True)


def fresh_database(server: Server) -> str:
    """Create an empty database on the server; returns its SQLAlchemy URL."""
    import psycopg

    socket_dir, port = server
    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(
        host=str(socket_dir), port=port, user="jobbot", dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"postgresql+psycopg://jobbot@/{name}?host={socket_dir}&port={port}"
