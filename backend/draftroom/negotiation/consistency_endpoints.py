"""API: which translations are out of step with the source text's brackets and alternatives,
and what differs (the contents page shows the same list beside the translation status)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.instruments import service as instruments
from draftroom.instruments.dependencies import InstrumentDep
from draftroom.kit.deps import SessionDep
from draftroom.negotiation import consistency
from draftroom.negotiation.consistency import Kind

router = APIRouter(prefix="/api/v1", tags=["negotiation"])
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in"},
    403: {"description": "An observer reading the working text (name a milestone)"},
    404: {"description": "Unknown instrument or milestone"},
}


class DifferenceOut(BaseModel):
    provision: str = Field(description="The provision's id")
    number: str = Field(description="Its number in the source text, e.g. 3 or 2(a)")
    kind: Kind = Field(
        description="brackets: not as many placed brackets marked in the translation as in "
        "the source text; alternative: an open alternative without a wording in the "
        "translation's language"
    )
    source_count: int = Field(description="brackets: placed brackets marked in the source")
    count: int = Field(description="brackets: placed brackets marked in the translation")
    alternative_id: int | None = Field(description="alternative: the alternative's id")
    label: str | None = Field(description="alternative: its label, e.g. Alt. 2")
    quote: str | None = Field(
        description="alternative: the bracketed words it is a wording for (null: for the "
        "whole provision)"
    )
    message: str = Field(description="What differs, in the reader's language")


class LanguageConsistencyOut(BaseModel):
    language: str
    consistent: bool = Field(description="false: the translation is outdated")
    differences: list[DifferenceOut]


class ArticleConsistencyOut(BaseModel):
    article: str = Field(description="The article's key")
    number: str
    languages: list[LanguageConsistencyOut] = Field(
        description="Every language other than the source with a version of the article"
    )


class ConsistencyOut(BaseModel):
    instrument: str
    source_language: str
    milestone: str | None = Field(description="The milestone read; null: the text now")
    articles: list[ArticleConsistencyOut] = Field(
        description="The articles with placed brackets or open alternatives (the others "
        "have nothing to differ in)"
    )


def difference_out(d: consistency.Difference) -> DifferenceOut:
    brackets = d.kind is Kind.brackets
    return DifferenceOut(
        provision=d.provision,
        number=d.number,
        kind=d.kind,
        source_count=d.source_count,
        count=d.count,
        alternative_id=None if brackets else d.alternative_id,
        label=None if brackets else d.label,
        quote=None if brackets else d.quote,
        message=d.message,
    )


@router.get(
    "/instruments/{slug}/negotiation/consistency",
    response_model=ConsistencyOut,
    responses=ERRORS,
)
async def read_consistency(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    session: SessionDep,
    milestone: Annotated[str | None, Query(description="Milestone id or name")] = None,
) -> ConsistencyOut:
    """Per article with placed brackets or open alternatives, and per language other than
    the source: what differs from the source text, provision by provision (placed brackets
    marked in each text; open alternatives without a wording in the translation). A
    translation with differences is outdated whatever its date says. Now, or as a milestone
    froze texts and state: observers read milestones only (403 without `milestone`)."""
    frozen = await instruments.get_milestone(session, instrument, milestone) if milestone else None
    found = await consistency.instrument_consistency(session, instrument, principal, frozen)
    articles = {a.id: a for a in await instruments.articles(session, instrument)}
    return ConsistencyOut(
        instrument=instrument.slug,
        source_language=instrument.source_language,
        milestone=frozen.name if frozen else None,
        articles=[
            ArticleConsistencyOut(
                article=articles[article_id].key,
                number=articles[article_id].number,
                languages=[
                    LanguageConsistencyOut(
                        language=language,
                        consistent=not differences,
                        differences=[difference_out(d) for d in differences],
                    )
                    for language, differences in languages.items()
                ],
            )
            for article_id, languages in found.items()
        ],
    )
