"""Load an instrument (or a translation, or a new draft) from an outline or a DOCX file."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
from babel.support import LazyProxy
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from draftroom.config import Settings
from draftroom.instruments import service
from draftroom.instruments.schemas import ProvisionIn
from draftroom.instruments.service import check_slug
from draftroom.kit.actor import Actor
from draftroom.kit.errors import InvalidInput, NotFound
from draftroom.kit.i18n import _l, current_locale, language_name, ngettext
from draftroom.kit.wordfile import (
    DOCUMENT_PART,
    WordLimits,
    WordPackage,
    open_word_path,
    revision_count,
)
from draftroom.models import Article, Instrument
from draftroom.text import wordmarks
from draftroom.text.languages import LANGUAGES
from draftroom.text.normalise import content_hash
from draftroom.text.outline import (
    OutlineError,
    ParsedArticle,
    ParsedInstrument,
    Problem,
    format_outline,
    parse_outline,
)
from draftroom.text.provisions import ProvisionText

PROBLEMS: dict[Problem, Any] = {
    Problem.outside_article: _l("text before the first article header: “{value}”"),
    Problem.bad_header: _l("a heading that is not an article header: “{value}”"),
    Problem.duplicate_article: _l("article {value} appears twice"),
    Problem.paragraph_order: _l("paragraph {value} is out of order"),
    Problem.orphan_point: _l("subparagraph ({value}) has no paragraph above it"),
    Problem.duplicate_point: _l("subparagraph ({value}) appears twice in one paragraph"),
    Problem.duplicate_key: _l("the provision id “{value}” appears twice"),
    Problem.empty_article: _l("article {value} has no text"),
    Problem.empty_heading: _l("article {value} has no heading"),
    Problem.no_articles: _l("the file holds no article"),
}


class MalformedFile(InvalidInput):
    message = _l("{unit} {line} of the file is wrong: {problem}. Nothing was imported.")


class FileTooLarge(InvalidInput):
    message = _l(
        "The file has {size} bytes; at most {limit} can be imported. Nothing was imported."
    )


class TooManyParagraphs(InvalidInput):
    message = _l(
        "The file has more than {limit} paragraphs; import it in parts. Nothing was imported."
    )


class TooManyArticles(InvalidInput):
    message = _l(
        "The file has {count} articles; at most {limit} can be imported at once. "
        "Nothing was imported."
    )


class ImportTooSlow(InvalidInput):
    message = _l(
        "The import took longer than {limit} seconds and was stopped. Nothing was imported."
    )


@dataclass(frozen=True)
class ImportLimits:
    """Bounds on the work one import may cause; checked before the work, cheapest first."""

    max_bytes: int = 16 * 1024 * 1024
    max_paragraphs: int = 50_000
    max_articles: int = 2_000
    max_seconds: float = 60.0
    started: float = field(default_factory=time.monotonic)

    @classmethod
    def from_settings(cls, settings: Settings) -> ImportLimits:
        return cls(
            max_bytes=settings.max_import_bytes,
            max_paragraphs=settings.max_import_paragraphs,
            max_articles=settings.max_import_articles,
            max_seconds=settings.max_import_seconds,
        )

    def check_time(self) -> None:
        if time.monotonic() - self.started > self.max_seconds:
            raise ImportTooSlow(limit=f"{self.max_seconds:g}")

    def check_size(self, path: Path) -> None:
        size = path.stat().st_size
        if size > self.max_bytes:
            raise FileTooLarge(size=size, limit=self.max_bytes)

    def check_articles(self, parsed: ParsedInstrument) -> ParsedInstrument:
        if len(parsed.articles) > self.max_articles:
            raise TooManyArticles(count=len(parsed.articles), limit=self.max_articles)
        return parsed


# A DOCX paragraph opens with one of these in word/document.xml (<w:pPr> does not match).
_DOCX_PARAGRAPHS = (b"<w:p>", b"<w:p ", b"<w:p/>")
# Uncompressed XML may be this many times the file's bound (text compresses about tenfold).
_DOCX_EXPANSION = 20


def malformed(error: OutlineError, unit: Any) -> MalformedFile:
    problem = str(PROBLEMS[error.problem]).format(value=error.value)
    return MalformedFile(unit=unit, line=error.line, problem=problem)


def read_outline(path: Path, limits: ImportLimits | None = None) -> ParsedInstrument:
    limits = limits or ImportLimits()
    limits.check_size(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(_l("The file is not UTF-8 text.")) from exc
    if text.count("\n") >= limits.max_paragraphs:
        raise TooManyParagraphs(limit=limits.max_paragraphs)
    try:
        parsed = parse_outline(text)
    except OutlineError as exc:
        raise malformed(exc, _l("Line")) from exc
    limits.check_time()
    return limits.check_articles(parsed)


class TrackedChanges(InvalidInput):
    """A base text must be the text itself: revisions are refused, counted, never applied."""

    def __init__(self, count: int) -> None:
        # Translated when shown, so the page renders it in the reader's language.
        message = LazyProxy(
            lambda: ngettext(
                "This file carries {count} tracked change: accept or reject it in Word first "
                "(Review, Accept or Reject), or import the file as a proposal. "
                "Nothing was imported.",
                "This file carries {count} tracked changes: accept or reject them in Word first "
                "(Review, Accept all or Reject all), or import the file as a proposal. "
                "Nothing was imported.",
                count,
            ),
            enable_cache=False,
        )
        super().__init__(message, count=count)


def open_docx(path: Path, limits: ImportLimits) -> WordPackage:
    """The package, refused (nothing read further) if it is not a safe, clean .docx: checked
    by kit/wordfile.py, then its paragraphs counted in the raw XML, streamed, before any tree
    is built (a small file may unpack to millions of them), then its tracked changes."""
    package = open_word_path(path, WordLimits(max_bytes=limits.max_bytes))
    with package.open(DOCUMENT_PART) as xml:
        count = read = 0
        tail = b""
        while chunk := xml.read(1 << 20):
            read += len(chunk)
            if read > limits.max_bytes * _DOCX_EXPANSION:
                raise FileTooLarge(size=read, limit=limits.max_bytes * _DOCX_EXPANSION)
            # Tags cut by the chunk boundary: the previous tail is scanned again.
            window = tail + chunk
            count += sum(window.count(tag) for tag in _DOCX_PARAGRAPHS)
            count -= sum(tail.count(tag) for tag in _DOCX_PARAGRAPHS)
            tail = window[-5:]
            if count > limits.max_paragraphs:
                raise TooManyParagraphs(limit=limits.max_paragraphs)
    changes = revision_count(package)
    if changes:
        raise TrackedChanges(changes)
    return package


def _list_level(paragraph: Any, style: str) -> int | None:
    """0 for a numbered paragraph, 1 for a subparagraph, None for plain text."""
    if style.startswith("List Number") or style.startswith("List Bullet"):
        return 1 if style.rstrip().endswith(("2", "3")) else 0
    ppr = paragraph._p.pPr
    if ppr is not None and ppr.numPr is not None:
        ilvl = ppr.numPr.ilvl
        return 1 if ilvl is not None and ilvl.val and int(ilvl.val) > 0 else 0
    return None


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
# A paragraph's text, in document order; text boxes and alternate content are not the body's.
_TEXT_TAGS = {f"{_W}t": None, f"{_W}tab": "\t", f"{_W}br": " ", f"{_W}cr": " ",
              f"{_W}noBreakHyphen": "\u2011"}  # fmt: skip
_NOT_BODY = (
    f"{_W}txbxContent",
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
)


def _paragraph_text(paragraph: Any) -> str:
    parts = []
    for element in paragraph.iter(*_TEXT_TAGS):
        if any(ancestor.tag in _NOT_BODY for ancestor in element.iterancestors()):
            continue
        fixed = _TEXT_TAGS[element.tag]
        parts.append(element.text or "" if fixed is None else fixed)
    return "".join(parts)


def _style_names(package: WordPackage) -> dict[str, str]:
    """Style id to its name, lower case ("Heading1" to "heading 1"): Word localises ids."""
    if "word/styles.xml" not in package.names:
        return {}
    names = {}
    for style in package.xml("word/styles.xml").iter(f"{_W}style"):
        name = style.find(f"{_W}name")
        if name is not None:
            names[style.get(f"{_W}styleId", "")] = name.get(f"{_W}val", "").lower()
    return names


def custom_properties(package: WordPackage) -> dict[str, str]:
    """The file's custom document properties (docProps/custom.xml), by name."""
    if "docProps/custom.xml" not in package.names:
        return {}
    return {
        prop.get("name") or "": "".join(prop.itertext()).strip()
        for prop in package.xml("docProps/custom.xml").iter(f"{_CUSTOM}property")
    }


