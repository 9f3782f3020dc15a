"""Who sees a comment, and who may change it."""

from __future__ import annotations

from draftroom.identity.principal import Actor
from draftroom.kit.errors import Forbidden, NotFound
from draftroom.kit.i18n import _l
from draftroom.models import Comment, CommentVisibility, Role

SECRETARIAT = frozenset({Role.secretariat, Role.admin})


def can_see(actor: Actor, comment: Comment) -> bool:
    if not actor.is_active:
        return False
    if comment.author_id == actor.id or comment.visibility is CommentVisibility.everyone:
        return True
    if comment.visibility is CommentVisibility.delegation:
        return actor.delegation_id is not None and actor.delegation_id == comment.delegation_id
    return actor.role in SECRETARIAT


def require_see(actor: Actor, comment: Comment) -> None:
    if not can_see(actor, comment):
        raise NotFound(_l("No such comment."))


def can_write(actor: Actor) -> bool:
    """Observers follow the discussion; they do not write."""
    return actor.is_active and actor.role is not Role.observer


def require_write(actor: Actor) -> None:
    if not can_write(actor):
        raise Forbidden(_l("Observers follow the discussion but do not comment."))


def require_author(actor: Actor, comment: Comment) -> None:
    require_see(actor, comment)
    if comment.author_id != actor.id:
        raise Forbidden(_l("Only the author may change a comment."))


def require_resolver(actor: Actor, comment: Comment) -> None:
    """The author, or the secretariat, marks a discussion resolved or reopens it."""
    require_see(actor, comment)
    if comment.author_id != actor.id and actor.role not in SECRETARIAT:
        raise Forbidden(_l("Only the author or the secretariat may resolve a comment."))
