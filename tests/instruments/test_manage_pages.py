"""The import page (preview, then confirm) and the removal of an instrument by an admin."""

from __future__ import annotations

import html
import io
import re
from datetime import timedelta

import docx
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import service as amendments
from draftroom.config import Settings
from draftroom.identity.service import user_by_email
from draftroom.instruments.schemas import ProvisionIn
from draftroom.instruments.service import get_instrument
from draftroom.models import AmendmentKind, Instrument, JournalEntry
from draftroom.models.base import utcnow
from tests.fixtures.clients import ADMIN, SECRETARIAT, csrf_token, sign_in
from tests.fixtures.factories import TEST_LAW

LAW_FR = """# Loi d'essai

## Article 1. Objet
1. La présente loi régit l'entraide.
2. Elle s'applique :
   (a) aux demandes reçues ;
   (b) aux demandes présentées.
"""


async def as_user(client: AsyncClient, email: str) -> str:
    status, _cookie = await sign_in(client, email=email)
    assert status == 303
    return await csrf_token(client)


async def preview(
    client: AsyncClient, token: str, text: str | bytes, name: str = "law.md", **fields: str
) -> str:
    data = text.encode() if isinstance(text, str) else text
    response = await client.post(
        "/instruments/import",
        data={"csrf_token": token, "kind": "new", "language": "en", **fields},
        files={"file": (name, data)},
    )
    assert response.status_code in (200, 409, 422), response.text[:300]
    return response.text


def confirm_form(page: str) -> dict[str, str]:
    """The hidden fields of the preview's confirm form, as a browser would send them."""
    form = page.split('action="/instruments/import" class="stack">')[1].split("</form>")[0]
    return {
        name: html.unescape(value)
        for name, value in re.findall(r'name="([^"]+)" value="([^"]*)"', form)
    }


async def count_instruments(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).select_from(Instrument)) or 0


async def test_the_secretariat_finds_the_import_page_from_home(anonymous: AsyncClient) -> None:
    await as_user(anonymous, SECRETARIAT)
    home = await anonymous.get("/")
    assert 'href="/instruments/import"' in home.text
    page = await anonymous.get("/instruments/import")
    assert page.status_code == 200
    assert "Import an instrument or a translation" in page.text