def _is_ours(package: WordPackage, body: Any) -> bool:
    """The file carries our marks (text/wordmarks.py): our custom properties, or a
    provision's or an article version's bookmark."""
    if wordmarks.PROPERTY_INSTRUMENT in custom_properties(package):
        return True
    return any(
        (mark.get(f"{_W}name") or "").startswith(
            (wordmarks.PROVISION_PREFIX, wordmarks.VERSION_PREFIX)
        )
        for mark in body.iter(f"{_W}bookmarkStart")
    )


def _provision_id(bookmark: str, known: Collection[str]) -> str | None:
    """The id a provision bookmark names. A hashed name (an id too long or odd for a
    bookmark) is resolved among the ``known`` ids; None if none is it, and the provision
    takes the id its place gives it."""
    if not bookmark.startswith(wordmarks.PROVISION_PREFIX):
        return None
    candidate = bookmark[len(wordmarks.PROVISION_PREFIX) :]
    if regex.fullmatch(r"h[0-9a-f]{24}", candidate):
        return wordmarks.provision_id(bookmark, known)
    return wordmarks.provision_id(bookmark, [candidate])


def _outline_line(number: str, text: str, key: str | None) -> str:
    """A provision as the outline writes it (text/outline.format_outline)."""
    if "(" in number:
        line = f"   {number[number.index('(') :]} {text}"
    elif number:
        line = f"{number}. {text}"
    else:
        line = text
    return f"{line} {{#{key}}}" if key else line


