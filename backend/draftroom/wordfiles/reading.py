"""Reading a .docx as Word wrote it: paragraphs as pieces of equal, inserted and deleted
text, so that both the text before the revisions (reject all) and after them (accept all)
are known; bookmarks, custom properties, comments with the words they cover, and the
revisions that cannot be applied safely (moves, formatting-only changes, changes inside
tables, footnotes or endnotes), reported rather than half-applied.

python-docx's ``paragraph.text`` does not see ``w:ins``/``w:del``; this walks the XML itself.
What Word writes and this handles: runs split anywhere (even mid-word, with rsids), an
insertion at a paragraph's start, a deleted or inserted paragraph mark
(``w:pPr/w:rPr/w:del``, ``w:pPr/w:rPr/w:ins``: a deletion spanning two paragraphs, a new
paragraph), an insertion deleted again, content controls, hyperlinks and smart tags around
runs, field codes (skipped; their results are text).
"""

from __future__ import annotations

import posixpath
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from lxml import etree

from draftroom.kit.errors import InvalidInput
from draftroom.kit.i18n import _l
from draftroom.kit.wordfile import DOCUMENT_PART, UnreadableWordFile, WordPackage

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_OFFICE_DOCUMENT = f"{_R}/officeDocument"
_CUSTOM_PROPERTIES = f"{_R}/custom-properties"
_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_COMMENTS = f"{_R}/comments"
_FOOTNOTES = f"{_R}/footnotes"
_ENDNOTES = f"{_R}/endnotes"
_REVISIONS = ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange")
# Elements that only wrap runs: read through them.
_WRAPPERS = {"hyperlink", "smartTag", "customXml", "sdt", "sdtContent", "fldSimple", "dir", "bdo"}

PieceKind = Literal["equal", "inserted", "deleted"]
UnsafeKind = Literal["move", "formatting", "table", "footnote", "endnote"]


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


@dataclass
class Piece:
    kind: PieceKind
    text: str
    author: str | None = None
    date: str | None = None


@dataclass
class Paragraph:
    index: int
    style: str | None
    pieces: list[Piece] = field(default_factory=list)
    bookmarks: list[str] = field(default_factory=list)
    # The paragraph mark: "inserted" joins it to the next paragraph in the older text,
    # "deleted" in the newer one.
    mark: PieceKind = "equal"
    mark_author: str | None = None

    @property
    def before(self) -> str:
        return "".join(p.text for p in self.pieces if p.kind != "inserted")

    @property
    def after(self) -> str:
        return "".join(p.text for p in self.pieces if p.kind != "deleted")

    @property
    def changed(self) -> bool:
        return self.mark != "equal" or any(p.kind != "equal" for p in self.pieces)

    def authors(self) -> list[str]:
        found = [p.author for p in self.pieces if p.kind != "equal" and p.author]
        if self.mark != "equal" and self.mark_author:
            found.append(self.mark_author)
        return list(dict.fromkeys(found))


@dataclass
class WordComment:
    id: str
    author: str
    date: str | None
    body: str
    paragraph: int | None  # where its range starts (or its reference, without a range)
    quote: str  # the words it covers, as in the newer text (the older if all deleted)


@dataclass
class Unsafe:
    kind: UnsafeKind
    paragraph: int | None
    text: str
    author: str | None


@dataclass
class WordDocument:
    paragraphs: list[Paragraph]
    comments: list[WordComment]
    properties: dict[str, str]
    unsafe: list[Unsafe]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> WordDocument:
        return cls(
            paragraphs=[
                Paragraph(**{**p, "pieces": [Piece(**x) for x in p["pieces"]]})
                for p in data["paragraphs"]
            ],
            comments=[WordComment(**c) for c in data["comments"]],
            properties=dict(data["properties"]),
            unsafe=[Unsafe(**u) for u in data["unsafe"]],
        )


