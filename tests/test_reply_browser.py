"""The report page in a real browser: headless Chromium, from Debian's packages.

Playwright drives the browser that ``.ci/run`` installs (``/usr/bin/chromium``,
or the one ``LEARNINGCITIES_CHROMIUM`` names); without it, the tests skip
and say why, unless ``LEARNINGCITIES_REQUIRE_BROWSER`` is set, as ``.ci/run``
sets it. The page of the examples' broken submission is opened from
disk, as a partner opens an attachment: its rendered text is checked, every
request the browser makes is recorded (the page's own file is the only
one), and a screenshot is taken to look at (kept in pytest's temporary
folder; ``scripts/pictures.py`` writes the one in the docs).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import learningcities
from learningcities.reply import html

from .browser import CHROMIUM, chromium

if TYPE_CHECKING:
    from collections.abc import Iterator

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

pytest.importorskip("playwright.sync_api", reason="Playwright is in the test extras")
#: Whether the browser must be there (in continuous integration): then its
#: absence fails the tests instead of skipping them.
REQUIRED = bool(os.environ.get("LEARNINGCITIES_REQUIRE_BROWSER"))
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not REQUIRED,
    reason="no Chromium here: install Debian's chromium package (.ci/run does)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as started:
        yield started


def _open(browser: Any, page_text: str, folder: Path) -> tuple[Any, list[str]]:
    """The page written to *folder* and opened from disk; the requests it made."""
    path = folder / "report.html"
    path.write_text(page_text, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    return page, requests


def test_the_page_of_the_broken_submission_renders_in_chromium(
    browser: Any, tmp_path: Path
) -> None:
    report = learningcities.validate(
        [str(EXAMPLES / "submission-broken.xlsx")],
        register=str(EXAMPLES / "register.json"),
    )
    page, requests = _open(browser, html(report), tmp_path)
    text = page.inner_text("body")
    assert text.startswith("Validation report\n")
    assert "Not valid: 4 errors, 1 warning, 1 note in 1 file" in text
    for code, count in report.counts_by_code().items():
        assert f"{code} ({count})" in text
    for problem in report.problems:
        assert problem.message in text
    colour = "cell => getComputedStyle(cell).backgroundColor"
    for severity, rgb in (("error", "255, 179, 184"), ("warning", "255, 235, 156")):
        hit = page.locator(f"article.{severity} td.hit").first
        assert f"rgb({rgb})" == hit.evaluate(colour)  # the cell, marked
    assert [(tmp_path / "report.html").as_uri()] == requests  # nothing else
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert (tmp_path / "report.png").stat().st_size > 10_000
    page.close()


def test_the_french_page_renders_in_chromium(browser: Any, tmp_path: Path) -> None:
    report = learningcities.validate(
        [str(EXAMPLES / "fez-events-broken.json")],
        register=str(EXAMPLES / "register.json"),
        lang="fr",
    )
    page, requests = _open(browser, html(report), tmp_path)
    text = page.inner_text("body")
    assert "Non valide : 8 erreurs, 0 avertissement dans 1 fichier" in text
    assert "Problèmes par code" in text
    assert '"role": "partnr"}]' in text  # the line, the value marked within
    assert '"partnr"' == page.locator("mark").nth(2).inner_text()
    assert [(tmp_path / "report.html").as_uri()] == requests
    page.close()
