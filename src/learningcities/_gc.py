"""Pausing Python's cyclic garbage collector while a file is read.

Reading a large file builds millions of containers; the collector, which
runs again and again as they are allocated, finds no cycle among them and
makes reading about three times slower. The values of a JSON document hold
no cycles, so nothing is lost by pausing it until the file is checked. The
errors behind problems are kept without their tracebacks (which would tie
each to the frames holding it, a cycle per broken record), and a test holds
a check of broken files to making no cyclic garbage at all.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector within the block, if it runs; then restart it.

    >>> import gc
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()
