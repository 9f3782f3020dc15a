from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from draftroom.kit.fields import Text
from draftroom.models import DelegationKind, Role


class DelegationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: DelegationKind
    code: str
    name: str


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    role: Role
    delegation_id: int | None


class TokenOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    created_at: datetime
    revoked_at: datetime | None


class Me(BaseModel):
    id: int
    name: str
    email: str
    role: Role
    delegation_id: int | None
    locale: str | None
    time_zone: str | None = Field(description="IANA name; null: the browser's, else UTC")


class TokenIn(BaseModel):
    name: Text = Field(min_length=1, max_length=100, description="What the token is for")


class NewToken(TokenOut):
    token: str = Field(description="The secret: shown once, never stored")


class TimeZoneIn(BaseModel):
    time_zone: str | None = Field(
        max_length=64, description="An IANA name (“Europe/Paris”); null: the browser's, else UTC"
    )


class PasswordIn(BaseModel):
    current_password: str = Field(max_length=1024)
    new_password: str = Field(max_length=1024, description="At least 12 characters")
    new_password_again: str = Field(max_length=1024)


class PasswordChanged(BaseModel):
    sessions_ended: int = Field(description="Other signed-in browsers now signed out")


class TemporaryPassword(BaseModel):
    user_id: int
    temporary_password: str = Field(description="Shown once: hand it over, it is not stored")
