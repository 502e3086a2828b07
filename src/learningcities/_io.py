"""Loading and saving dataset documents: text, files, atomic writes."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from . import _convert

if TYPE_CHECKING:
    from ._models import Dataset

__all__ = ["dumps", "load", "loads", "save"]

PathLike = str | os.PathLike[str]


def loads(text: str | bytes, *, register: Dataset | PathLike | None = None) -> Dataset:
    """Load a dataset document from JSON *text* (``bytes`` must be UTF-8).

    The document is checked as :func:`validate_document` checks it: every
    record, and the rules across records (against *register* too, when
    given). Warnings do not stop the load; errors do.

    >>> dataset = loads('{"learningcities": "1.0", "title": "Empty"}')
    >>> dataset.title
    'Empty'

    Raises:
        InvalidDataError: with every problem found in the document, each with
            its line, column and JSON Pointer.
    """
    from ._validate import load_checked  # noqa: PLC0415 (built on this module)

    return load_checked(text, file=None, register=register)


def dumps(dataset: Dataset) -> str:
    """Write *dataset* as JSON text in canonical form.

    The same dataset always gives the same text: keys in the order of the
    format, then extension keys as loaded; two-space indents; UTF-8 text
    without ASCII escapes; a final newline. Fields equal to their default are
    left out.

    >>> from learningcities import Dataset
    >>> print(dumps(Dataset(title="Fès")), end="")
    {
      "learningcities": "1.0",
      "title": "Fès"
    }
    """
    data = _convert.unstructure(dataset)
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def load(path: PathLike, *, register: Dataset | PathLike | None = None) -> Dataset:
    """Load the dataset document in the file at *path*, checked as :func:`loads`.

    Raises:
        InvalidDataError: with every problem found, each naming the file.
        OSError: the file cannot be read.
    """
    from ._validate import load_checked  # noqa: PLC0415 (built on this module)

    data = Path(path).read_bytes()
    return load_checked(data, file=os.fspath(path), register=register)


def save(dataset: Dataset, path: PathLike) -> None:
    """Write *dataset* to the file at *path*, atomically.

    The text goes to a new file in the same folder, which is flushed to disk
    and then renamed over *path*: a save that fails or is interrupted leaves
    the previous file as it was. A replaced file keeps its permissions.

    Raises:
        OSError: the file cannot be written; *path* is then untouched.
    """
    data = dumps(dataset).encode("utf-8")
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    # O_EXCL: never write through a file or link someone else put there.
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            temporary.chmod(target.stat().st_mode & 0o7777)
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