def marked_outline(package: WordPackage, known: Collection[str] = ()) -> str | None:
    """One outline line per body paragraph of a file we exported, read by its marks; None
    for a file without them.

    The title block (title, subtitle, notices, the list of untranslated articles) comes
    before the first article's heading and is not text of the instrument: only the Title
    paragraph is read, as the title. An article starts at a Heading 1 (its version's
    bookmark), whose Heading 2 is its heading; a provision is the paragraph its bookmark
    spans, its number before the first tab.
    """
    body = package.xml().find(f"{_W}body")
    if body is None or not _is_ours(package, body):
        return None
    styles = _style_names(package)
    lines: list[str] = []
    pending: list[str] = []  # bookmarks between paragraphs belong to the next one
    header: int | None = None  # the line of the article header a Heading 2 completes
    in_article = False
    title_seen = False
    for element in body.iter(f"{_W}p", f"{_W}bookmarkStart"):
        if any(a.tag in (*_NOT_BODY, f"{_W}tbl") for a in element.iterancestors()):
            continue
        if element.tag == f"{_W}bookmarkStart":
            if element.getparent() is not None and element.getparent().tag != f"{_W}p":
                pending.append(element.get(f"{_W}name") or "")
            continue
        marks = pending + [m.get(f"{_W}name") or "" for m in element.iter(f"{_W}bookmarkStart")]
        pending = []
        style_ref = element.find(f"{_W}pPr/{_W}pStyle")
        style = styles.get(style_ref.get(f"{_W}val", ""), "") if style_ref is not None else ""
        text = _paragraph_text(element).strip()
        provision = next((m for m in marks if m.startswith(wordmarks.PROVISION_PREFIX)), None)
        line = ""
        if not text:
            pass
        elif style == "heading 1" or any(wordmarks.version_id(m) is not None for m in marks):
            line = f"## {text}"
            header = len(lines)
            in_article = True
        elif style == "heading 2" and header is not None:
            lines[header] += f" {text}"
            header = None
        elif style == "title" and not in_article and not title_seen:
            line = f"# {text}"
            title_seen = True
        elif in_article or provision is not None:
            number, tab, rest = text.partition("\t")
            if not tab:
                number, rest = "", text
            key = _provision_id(provision, known) if provision else None
            line = _outline_line(number.strip(), rest.strip(), key)
            header = None
        lines.append(line)
    return "\n".join(lines)


