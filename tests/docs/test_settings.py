"""Every setting jobbot reads is in docs/operations.md's table, under the name a user sets."""

from __future__ import annotations

from pydantic import AliasChoices

from jobbot.settings import Settings
from tests.support.paths import ROOT


def variable(name: str) -> str:
    field = Settings.model_fields[name]
    alias = field.validation_alias
    if isinstance(alias, AliasChoices):
        return str(alias.choices[0])
    return f"JOBBOT_{name.upper()}"


def test_every_setting_is_documented() -> None:
    table = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    missing = [variable(n) for n in Settings.model_fields if f"`{variable(n)}`" not in table]
    assert missing == []
