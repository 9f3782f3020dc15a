"""API: the rolling text (statuses, brackets, alternatives) and the progress towards
agreement. Delegations ask (brackets, support, confirmations), the secretariat decides,
observers read what a published milestone froze."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.amendments import service as amendments
from draftroom.identity.dependencies import CurrentPrincipal
from draftroom.identity.service import delegation_name, list_delegations
from draftroom.instruments import service as instruments
from draftroom.instruments.dependencies import ArticleDep, InstrumentDep
from draftroom.instruments.present import version_out
from draftroom.kit.deps import SessionDep, SettingsDep
from draftroom.kit.etag import IfMatch
from draftroom.kit.i18n import current_locale
from draftroom.models import (
    AgreementStatus,
    Alternative,
    Article,
    Bracket,
    BracketStatus,
    Delegation,
    Instrument,
    Milestone,
    ProvisionStatus,
)
from draftroom.negotiation import policy, present, rolling, service
from draftroom.negotiation import state as states
from draftroom.negotiation.dependencies import AlternativeDep, BracketDep
from draftroom.negotiation.schemas import (
    ERRORS,
    AlternativeIn,
    AlternativeOut,
    ArticleProgressOut,
    BracketIn,
    BracketOut,
    ChooseIn,
    ChosenOut,
    DelegationRef,
    FromProposalIn,
    InstrumentProgressOut,
    KeepIn,
    MilestoneProgressOut,
    NoteOut,
    ProgressOut,
    ProvisionStateOut,
    ReasonIn,
    RequestOut,
    RollingAlternativeOut,
    RollingBracketOut,
    RollingOut,
    RollingProvisionOut,
    SpanIn,
    SpanOut,
    StatusIn,
    StatusOut,
    TextIn,
)
from draftroom.negotiation.state import AlternativeState, BracketState, StatusState

router = APIRouter(prefix="/api/v1", tags=["negotiation"])
ARTICLE = "/instruments/{slug}/articles/{key}"
PROVISION = ARTICLE + "/provisions/{pid}"
BRACKET = ARTICLE + "/brackets/{bracket_id}"
ALTERNATIVE = ARTICLE + "/alternatives/{alternative_id}"

Pid = Annotated[str, Path(description="The paragraph's id, stable across renumbering")]
Language = Annotated[
    str | None,
    Query(description="The language of the text: ar, zh, en, fr, ru or es (default: yours)"),
]
MilestoneRef = Annotated[
    str | None, Query(min_length=1, description="Milestone id or name (default: now)")
]
TextLanguage = Annotated[str, Path(description="ar, zh, en, fr, ru or es")]

# --- answers ----------------------------------------------------------------------------

Names = dict[int, Delegation]


async def delegations(session: AsyncSession) -> Names:
    return {d.id: d for d in await list_delegations(session)}


def refs(ids: Iterable[int], names: Names) -> list[DelegationRef]:
    lang = current_locale()
    return [
        DelegationRef(id=i, code=names[i].code, name=delegation_name(names[i], lang))
        for i in ids
        if i in names
    ]


def status_out(article: Article, key: str, row: StatusState | None, names: Names) -> StatusOut:
    status = row.status if row else AgreementStatus.open
    return StatusOut(
        article=article.key,
        provision=key,
        status=status,
        status_name=present.status_name(status),
        reason=row.reason if row else "",
        version_seq=row.version_seq if row else None,
        confirm=refs(row.confirm, names) if row else [],
        confirmed=refs(row.confirmed, names) if row else [],
        version=row.version if row else 0,
    )


def bracket_out(article: Article, bracket: BracketState, names: Names) -> BracketOut:
    return BracketOut(
        id=bracket.id,
        article=article.key,
        provision=bracket.provision,
        status=bracket.status,
        status_name=str(present.BRACKET_STATUS_NAMES[bracket.status]),
        spans=[
            SpanOut(
                language=language,
                quote=str(span["quote"]),
                seq=int(span["seq"]),
                start=int(span["start"]),
            )
            for language, span in bracket.spans.items()
        ],
        requests=[
            RequestOut(delegation=ref, reason=str(r["reason"]))
            for r in bracket.requests
            for ref in refs([int(r["delegation_id"])], names)
        ],
        reason=bracket.reason,
        version=bracket.version,
    )


def alternative_out(
    article: Article, alternative: AlternativeState, names: Names, numbers: dict[int, int]
) -> AlternativeOut:
    return AlternativeOut(
        id=alternative.id,
        article=article.key,
        provision=alternative.provision,
        bracket_id=alternative.bracket_id,
        texts=alternative.texts,
        base_seq=alternative.base_seq,
        amendment_id=alternative.amendment_id,
        amendment_number=numbers.get(alternative.amendment_id)
        if alternative.amendment_id
        else None,
        supporters=refs(alternative.supporters, names),
        status=alternative.status,
        status_name=str(present.ALTERNATIVE_STATUS_NAMES[alternative.status]),
        version=alternative.version,
        etag=service.alternative_etag(alternative),
    )


async def respond_status(
    session: AsyncSession,
    article: Article,
    key: str,
    row: ProvisionStatus | None,
    response: Response,
) -> StatusOut:
    """The status; its ETag guards the next change."""
    response.headers["ETag"] = service.status_etag(row)
    read = states.status_state(states.status_payload(row)) if row else None
    return status_out(article, key, read, await delegations(session))


async def respond_bracket(
    session: AsyncSession, article: Article, bracket: Bracket, response: Response
) -> BracketOut:
    """The bracket; its ETag guards the secretariat's next decision."""
    response.headers["ETag"] = service.bracket_etag(bracket)
    read = states.bracket_state(states.bracket_payload(bracket))
    return bracket_out(article, read, await delegations(session))


