"""A Word import as the API and the page show it."""

from __future__ import annotations

from draftroom.wordfiles import service
from draftroom.wordfiles.schemas import (
    WordArticleOut,
    WordChangeOut,
    WordCollisionOut,
    WordCommentOut,
    WordImportOut,
    WordPieceOut,
    WordUnsafeOut,
)


def import_out(shown: service.Preview) -> WordImportOut:
    row, placement = shown.row, shown.placement
    collided = {a.plan.key: a for a in shown.articles}
    result = row.result or {}
    return WordImportOut(
        id=row.id,
        filename=row.filename,
        sha256=row.sha256,
        language=row.language,
        delegation_id=row.delegation_id,
        status=row.status,
        undecided=shown.undecided,
        articles=[
            WordArticleOut(
                article=plan.key,
                number=plan.number,
                version_id=plan.version_id,
                latest_id=plan.latest_id,
                how=plan.how,
                exact=plan.exact,
                paragraphs=plan.paragraphs,
                rebased=plan.version_id != plan.latest_id,
                collisions=[
                    WordCollisionOut(
                        provision=c.provision,
                        number=c.number,
                        proposed=c.proposed,
                        current=c.current,
                    )
                    for c in (collided[plan.key].collisions if plan.key in collided else [])
                ],
            )
            for plan in placement.articles
        ],
        changes=[
            WordChangeOut(
                id=c.id,
                kind=c.kind,
                number=c.number,
                before=c.before,
                after=c.after,
                authors=c.authors,
                pieces=[
                    WordPieceOut(kind=p["kind"], text=p["text"], author=p["author"])
                    for p in c.pieces
                ],
                article=c.article,
                provision=c.provision,
                reason=service.reason_text(c.reason),
                decision=c.decision,
            )
            for c in placement.changes
        ],
        comments=[
            WordCommentOut(
                id=f"m{c.id}",
                author=c.author,
                body=c.body,
                quote=c.quote,
                article=c.article,
                provision=c.provision,
                reason=service.reason_text(c.reason),
                decision=c.decision,
            )
            for c in placement.comments
        ],
        unsafe=[
            WordUnsafeOut(
                kind=u.kind, text=u.text, author=u.author, message=service.unsafe_text(u.kind)
            )
            for u in shown.document.unsafe
        ],
        amendments=[a["number"] for a in result.get("amendments", [])],
        created_at=row.created_at,
    )
