"""The ``draftroom`` command."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import Progress
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.config import Settings, get_settings
from draftroom.db import Database, unit_of_work
from draftroom.kit.errors import DraftroomError
from draftroom.kit.i18n import _, activate, match_language, parse_accept_language
from draftroom.models import DelegationKind, Role

if TYPE_CHECKING:
    from fastapi import FastAPI

app = typer.Typer(
    help="Draftroom: drafting a legal text together across languages.",
    pretty_exceptions_enable=False,
    no_args_is_help=True,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
demo_app = typer.Typer(help="The illustrative demo instrument.", no_args_is_help=True)
users_app = typer.Typer(help="Accounts.", no_args_is_help=True)
tokens_app = typer.Typer(help="API tokens for scripts.", no_args_is_help=True)
journal_app = typer.Typer(help="The hash-chained journal of every change.", no_args_is_help=True)
delegations_app = typer.Typer(help="Delegations.", no_args_is_help=True)
for sub, name in [
    (db_app, "db"),
    (demo_app, "demo"),
    (users_app, "users"),
    (tokens_app, "tokens"),
    (journal_app, "journal"),
    (delegations_app, "delegations"),
]:
    app.add_typer(sub, name=name)

console = Console()
err = Console(stderr=True)
T = TypeVar("T")


def _activate_terminal_language(settings: Settings) -> None:
    import os

    env = os.environ.get("LANGUAGE") or os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    for tag in parse_accept_language(env.replace(":", ",").split(".")[0]):
        found = match_language(tag, settings.languages)
        if found:
            activate(found, settings.locales_dir)
            return
    activate("en", settings.locales_dir)


def run_in_transaction(work: Callable[[AsyncSession, Settings], Awaitable[T]]) -> T:
    """Run ``work`` in one write transaction; a business error prints and exits 1."""
    settings = get_settings()
    _activate_terminal_language(settings)

    async def main() -> T:
        db = Database.from_settings(settings)
        try:
            async with unit_of_work(db.write_sessions) as session:
                return await work(session, settings)
        finally:
            await db.dispose()

    try:
        return asyncio.run(main())
    except DraftroomError as exc:
        err.print(f"[red]{exc.detail}[/red]")
        raise typer.Exit(1) from exc


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Migrate the database to the latest schema."""
    from alembic import command

    from draftroom.health.service import alembic_config

    settings = get_settings()
    if settings.is_sqlite:
        Path(settings.database_url.split("///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(settings.migrations_dir, settings.database_url), revision)
    console.print("Database at the latest schema.")


@db_app.command("downgrade")
def db_downgrade(revision: str) -> None:
    """Migrate the database back to REVISION ("base" for an empty database)."""
    from alembic import command

    from draftroom.health.service import alembic_config

    settings = get_settings()
    command.downgrade(alembic_config(settings.migrations_dir, settings.database_url), revision)


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: Annotated[int, typer.Option(min=1)] = 1,
    reload: bool = False,
    ws: Annotated[
        str, typer.Option(help="Websocket implementation: websockets-sansio, websockets")
    ] = "websockets-sansio",
) -> None:
    """Serve the web app and the API."""
    import copy

    import uvicorn
    import uvicorn.config

    from draftroom.live.hub import MAX_MESSAGE_BYTES

    logging = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    logging["loggers"]["draftroom"] = {"handlers": ["default"], "level": "INFO"}
    uvicorn.run(
        "draftroom.cli:served_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        proxy_headers=True,
        log_level="info",
        ws=ws,
        ws_max_size=MAX_MESSAGE_BYTES,
        # Live messages are a few hundred bytes: compression would save little and its
        # zlib state costs ~46 KiB per open page.
        ws_per_message_deflate=False,
        log_config=logging,
    )


def served_app() -> FastAPI:
    """The app as `draftroom serve` runs it (each worker calls this factory)."""
    import gc
    from contextlib import asynccontextmanager

    from draftroom.app import create_app

    served = create_app()
    started = served.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[Any]:
        async with started(app) as state:
            # Everything built so far lives as long as the process: keep it out of the
            # cyclic collector's full passes, whose pauses showed up as latency spikes. Only
            # here: in tests, where apps start and stop by the hundred, freezing would keep
            # every earlier app's garbage for good.
            gc.freeze()
            yield state

    served.router.lifespan_context = lifespan
    return served


@demo_app.command("load")
def demo_load(
    force: Annotated[bool, typer.Option(help="Load even if the database holds data")] = False,
) -> None:
    """Load the illustrative demo instrument into an empty database."""
    from draftroom.demo.service import load_demo

    loaded = run_in_transaction(lambda s, settings: load_demo(s, settings, force=force))
    console.print(
        _("Demo instrument loaded.")
        if loaded
        else _("The database holds data already; the demo was not loaded.")
    )


@app.command("import")
def import_file(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    lang: Annotated[str, typer.Option(help="Language of the file: ar, zh, en, fr, ru, es")],
    instrument: Annotated[str, typer.Option(help="Instrument slug")] = "model-law",
    label: Annotated[str | None, typer.Option(help="Label of the new versions")] = None,
    milestone: Annotated[str | None, typer.Option(help="Make a milestone after import")] = None,
    illustrative: bool = False,
) -> None:
    """Import an instrument, a translation or a new draft from an outline or a DOCX file."""
    from draftroom.instruments.importing import (
        ImportLimits,
        import_instrument,
        known_ids,
        read_file,
    )
    from draftroom.instruments.service import check_slug, get_instrument
    from draftroom.kit.errors import NotFound

    settings = get_settings()
    _activate_terminal_language(settings)
    limits = ImportLimits.from_settings(settings)
    try:
        check_slug(instrument)
        parsed = read_file(file, limits, lang)
    except DraftroomError as exc:
        err.print(f"[red]{exc.detail}[/red]")
        raise typer.Exit(1) from exc

    async def work(session: AsyncSession, settings: Settings) -> str:
        try:
            known = await known_ids(session, await get_instrument(session, instrument))
        except NotFound:
            known = set()
        # Read again with the instrument's ids: our .docx names long ids by a hash.
        docx = file.suffix.lower() == ".docx"
        again = read_file(file, limits, lang, known) if known and docx else parsed
        with Progress(console=err, transient=True) as progress:
            task = progress.add_task(_("Importing"), total=len(again.articles))
            report = await import_instrument(
                session,
                settings,
                again,
                language=lang,
                slug=instrument,
                label=label,
                milestone=milestone,
                illustrative=illustrative,
                on_article=lambda _a: progress.advance(task),
                limits=limits,
            )
        return _("{articles} new articles, {versions} new versions, {unchanged} unchanged.").format(
            articles=report.created_articles,
            versions=report.new_versions,
            unchanged=report.unchanged,
        )

    console.print(run_in_transaction(work))


@app.command("export")
def export_file(
    lang: Annotated[str, typer.Option(help="Language: ar, zh, en, fr, ru, es")] = "en",
    instrument: Annotated[str, typer.Option(help="Instrument slug")] = "model-law",
    milestone: Annotated[str | None, typer.Option(help="Milestone name or id")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
) -> None:
    """Write an instrument in one language in the outline format (to stdout or a file)."""
    from draftroom.instruments.importing import export_outline
    from draftroom.instruments.service import check_language, get_instrument

    async def work(session: AsyncSession, settings: Settings) -> str:
        check_language(lang, settings)
        found = await get_instrument(session, instrument)
        return await export_outline(session, found, lang, milestone)

    text = run_in_transaction(work)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


@delegations_app.command("create")
def delegations_create(
    code: str,
    kind: Annotated[DelegationKind, typer.Option()] = DelegationKind.state,
    name: Annotated[str | None, typer.Option(help="Organisations: full name")] = None,
) -> None:
    """Create a delegation: a State by ISO 3166 code, or an organisation by acronym."""
    from draftroom.identity.service import create_delegation

    run_in_transaction(lambda s, _settings: create_delegation(s, kind, code, name, None))
    console.print(_("Delegation created."))


@users_app.command("create")
def users_create(
    email: str,
    name: Annotated[str, typer.Option()],
    role: Annotated[Role, typer.Option()] = Role.participant,
    delegation: Annotated[str | None, typer.Option(help="Delegation code")] = None,
) -> None:
    """Create a user account."""
    from draftroom.identity.service import create_user

    run_in_transaction(lambda s, _settings: create_user(s, email, name, role, delegation))
    console.print(_("User created."))


@tokens_app.command("create")
def tokens_create(
    email: str,
    name: Annotated[str, typer.Option(help="What the token is for")] = "cli",
) -> None:
    """Make an API token for a user; it is printed once and never stored."""
    from draftroom.identity.service import create_token, user_by_email
    from draftroom.kit.errors import NotFound
    from draftroom.kit.i18n import _l

    async def work(session: AsyncSession, _settings: Settings) -> str:
        user = await user_by_email(session, email)
        if user is None:
            raise NotFound(_l("No user with the e-mail “{email}”."), email=email)
        _token, secret = await create_token(session, user, name)
        return secret

    sys.stdout.write(run_in_transaction(work) + "\n")


@journal_app.command("verify")
def journal_verify() -> None:
    """Check the hash chain, and every article version's text and every milestone's
    fingerprint against what the journal recorded; name what was edited, exit 1 if any."""
    from draftroom.journal.service import verify

    result = run_in_transaction(lambda s, _settings: verify(s))
    if result.chain is not None:
        err.print(
            _("Journal tampered at entry {seq}: {reason}.").format(
                seq=result.chain.seq, reason=result.chain.reason
            )
        )
    for problem in [*result.versions, *result.milestones]:
        err.print(str(problem), markup=False, highlight=False, soft_wrap=True)
    if not result.ok:
        raise typer.Exit(1)
    console.print(_("Journal intact: {count} entries verified.").format(count=result.count))
    console.print(
        _(
            "Texts matching the journal: article versions {versions}, milestones {milestones}."
        ).format(versions=result.checked_versions, milestones=result.checked_milestones)
    )


def main() -> None:
    app()


if __name__ == "__main__":
    main()