def docx_to_outline(
    package: WordPackage, limits: ImportLimits | None = None, known: Collection[str] = ()
) -> str:
    """One outline line per DOCX paragraph, so a line number is a paragraph number.

    A file we exported is read by its marks (:func:`marked_outline`). Otherwise headings
    become article headers (the first one, or the Title style, the instrument's title);
    Word's automatic numbering becomes the written numbers the outline expects.
    """
    marked = marked_outline(package, known)
    if marked is not None:
        return marked
    lines: list[str] = []
    paragraph_number = letter = 0
    for index, paragraph in enumerate(package.document().paragraphs):
        if limits is not None and index % 1000 == 0:
            limits.check_time()
        text = paragraph.text.strip()
        style = paragraph.style.name if paragraph.style is not None else ""
        level = _list_level(paragraph, style or "")
        if not text:
            lines.append("")
        elif style == "Title":
            lines.append(f"# {text}")
        elif style and style.startswith("Heading"):
            lines.append(f"## {text}")
            paragraph_number = letter = 0
        elif level == 0:
            paragraph_number += 1
            letter = 0
            lines.append(f"{paragraph_number}. {text}")
        elif level == 1:
            letter += 1
            lines.append(f"   ({chr(ord('a') + letter - 1)}) {text}")
        else:
            lines.append(text)
    return "\n".join(lines)


class OtherLanguage(InvalidInput):
    message = _l(
        "This file holds the {found} text (its document properties say so), not the "
        "{chosen} one: import it as {found}. Nothing was imported."
    )


def read_docx(
    path: Path,
    limits: ImportLimits | None = None,
    language: str | None = None,
    known: Collection[str] = (),
) -> ParsedInstrument:
    """``language``: the language chosen for the import; a file we exported in another one
    is refused (the Arabic text imported as the French would replace it). ``known``: the
    provision ids of the instrument it goes into, which resolve hashed bookmarks."""
    limits = limits or ImportLimits()
    limits.check_size(path)
    package = open_docx(path, limits)
    found = custom_properties(package).get(wordmarks.PROPERTY_LANGUAGE)
    if language in LANGUAGES and found in LANGUAGES and found != language:
        raise OtherLanguage(
            found=language_name(found, current_locale()),
            chosen=language_name(language, current_locale()),
        )
    try:
        marked = marked_outline(package, known)
        source = marked if marked is not None else docx_to_outline(package, limits)
    except ImportTooSlow:
        raise
    except Exception as exc:
        raise InvalidInput(_l("The file is not a readable DOCX document.")) from exc
    try:
        parsed = parse_outline(source)
    except OutlineError as exc:
        raise malformed(exc, _l("Paragraph")) from exc
    parsed.marked_ids = marked is not None
    limits.check_time()
    return limits.check_articles(parsed)


def read_file(
    path: Path,
    limits: ImportLimits | None = None,
    language: str | None = None,
    known: Collection[str] = (),
) -> ParsedInstrument:
    """The file's instrument, refused early (nothing read further) beyond ``limits``;
    ``language``, the language it is imported as, checked against a .docx's properties;
    ``known``, the ids of the instrument it goes into (see :func:`known_ids`)."""
    if path.suffix.lower() in (".docx", ".doc"):  # a .doc is refused with what to do
        return read_docx(path, limits, language, known)
    return read_outline(path, limits)


SUFFIXES = (".md", ".txt", ".docx", ".doc")  # a .doc is refused with what to do


class NotAnImportFile(InvalidInput):
    message = _l("Choose an outline (.md or .txt) or a Word document (.docx).")