async def respond_alternative(
    session: AsyncSession, article: Article, alternative: Alternative, response: Response
) -> AlternativeOut:
    """The alternative; its ETag guards its translation and its choice."""
    response.headers["ETag"] = service.alternative_etag(alternative)
    read = states.alternative_state(states.alternative_payload(alternative))
    numbers = await amendments.numbers(session, [alternative.amendment_id or 0])
    return alternative_out(article, read, await delegations(session), numbers)


async def milestone_named(
    session: AsyncSession, instrument: Instrument, ref: str | None
) -> Milestone | None:
    return await instruments.get_milestone(session, instrument, ref) if ref else None


# --- the rolling text -------------------------------------------------------------------


def rolling_alternative_out(
    alternative: rolling.RollingAlternative, numbers: dict[int, int]
) -> RollingAlternativeOut:
    return RollingAlternativeOut(
        id=alternative.id,
        number=alternative.number,
        label=alternative.label,
        text=alternative.text,
        source_text=alternative.source_text,
        supporters=alternative.supporters,
        amendment_id=alternative.amendment_id,
        amendment_number=numbers.get(alternative.amendment_id)
        if alternative.amendment_id
        else None,
        note=alternative.note,
        etag=service.alternative_etag(alternative),
    )


def rolling_bracket_out(
    bracket: rolling.RollingBracket, numbers: dict[int, int]
) -> RollingBracketOut:
    status = BracketStatus(bracket.status)
    return RollingBracketOut(
        id=bracket.id,
        note=bracket.note,
        status=status,
        status_name=str(present.BRACKET_STATUS_NAMES[status]),
        quote=bracket.quote,
        found=bracket.found,
        start=bracket.start,
        end=bracket.end,
        delegations=bracket.delegations,
        reasons=bracket.reasons,
        reason=bracket.reason,
        alternatives=[rolling_alternative_out(a, numbers) for a in bracket.alternatives],
        etag=service.bracket_etag(bracket),
    )


def clean_text(provision: rolling.RollingProvision) -> str:
    if provision.status is AgreementStatus.deleted:
        return present.deleted()
    return provision.clean if provision.clean is not None else present.pending()


def rolling_provision_out(
    provision: rolling.RollingProvision, numbers: dict[int, int]
) -> RollingProvisionOut:
    stored = provision.stored
    return RollingProvisionOut(
        id=provision.key,
        number=provision.number,
        text=provision.text,
        bracketed=provision.bracketed,
        clean=clean_text(provision),
        status=provision.status,
        status_name=present.status_name(provision.status),
        status_note=present.changed_note(provision.changed_since)
        if provision.changed_since is not None
        else present.status_note(provision.status, provision.confirm, provision.confirmed),
        reason=stored.reason if stored else "",
        changed_since=provision.changed_since,
        confirm=provision.confirm,
        confirmed=provision.confirmed,
        pending=[d for d in provision.confirm if d not in provision.confirmed],
        status_etag=service.status_etag(stored),
        brackets=[rolling_bracket_out(b, numbers) for b in provision.brackets],
        unplaced=[rolling_bracket_out(b, numbers) for b in provision.unplaced],
        requested=[rolling_bracket_out(b, numbers) for b in provision.requested],
        alternatives=[rolling_alternative_out(a, numbers) for a in provision.alternatives],
    )


