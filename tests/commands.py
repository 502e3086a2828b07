"""The command line run in a test: its exit status and what it wrote."""

from __future__ import annotations

import io

from learningcities._cli.main import run


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    """Run ``learningcities`` with *argv*: the status, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    status = run(argv, stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()