def read_upload(
    settings: Settings, name: str, data: bytes, language: str, known: Collection[str] = ()
) -> ParsedInstrument:
    """An uploaded file (its name says its kind) read as :func:`read_file` reads one on disk,
    within the same limits (the page and the API)."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise NotAnImportFile()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        return read_file(path, ImportLimits.from_settings(settings), language, known)


async def known_ids(session: AsyncSession, instrument: Instrument | None) -> set[str]:
    """The provision ids of an instrument's latest source text (translations share them):
    what a hashed bookmark in one of our exports may name."""
    if instrument is None:
        return set()
    found: set[str] = set()
    for article in await service.articles(session, instrument):
        latest = await service.latest_version(session, article.id, instrument.source_language)
        if latest is not None:
            found.update(p["id"] for p in latest.provisions)
    return found


def check_in_source(instrument: Instrument, parsed: ParsedArticle, language: str) -> None:
    """A translation only translates articles the source text has."""
    if language != instrument.source_language:
        raise InvalidInput(
            _l("Article {number} does not exist in the source text; import it first."),
            number=parsed.number,
        )


class OtherStructure(InvalidInput):
    message = _l(
        "Article {number}, provision {position}: this file holds the text of provision "
        "“{found}” where the source text has “{expected}”; it was made from another version of "
        "the text. Export the translation again from the current text. Nothing was imported."
    )


async def provision_keys(
    session: AsyncSession,
    instrument: Instrument,
    article: Article,
    parsed: ParsedArticle,
    language: str,
    marked_ids: bool = False,
) -> list[str]:
    """The provision ids the file's provisions take: a translation's, by position, those of
    the source text (whose structure it must keep); otherwise the file's own. A file that
    names its provisions (``marked_ids``: one of our .docx exports) must name the source
    text's, in its order: else its texts would land on the wrong provisions."""
    keys = [p.key for p in parsed.provisions]
    if language == instrument.source_language:
        return keys
    source = await service.latest_version(session, article.id, instrument.source_language)
    if source is None:
        return keys
    if len(source.provisions) != len(parsed.provisions):
        raise InvalidInput(
            _l(
                "Article {number} has {found} provisions in this file but "
                "{expected} in the source text; translations must keep its structure."
            ),
            number=parsed.number,
            found=len(parsed.provisions),
            expected=len(source.provisions),
        )
    if marked_ids:
        for position, (mine, theirs) in enumerate(zip(keys, source.provisions, strict=True), 1):
            if mine != theirs["id"]:
                raise OtherStructure(
                    number=parsed.number, position=position, found=mine, expected=theirs["id"]
                )
    return [p["id"] for p in source.provisions]


class SlugTaken(InvalidInput):
    status_code = 409
    message = _l(
        "An instrument “{slug}” exists already (or was removed; its slug stays taken): "
        "choose another slug, or import a translation of it."
    )


async def check_new_slug(session: AsyncSession, slug: str) -> str:
    """A new instrument's slug: valid, and never used, not even by a removed instrument."""
    check_slug(slug)
    if await session.scalar(select(Instrument.id).where(Instrument.slug == slug)) is not None:
        raise SlugTaken(slug=slug)
    return slug


@dataclass(frozen=True)
class PlannedArticle:
    number: str
    heading: str
    provisions: int
    exists: bool


@dataclass
class ImportPlan:
    """What an import would do, computed without writing: shown before it is confirmed."""

    title: str | None
    articles: list[PlannedArticle]
    provisions: int
    # A translation: the source articles the file covers and those it leaves untranslated.
    missing: list[Article] = field(default_factory=list)


async def plan_import(
    session: AsyncSession,
    settings: Settings,
    parsed: ParsedInstrument,
    *,
    language: str,
    instrument: Instrument | None,
) -> ImportPlan:
    """Check ``parsed`` as :func:`import_instrument` would (same errors), writing nothing;
    ``instrument`` None is a new instrument."""
    service.check_language(language, settings)
    existing = {a.key: a for a in await service.articles(session, instrument)} if instrument else {}
    planned = []
    for parsed_article in parsed.articles:
        article = existing.get(parsed_article.key)
        if instrument is not None:
            if article is None:
                check_in_source(instrument, parsed_article, language)
            else:
                await provision_keys(
                    session, instrument, article, parsed_article, language, parsed.marked_ids
                )
        planned.append(
            PlannedArticle(
                parsed_article.number,
                parsed_article.heading,
                len(parsed_article.provisions),
                article is not None,
            )
        )
    covered = {a.key for a in parsed.articles}
    return ImportPlan(
        title=parsed.title,
        articles=planned,
        provisions=sum(p.provisions for p in planned),
        missing=[a for key, a in existing.items() if key not in covered],
    )