class _Reader:
    def __init__(self) -> None:
        self.paragraphs: list[Paragraph] = []
        self.unsafe: list[Unsafe] = []
        self.pending_bookmarks: list[str] = []
        # comment id -> [start paragraph, start offset in "after"/"before" text stream]
        self.ranges: dict[str, dict[str, Any]] = {}
        self.references: dict[str, int] = {}
        self._move_reported: set[tuple[int, str]] = set()

    # -- the body ------------------------------------------------------------------------

    def body(self, body: etree._Element) -> None:
        for child in body:
            name = _local(child)
            if name == "p":
                self.paragraph(child)
            elif name == "tbl":
                self.table(child)
            elif name in ("sdt", "sdtContent", "customXml"):
                self.body(child)
            elif name == "bookmarkStart":
                self.pending_bookmarks.append(child.get(w("name"), ""))
            elif name in ("ins", "del", "moveFrom", "moveTo"):
                # Word may wrap whole block-level content in a revision (rare); read through.
                self.body(child)

    def table(self, table: etree._Element) -> None:
        revisions = [e for e in table.iter() if _local(e) in _REVISIONS]
        if revisions:
            text = "".join(t.text or "" for t in table.iter(w("t"), w("delText")))
            author = revisions[0].get(w("author"))
            self.unsafe.append(Unsafe("table", len(self.paragraphs) or None, text[:200], author))

    def paragraph(self, p: etree._Element) -> None:
        style = p.find(f"{w('pPr')}/{w('pStyle')}")
        para = Paragraph(
            index=len(self.paragraphs),
            style=style.get(w("val")) if style is not None else None,
            bookmarks=self.pending_bookmarks,
        )
        self.pending_bookmarks = []
        ppr = p.find(w("pPr"))
        if ppr is not None:
            for name, kind in (("ins", "inserted"), ("del", "deleted")):
                mark = ppr.find(f"{w('rPr')}/{w(name)}")
                if mark is not None:
                    para.mark = kind  # type: ignore[assignment]
                    para.mark_author = mark.get(w("author"))
            change = ppr.find(w("pPrChange"))
            if change is not None:
                self.unsafe.append(Unsafe("formatting", para.index, "", change.get(w("author"))))
        self.paragraphs.append(para)
        self.content(p, para, "equal", None, None)

    def content(
        self,
        parent: etree._Element,
        para: Paragraph,
        kind: PieceKind,
        author: str | None,
        date: str | None,
    ) -> None:
        for child in parent:
            name = _local(child)
            if name == "r":
                self.run(child, para, kind, author, date)
            elif name in ("ins", "del"):
                new: PieceKind = "inserted" if name == "ins" else "deleted"
                if kind != "equal" and kind != new:
                    # An insertion deleted again (or the reverse): in neither text.
                    continue
                self.content(child, para, new, child.get(w("author")), child.get(w("date")))
            elif name in ("moveFrom", "moveTo"):
                self.move(child, para, name)
            elif name in _WRAPPERS:
                self.content(child, para, kind, author, date)
            elif name == "bookmarkStart":
                para.bookmarks.append(child.get(w("name"), ""))
            elif name == "commentRangeStart":
                self.ranges[child.get(w("id"), "")] = {"paragraph": para.index, "at": self.at()}
            elif name == "commentRangeEnd":
                found = self.ranges.get(child.get(w("id"), ""))
                if found is not None:
                    found["end"] = self.at()

    def move(self, element: etree._Element, para: Paragraph, name: str) -> None:
        """A move is reported and not applied: the moved words stay where they were."""
        text = "".join(t.text or "" for t in element.iter(w("t"), w("delText")))
        author = element.get(w("author"))
        key = (para.index, name)
        if key not in self._move_reported:
            self._move_reported.add(key)
            self.unsafe.append(Unsafe("move", para.index, text[:200], author))
        if name == "moveFrom":
            self.content(element, para, "equal", None, None)

    def at(self) -> tuple[int, int]:
        """The current position: (paragraph, characters of all its pieces so far)."""
        para = self.paragraphs[-1]
        return para.index, sum(len(p.text) for p in para.pieces)

    def run(
        self,
        r: etree._Element,
        para: Paragraph,
        kind: PieceKind,
        author: str | None,
        date: str | None,
    ) -> None:
        parts: list[str] = []
        for child in r:
            name = _local(child)
            if name in ("t", "delText"):
                parts.append(child.text or "")
            elif name in ("tab", "ptab"):
                parts.append("\t")
            elif name in ("br", "cr"):
                parts.append("\n")
            elif name == "noBreakHyphen":
                parts.append("\u2011")
            elif name == "commentReference":
                self.references.setdefault(child.get(w("id"), ""), para.index)
            elif name == "rPr":
                change = child.find(w("rPrChange"))
                if change is not None and not any(
                    u.kind == "formatting" and u.paragraph == para.index for u in self.unsafe
                ):
                    text = "".join(t.text or "" for t in r.iter(w("t")))
                    self.unsafe.append(
                        Unsafe("formatting", para.index, text[:200], change.get(w("author")))
                    )
        text = "".join(parts)
        if not text:
            return
        last = para.pieces[-1] if para.pieces else None
        # Runs split anywhere (rsids, spelling marks) join up again.
        if last is not None and (last.kind, last.author, last.date) == (kind, author, date):
            last.text += text
        else:
            para.pieces.append(Piece(kind, text, author, date))

    # -- comments ------------------------------------------------------------------------

    def covered(self, start: tuple[int, int], end: tuple[int, int] | None) -> tuple[str, str]:
        """The words between two positions: (as in the newer text, as in the older)."""
        if end is None:
            end = start
        after: list[str] = []
        before: list[str] = []
        for index in range(start[0], end[0] + 1):
            low = start[1] if index == start[0] else 0
            high = end[1] if index == end[0] else None
            offset = 0
            for piece in self.paragraphs[index].pieces:
                a, b = offset, offset + len(piece.text)
                offset = b
                lo = max(a, low)
                hi = b if high is None else min(b, high)
                if hi <= lo:
                    continue
                text = piece.text[lo - a : hi - a]
                if piece.kind != "deleted":
                    after.append(text)
                if piece.kind != "inserted":
                    before.append(text)
            if index != end[0]:
                after.append(" ")
                before.append(" ")
        return "".join(after), "".join(before)


