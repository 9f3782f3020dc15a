"""The outline format: read, written back, read again: identical provisions."""

from __future__ import annotations

import pytest

from draftroom.demo.service import DATA
from draftroom.text.outline import OutlineError, Problem, format_outline, parse_outline

SAMPLE = """# A Law

## Article 1. Purpose
1. First paragraph.
2. Second paragraph:
   (a) one;
   (b) two.

## Article 2. Definitions
For the purposes of this Law:
   (a) "State" means a State.
"""


def as_tuples(source: str) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    parsed = parse_outline(source)
    return [
        (a.number, a.heading, [(p.key, p.number, p.text) for p in a.provisions])
        for a in parsed.articles
    ]


def test_structure_gives_numbers_and_stable_ids() -> None:
    parsed = parse_outline(SAMPLE)
    assert parsed.title == "A Law"
    first, second = parsed.articles
    assert [(p.key, p.number) for p in first.provisions] == [
        ("art_1__para_1", "1"),
        ("art_1__para_2", "2"),
        ("art_1__para_2__point_a", "2(a)"),
        ("art_1__para_2__point_b", "2(b)"),
    ]
    assert [(p.key, p.number) for p in second.provisions] == [
        ("art_2__text_1", ""),
        ("art_2__text_1__point_a", "(a)"),
    ]


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ru", "zh", "ar"])
def test_demo_files_round_trip_exactly(lang: str) -> None:
    source = (DATA / f"{lang}.md").read_text(encoding="utf-8")
    parsed = parse_outline(source)
    written = format_outline(
        parsed.title,
        [
            (
                a.number,
                a.heading,
                [{"id": p.key, "number": p.number, "text": p.text} for p in a.provisions],
            )
            for a in parsed.articles
        ],
        lang,
    )
    assert as_tuples(written) == as_tuples(source)
    assert parse_outline(written).title == parsed.title


def test_headers_are_read_in_the_six_languages() -> None:
    for header, number, heading in [
        ("## Article 12. Costs", "12", "Costs"),
        ("## Artículo 12. Gastos", "12", "Gastos"),
        ("## Статья 12. Расходы", "12", "Расходы"),
        ("## 第12条 费用", "12", "费用"),
        ("## المادة 12. التكاليف", "12", "التكاليف"),
        ("Article 7 bis. Videoconference", "7 bis", "Videoconference"),
    ]:
        parsed = parse_outline(f"{header}\n1. Text.\n")
        assert (parsed.articles[0].number, parsed.articles[0].heading) == (number, heading)


def test_explicit_ids_survive_renumbering() -> None:
    parsed = parse_outline(
        "## Article 3. X\n1. New. {#art_3__new_1}\n2. Old first. {#art_3__para_1}\n"
    )
    assert [(p.key, p.number) for p in parsed.articles[0].provisions] == [
        ("art_3__new_1", "1"),
        ("art_3__para_1", "2"),
    ]


@pytest.mark.parametrize(
    ("source", "line", "problem"),
    [
        ("Stray text\n## Article 1. A\n1. x\n", 1, Problem.outside_article),
        ("## Article 1. A\n1. x\n3. y\n", 3, Problem.paragraph_order),
        ("## Article 1. A\n   (a) x\n", 2, Problem.orphan_point),
        ("## Article 1. A\n1. x\n   (a) y\n   (a) z\n", 4, Problem.duplicate_point),
        ("## Article 1. A\n1. x\n\n## Article 1. B\n1. y\n", 4, Problem.duplicate_article),
        ("## Article 1. A\n\n## Article 2. B\n1. y\n", 1, Problem.empty_article),
        ("## Chapter one\n1. y\n", 1, Problem.bad_header),
        ("## Article 1. A\n1. x {#k}\n2. y {#k}\n", 3, Problem.duplicate_key),
        ("# Only a title\n", 1, Problem.no_articles),
    ],
)
def test_a_malformed_outline_names_the_wrong_line(source: str, line: int, problem: Problem) -> None:
    with pytest.raises(OutlineError) as caught:
        parse_outline(source)
    assert caught.value.line == line
    assert caught.value.problem is problem


def test_text_is_normalised() -> None:
    parsed = parse_outline("## Article 1. A\n1. Coope\u0301ration   judiciaire.\n")
    assert parsed.articles[0].provisions[0].text == "Coopération judiciaire."