@dataclass
class ImportReport:
    instrument: Instrument
    created_articles: int = 0
    new_versions: int = 0
    unchanged: int = 0
    milestone: str | None = None
    messages: list[str] = field(default_factory=list)


async def import_instrument(
    session: AsyncSession,
    settings: Settings,
    parsed: ParsedInstrument,
    *,
    language: str,
    slug: str,
    label: str | None = None,
    milestone: str | None = None,
    actor: Actor | None = None,
    illustrative: bool = False,
    on_article: Callable[[ParsedArticle], None] | None = None,
    limits: ImportLimits | None = None,
) -> ImportReport:
    """Import in one transaction: either every article lands, or nothing does.

    A first import creates the instrument (its language becomes the source language). Later
    imports add a translation (provisions aligned by position with the source text) or a new
    draft (provision ids from ``{#key}`` marks, else from the structure).
    """
    service.check_language(language, settings)
    check_slug(slug)
    limits = limits or ImportLimits.from_settings(settings)
    limits.check_articles(parsed)
    try:
        instrument = await service.get_instrument(session, slug)
    except NotFound:
        await check_new_slug(session, slug)  # a removed instrument keeps its slug
        instrument = Instrument(
            slug=slug,
            title={language: parsed.title or slug},
            source_language=language,
            illustrative=illustrative,
        )
        session.add(instrument)
        await session.flush()
    else:
        # A draft's file may carry a working title; the instrument's title stays as loaded.
        if parsed.title and language not in instrument.title:
            instrument.title = {**instrument.title, language: parsed.title}
    report = ImportReport(instrument)
    existing = {a.key: a for a in await service.articles(session, instrument)}
    position = max((a.position for a in existing.values()), default=0)
    for parsed_article in parsed.articles:
        # Raising rolls the whole import back: nothing is written.
        limits.check_time()
        article = existing.get(parsed_article.key)
        if article is None:
            check_in_source(instrument, parsed_article, language)
            position += 1
            article = await service.create_article(
                session, instrument, parsed_article.key, parsed_article.number, position
            )
            existing[article.key] = article
            report.created_articles += 1
        keys = await provision_keys(
            session, instrument, article, parsed_article, language, parsed.marked_ids
        )
        provisions = [
            ProvisionIn(id=key, number=p.number, text=p.text)
            for key, p in zip(keys, parsed_article.provisions, strict=True)
        ]
        current = await service.latest_version(session, article.id, language)
        cleaned = service.clean_provisions(article, provisions, settings)
        if current is not None and current.content_hash == content_hash(
            parsed_article.heading, cleaned
        ):
            report.unchanged += 1
        else:
            await service.publish_version(
                session,
                settings,
                instrument=instrument,
                article=article,
                language=language,
                heading=parsed_article.heading,
                provisions=provisions,
                label=label,
                actor=actor,
                if_match=None,
                check_precondition=False,
            )
            report.new_versions += 1
        if on_article is not None:
            on_article(parsed_article)
    if milestone:
        await service.create_milestone(session, instrument, milestone, None, actor)
        report.milestone = milestone
    return report


async def export_outline(
    session: AsyncSession, instrument: Instrument, language: str, milestone_ref: str | None
) -> str:
    """The instrument in one language (latest, or as of a milestone) as an outline."""
    entries: list[tuple[str, str, list[ProvisionText]]] = []
    if milestone_ref:
        milestone = await service.get_milestone(session, instrument, milestone_ref)
        for article, version in await service.milestone_text(session, milestone, language):
            entries.append((article.number, version.heading, version.provisions))
    else:
        for article in await service.articles(session, instrument):
            latest = await service.latest_version(session, article.id, language)
            if latest is not None:
                entries.append((article.number, latest.heading, latest.provisions))
    return format_outline(instrument.title.get(language), entries, language)
