"""The registry's renderers: every document in every format, with the media type and
extension the registry gives, in the words the caller translated. A format added to the
registry is tested here without another edit."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from io import BytesIO
from typing import Any

import pytest

from draftroom.exports.documents import Labels, default_labels
from draftroom.exports.formats import FORMATS, Format
from draftroom.exports.present import file_stem
from tests.exports.samples import (
    article_comparison,
    instrument_comparison,
    synoptic_table,
    text_document,
)

BUILDERS = [text_document, article_comparison, instrument_comparison, synoptic_table]
# PDF needs Pango and the Noto fonts: tested in test_pdf.py (marked system).
NOT_PDF = [pytest.param(f, id=f.key) for f in FORMATS.values() if f.key != "pdf"]
# What clients already know of the six formats: they keep it.
EXPECTED: dict[str, tuple[str, str]] = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "html": ("text/html; charset=utf-8", "html"),
    "pdf": ("application/pdf", "pdf"),
    "akn": ("application/akn+xml", "xml"),
}
ZIPPED = {"docx", "xlsx"}

SPANISH = replace(
    default_labels(),
    article="Artículo {number}",
    article_column="Artículo",
    inserted="insertado",
    deleted="suprimido",
    base_text="Texto de base",
    decision="Decisión",
    illustrative="Texto ilustrativo, no la Ley Modelo oficial",
    provision_deleted="disposición suprimida",
)


@pytest.mark.parametrize("fmt", NOT_PDF)
@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
@pytest.mark.parametrize("build", BUILDERS)
def test_every_format_renders_every_document(fmt: Format, lang: str, build: Any) -> None:
    data = fmt.render(build(lang), lang, default_labels())
    assert data
    if fmt.key in ZIPPED:
        assert zipfile.is_zipfile(BytesIO(data))


def test_the_known_formats_keep_their_media_types_and_extensions() -> None:
    known = {f.key: (f.media_type, f.extension) for f in FORMATS.values() if f.key in EXPECTED}
    assert known == EXPECTED


def test_each_format_has_its_own_key_name_and_media_type() -> None:
    formats = list(FORMATS.values())
    assert [f.key for f in formats] == list(FORMATS)
    for attribute in ("key", "name", "media_type"):
        # A variant (the .docx without revisions) shares its format's name and media type.
        values = [getattr(f, attribute) for f in formats if attribute == "key" or not f.variant_of]
        assert len(set(values)) == len(values), attribute
    labels = [f.label() for f in formats]
    assert len(set(labels)) == len(labels)


def test_the_callers_labels_are_the_words_used() -> None:
    for fmt in ("html", "csv", "akn"):
        data = FORMATS[fmt].render(synoptic_table("en"), "es", SPANISH)
        text = data.decode("utf-8-sig")
        assert "Artículo 1" in text or fmt == "csv"
        assert ("Texto de base" in text) or fmt == "akn"
        assert "Base text" not in text
    data = FORMATS["csv"].render(instrument_comparison("en"), "es", SPANISH)
    assert "disposición suprimida" in data.decode("utf-8-sig")


def test_labels_are_all_strings() -> None:
    labels = default_labels()
    assert isinstance(labels, Labels)
    assert all(isinstance(v, str) and v for v in labels.__dict__.values())


def test_file_stem_is_ascii_and_names_the_document() -> None:
    assert file_stem(synoptic_table("ar")) == "model-law_art_1_synoptic_ar"
    assert file_stem(text_document("zh")) == "model-law_zh"
    assert file_stem(article_comparison("en")) == "art_1_comparison_en"
    assert file_stem(instrument_comparison("en")).isascii()
