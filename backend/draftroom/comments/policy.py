"""Who sees a comment, what of it, and who may change it.

One conversation across languages: a comment belongs to its article, provision or
amendment, never to the language it is read in, so nothing here looks at the reader's
language. What does narrow what a reader sees:

- the comment's own visibility (everyone, the author's delegation, the secretariat);
- the amendment it is attached to: a comment on a delegation's draft is seen only by those
  who may see the draft (``amendments.policy.can_see``), so it never names the draft to
  anyone else, not on a page, in the API or in the live stream;
- observers read published milestones only: a quote taken from a working version that no
  milestone holds is withheld from them (the comment stays, with a note that it quoted a
  working draft), and the quotes they are shown are re-found in the published text.
"""

from __future__ import annotations

from draftroom.amendments import policy as amendment_policy
from draftroom.instruments import policy as instrument_policy
from draftroom.journal import service as journal
from draftroom.kit.actor import Actor
from draftroom.kit.errors import Forbidden, NotFound
from draftroom.kit.i18n import _l
from draftroom.models import Amendment, AmendmentStatus, Comment, CommentVisibility, Role

SECRETARIAT = frozenset({Role.secretariat, Role.admin})


def can_see(actor: Actor, comment: Comment, amendment: Amendment | None) -> bool:
    """``amendment``: the one the comment is attached to (None when it is not attached)."""
    if not actor.is_active:
        return False
    if comment.amendment_id is not None and (
        amendment is None or not amendment_policy.can_see(actor, amendment)
    ):
        return False
    if comment.author_id == actor.id or comment.visibility is CommentVisibility.everyone:
        return True
    if comment.visibility is CommentVisibility.delegation:
        return actor.delegation_id is not None and actor.delegation_id == comment.delegation_id
    return actor.role in SECRETARIAT


def require_see(actor: Actor, comment: Comment, amendment: Amendment | None) -> None:
    if not can_see(actor, comment, amendment):
        raise NotFound(_l("No such comment."))


def reads_drafts(actor: Actor) -> bool:
    """Whether quotes are re-found in the working text (else in the published text)."""
    return instrument_policy.can_read_drafts(actor)


def can_see_quote(actor: Actor, comment: Comment, published: bool) -> bool:
    """``published``: the version the words were quoted from is held by a milestone.
    Observers never read a working draft's words, not even quoted in a comment."""
    return comment.quote is not None and (reads_drafts(actor) or published)


def journal_visibility(comment: Comment, amendment: Amendment | None) -> str:
    """Who receives the comment's events live and on replay: never wider than who may see
    the comment (a draft amendment's comments stay inside its delegation)."""
    if amendment is not None and amendment.status is AmendmentStatus.draft:
        return journal.delegation_visibility(amendment.delegation_id)
    if comment.visibility is CommentVisibility.everyone:
        return journal.PUBLIC
    if comment.visibility is CommentVisibility.delegation and comment.delegation_id:
        return journal.delegation_visibility(comment.delegation_id)
    return journal.SECRETARIAT


def can_write(actor: Actor) -> bool:
    """Observers follow the discussion; they do not write."""
    return actor.is_active and actor.role is not Role.observer


def require_write(actor: Actor) -> None:
    if not can_write(actor):
        raise Forbidden(_l("Observers follow the discussion but do not comment."))


def require_author(actor: Actor, comment: Comment, amendment: Amendment | None) -> None:
    require_see(actor, comment, amendment)
    if comment.author_id != actor.id:
        raise Forbidden(_l("Only the author may change a comment."))


def require_resolver(actor: Actor, comment: Comment, amendment: Amendment | None) -> None:
    """The author, or the secretariat, marks a discussion resolved or reopens it."""
    require_see(actor, comment, amendment)
    if comment.author_id != actor.id and actor.role not in SECRETARIAT:
        raise Forbidden(_l("Only the author or the secretariat may resolve a comment."))
