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
            _age()
            gc.enable()


def _age() -> None:
    """Count what was made while the collector was paused as old, not young.

    Else the collector's next run traverses every object made meanwhile
    that is still alive (a register's 300,000 models: half a second), only
    to find, as always, no cycle. Freezing and unfreezing moves every
    tracked object to the oldest generation, which a full collection alone
    traverses, and counts none as newly made. If the program has frozen
    objects itself (before a fork), nothing is done: unfreezing would free
    them too.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
