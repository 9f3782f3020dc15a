"""PDF: WeasyPrint's print of the HTML, with real Arabic and Chinese glyphs (not boxes), the
synoptic table on landscape pages.

Needs Debian's libpango-1.0-0, libpangoft2-1.0-0, fonts-noto-core, fonts-noto-cjk and
poppler-utils (pdftotext, pdffonts, pdftoppm, pdfinfo).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from draftroom.exports.documents import default_labels
from draftroom.exports.formats import FORMATS
from tests.exports.samples import instrument_comparison, synoptic_table, text_document

pytestmark = pytest.mark.system

LABELS = default_labels()
PDF = FORMATS["pdf"]
WORDS = {"en": "mutual assistance", "ar": "المساعدة", "zh": "互助"}
FONTS = {"en": "+Noto-Sans ", "ar": "+Noto-Sans-Arabic ", "zh": "+Noto-Sans-CJK-SC "}


def poppler(tool: str, *args: str | Path) -> str:
    done = subprocess.run([tool, *map(str, args)], capture_output=True, text=True, check=True)
    return done.stdout


def written(tmp_path: Path, data: bytes, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("lang", ["en", "ar", "zh"])
def test_pdf_text_comes_out_in_its_script_with_its_noto_font(lang: str, tmp_path: Path) -> None:
    data = PDF.render(instrument_comparison(lang), lang, LABELS)
    assert (PDF.media_type, PDF.extension) == ("application/pdf", "pdf")
    assert data.startswith(b"%PDF-")
    pdf = written(tmp_path, data, f"comparison-{lang}.pdf")
    text = poppler("pdftotext", "-layout", pdf, "-")
    # A glyph drawn as a box (.notdef) would not extract as its character.
    assert WORDS[lang] in text or WORDS[lang] in text.replace("\n", "")
    assert LABELS.illustrative in text
    fonts = poppler("pdffonts", pdf)
    assert FONTS[lang] in fonts
    page = tmp_path / "page"
    poppler("pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", pdf, page)
    assert (tmp_path / "page-1.png").stat().st_size > 1000


def test_every_glyph_comes_from_a_noto_font(tmp_path: Path) -> None:
    """Another font in the file would mean a fallback: the stack missed a script."""
    for lang in ("en", "ar", "zh"):
        data = PDF.render(text_document(lang), lang, LABELS)
        listing = poppler("pdffonts", written(tmp_path, data, f"text-{lang}.pdf"))
        names = [line.split()[0] for line in listing.splitlines()[2:]]
        assert names
        assert all(name.split("+", 1)[1].startswith("Noto-Sans") for name in names), names


def test_synoptic_pdf_is_landscape_and_holds_every_delegation(tmp_path: Path) -> None:
    for lang in ("ar", "zh"):
        synoptic = synoptic_table(lang)
        data = PDF.render(synoptic, lang, LABELS)
        pdf = written(tmp_path, data, f"synoptic-{lang}.pdf")
        info = poppler("pdfinfo", pdf)
        size = next(line for line in info.splitlines() if line.startswith("Page size:"))
        width, height = (float(v) for v in size.split(":")[1].split("pts")[0].split(" x "))
        assert width > height
        text = poppler("pdftotext", pdf, "-")
        for column in synoptic.columns:
            assert column.delegation in text


def test_portrait_text_pdf_is_a4(tmp_path: Path) -> None:
    data = PDF.render(text_document("en"), "en", LABELS)
    info = poppler("pdfinfo", written(tmp_path, data, "text.pdf"))
    assert "595.276 x 841.89 pts (A4)" in info or "595.28 x 841.89 pts (A4)" in info