@router.get(f"{ARTICLE}/rolling", response_model=RollingOut, responses=ERRORS)
async def read_rolling(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    article: ArticleDep,
    session: SessionDep,
    settings: SettingsDep,
    language: Language = None,
    milestone: MilestoneRef = None,
) -> RollingOut:
    """The rolling text of an article in one language: each paragraph with its status (as it
    holds for the words: an agreement on words changed since is open again), the
    delegations whose confirmation an agreement ad referendum awaits, its brackets (found
    in this language's words, or flagged), the brackets asked for, the alternative wordings
    (Alt. 2, ...) with their supporters, numbered footnotes naming the delegations, and the
    clean text ("[pending]" until agreed). Now, or as a milestone froze it (text and state
    alike): observers read milestones only (403 without `milestone`)."""
    lang = instruments.check_language(language or current_locale(), settings)
    frozen = await milestone_named(session, instrument, milestone)
    found = await rolling.rolling_article(session, instrument, article, lang, principal, frozen)
    ids = [
        a.amendment_id
        for p in found.provisions
        for a in [*p.alternatives, *(x for b in p.brackets + p.unplaced for x in b.alternatives)]
        if a.amendment_id
    ]
    numbers = await amendments.numbers(session, ids)
    return RollingOut(
        instrument=instrument.slug,
        article=article.key,
        number=article.number,
        language=lang,
        heading=found.heading,
        version_seq=found.version.seq,
        source_seq=found.source.seq,
        milestone=frozen.name if frozen else None,
        provisions=[rolling_provision_out(p, numbers) for p in found.provisions],
        notes=[NoteOut(number=n.number, text=n.text) for n in found.notes],
    )


# --- progress ---------------------------------------------------------------------------


def progress_out(progress: rolling.Progress) -> ProgressOut:
    counts = progress.as_dict()
    return ProgressOut(
        provisions=counts["provisions"],
        open=counts["open"],
        bracketed=counts["bracketed"],
        ad_referendum=counts["ad_referendum"],
        agreed=counts["agreed"],
        deleted=counts["deleted"],
        brackets=counts["brackets"],
        requested=counts["requested"],
        alternatives=counts["alternatives"],
        settled=round(progress.share, 4),
    )


@router.get("/instruments/{slug}/progress", response_model=InstrumentProgressOut, responses=ERRORS)
async def read_progress(
    principal: CurrentPrincipal, instrument: InstrumentDep, session: SessionDep
) -> InstrumentProgressOut:
    """How far the group is from agreement: paragraphs by status, placed and requested
    brackets, open alternatives, now and per article, and at every milestone (oldest first)
    to show whether the text converges. Observers get the milestones only, the articles as
    the latest milestone froze them (`now` is null)."""
    found = await rolling.instrument_progress(session, instrument, principal)
    latest = found.milestones[-1][0].name if found.milestones else None
    return InstrumentProgressOut(
        instrument=instrument.slug,
        now=progress_out(found.now) if found.now is not None else None,
        articles=[
            ArticleProgressOut(
                article=article.key,
                number=article.number,
                milestone=None if found.now is not None else latest,
                progress=progress_out(counted),
            )
            for article, counted in found.articles
        ],
        milestones=[
            MilestoneProgressOut(id=m.id, name=m.name, progress=progress_out(counted))
            for m, counted in found.milestones
        ],
    )


