"""The one entry point: every document in every format, with its media type and extension,
in the words the caller translated."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from io import BytesIO
from typing import Any

import pytest

from draftroom.exports.service import (
    FORMATS,
    Format,
    Labels,
    default_labels,
    file_stem,
    render,
)
from tests.exports.samples import (
    article_comparison,
    instrument_comparison,
    synoptic_table,
    text_document,
)

BUILDERS = [text_document, article_comparison, instrument_comparison, synoptic_table]
NOT_PDF = [f for f in FORMATS if f != "pdf"]
EXPECTED: dict[str, tuple[str, str]] = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "html": ("text/html; charset=utf-8", "html"),
    "akn": ("application/akn+xml", "xml"),
}

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
def test_render_gives_bytes_media_type_and_extension(fmt: Format, lang: str, build: Any) -> None:
    data, media_type, extension = render(build(lang), fmt, lang, default_labels())
    assert (media_type, extension) == EXPECTED[fmt]
    assert data
    if fmt in ("docx", "xlsx"):
        assert zipfile.is_zipfile(BytesIO(data))


def test_the_callers_labels_are_the_words_used() -> None:
    for fmt in ("html", "csv", "akn"):
        data, _media, _ext = render(synoptic_table("en"), fmt, "es", SPANISH)
        text = data.decode("utf-8-sig")
        assert "Artículo 1" in text or fmt == "csv"
        assert ("Texto de base" in text) or fmt == "akn"
        assert "Base text" not in text
    data, _media, _ext = render(instrument_comparison("en"), "csv", "es", SPANISH)
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
