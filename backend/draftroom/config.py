"""Settings, read once from the environment (prefix ``DRAFTROOM_``)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from draftroom.text.languages import CODES, DEFAULT

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SECRET = "development-only-secret-change-me"  # noqa: S105 - refused outside development


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DRAFTROOM_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    database_url: str = f"sqlite+aiosqlite:///{ROOT / 'var' / 'draftroom.db'}"
    secret_key: SecretStr = SecretStr(DEFAULT_SECRET)
    redis_url: str | None = None
    # A JSON list or comma-separated: "https://a.example,https://b.example".
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["http://127.0.0.1:8000"]
    )
    languages: tuple[str, ...] = CODES
    default_language: str = DEFAULT
    frontend_dir: Path = ROOT / "frontend"
    locales_dir: Path = ROOT / "locales"
    migrations_dir: Path = ROOT / "migrations"
    # A provision is a paragraph; the longest in real treaties stay well under this.
    max_provision_chars: int = 20_000
    max_provisions_per_article: int = 500
    page_size: int = 50
    # A request body larger than this is refused with 413 (declared or streamed).
    max_request_bytes: int = 8 * 1024 * 1024
    # Imports (outline or DOCX): refused early beyond these bounds, nothing written.
    max_import_bytes: int = 16 * 1024 * 1024
    max_import_paragraphs: int = 50_000
    max_import_articles: int = 2_000
    max_import_seconds: float = 60.0
    # Sign-in: a session ends after this long unused, and after this long in any case.
    session_idle_minutes: int = 120
    session_absolute_hours: int = 12
    # Sign-in throttle (README, "Signing in"). An account from one address, then the account
    # from anywhere, may fail this many times before it waits 1 minute, doubling with every
    # further failure up to the cap; failures are remembered this long. An address alone is
    # refused only at the far higher ceiling within the window (a shared room or proxy).
    sign_in_pair_failures: int = 5
    sign_in_account_failures: int = 20
    sign_in_max_wait_minutes: int = 60
    sign_in_memory_hours: int = 24
    sign_in_address_failures: int = 100
    sign_in_window_minutes: int = 15
    # Live: open websockets per user and worker (tabs, windows, scripts).
    live_connections_per_user: int = 10
    # A reader who missed more events than this reloads the page instead of a replay.
    live_replay_limit: int = 1000
    # Single sign-on (OpenID Connect); off unless an issuer is set.
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: SecretStr | None = None
    oidc_scopes: str = "openid email profile"

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [origin.strip() for origin in text.split(",") if origin.strip()]
        return value

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        if self.environment == "production" and (
            self.secret_key.get_secret_value() == DEFAULT_SECRET
            or len(self.secret_key.get_secret_value()) < 32
        ):
            raise ValueError(
                "DRAFTROOM_SECRET_KEY must be set to a random value of at least 32 characters "
                "outside development"
            )
        unknown = set(self.languages) - set(CODES)
        if unknown:
            raise ValueError(f"unsupported languages: {sorted(unknown)}")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