@router.get(f"{ARTICLE}/progress", response_model=ArticleProgressOut, responses=ERRORS)
async def read_article_progress(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    article: ArticleDep,
    session: SessionDep,
    milestone: MilestoneRef = None,
) -> ArticleProgressOut:
    """An article's paragraphs by status, its brackets and alternatives: now, or as a
    milestone froze them (observers: milestones only, 403 without `milestone`)."""
    frozen = await milestone_named(session, instrument, milestone)
    if frozen is None:
        counted = await rolling.article_progress(session, instrument, article, principal)
    else:
        _total, by_article = await rolling.milestone_progress(session, instrument, frozen)
        counted = by_article.get(article.id, rolling.Progress())
    return ArticleProgressOut(
        article=article.key,
        number=article.number,
        milestone=frozen.name if frozen else None,
        progress=progress_out(counted),
    )


# --- statuses ---------------------------------------------------------------------------


@router.get(f"{PROVISION}", response_model=ProvisionStateOut, responses=ERRORS)
async def read_provision(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    article: ArticleDep,
    pid: Pid,
    session: SessionDep,
) -> ProvisionStateOut:
    """Everything asked and decided on one paragraph now: its status, every bracket and
    every alternative (decided ones included), each with the ETag its next change needs."""
    policy.require_read_working(principal)
    return await provision_state(session, instrument, article, pid)


async def provision_state(
    session: AsyncSession, instrument: Instrument, article: Article, key: str
) -> ProvisionStateOut:
    service.provision_of(await service.source_version(session, instrument, article), key)
    now = await states.current(session, instrument.id, article.id)
    alternatives = sorted(
        (a for a in now.alternatives.values() if a.provision == key), key=lambda a: a.id
    )
    names = await delegations(session)
    numbers = await amendments.numbers(session, [a.amendment_id or 0 for a in alternatives])
    return ProvisionStateOut(
        article=article.key,
        provision=key,
        status=status_out(article, key, now.status_of(article.id, key), names),
        brackets=[bracket_out(article, b, names) for b in now.brackets_of(article.id, key)],
        alternatives=[alternative_out(article, a, names, numbers) for a in alternatives],
    )


@router.get(f"{PROVISION}/status", response_model=StatusOut, responses=ERRORS)
async def read_status(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    article: ArticleDep,
    pid: Pid,
    session: SessionDep,
    response: Response,
) -> StatusOut:
    """A paragraph's status now, with the ETag to send in If-Match when changing it (a
    paragraph never decided is open, version 0)."""
    policy.require_read_working(principal)
    service.provision_of(await service.source_version(session, instrument, article), pid)
    row = await service.get_status(session, article, pid)
    return await respond_status(session, article, pid, row, response)


