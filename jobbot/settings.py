"""Settings from the environment (JOBBOT_ prefix, plus the platforms' usual variable names).

Secrets are `SecretStr` so they never show up in a repr, a log line or a reply.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from platformdirs import user_cache_dir, user_data_dir
from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

BUNDLED_KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"


def default_database_url() -> str:
    """A SQLite file under the user's data directory, so state survives restarts."""
    return f"sqlite:///{Path(user_data_dir('jobbot')) / 'jobbot.db'}"


def _alias(*names: str) -> AliasChoices:
    return AliasChoices(*names)


class Settings(BaseSettings):
    """Every knob jobbot reads; construct with keyword arguments in tests."""

    model_config = SettingsConfigDict(env_prefix="JOBBOT_", extra="ignore", populate_by_name=True)

    knowledge_dir: Path = Field(default=BUNDLED_KNOWLEDGE)
    # JOBBOT_SOURCES: the TOML file of job boards, career pages and feeds (docs/sources.md).
    sources: Path | None = None
    database_url: str = Field(
        default_factory=default_database_url,
        validation_alias=_alias("JOBBOT_DATABASE_URL", "DATABASE_URL", "database_url"),
    )
    page_size: int = Field(default=5, ge=1, le=10)
    cache_dir: Path = Field(default_factory=lambda: Path(user_cache_dir("jobbot")))
    # What was typed in `jobbot chat`, for the Up arrow in the next session.
    history_file: Path = Field(default_factory=lambda: Path(user_data_dir("jobbot")) / "history")

    slack_bot_token: SecretStr | None = Field(
        default=None, validation_alias=_alias("SLACK_BOT_TOKEN", "slack_bot_token")
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None, validation_alias=_alias("SLACK_SIGNING_SECRET", "slack_signing_secret")
    )
    slack_app_token: SecretStr | None = Field(
        default=None, validation_alias=_alias("SLACK_APP_TOKEN", "slack_app_token")
    )
    slack_api_url: str | None = Field(
        default=None, validation_alias=_alias("SLACK_API_URL", "slack_api_url")
    )
    slack_admins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Threads answering Slack after the ack (acks never wait for them): JOBBOT_SLACK_WORKERS.
    slack_workers: int = Field(default=32, ge=1, le=512)
    port: int = Field(default=3000, validation_alias=_alias("PORT", "port"))

    discord_token: SecretStr | None = Field(
        default=None, validation_alias=_alias("DISCORD_TOKEN", "discord_token")
    )
    discord_guild_id: int | None = None

    poll_seconds: float = Field(default=300, gt=0)
    reload_seconds: float = Field(default=30, gt=0)
    digest_threshold: int = Field(default=5, ge=1)
    reannounce_edits: bool = False
    # How long a scheduler's claim on a delivery, and its leader lock, outlive it if it dies
    # (renewed every third of that while it works): a restarted scheduler resumes after this.
    claim_lease_seconds: float = Field(default=15, gt=0)
    leader_lease_seconds: float = Field(default=15, gt=0)
    # Personal alerts: seconds between two DMs on one platform (all members share the bot's
    # rate limits; Slack's conversations.open allows about 50 a minute).
    dm_interval: float = Field(default=1.2, ge=0)

    # Operations: JOBBOT_LOG_FORMAT=json for one JSON object per log line; the port serving
    # /healthz and /metrics for Discord and the scheduler (Slack's HTTP mode serves them on PORT).
    log_format: Literal["text", "json"] = "text"
    metrics_port: int | None = Field(default=None, ge=0, le=65535)

    @field_validator("slack_admins", mode="before")
    @classmethod
    def _split_admins(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator(
        "slack_bot_token",
        "slack_signing_secret",
        "slack_app_token",
        "discord_token",
        "slack_api_url",
        "metrics_port",
        "sources",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _lower(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value
