"""`draftroom import` takes the platform's own .docx back: the demo's English export, then its
Arabic and Chinese ones as translations, give a fresh instrument whose outline (`draftroom
export`, provision ids included) is the demo's, line for line."""

from __future__ import annotations

import asyncio
from pathlib import Path

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from draftroom.cli import app
from draftroom.instruments import service
from draftroom.instruments.importing import export_outline


async def test_our_exports_come_back_through_the_command_line(
    client: AsyncClient, session: AsyncSession, cli_env: str, tmp_path: Path
) -> None:
    demo = await service.get_instrument(session, "model-law")
    runner = CliRunner()
    for language in ("en", "ar", "zh"):
        response = await client.get(
            "/api/v1/instruments/model-law/export.docx", params={"language": language}
        )
        assert response.status_code == 200
        path = tmp_path / f"model-law-{language}.docx"
        path.write_bytes(response.content)
        # The command runs its own event loop: in a thread beside the test's.
        done = await asyncio.to_thread(
            runner.invoke,
            app,
            ["import", str(path), "--lang", language, "--instrument", "returned"],
        )
        assert done.exit_code == 0, done.output
        exported = await asyncio.to_thread(
            runner.invoke, app, ["export", "--lang", language, "--instrument", "returned"]
        )
        assert exported.exit_code == 0, exported.output
        assert exported.output == await export_outline(session, demo, language, None)