@router.put(f"{PROVISION}/status", response_model=StatusOut, responses=ERRORS)
async def set_status(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    article: ArticleDep,
    pid: Pid,
    body: StatusIn,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> StatusOut:
    """The secretariat's decision on a paragraph, against the source text as it reads now,
    with a reason: open, bracketed, agreed ad referendum (naming the delegations whose
    capitals must confirm), agreed, deleted. Agreeing words still in brackets or with open
    alternatives is refused (409). `If-Match`: the status's ETag (GET it first)."""
    row = await service.set_status(
        session,
        instrument,
        article,
        pid,
        body.status,
        body.reason,
        body.confirm,
        principal,
        if_match,
    )
    return await respond_status(session, article, pid, row, response)


@router.post(f"{PROVISION}/status/confirm", response_model=StatusOut, responses=ERRORS)
async def confirm_status(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    article: ArticleDep,
    pid: Pid,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> StatusOut:
    """Your delegation confirms an agreement ad referendum on its capital's behalf; the last
    confirmation awaited makes the paragraph agreed. `If-Match`: the status's ETag."""
    service.provision_of(await service.source_version(session, instrument, article), pid)
    row = await service.confirm(session, instrument, article, pid, principal, if_match)
    return await respond_status(session, article, pid, row, response)


# --- brackets ---------------------------------------------------------------------------


@router.post(f"{PROVISION}/brackets", status_code=201, response_model=BracketOut, responses=ERRORS)
async def request_bracket(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    article: ArticleDep,
    pid: Pid,
    body: BracketIn,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
) -> BracketOut:
    """Put words of a paragraph in square brackets, quoting them as they read in one
    language: a delegation asks (the bracket is `requested` until the secretariat places
    or declines it); the secretariat places them at once. The words must be in the text
    (422 otherwise)."""
    language = instruments.check_language(body.language, settings)
    bracket = await service.request_bracket(
        session, instrument, article, pid, language, body.quote, body.reason, principal
    )
    return await respond_bracket(session, article, bracket, response)


@router.get(f"{BRACKET}", response_model=BracketOut, responses=ERRORS)
async def read_bracket(
    principal: CurrentPrincipal,
    article: ArticleDep,
    bracket: BracketDep,
    session: SessionDep,
    response: Response,
) -> BracketOut:
    """One bracket: its words in each language, who asked for it and why, its status; the
    ETag guards the secretariat's next decision."""
    policy.require_read_working(principal)
    return await respond_bracket(session, article, bracket, response)


@router.post(f"{BRACKET}/support", response_model=BracketOut, responses=ERRORS)
async def support_bracket(
    principal: CurrentPrincipal,
    article: ArticleDep,
    bracket: BracketDep,
    body: ReasonIn,
    session: SessionDep,
    response: Response,
) -> BracketOut:
    """Your delegation joins the request for these brackets (or asks to keep placed ones),
    with its reason."""
    await service.support_bracket(session, bracket, body.reason, principal)
    return await respond_bracket(session, article, bracket, response)


async def decide(
    action: str,
    principal: CurrentPrincipal,
    article: Article,
    bracket: Bracket,
    body: ReasonIn,
    session: AsyncSession,
    response: Response,
    if_match: str | None,
) -> BracketOut:
    await service.decide_bracket(session, bracket, action, body.reason, principal, if_match)
    return await respond_bracket(session, article, bracket, response)


@router.post(f"{BRACKET}/place", response_model=BracketOut, responses=ERRORS)
async def place_bracket(
    principal: CurrentPrincipal,
    article: ArticleDep,
    bracket: BracketDep,
    body: ReasonIn,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> BracketOut:
    """The secretariat places brackets a delegation asked for. `If-Match`: the bracket's
    ETag."""
    return await decide("place", principal, article, bracket, body, session, response, if_match)


@router.post(f"{BRACKET}/decline", response_model=BracketOut, responses=ERRORS)
async def decline_bracket(
    principal: CurrentPrincipal,
    article: ArticleDep,
    bracket: BracketDep,
    body: ReasonIn,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> BracketOut:
    """The secretariat declines brackets a delegation asked for, saying why. `If-Match`: the
    bracket's ETag."""
    return await decide("decline", principal, article, bracket, body, session, response, if_match)


@router.post(f"{BRACKET}/lift", response_model=BracketOut, responses=ERRORS)
async def lift_bracket(
    principal: CurrentPrincipal,
    article: ArticleDep,
    bracket: BracketDep,
    body: ReasonIn,
    session: SessionDep,
    response: Response,
    if_match: IfMatch = None,
) -> BracketOut:
    """The secretariat lifts placed brackets: the words are agreed. Brackets holding open
    alternatives are refused (409): choose a wording first. `If-Match`: the bracket's
    ETag."""
    return await decide("lift", principal, article, bracket, body, session, response, if_match)


@router.put(f"{BRACKET}/spans/{{language}}", response_model=BracketOut, responses=ERRORS)
async def align_bracket(
    principal: CurrentPrincipal,
    article: ArticleDep,
    bracket: BracketDep,
    language: TextLanguage,
    body: SpanIn,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> BracketOut:
    """The secretariat marks the same brackets in another language's text (or again in the
    same language, on the words as they read now). `If-Match`: the bracket's ETag."""
    instruments.check_language(language, settings)
    await service.align_bracket(
        session, article, bracket, language, body.quote, principal, if_match
    )
    return await respond_bracket(session, article, bracket, response)


# --- alternatives -----------------------------------------------------------------------


@router.post(
    f"{PROVISION}/alternatives", status_code=201, response_model=AlternativeOut, responses=ERRORS
)
async def add_alternative(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    article: ArticleDep,
    pid: Pid,
    body: AlternativeIn,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
) -> AlternativeOut:
    """The secretariat adds another wording for a paragraph (Alt. 2, ...; the text as it
    stands is Alt. 1) or for placed brackets in it (`bracket_id`), in the source language
    at least."""
    alternative = await service.add_alternative(
        session, settings, instrument, article, pid, body.texts, body.bracket_id, principal
    )
    return await respond_alternative(session, article, alternative, response)


@router.post(
    f"{PROVISION}/alternatives/from-proposal",
    status_code=201,
    response_model=AlternativeOut,
    responses=ERRORS,
)
async def alternative_from_proposal(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    article: ArticleDep,
    pid: Pid,
    body: FromProposalIn,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
) -> AlternativeOut:
    """A tabled proposal becomes an alternative for this paragraph in one step: its wording,
    its delegation and co-sponsors as supporters. Choosing it later accepts and
    consolidates the proposal."""
    alternative = await service.alternative_from_proposal(
        session, settings, instrument, article, body.amendment, pid, principal
    )
    return await respond_alternative(session, article, alternative, response)


@router.post(f"{PROVISION}/alternatives/keep", response_model=ProvisionStateOut, responses=ERRORS)
async def keep_text(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    article: ArticleDep,
    pid: Pid,
    body: KeepIn,
    session: SessionDep,
) -> ProvisionStateOut:
    """The secretariat keeps the text as it reads (Alt. 1): the paragraph's other wordings
    (or, with `bracket_id`, those of the bracketed words) retire, and those brackets are
    lifted. The answer is the paragraph's state after it."""
    bracket = (
        await service.get_bracket(session, article, body.bracket_id) if body.bracket_id else None
    )
    await service.keep_text(session, instrument, article, pid, bracket, body.reason, principal)
    return await provision_state(session, instrument, article, pid)


@router.get(f"{ALTERNATIVE}", response_model=AlternativeOut, responses=ERRORS)
async def read_alternative(
    principal: CurrentPrincipal,
    article: ArticleDep,
    alternative: AlternativeDep,
    session: SessionDep,
    response: Response,
) -> AlternativeOut:
    """One alternative: its wording in each language, its supporters, its status; the ETag
    guards its translation and its choice."""
    policy.require_read_working(principal)
    return await respond_alternative(session, article, alternative, response)


@router.post(f"{ALTERNATIVE}/support", response_model=AlternativeOut, responses=ERRORS)
async def support_alternative(
    principal: CurrentPrincipal,
    article: ArticleDep,
    alternative: AlternativeDep,
    session: SessionDep,
    response: Response,
) -> AlternativeOut:
    """Your delegation supports this wording."""
    await service.support_alternative(session, alternative, principal)
    return await respond_alternative(session, article, alternative, response)


@router.put(f"{ALTERNATIVE}/texts/{{language}}", response_model=AlternativeOut, responses=ERRORS)
async def translate_alternative(
    principal: CurrentPrincipal,
    article: ArticleDep,
    alternative: AlternativeDep,
    language: TextLanguage,
    body: TextIn,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> AlternativeOut:
    """The secretariat gives (or corrects) the wording in one language. `If-Match`: the
    alternative's ETag."""
    await service.translate_alternative(
        session, settings, alternative, language, body.text, principal, if_match
    )
    return await respond_alternative(session, article, alternative, response)


@router.post(f"{ALTERNATIVE}/choose", response_model=ChosenOut, responses=ERRORS)
async def choose_alternative(
    principal: CurrentPrincipal,
    instrument: InstrumentDep,
    article: ArticleDep,
    alternative: AlternativeDep,
    body: ChooseIn,
    session: SessionDep,
    settings: SettingsDep,
    response: Response,
    if_match: IfMatch = None,
) -> ChosenOut:
    """The secretariat chooses this wording: it is consolidated into the next version of the
    source text (a proposal's through the consolidation of that proposal, which becomes
    consolidated), the other wordings retire, and brackets whose words it replaces are
    lifted. A collision with what changed since is refused (409) until `resolution` gives
    the paragraph's text. `If-Match`: the alternative's ETag. The answer's ETag is the new
    version's (for the next version published)."""
    version = await service.choose(
        session,
        settings,
        instrument,
        article,
        alternative,
        body.reason,
        body.resolution,
        principal,
        if_match,
    )
    numbers = await amendments.numbers(session, [alternative.amendment_id or 0])
    response.headers["ETag"] = instruments.version_etag(version)
    return ChosenOut(
        alternative=alternative_out(
            article,
            states.alternative_state(states.alternative_payload(alternative)),
            await delegations(session),
            numbers,
        ),
        version=version_out(instrument, article, version),
    )
