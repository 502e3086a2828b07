"""The bundled sample: the Moroccan members of the UNESCO GNLC, with sources."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from learningcities._io import loads

if TYPE_CHECKING:
    from learningcities.models import Dataset

__all__ = ["sample", "sample_text"]


def sample_text() -> str:
    """Return the bundled sample's JSON text, exactly as shipped."""
    return resources.files(__package__).joinpath("data/sample.json").read_text("utf-8")


@cache
def sample() -> Dataset:
    """Return the bundled sample dataset, loaded with the same loader as any file.

    It holds the nine Moroccan members of the UNESCO Global Network of
    Learning Cities, the network and its coordinator, the organizations, the
    first-anniversary event of Fez's membership (5 March 2025), the
    recognitions, and the sources of every fact.

    Returns:
        A new dataset each call, loaded and checked like any file.

    >>> dataset = sample()
    >>> [m.id for m in dataset.memberships if m.city == "ma-fez"]
    ['unesco-gnlc-ma-fez']
    >>> len(dataset.memberships)
    9
    """
    return loads(sample_text())
