"""The documentation's examples are what the library does."""

from __future__ import annotations

import datetime as dt
import io
import re
import shlex
from pathlib import Path

import pytest

import learningcities
from learningcities import Language, validate_document
from learningcities._cli.main import run
from learningcities._pipeline.csvfiles import KINDS, template

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted((ROOT / "docs" / "problems").glob("*.md"))
TODAY = dt.date(2026, 11, 28)


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)\n```", text, flags=re.DOTALL)


def test_every_problem_code_has_a_page() -> None:
    """docs/problems/CODE.md exists for each code, and for no other."""
    assert set(learningcities.PROBLEM_CODES) == {page.stem for page in PAGES}


@pytest.mark.parametrize("page", PAGES, ids=[page.stem for page in PAGES])
def test_a_page_shows_what_the_validator_says(page: Path) -> None:
    """The example's report, in English and in French, is the validator's own."""
    text = page.read_text(encoding="utf-8")
    assert "## English" in text
    assert "## Français" in text
    examples = _blocks(text, "json")
    if not examples:
        return  # file-level codes show a report only
    (document,) = examples
    english, french = _blocks(text, "text")
    languages: tuple[tuple[Language, str], ...] = (("en", english), ("fr", french))
    for lang, shown in languages:
        report = validate_document(
            document, name="example.json", lang=lang, today=TODAY
        )
        assert shown == "\n".join(str(problem) for problem in report.problems)
        assert page.stem in {problem.code for problem in report.problems}
        severity = learningcities.PROBLEM_CODES[page.stem]
        assert f"# `{page.stem}` ({severity})" == text.splitlines()[0]


@pytest.mark.parametrize("kind", KINDS)
def test_csv_templates_are_up_to_date(kind: str) -> None:
    """examples/templates/KIND.csv is the header the library expects."""
    path = ROOT / "examples" / "templates" / f"{kind}.csv"
    assert template(kind) == path.read_bytes().decode("utf-8")


def test_the_examples_are_as_documented() -> None:
    """The register and the partner file are valid; the broken one is not."""
    examples = ROOT / "examples"
    register = examples / "register.json"
    assert learningcities.sample() == learningcities.load(register)
    good = learningcities.validate(examples / "fez-events.json", register=register)
    assert () == good.problems
    bad = learningcities.validate(
        examples / "fez-events-broken.json", register=register
    )
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    report = bad.format("text").replace(
        str(examples / "fez-events-broken.json"), "examples/fez-events-broken.json"
    )
    assert report in readme


@pytest.mark.parametrize("name", ["submission-broken", "submission-broken.xlsx"])
def test_the_example_submission_is_as_documented(name: str) -> None:
    """The README shows the report of the broken submission as it is."""
    examples = ROOT / "examples"
    report = learningcities.validate(
        examples / name, register=examples / "register.json"
    )
    text = report.format("text").replace(str(ROOT) + "/", "")
    assert text in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_example_workbooks_hold_the_example_folders() -> None:
    """Each workbook is its CSV folder: the same dataset, the same problems.

    The problems are at the same rows and columns, the workbook's row 1
    being the header as a CSV file's line 1 is; the workbook adds a note
    for its "Read me" sheet. ``scripts/example_workbooks.py`` writes them.
    """
    examples = ROOT / "examples"
    register = examples / "register.json"
    assert learningcities.load(examples / "submission", register=register) == (
        learningcities.load(examples / "submission.xlsx", register=register)
    )
    placed = []
    for path in (examples / "submission-broken", examples / "submission-broken.xlsx"):
        report = learningcities.validate(path, register=register)
        placed.append(
            [
                (p.code, p.pointer, p.line, p.column, p.message)
                for p in report.problems
                if p.code != "sheet-ignored"
            ]
        )
    assert placed[0] == placed[1]
    assert 5 == len(placed[0])


def test_the_register_page_shows_what_diff_prints(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each ``$ learningcities …`` of docs/register.md prints what the page shows."""
    text = (ROOT / "docs" / "register.md").read_text(encoding="utf-8")
    blocks = _blocks(text, "console")
    assert blocks
    for block in blocks:
        command, *shown = block.split("\n")
        argv = shlex.split(command.removeprefix("$ learningcities "))
        out, err = io.StringIO(), io.StringIO()
        monkeypatch.chdir(ROOT)
        run(argv, stdout=out, stderr=err)
        assert ("\n".join(shown) + "\n", "") == (out.getvalue(), err.getvalue())
