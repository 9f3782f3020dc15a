from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

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
