"""The ways records are checked, as the differential tests and campaign run them.

Each is a :class:`learningcities._speed.Speed`, passed to the pipeline as its
option: no test reaches into the modules to change how they work.
"""

from __future__ import annotations

from learningcities._speed import Speed, built, speed

#: The ways the first pass runs: with jsonschema-rs (writing records out with
#: orjson, or with repr as without orjson; reading with orjson, or not, as
#: without it), or in Python, as installed without the accelerator.
MODES = ["jsonschema-rs", "jsonschema-rs, repr", "jsonschema-rs alone", "python"]


def speed_of(mode: str) -> Speed:
    """The :class:`Speed` of *mode*: one of :data:`MODES`, or ``exact``."""
    if mode in ("exact", "python"):
        return speed("exact" if mode == "exact" else "python")
    accelerated = speed("accelerated")
    assert accelerated.first_pass is not None  # the accelerator is installed
    if mode == "jsonschema-rs":
        return accelerated
    with_repr = built(accelerated.first_pass.jsonschema_rs, repr)
    if mode == "jsonschema-rs, repr":
        return Speed(with_repr, accelerated.reader)
    if mode == "jsonschema-rs alone":
        return Speed(with_repr, None)
    raise ValueError(f"no mode {mode!r}")
