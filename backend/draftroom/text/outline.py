"""The plain-text outline of an instrument: read and written, round trip exact.

    # Title of the instrument

    ## Article 12. Heading
    1. Numbered paragraph. {#art_12__para_1}
       (a) lettered subparagraph;
    Unnumbered paragraph.

Article headers are recognised in every language of text/languages.py ("Article 12.",
"Artículo 12.", "Статья 12.", "第12条", "المادة 12."). A trailing ``{#key}`` carries a
provision's stable id; without one, ids are derived from the structure
(``art_12__para_1__point_a``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import regex

from draftroom.text.languages import LANGUAGES, language
from draftroom.text.normalise import normalise
from draftroom.text.provisions import ProvisionText

_NUMBER = r"(\d+(?:[ _-]?(?:bis|ter|quater|quinquies|sexies))?)"


def _literal(text: str) -> str:
    return "".join(r"\s+" if char == " " else regex.escape(char) for char in text)


def _strict(header: str) -> str:
    before, after = header.split("{n}")
    return rf"{_literal(before)}{_NUMBER}{_literal(after)}\s+(.+)$"


# Each language's article header (text/languages.py), tried in the table's order.
_ARTICLE_HEADERS = [
    regex.compile(pattern.format(number=_NUMBER) + "$")
    for pattern in dict.fromkeys(row.article_pattern for row in LANGUAGES.values())
]
# Without "#" marks, a line is a header only in its strict form ("Article 12. Heading").
_STRICT_HEADERS = [
    regex.compile(_strict(header))
    for header in dict.fromkeys(row.article_header for row in LANGUAGES.values())
]
_KEY = regex.compile(r"\s*\{#([A-Za-z0-9_.\-]{1,120})\}\s*$")
_PARAGRAPH = regex.compile(r"^(\d+)\.\s+(.+)$")
_POINT = regex.compile(r"^\s*\(([^\s()]{1,5})\)\s+(.+)$")
_ASCII_LABEL = regex.compile(r"^[a-z0-9]+$")


class Problem(StrEnum):
    outside_article = "outside_article"
    bad_header = "bad_header"
    duplicate_article = "duplicate_article"
    paragraph_order = "paragraph_order"
    orphan_point = "orphan_point"
    duplicate_point = "duplicate_point"
    duplicate_key = "duplicate_key"
    empty_article = "empty_article"
    empty_heading = "empty_heading"
    no_articles = "no_articles"


class OutlineError(ValueError):
    """A line (1-based) that cannot be read; ``problem`` says why, ``value`` quotes it."""

    def __init__(self, line: int, problem: Problem, value: str = ""):
        self.line = line
        self.problem = problem
        self.value = value
        super().__init__(f"line {line}: {problem}: {value}")


@dataclass
class ParsedProvision:
    key: str
    number: str
    text: str


@dataclass
class ParsedArticle:
    number: str
    heading: str
    line: int
    provisions: list[ParsedProvision] = field(default_factory=list)

    @property
    def key(self) -> str:
        return article_key(self.number)


@dataclass
class ParsedInstrument:
    title: str | None
    articles: list[ParsedArticle]
    # One of our .docx exports, read by its marks: its provisions' keys are the ids the file
    # carries, not ids derived from their places.
    marked_ids: bool = False


def article_key(number: str) -> str:
    return "art_" + str(regex.sub(r"[\s\-]+", "_", number.strip().lower()))


def _match_header(text: str, strict: bool = False) -> tuple[str, str] | None:
    for pattern in _STRICT_HEADERS if strict else _ARTICLE_HEADERS:
        found = pattern.match(text)
        if found:
            return regex.sub(r"[ _-]+", " ", found.group(1)), found.group(2).strip()
    return None


class _ArticleBuilder:
    def __init__(self, article: ParsedArticle):
        self.article = article
        self.expected_paragraph = 1
        self.parent_key: str | None = None
        self.parent_number = ""
        self.points: set[str] = set()
        self.unnumbered = 0

    def add(self, line_no: int, body: str, key: str | None) -> ParsedProvision:
        art = self.article.key
        if (para := _PARAGRAPH.match(body)) is not None:
            number = para.group(1)
            if int(number) != self.expected_paragraph:
                raise OutlineError(line_no, Problem.paragraph_order, number)
            self.expected_paragraph += 1
            self.parent_key = f"{art}__para_{number}"
            self.parent_number = number
            self.points = set()
            return ParsedProvision(key or self.parent_key, number, para.group(2))
        if (point := _POINT.match(body)) is not None:
            label = point.group(1)
            if self.parent_key is None:
                raise OutlineError(line_no, Problem.orphan_point, label)
            if label in self.points:
                raise OutlineError(line_no, Problem.duplicate_point, label)
            self.points.add(label)
            suffix = label.lower() if _ASCII_LABEL.match(label.lower()) else str(len(self.points))
            default = f"{self.parent_key}__point_{suffix}"
            return ParsedProvision(key or default, f"{self.parent_number}({label})", point.group(2))
        self.unnumbered += 1
        self.parent_key = f"{art}__text_{self.unnumbered}"
        self.parent_number = ""
        self.points = set()
        return ParsedProvision(key or self.parent_key, "", body)


def parse_outline(source: str) -> ParsedInstrument:
    """Read an outline; raises OutlineError naming the first line that is wrong."""
    title: str | None = None
    articles: list[ParsedArticle] = []
    builder: _ArticleBuilder | None = None
    seen_articles: set[str] = set()
    seen_keys: set[str] = set()

    def close(line_no: int) -> None:
        if builder is not None and not builder.article.provisions:
            raise OutlineError(builder.article.line, Problem.empty_article, builder.article.number)

    for line_no, raw in enumerate(source.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        stripped = line.strip()
        if stripped.startswith("#") and not stripped.startswith("{#"):
            hashes = len(stripped) - len(stripped.lstrip("#"))
            text = normalise(stripped[hashes:])
            header = _match_header(text)
            if header is None:
                if hashes == 1 and title is None and not articles:
                    title = text
                    continue
                raise OutlineError(line_no, Problem.bad_header, text)
        else:
            header = _match_header(normalise(stripped), strict=True)
        if header is not None:
            close(line_no)
            number, heading = header
            if not heading:
                raise OutlineError(line_no, Problem.empty_heading, number)
            if number in seen_articles:
                raise OutlineError(line_no, Problem.duplicate_article, number)
            seen_articles.add(number)
            builder = _ArticleBuilder(ParsedArticle(number, heading, line_no))
            articles.append(builder.article)
            continue
        if builder is None:
            raise OutlineError(line_no, Problem.outside_article, stripped[:80])
        key = None
        if (explicit := _KEY.search(line)) is not None:
            key = explicit.group(1)
            line = line[: explicit.start()]
        provision = builder.add(line_no, normalise(line) if not _POINT.match(line) else line, key)
        provision.text = normalise(provision.text)
        if provision.key in seen_keys:
            raise OutlineError(line_no, Problem.duplicate_key, provision.key)
        seen_keys.add(provision.key)
        builder.article.provisions.append(provision)
    close(0)
    if not articles:
        raise OutlineError(1, Problem.no_articles)
    return ParsedInstrument(title, articles)


def format_article_header(number: str, heading: str, lang: str) -> str:
    return f"{language(lang).article_header.format(n=number)} {heading}"


def format_outline(
    title: str | None,
    articles: list[tuple[str, str, list[ProvisionText]]],
    lang: str,
    *,
    with_keys: bool = True,
) -> str:
    """Write (number, heading, provisions) triples back in the outline format."""
    lines: list[str] = []
    if title:
        lines += [f"# {title}", ""]
    for number, heading, provisions in articles:
        lines.append(f"## {format_article_header(number, heading, lang)}")
        for provision in provisions:
            num, text = provision["number"], provision["text"]
            if "(" in num:
                label = num[num.index("(") :]
                body = f"   {label} {text}"
            elif num:
                body = f"{num}. {text}"
            else:
                body = text
            if with_keys:
                body += f" {{#{provision['id']}}}"
            lines.append(body)
        lines.append("")
    return "\n".join(lines)
