"""Compare versions, milestones and proposals; the synoptic table. Here, not in
comparisons/, because each page offers the exports' downloads of what it shows and the
consolidation provenance of its provisions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from draftroom.comparisons import service
from draftroom.comparisons.present import inline, rows
from draftroom.exports.present import download_formats
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.instruments import policy as instrument_policy
from draftroom.instruments import service as instruments
from draftroom.instruments.present import display_number
from draftroom.instruments.provenance import provision_trail
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.i18n import _, current_locale
from draftroom.kit.templates import render
from draftroom.models import AmendmentStatus, Article, Instrument
from draftroom.text.diff import ProvisionDiff

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class RefGroup:
    """Options of the compare selectors under one heading (milestones, drafts, proposals)."""

    label: str
    refs: list[tuple[str, str]]


async def _ref_groups(
    session: SessionDep,
    instrument: Instrument,
    article: Article,
    language: str,
    principal: CurrentPrincipal,
) -> list[RefGroup]:
    """What the reader can compare: milestones; with drafts, the latest draft and every
    version, then the proposals on the table they may see."""
    milestones, _total = await instruments.list_milestones(session, instrument, 200, 0)
    groups = [RefGroup(_("Milestones"), [(f"milestone:{m.id}", m.name) for m in milestones])]
    if instrument_policy.can_read_drafts(principal):
        versions, _count = await instruments.list_versions(session, article, language, 200, 0)
        drafts = [("latest", _("Latest draft"))] + [
            (f"version:{v.seq}", _("Version {seq}").format(seq=v.seq))
            for v in sorted(versions, key=lambda v: v.seq, reverse=True)
        ]
        groups.append(RefGroup(_("Drafts"), drafts))
        proposals = await service.proposal_refs(session, article, principal)
        if proposals:
            groups.append(RefGroup(_("Proposals"), proposals))
    return [group for group in groups if group.refs]


def _defaults(
    groups: list[RefGroup], before: str | None, middle: str | None, after: str | None
) -> dict[str, str]:
    """The three texts the form shows selected and the page compares, the same ones: the
    first milestone, the one in between (the last milestone, else the version before the
    latest), the latest draft (observers: the last milestone)."""
    milestones = next((g.refs for g in groups if g.refs[0][0].startswith("milestone:")), [])
    drafts = next((g.refs for g in groups if g.refs[0][0] == "latest"), [])
    after = after or ("latest" if drafts else (milestones[-1][0] if milestones else "latest"))
    before = before or (milestones[0][0] if milestones else "version:1")
    if not middle:
        between = [ref for ref, _name in milestones[1:]] + [ref for ref, _name in drafts[2:3]]
        middle = next((ref for ref in between if ref not in (before, after)), before)
    return {"before": before, "middle": middle, "after": after}


@router.get("/instruments/{slug}/articles/{key}/compare", response_class=HTMLResponse)
async def compare_article(
    request: Request,
    slug: str,
    key: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    language: str | None = None,
    before: str | None = None,
    after: str | None = None,
    middle: str | None = None,
    view: str = "inline",
) -> HTMLResponse:
    """Inline, side by side, or three columns (2007 text | a draft | current); an empty
    choice is the default one, and the selectors show the texts the columns show."""
    instrument, article, language = await instruments.article_in_language(
        session, settings, slug, key, language
    )
    groups = await _ref_groups(session, instrument, article, language, principal)
    chosen = _defaults(groups, before, middle, after)
    comparison = await service.compare_article(
        session, instrument, article, language, chosen["before"], chosen["after"], principal
    )
    three = None
    if view == "three":
        first = await service.compare_article(
            session, instrument, article, language, chosen["before"], chosen["middle"], principal
        )
        second = await service.compare_article(
            session, instrument, article, language, chosen["middle"], chosen["after"], principal
        )
        three = {
            "first": first,
            "second": second,
            "first_rows": {r["id"]: r for r in rows(first)},
            "second_rows": rows(second),
        }
    provenance = await provision_trail(session, comparison.after.version_id)
    return render(
        request,
        "comparisons/article.html",
        {
            "instrument": instrument,
            "article": article,
            "comparison": comparison,
            "rows": rows(comparison),
            "heading_html": inline(comparison.heading_ops),
            "view": view if view in ("inline", "side", "three") else "inline",
            "three": three,
            "language": language,
            "groups": groups,
            "chosen": chosen,
            "provenance": provenance,
            "formats": download_formats(),
        },
    )


@router.get("/instruments/{slug}/compare", response_class=HTMLResponse)
async def compare_instrument(
    request: Request,
    slug: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    language: str | None = None,
    before: str | None = None,
    after: str | None = None,
) -> HTMLResponse:
    """Two milestones of the whole instrument (default: the 2007 text and the latest draft)."""
    instrument, language = await instruments.text_in_language(session, settings, slug, language)
    # An empty choice (the form's "latest draft") is the default, never a way round the rule.
    comparison = await service.compare_instrument(
        session, instrument, language, before or None, after or None, principal
    )
    return render(
        request,
        "comparisons/instrument.html",
        {
            "instrument": instrument,
            "comparison": comparison,
            "language": language,
            "articles": [
                (a, rows(a), inline(a.heading_ops)) for a in comparison.articles if a.changed
            ],
            "unchanged": sum(1 for a in comparison.articles if not a.changed),
            "milestones": (await instruments.list_milestones(session, instrument, 200, 0))[0],
            "chosen": {"before": before or "", "after": after or ""},
            "formats": download_formats(),
        },
    )


def synoptic_params(
    language: str, delegation: list[str] | None, status: list[AmendmentStatus] | None
) -> list[tuple[str, str]]:
    """The synoptic download's query: the table as filtered on the page."""
    return (
        [("language", language)]
        + [("delegation", d.upper()) for d in delegation or ()]
        + [("status", s.value) for s in status or ()]
    )


