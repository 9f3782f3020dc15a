"""Opening an uploaded .docx safely, before any reader looks inside.

Every door that takes a Word file (the base-text import in instruments/, the proposal upload
in wordfiles/) opens it here, so each gets the same refusals, in the reader's language, before
anything is parsed or written:

- not a zip package at all (a text file renamed, a truncated download);
- a legacy .doc (Word 97–2003) or an encrypted .docx: both are OLE compound files
  (signature ``D0 CF 11 E0 A1 B1 1A E1``), told apart by their directory's stream names;
- a zip bomb: the central directory's declared sizes are checked (in total, and the ratio of
  each large part) before a byte is inflated; reading is then bounded by those declared sizes
  (zipfile stops at a part's declared size and fails its checksum if the data runs on);
- a zip package without ``word/document.xml``.

Parts are parsed with lxml with entities, DTDs and the network switched off.
"""

from __future__ import annotations

import io
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

from lxml import etree

from draftroom.kit.errors import InvalidInput
from draftroom.kit.i18n import _l

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument

DOCUMENT_PART = "word/document.xml"
OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
# Streams an OLE compound file holds: an encrypted OOXML package (ECMA-376 agile or standard
# encryption) keeps "EncryptedPackage" beside "EncryptionInfo"; a Word 97–2003 file keeps
# "WordDocument".
_ENCRYPTED_STREAM = "EncryptedPackage"
_WORD97_STREAM = "WordDocument"


class NotAWordFile(InvalidInput):
    message = _l(
        "The file is not a Word document (.docx): it is not a zip package. Nothing was imported."
    )


class LegacyWordFile(InvalidInput):
    message = _l(
        "The file is a .doc (Word 97–2003) file: save it as .docx in Word and send that. "
        "Nothing was imported."
    )


class EncryptedWordFile(InvalidInput):
    message = _l(
        "The .docx is encrypted (protected by a password): save a copy without the password "
        "in Word and send that. Nothing was imported."
    )


class WordFileTooLarge(InvalidInput):
    message = _l("The file has {size} bytes; at most {limit} can be read. Nothing was imported.")


class WordFileBomb(InvalidInput):
    message = _l(
        "The file would unpack from {packed} to {size} bytes, far more than a document "
        "holds: it was not opened. Nothing was imported."
    )


class NoWordDocument(InvalidInput):
    message = _l(
        "The file is a zip package but holds no Word document (word/document.xml is missing). "
        "Nothing was imported."
    )


class UnreadableWordFile(InvalidInput):
    message = _l("The file is not a readable DOCX document.")


@dataclass(frozen=True)
class WordLimits:
    """How far a package may unpack. The defaults follow the import's 16 MiB file bound."""

    max_bytes: int = 16 * 1024 * 1024
    # All parts together, unpacked (text compresses about tenfold; images not at all).
    expansion: int = 20
    # A part that unpacks past ``ratio_floor`` bytes may not exceed this compression ratio
    # (real document parts stay far below it; small parts may compress as they like).
    max_ratio: int = 100
    ratio_floor: int = 16 * 1024 * 1024
    max_parts: int = 5_000

    @property
    def max_unpacked(self) -> int:
        return self.max_bytes * self.expansion


_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)


class WordPackage:
    """An opened, checked .docx: its parts by name, read within the checked bounds."""

    def __init__(self, data: bytes, archive: zipfile.ZipFile) -> None:
        self.data = data
        self._archive = archive
        self.names = frozenset(archive.namelist())

    def read(self, name: str) -> bytes:
        try:
            return self._archive.read(name)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError) as exc:
            raise UnreadableWordFile() from exc

    def open(self, name: str) -> IO[bytes]:
        """A part as a stream, for readers that count before they parse."""
        try:
            return self._archive.open(name)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError) as exc:
            raise UnreadableWordFile() from exc

    def xml(self, name: str = DOCUMENT_PART) -> etree._Element:
        """A part parsed without entities, DTDs or network."""
        try:
            return etree.fromstring(self.read(name), _PARSER)
        except etree.XMLSyntaxError as exc:
            raise UnreadableWordFile() from exc

    def parts(self, prefix: str) -> list[str]:
        """The part names under ``prefix`` (e.g. ``word/header``), sorted."""
        return sorted(name for name in self.names if name.startswith(prefix))

    def document(self) -> DocxDocument:
        """The package as python-docx reads it (styles, numbering, core properties)."""
        import docx

        try:
            return docx.Document(io.BytesIO(self.data))
        except Exception as exc:  # python-docx raises a handful of unrelated types
            raise UnreadableWordFile() from exc