def _text(element: etree._Element) -> str:
    lines = []
    for p in element.iter(w("p")):
        lines.append("".join(t.text or "" for t in p.iter(w("t"))))
    return "\n".join(lines).strip()


def _xml(package: WordPackage, name: str | None) -> etree._Element | None:
    return package.xml(name) if name and name in package.names else None


def _related(package: WordPackage, source: str, relationship: str) -> str | None:
    """The part a relationship of ``source`` ("" for the package itself) points to."""
    folder, base = posixpath.split(source)
    rels = _xml(package, posixpath.join(folder, "_rels", base + ".rels"))
    if rels is None:
        return None
    for rel in rels.iterfind(f"{{{_RELS}}}Relationship"):
        if rel.get("Type") == relationship and rel.get("TargetMode") != "External":
            target = str(rel.get("Target", ""))
            if target.startswith("/"):
                return target[1:]
            return posixpath.normpath(posixpath.join(folder, target))
    return None


def _properties(package: WordPackage) -> dict[str, str]:
    root = _xml(package, _related(package, "", _CUSTOM_PROPERTIES) or "docProps/custom.xml")
    if root is None:
        return {}
    found = {}
    for prop in root.iterfind(f"{{{_CUSTOM}}}property"):
        value = "".join(prop.itertext()).strip()
        found[prop.get("name", "")] = value
    return found


def _notes(package: WordPackage, main: str, relationship: str, kind: UnsafeKind) -> list[Unsafe]:
    root = _xml(package, _related(package, main, relationship))
    if root is None:
        return []
    found = []
    for note in root:
        if any(_local(e) in _REVISIONS for e in note.iter()):
            text = "".join(t.text or "" for t in note.iter(w("t"), w("delText")))
            author = next(
                (e.get(w("author")) for e in note.iter() if _local(e) in _REVISIONS), None
            )
            found.append(Unsafe(kind, None, text[:200], author))
    return found


class TooManyParagraphs(InvalidInput):
    message = _l(
        "The document has more than {limit} paragraphs: send the articles you changed in "
        "smaller files. Nothing was imported."
    )


def _count_paragraphs(package: WordPackage, name: str, limit: int) -> None:
    """Streamed, before the part becomes one tree: a small file may unpack to millions."""
    count = 0
    with package.open(name) as stream:
        for _event, element in etree.iterparse(
            stream,
            events=("end",),
            tag=w("p"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        ):
            count += 1
            element.clear()
            if count > limit:
                raise TooManyParagraphs(limit=limit)


def read(package: WordPackage, *, max_paragraphs: int = 50_000) -> WordDocument:
    """The main document of a checked package, with its revisions, marks and comments."""
    main = _related(package, "", _OFFICE_DOCUMENT) or DOCUMENT_PART
    if main not in package.names:
        main = DOCUMENT_PART
    try:
        _count_paragraphs(package, main, max_paragraphs)
    except etree.XMLSyntaxError as exc:
        raise UnreadableWordFile() from exc
    root = package.xml(main)
    body = root.find(w("body")) if root is not None else None
    reader = _Reader()
    if body is not None:
        reader.body(body)
    comments: list[WordComment] = []
    tree = _xml(package, _related(package, main, _COMMENTS))
    if tree is not None:
        for comment in tree.iterfind(w("comment")):
            cid = comment.get(w("id"), "")
            span = reader.ranges.get(cid)
            if span is not None:
                after, before = reader.covered(span["at"], span.get("end"))
                quote = after.strip() or before.strip()
                paragraph: int | None = span["paragraph"]
            else:
                quote, paragraph = "", reader.references.get(cid)
            comments.append(
                WordComment(
                    id=cid,
                    author=comment.get(w("author"), ""),
                    date=comment.get(w("date")),
                    body=_text(comment),
                    paragraph=paragraph,
                    quote=quote,
                )
            )
    unsafe = reader.unsafe
    unsafe += _notes(package, main, _FOOTNOTES, "footnote")
    unsafe += _notes(package, main, _ENDNOTES, "endnote")
    return WordDocument(
        paragraphs=reader.paragraphs,
        comments=comments,
        properties=_properties(package),
        unsafe=unsafe,
    )