@router.get("/instruments/{slug}/articles/{key}/synoptic", response_class=HTMLResponse)
async def synoptic(
    request: Request,
    slug: str,
    key: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    language: str | None = None,
    delegation: Annotated[list[str] | None, Query()] = None,
    status: Annotated[list[AmendmentStatus] | None, Query()] = None,
) -> HTMLResponse:
    """The document the meeting works from: base text, every proposal, the decision."""
    instrument, article, language = await instruments.article_in_language(
        session, settings, slug, key, language
    )
    table = await service.synoptic(
        session, instrument, article, language, principal, delegation or (), status or ()
    )
    return render(
        request,
        "comparisons/synoptic.html",
        {
            "instrument": instrument,
            "article": article,
            "table": table,
            "cells": [
                [inline(c.ops) if isinstance(c, ProvisionDiff) else None for c in row.cells]
                for row in table.rows
            ],
            "numbers": [display_number(row.number) for row in table.rows],
            "statuses": list(service.SYNOPTIC_STATUSES),
            "delegations": await service.synoptic_delegations(
                session, instrument, principal, article
            ),
            "chosen": {
                "delegation": [d.upper() for d in delegation or ()],
                "status": [s.value for s in status or ()],
            },
            "language": language,
            "lang_now": current_locale(),
            "formats": download_formats(),
            "download_params": synoptic_params(language, delegation, status),
        },
    )


@router.get("/instruments/{slug}/synoptic", response_class=HTMLResponse)
async def synoptic_instrument(
    request: Request,
    slug: str,
    session: SessionDep,
    settings: SettingsDep,
    principal: CurrentPrincipal,
    language: str | None = None,
    delegation: Annotated[list[str] | None, Query()] = None,
    status: Annotated[list[AmendmentStatus] | None, Query()] = None,
) -> HTMLResponse:
    """Every article with proposals, each as its synoptic table."""
    instrument, language = await instruments.text_in_language(session, settings, slug, language)
    tables = await service.synoptic_instrument(
        session, instrument, language, principal, delegation or (), status or ()
    )
    return render(
        request,
        "comparisons/synoptic_instrument.html",
        {
            "instrument": instrument,
            "language": language,
            "tables": [
                (
                    table,
                    [
                        [inline(c.ops) if isinstance(c, ProvisionDiff) else None for c in row.cells]
                        for row in table.rows
                    ],
                    [display_number(row.number) for row in table.rows],
                )
                for table in tables
            ],
            "statuses": list(service.SYNOPTIC_STATUSES),
            "delegations": await service.synoptic_delegations(session, instrument, principal),
            "chosen": {
                "delegation": [d.upper() for d in delegation or ()],
                "status": [s.value for s in status or ()],
            },
            "formats": download_formats(),
            "download_params": synoptic_params(language, delegation, status),
        },
    )
