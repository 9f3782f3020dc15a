"""The admin area: delegations, accounts and roles; others are refused."""

from __future__ import annotations

from httpx import AsyncClient

from tests.fixtures.clients import csrf_token, sign_in, signed_in


async def test_only_an_admin_opens_the_admin_area(anonymous: AsyncClient) -> None:
    await sign_in(anonymous, email="secretariat@draftroom.example")
    page = await anonymous.get("/admin", headers={"Accept": "text/html"})
    assert page.status_code == 403
    assert "Only an administrator" in page.text


async def test_admin_adds_a_delegation_and_an_account_then_assigns_a_role(
    anonymous: AsyncClient, asgi_app: object
) -> None:
    await sign_in(anonymous, email="admin@draftroom.example")
    page = await anonymous.get("/admin")
    assert "Delegations" in page.text
    assert "Egypt" in page.text
    assert "INTERPOL" in page.text
    token = await csrf_token(anonymous)
    added = await anonymous.post(
        "/admin/delegations", data={"kind": "state", "code": "ke", "csrf_token": token}
    )
    assert added.status_code == 303
    bad = await anonymous.post(
        "/admin/delegations", data={"kind": "state", "code": "KX", "csrf_token": token}
    )
    assert bad.status_code == 422
    created = await anonymous.post(
        "/admin/users",
        data={
            "email": "delegate.ke@example.org",
            "name": "Kenya delegate",
            "role": "observer",
            "delegation": "",
            "password": "a-long-password",
            "csrf_token": token,
        },
    )
    assert created.status_code == 303
    page = await anonymous.get("/admin")
    assert "Kenya" in page.text
    assert "delegate.ke@example.org" in page.text
    row = page.text.split("delegate.ke@example.org")[1]
    user_id = row.split('form="user-', 1)[1].split('"')[0]
    assigned = await anonymous.post(
        f"/admin/users/{user_id}",
        data={"role": "participant", "delegation": "KE", "active": "true", "csrf_token": token},
    )
    assert assigned.status_code == 303
    anonymous.cookies.clear()
    status, _cookie = await sign_in(
        anonymous, email="delegate.ke@example.org", password="a-long-password"
    )
    assert status == 303
    me = (await anonymous.get("/api/v1/me")).json()
    assert me["role"] == "participant"
    assert me["delegation_id"] is not None


async def test_a_participant_needs_a_delegation(anonymous: AsyncClient) -> None:
    token = await signed_in(anonymous, "admin@draftroom.example")
    response = await anonymous.post(
        "/admin/users",
        data={
            "email": "p@example.org",
            "name": "P",
            "role": "participant",
            "delegation": "",
            "password": "a-long-password",
            "csrf_token": token,
        },
    )
    assert response.status_code == 422
    assert "A participant belongs to a delegation." in response.text