async def test_preview_lists_the_articles_and_writes_nothing(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    token = await as_user(anonymous, SECRETARIAT)
    before = await count_instruments(session)
    page = await preview(anonymous, token, TEST_LAW, slug="test-law")
    assert "Preview" in page
    assert "Purpose" in page
    assert "Central authority" in page
    assert "2 articles" in page
    assert "5 provisions" in page
    assert "Confirm the import" in page
    assert await count_instruments(session) == before
    gone = await anonymous.get("/instruments/test-law")
    assert gone.status_code == 404


async def test_a_malformed_outline_shows_the_clis_line_beside_the_file(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    token = await as_user(anonymous, SECRETARIAT)
    before = await count_instruments(session)
    broken = TEST_LAW.replace("2. It applies to:", "3. It applies to:")
    page = await preview(anonymous, token, broken, slug="broken-law")
    assert 'id="import-file-error"' in page
    error = page.split('id="import-file-error"')[1].split("</p>")[0]
    assert "Line 5 of the file is wrong: paragraph 3 is out of order" in error
    assert "Nothing was imported" in error
    # What was typed is kept.
    assert 'value="broken-law"' in page
    assert "Confirm the import" not in page
    assert await count_instruments(session) == before


async def test_a_malformed_docx_names_the_paragraph(anonymous: AsyncClient) -> None:
    token = await as_user(anonymous, SECRETARIAT)
    document = docx.Document()
    document.add_paragraph("Stray text before any article.")
    buffer = io.BytesIO()
    document.save(buffer)
    page = await preview(anonymous, token, buffer.getvalue(), name="law.docx", slug="w-law")
    error = page.split('id="import-file-error"')[1].split("</p>")[0]
    assert "Paragraph 1 of the file is wrong" in error


async def test_confirm_creates_the_instrument_journaled(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    token = await as_user(anonymous, SECRETARIAT)
    page = await preview(anonymous, token, TEST_LAW, slug="test-law", milestone="Original text")
    done = await anonymous.post("/instruments/import", data=confirm_form(page))
    assert done.status_code == 303
    assert done.headers["location"] == "/instruments/test-law"
    contents = await anonymous.get("/instruments/test-law")
    assert contents.status_code == 200
    assert "Test Law" in contents.text
    assert "Central authority" in contents.text
    assert "Original text" in contents.text
    kinds = (
        await session.scalars(
            select(JournalEntry.kind)
            .join(Instrument, Instrument.id == JournalEntry.instrument_id)
            .where(Instrument.slug == "test-law")
        )
    ).all()
    assert sorted(kinds) == ["milestone.created", "version.published", "version.published"]


async def test_a_taken_slug_is_refused_beside_the_slug(anonymous: AsyncClient) -> None:
    token = await as_user(anonymous, SECRETARIAT)
    page = await preview(anonymous, token, TEST_LAW, slug="model-law")
    error = page.split('id="import-slug-error"')[1].split("</p>")[0]
    assert "“model-law” exists already" in html.unescape(error)


async def test_a_translation_adds_a_language_and_says_what_it_misses(
    anonymous: AsyncClient,
) -> None:
    token = await as_user(anonymous, SECRETARIAT)
    page = await preview(anonymous, token, TEST_LAW, slug="test-law")
    await anonymous.post("/instruments/import", data=confirm_form(page))
    page = await preview(
        anonymous, token, LAW_FR, kind="translation", instrument="test-law", language="fr"
    )
    assert "A translation into French" in page
    assert "Objet" in page
    assert "Articles this file does not translate" in page
    missing = page.split('<ul class="missing">')[1].split("</ul>")[0]
    assert "Article 2" in missing
    done = await anonymous.post("/instruments/import", data=confirm_form(page))
    assert done.status_code == 303
    article = await anonymous.get("/instruments/test-law/articles/art_1", params={"text": "fr"})
    assert "La présente loi régit l" in html.unescape(article.text)


async def test_a_translation_that_breaks_the_structure_is_refused(
    anonymous: AsyncClient,
) -> None:
    token = await as_user(anonymous, SECRETARIAT)
    page = await preview(anonymous, token, TEST_LAW, slug="test-law")
    await anonymous.post("/instruments/import", data=confirm_form(page))
    broken = LAW_FR.replace("   (b) aux demandes présentées.\n", "")
    page = await preview(
        anonymous, token, broken, kind="translation", instrument="test-law", language="fr"
    )
    error = page.split('id="import-file-error"')[1].split("</p>")[0]
    assert "Article 1 has 3 provisions in this file but 4 in the source text" in error


async def test_a_file_changed_between_preview_and_confirm_is_refused(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    token = await as_user(anonymous, SECRETARIAT)
    before = await count_instruments(session)
    page = await preview(anonymous, token, TEST_LAW, slug="test-law")
    form = confirm_form(page)
    import base64

    form["content"] = base64.b64encode(TEST_LAW.replace("Purpose", "Changed").encode()).decode()
    refused = await anonymous.post("/instruments/import", data=form)
    assert refused.status_code == 409
    assert "changed since the preview" in refused.text
    # The choices are signed too: another slug for the same file is refused as well.
    form = {**confirm_form(page), "slug": "other-law"}
    refused = await anonymous.post("/instruments/import", data=form)
    assert refused.status_code == 409
    assert await count_instruments(session) == before


async def test_participants_cannot_import(anonymous: AsyncClient) -> None:
    await as_user(anonymous, "delegate.fr@draftroom.example")
    assert (await anonymous.get("/instruments/import")).status_code == 403
    assert 'href="/instruments/import"' not in (await anonymous.get("/")).text


async def test_an_admin_removes_an_instrument_after_typing_its_slug(
    anonymous: AsyncClient, session: AsyncSession
) -> None:
    token = await as_user(anonymous, SECRETARIAT)
    page = await preview(anonymous, token, TEST_LAW, slug="mistake")
    await anonymous.post("/instruments/import", data=confirm_form(page))
    anonymous.cookies.clear()
    token = await as_user(anonymous, ADMIN)
    admin = await anonymous.get("/admin")
    assert 'href="/admin/instruments"' in admin.text
    listing = await anonymous.get("/admin/instruments")
    assert 'href="/instruments/mistake/remove"' in listing.text
    confirm = await anonymous.get("/instruments/mistake/remove")
    assert "2 articles" in confirm.text
    assert "2 article versions" in confirm.text
    assert "0 amendments" in confirm.text
    assert "0 comments" in confirm.text
    model_before = (await anonymous.get("/instruments/model-law")).text.count('<tr id="art_')

    wrong = await anonymous.post(
        "/instruments/mistake/remove", data={"csrf_token": token, "typed": "mistak"}
    )
    assert wrong.status_code == 422
    error = html.unescape(wrong.text.split('id="remove-typed-error"')[1].split("</p>")[0])
    assert "Type the slug “mistake” exactly" in error
    assert (await anonymous.get("/instruments/mistake")).status_code == 200

    done = await anonymous.post(
        "/instruments/mistake/remove", data={"csrf_token": token, "typed": "mistake"}
    )
    assert done.status_code == 303
    after = await anonymous.get(done.headers["location"])
    assert "The instrument “mistake” was removed." in html.unescape(after.text)
    assert (await anonymous.get("/instruments/mistake")).status_code == 404
    assert (await anonymous.get("/instruments/mistake/articles/art_1")).status_code == 404
    assert 'href="/instruments/mistake"' not in (await anonymous.get("/")).text
    # Nothing of the other instrument was touched.
    model = await anonymous.get("/instruments/model-law")
    assert model.status_code == 200
    assert model.text.count('<tr id="art_') == model_before
    entry = await session.scalar(
        select(JournalEntry).where(JournalEntry.kind == "instrument.removed")
    )
    assert entry is not None
    assert entry.payload["slug"] == "mistake"
    assert entry.payload["articles"] == 2
    # The slug stays taken: importing under it again is refused, not a 500.
    anonymous.cookies.clear()
    token = await as_user(anonymous, SECRETARIAT)
    again = await preview(anonymous, token, TEST_LAW, slug="mistake")
    assert 'id="import-slug-error"' in again


async def test_only_an_admin_removes(anonymous: AsyncClient) -> None:
    token = await as_user(anonymous, SECRETARIAT)
    assert (await anonymous.get("/instruments/model-law/remove")).status_code == 403
    refused = await anonymous.post(
        "/instruments/model-law/remove", data={"csrf_token": token, "typed": "model-law"}
    )
    assert refused.status_code == 403
    assert (await anonymous.get("/instruments/model-law")).status_code == 200


async def test_nothing_of_a_removed_instrument_is_found_anywhere(
    anonymous: AsyncClient, session: AsyncSession, settings: Settings
) -> None:
    france = await user_by_email(session, "delegate.fr@draftroom.example")
    assert france is not None
    instrument = await get_instrument(session, "model-law")
    proposal = amendments.Proposal(
        kind=AmendmentKind.provisions,
        language="en",
        article_key="art_3",
        provisions=[ProvisionIn(id="art_3__para_1", number="1", text="A new text.")],
        heading=None,
        justification="Because.",
        note=None,
    )
    secretariat = await user_by_email(session, SECRETARIAT)
    assert secretariat is not None
    await amendments.open_round(
        session,
        instrument,
        name="Round",
        deadline=utcnow() + timedelta(days=1),
        timezone="UTC",
        article_keys=None,
        actor=secretariat,
    )
    draft = await amendments.create(session, settings, instrument, proposal, france)
    await amendments.transition(session, settings, draft, "table", france, amendments.etag(draft))
    await session.flush()
    amendment = draft.id
    token = await as_user(anonymous, ADMIN)
    assert (await anonymous.get(f"/amendments/{amendment}")).status_code == 200
    done = await anonymous.post(
        "/instruments/model-law/remove", data={"csrf_token": token, "typed": "model-law"}
    )
    assert done.status_code == 303
    json = {"Accept": "application/json"}
    for path in (
        "/instruments/model-law",
        "/api/v1/instruments/model-law",
        f"/amendments/{amendment}",
        f"/api/v1/amendments/{amendment}",
        "/api/v1/instruments/model-law/articles/art_3",
    ):
        assert (await anonymous.get(path, headers=json)).status_code == 404, path
    listed = (await anonymous.get("/api/v1/instruments", headers=json)).json()
    assert "model-law" not in str(listed)
    assert "No instrument has been loaded yet." in (await anonymous.get("/")).text
