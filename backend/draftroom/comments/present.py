"""Display helpers for comments: a provision named as people name it, in the reader's
language ("Article 3, paragraph 2"), never by its id ("art_3__para_2")."""

from __future__ import annotations

from draftroom.kit.i18n import _


def provision_label(article_number: str, number: str | None) -> str:
    """A provision by the article's number and its own: "4(a)" is paragraph 4,
    subparagraph (a); "(a)" directly under the article is a subparagraph of the article."""
    number = (number or "").strip()
    paragraph, bracket, rest = number.partition("(")
    paragraph = paragraph.strip().rstrip(".")
    subparagraph = f"({rest}" if bracket else ""
    if paragraph and subparagraph:
        return _("Article {article}, paragraph {paragraph}, subparagraph {subparagraph}").format(
            article=article_number, paragraph=paragraph, subparagraph=subparagraph
        )
    if paragraph:
        return _("Article {article}, paragraph {paragraph}").format(
            article=article_number, paragraph=paragraph
        )
    if subparagraph:
        return _("Article {article}, subparagraph {subparagraph}").format(
            article=article_number, subparagraph=subparagraph
        )
    return _("Article {article}").format(article=article_number)
