"""Loading and saving dataset documents: text, files, atomic writes."""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import time
from pathlib import Path
from typing import TYPE_CHECKING, Final

from learningcities._checking.convert import dumps
from learningcities._pipeline.validate import (
    Register,
    load_checked,
    load_files,
    one_document,
    validate_document,
)
from learningcities._reading.files import PathLike, read_input

if TYPE_CHECKING:
    from collections.abc import Iterable

    from learningcities._speed import Mode
    from learningcities.models import Dataset, RecordKind

__all__ = ["dumps", "load", "loads", "save", "write_atomically"]


def loads(
    text: str | bytes,
    *,
    register: Register | None = None,
    mode: Mode | None = None,
) -> Dataset:
    """Load a dataset document from JSON *text* (``bytes`` must be UTF-8).

    The document is checked as :func:`validate_document` checks it: every
    record, and the rules across records (against *register* too, when
    given), in *mode* (see :func:`validate`). Warnings do not stop the
    load; errors do.

    Args:
        text: the JSON text of a dataset document.
        register: a reference dataset (a :class:`Dataset` or the path of
            one) that the document may refer to.
        mode: how records are checked (see :func:`validate`).

    Returns:
        The dataset, every record a model.

    >>> dataset = loads('{"learningcities": "1.1", "title": "Empty"}')
    >>> dataset.title
    'Empty'

    Raises:
        InvalidDataError: with every problem found in the document, each with
            its line, column and JSON Pointer.
    """
    return load_checked(text, file=None, register=register, mode=mode)


def load(
    path: PathLike | Iterable[PathLike],
    *,
    register: Register | None = None,
    mode: Mode | None = None,
    kind: RecordKind | None = None,
) -> Dataset:
    r"""Load the dataset in the files at *path*, checked as :func:`validate` checks.

    One dataset document is loaded as :func:`loads` loads its text. Any
    other input (JSON Lines or CSV files, several files, a folder) is
    checked as one submission, then loaded as one dataset: whatever
    validates without errors loads.

    Args:
        path: a file (a pipe, such as ``/dev/stdin``, too), a folder, or
            several of them.
        register: as for :func:`loads`.
        mode: as for :func:`loads`.
        kind: the kind of the records of a CSV file whose name does not say
            it (see :func:`validate`).

    Returns:
        The dataset, every record a model.

    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.json").write_text('{"learningcities": "1.1", "title": "A"}')
    >>> load(folder / "a.json").title
    'A'
    >>> _ = (folder / "cities.csv").write_text("id,name,country\nma-fez,Fès,MA\n")
    >>> dataset = load(folder)
    >>> dataset.title, [city.name for city in dataset.cities]
    ('A', ['Fès'])

    Raises:
        InvalidDataError: with every problem found, each naming its file.
        OSError: the one dataset document cannot be read (with several
            files, a file that cannot be read is a problem of the error).
    """
    if isinstance(path, (str, os.PathLike)) and one_document(path):
        data = read_input(path)
        return load_checked(data, file=os.fspath(path), register=register, mode=mode)
    return load_files(path, register=register, kind=kind, mode=mode)


def save(dataset: Dataset, path: PathLike, *, check: bool = True) -> None:
    """Write *dataset* to the file at *path*, atomically.

    The text goes to a new file in the same folder, which is flushed to disk
    and then renamed over *path*, and the folder is flushed too: a save
    that fails or is interrupted, even by a power loss, leaves the previous
    file as it was. A replaced file keeps its permissions. When *path* is a
    symbolic link, the file it points to is replaced and the link kept, as
    editors do.

    The new file is written as ``.NAME~HASH.PID.RANDOM.tmp`` beside the
    target (NAME cut so that the whole fits any file system); one left by a
    save that was killed is removed by the next save of the same target.

    With *check* (the default), the text is validated first, as
    :meth:`Dataset.problems` does: a dataset that :func:`load` would refuse
    (duplicate ids, references to no record, an end before its start) is
    not written. ``check=False`` writes it all the same.

    Args:
        dataset: what to write, in canonical form (see :func:`dumps`).
        path: the file to write or replace.
        check: whether to refuse a dataset with errors.

    Raises:
        InvalidDataError: the dataset has errors, or holds what JSON text
            cannot (see :func:`dumps`); nothing is written.
        OSError: the file cannot be written; *path* is then untouched.
    """
    text = dumps(dataset)
    if check:
        _refuse_errors(text, path)
    write_atomically(path, text.encode("utf-8"))


def write_atomically(path: PathLike, data: bytes) -> None:
    """Write *data* to the file at *path* as :func:`save` does: all or nothing."""
    target = Path(os.path.realpath(path))
    prefix = _temporary_prefix(target.name)
    _remove_stale(target.parent, prefix)
    temporary = target.with_name(f"{prefix}{os.getpid()}.{secrets.token_hex(4)}.tmp")
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
    _sync_folder(target.parent)


def _refuse_errors(text: str, path: PathLike) -> None:
    """Raise InvalidDataError if *text*, to be saved to *path*, has errors."""
    from learningcities.errors import InvalidDataError, Severity  # noqa: PLC0415

    problems = validate_document(text, name=os.fspath(path)).problems
    if any(problem.severity is Severity.ERROR for problem in problems):
        raise InvalidDataError(problems)


#: The longest file name most file systems take, in bytes.
_NAME_MAX: Final = 255
#: How much of a temporary name is not the target's name: the dot, "~", a
#: hash of 8, a process id of up to 10 digits, a random part of 8, the dots.
_SUFFIX: Final = 2 + 8 + 1 + 10 + 1 + 8 + 4


def _temporary_prefix(name: str) -> str:
    """The start of the temporary names for the target called *name*.

    ``.NAME~HASH.``: NAME cut (on a character) so that the whole name fits
    in 255 bytes; HASH, of the whole name, tells two cut names apart.
    """
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    kept = name.encode("utf-8", "surrogateescape")[: _NAME_MAX - _SUFFIX]
    short = kept.decode("utf-8", "ignore")
    return f".{short}~{digest}."


#: How old a temporary file of a process that cannot be asked must be to be removed.
_STALE: Final = 24 * 3600


def _remove_stale(folder: Path, prefix: str) -> None:
    """Remove temporary files of earlier saves of the same target that died.

    A file is stale when its process no longer runs (asked on POSIX) or,
    where that cannot be asked, when it is a day old.
    """
    try:
        paths = [path for path in folder.iterdir() if path.name.startswith(prefix)]
    except OSError:
        return
    for path in paths:
        pid = path.name[len(prefix) :].partition(".")[0]
        with contextlib.suppress(OSError, ValueError):
            if _dead(int(pid)) if os.name == "posix" else _old(path):
                path.unlink()


def _dead(pid: int) -> bool:
    """Whether no process *pid* runs (one of another user's runs, too)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # another user's process
        pass
    return False


def _old(path: Path) -> bool:
    return time.time() - path.stat().st_mtime > _STALE


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entries to disk, so that the rename survives a power loss.

    Only on POSIX: elsewhere a folder cannot be opened to flush it.
    """
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
