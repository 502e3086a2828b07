"""Debian's Chromium, headless, as the browser tests and the docs' pictures start it."""

from __future__ import annotations

import contextlib
import os
import shutil
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

#: The browser: the one ``LEARNINGCITIES_CHROMIUM`` names, else Debian's on
#: the PATH (``/usr/bin/chromium``); None when there is none.
CHROMIUM = os.environ.get("LEARNINGCITIES_CHROMIUM") or shutil.which("chromium")
#: What the browser is started with: headless, as root in a container, and
#: without the background connections a closed network refuses.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """The browser, started by Playwright (a test extra), closed after."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 (an extra)

    with sync_playwright() as driver:
        started = driver.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield started
        finally:
            started.close()
