"""The demo's negotiation: article 5 (Central authority) as a chair's rolling text would
stand after a first reading. Every change goes through negotiation/service.py as the pages
and the API make it (the same checks, the same journal entries), so the demo's journal
verifies and its state folds back from the journal like any other.

- paragraph 1: agreed ad referendum, Egypt has confirmed, China's capital has not yet;
- paragraph 2 and its subparagraphs: agreed;
- paragraph 3: bracketed: "[shall][should] ensure" (Mexico, China; Alt. 2 "should") and
  "[directly]" (Egypt); both brackets aligned in French, only the first in Arabic, so the
  Arabic text is flagged out of step with the English;
- paragraph 4: an alternative wording (Alt. 2, France), in English, French and Arabic.

The words are the demo's: illustrative, like its text.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.config import Settings
from draftroom.identity.service import user_by_email
from draftroom.instruments import service as instruments
from draftroom.models import AgreementStatus, User
from draftroom.negotiation import service as negotiation

ARTICLE = "art_5"
CHAIR = "secretariat@draftroom.example"
EGYPT = "delegate.eg@draftroom.example"
CHINA = "delegate.cn@draftroom.example"
MEXICO = "delegate.mx@draftroom.example"
FRANCE = "delegate.fr@draftroom.example"

AGREED_AT_EGM1 = "Agreed at the first meeting of the expert group (EGM 1)."
AD_REFERENDUM = "Agreed at EGM 1, subject to confirmation by capitals of the authority designated."
STILL_BRACKETED = "Two delegations asked for brackets; informal consultations continue."

# Paragraph 3: "[shall][should] ensure" and "[directly]", per language as the texts read.
SHALL = {"en": "shall", "fr": "veille", "ar": "تكفل"}
SHOULD = {"en": "should", "fr": "devrait veiller", "ar": "ينبغي أن تكفل"}
SHALL_REQUEST = (
    "Mexico's central authority transmits requests but does not execute them itself: an "
    "obligation of result cannot fall on it."
)
SHALL_SUPPORT = "China prefers a recommendation here, as in article 7, paragraph 3."
SHALL_PLACED = "Placed at the request of Mexico and China, pending informal consultations."
DIRECTLY = {"en": "directly", "fr": "directement"}  # not yet in the Arabic text
DIRECTLY_REQUEST = (
    "Under Egypt's law, central authorities consult each other through the diplomatic "
    "channel unless a treaty provides otherwise."
)
DIRECTLY_PLACED = "Placed at the request of Egypt."

# Paragraph 4, Alt. 2: the guidelines made public.
PUBLISHED_GUIDELINES = {
    "en": (
        "The central authority shall issue guidelines on the form and content of requests "
        "and on the procedures for their execution, and shall make them publicly available."
    ),
    "fr": (
        "L'autorité centrale établit des lignes directrices sur la forme et le contenu des "
        "demandes et sur les procédures applicables à leur exécution, et les rend publiques."
    ),
    "ar": (
        "تصدر السلطة المركزية مبادئ توجيهية بشأن شكل الطلبات ومضمونها وإجراءات تنفيذها، "
        "وتتيحها للعموم."
    ),
}


async def _user(session: AsyncSession, email: str) -> User:
    user = await user_by_email(session, email)
    if user is None:  # the demo's accounts are made first
        raise LookupError(email)
    return user


async def load_negotiation(session: AsyncSession, settings: Settings, slug: str) -> None:
    """The demo's rolling text of article 5 (the demo's texts and accounts loaded first)."""
    instrument = await instruments.get_instrument(session, slug)
    article = await instruments.get_article(session, instrument, ARTICLE)
    chair = await _user(session, CHAIR)
    egypt, china = await _user(session, EGYPT), await _user(session, CHINA)
    mexico, france = await _user(session, MEXICO), await _user(session, FRANCE)

    def key(number: str) -> str:
        return f"{ARTICLE}__para_{number}"

    # Paragraph 1: ad referendum; Egypt confirms, China's confirmation is awaited.
    await negotiation.set_status(
        session,
        instrument,
        article,
        key("1"),
        AgreementStatus.ad_referendum,
        AD_REFERENDUM,
        ["EG", "CN"],
        chair,
        negotiation.status_etag(None),
    )
    row = await negotiation.get_status(session, article, key("1"))
    await negotiation.confirm(
        session, instrument, article, key("1"), egypt, negotiation.status_etag(row)
    )

    # Paragraph 2 and its subparagraphs: agreed.
    for number in ("2", "2__point_a", "2__point_b", "2__point_c", "2__point_d", "2__point_e"):
        await negotiation.set_status(
            session,
            instrument,
            article,
            key(number),
            AgreementStatus.agreed,
            AGREED_AT_EGM1,
            [],
            chair,
            negotiation.status_etag(None),
        )

    # Paragraph 3: "[shall][should]", asked for by Mexico, supported by China, placed by the
    # chair, aligned in French and Arabic, with the alternative "should" in all three.
    shall = await negotiation.request_bracket(
        session, instrument, article, key("3"), "en", SHALL["en"], SHALL_REQUEST, mexico
    )
    await negotiation.support_bracket(session, shall, SHALL_SUPPORT, china)
    await negotiation.decide_bracket(
        session, shall, "place", SHALL_PLACED, chair, negotiation.bracket_etag(shall)
    )
    for language in ("fr", "ar"):
        await negotiation.align_bracket(
            session,
            article,
            shall,
            language,
            SHALL[language],
            chair,
            negotiation.bracket_etag(shall),
        )
    should = await negotiation.add_alternative(
        session, settings, instrument, article, key("3"), {"en": SHOULD["en"]}, shall.id, chair
    )
    for language in ("fr", "ar"):
        await negotiation.translate_alternative(
            session,
            settings,
            should,
            language,
            SHOULD[language],
            chair,
            negotiation.alternative_etag(should),
        )
    await negotiation.support_alternative(session, should, mexico)
    await negotiation.support_alternative(session, should, china)

    # "[directly]", asked for by Egypt and placed; aligned in French only: the Arabic text
    # still lacks it, which the contents page flags.
    directly = await negotiation.request_bracket(
        session, instrument, article, key("3"), "en", DIRECTLY["en"], DIRECTLY_REQUEST, egypt
    )
    await negotiation.decide_bracket(
        session, directly, "place", DIRECTLY_PLACED, chair, negotiation.bracket_etag(directly)
    )
    await negotiation.align_bracket(
        session,
        article,
        directly,
        "fr",
        DIRECTLY["fr"],
        chair,
        negotiation.bracket_etag(directly),
    )
    await negotiation.set_status(
        session,
        instrument,
        article,
        key("3"),
        AgreementStatus.bracketed,
        STILL_BRACKETED,
        [],
        chair,
        negotiation.status_etag(None),
    )

    # Paragraph 4: Alt. 2, supported by France, in English, French and Arabic.
    guidelines = await negotiation.add_alternative(
        session,
        settings,
        instrument,
        article,
        key("4"),
        {language: PUBLISHED_GUIDELINES[language] for language in ("en", "fr")},
        None,
        chair,
    )
    await negotiation.translate_alternative(
        session,
        settings,
        guidelines,
        "ar",
        PUBLISHED_GUIDELINES["ar"],
        chair,
        negotiation.alternative_etag(guidelines),
    )
    await negotiation.support_alternative(session, guidelines, france)