def _ole_streams(data: bytes) -> set[str]:
    """The stream names in an OLE compound file's directory.

    Directory entries are 128 bytes, sector-aligned: a UTF-16LE name (64 bytes) and its
    length in bytes, terminator included. Scanning the aligned slots finds them without
    walking the allocation table.
    """
    names = set()
    for offset in range(512, len(data) - 127, 128):
        (length,) = struct.unpack_from("<H", data, offset + 64)
        if not 2 <= length <= 64 or length % 2:
            continue
        raw = data[offset : offset + length - 2]
        if data[offset + length - 2 : offset + length] != b"\0\0":
            continue
        try:
            name = raw.decode("utf-16-le")
        except UnicodeDecodeError:
            continue
        if name.isprintable():
            names.add(name)
    return names


def _refuse_ole(data: bytes) -> None:
    streams = _ole_streams(data)
    if _ENCRYPTED_STREAM in streams:
        raise EncryptedWordFile()
    if _WORD97_STREAM in streams:
        raise LegacyWordFile()
    raise NotAWordFile()


def open_word_file(data: bytes, limits: WordLimits | None = None) -> WordPackage:
    """The package in ``data``, checked; a translated 4xx error (``InvalidInput``) if it is
    not one that may be read. Nothing is inflated before the sizes are checked."""
    limits = limits or WordLimits()
    if len(data) > limits.max_bytes:
        raise WordFileTooLarge(size=len(data), limit=limits.max_bytes)
    if data.startswith(OLE_SIGNATURE):
        _refuse_ole(data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise NotAWordFile() from exc
    infos = archive.infolist()
    if len(infos) > limits.max_parts:
        raise WordFileBomb(packed=len(data), size=sum(i.file_size for i in infos))
    total = 0
    for info in infos:
        total += info.file_size
        if total > limits.max_unpacked:
            raise WordFileBomb(packed=len(data), size=sum(i.file_size for i in infos))
        if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise WordFileBomb(packed=len(data), size=sum(i.file_size for i in infos))
    if DOCUMENT_PART not in archive.namelist():
        raise NoWordDocument()
    return WordPackage(data, archive)


def open_word_path(path: Path, limits: WordLimits | None = None) -> WordPackage:
    """:func:`open_word_file` on a file, refused by its size before it is read."""
    limits = limits or WordLimits()
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise WordFileTooLarge(size=size, limit=limits.max_bytes)
    return open_word_file(path.read_bytes(), limits)


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Word's revision elements: text inserted, deleted or moved, formatting changed (runs,
# paragraphs, sections, tables, numbering) and table cells inserted, deleted or merged.
# The move range markers (w:moveFromRangeStart...) delimit a move already counted.
REVISION_TAGS = frozenset(
    f"{{{W}}}{tag}"
    for tag in (
        "ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange",
        "tblPrChange", "tblPrExChange", "tblGridChange", "trPrChange", "tcPrChange",
        "numberingChange", "cellIns", "cellDel", "cellMerge",
    )
)  # fmt: skip
# The parts whose text Word's "Accept all" acts on.
STORY_PREFIXES = (
    DOCUMENT_PART, "word/footnotes.xml", "word/endnotes.xml", "word/comments.xml",
    "word/header", "word/footer",
)  # fmt: skip


# Between two pieces of one change: marks that are not text.
_NOT_TEXT = frozenset(
    f"{{{W}}}{tag}"
    for tag in (
        "bookmarkStart", "bookmarkEnd", "proofErr", "commentRangeStart", "commentRangeEnd",
        "permStart", "permEnd",
    )
)  # fmt: skip


def _continues(element: etree._Element) -> bool:
    """The element goes on the change just before it: the same kind, author and date, with
    nothing but marks between (LibreOffice writes one deletion over Latin and Chinese
    characters as two ``w:del``, one per script)."""
    before = element.getprevious()
    while before is not None and before.tag in _NOT_TEXT:
        before = before.getprevious()
    return (
        before is not None
        and before.tag == element.tag
        and before.get(f"{{{W}}}author") == element.get(f"{{{W}}}author")
        and before.get(f"{{{W}}}date") == element.get(f"{{{W}}}date")
    )


def revision_count(package: WordPackage) -> int:
    """How many tracked changes the file carries, in every part Word's "Accept all" acts on;
    pieces of one change written side by side count once.

    Streamed, each paragraph dropped once counted: a large part never becomes one tree.
    """
    count = 0
    for name in sorted(package.names):
        if not name.startswith(STORY_PREFIXES) or not name.endswith(".xml"):
            continue
        with package.open(name) as stream:
            try:
                for _event, element in etree.iterparse(
                    stream,
                    events=("end",),
                    resolve_entities=False,
                    no_network=True,
                    load_dtd=False,
                    huge_tree=False,
                ):
                    if element.tag in REVISION_TAGS and not _continues(element):
                        count += 1
                    elif element.tag == f"{{{W}}}p":
                        element.clear(keep_tail=True)
            except etree.XMLSyntaxError as exc:
                raise UnreadableWordFile() from exc
    return count
