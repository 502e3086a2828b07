"""Blank templates partners fill in: a workbook with a sheet per kind, or CSV files.

Both are generated from the models, so that a template always has the
columns :mod:`learningcities._pipeline.csvfiles` reads. The workbook has
an instructions sheet in English and French, a header row and an example
row per kind (records of the bundled sample, which validate together),
drop-down lists for every closed list (kinds, statuses, roles, country
codes), and text-formatted columns for ids, dates and references, so that
a spreadsheet program does not turn ``2024-03`` into a date or ``0012``
into ``12``.
"""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from learningcities._checking.rules import View, references_of
from learningcities._countries import ASSIGNED
from learningcities._fields import optional_of, unwrap
from learningcities._io import dumps
from learningcities._pipeline.csvfiles import column_types, template
from learningcities._sample import sample
from learningcities.errors import LearningCitiesError
from learningcities.errors import column_letters as letters
from learningcities.models import KINDS

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = ["FORMS", "write_templates"]

#: The forms a template is written in.
FORMS: Final = ("xlsx", "csv")
#: How many rows below the header get the drop-down lists and text format.
_ROWS: Final = 1000
#: The records of the sample the example rows start from; those they name
#: are added, so that the examples validate together.
_EXAMPLES: Final = {
    "cities": "ma-fez",
    "memberships": "unesco-gnlc-ma-fez",
    "events": "ma-fez-2025-03-05-gnlc-anniversary",
}
_INSTRUCTIONS: Final = (
    "How to fill in this workbook",
    (
        "Each sheet holds one kind of record: sources, networks, organizations, "
        "cities, memberships, events. Keep the sheets' names and the header rows."
    ),
    (
        "Write one record per row below the header. Replace the example row, or "
        "keep it if it is your data. Leave a cell empty when nothing is known."
    ),
    (
        "Dates are written YYYY-MM-DD (or YYYY-MM, YYYY); a date and time "
        "YYYY-MM-DDThh:mm:ss+hh:mm. Lists are separated by ';'. Organizers are "
        "written organization-id:role."
    ),
    "Pick closed lists (kinds, statuses, roles, countries) from the drop-down.",
    "Check the workbook before you send it: learningcities validate FILE.xlsx",
    "",
    "Comment remplir ce classeur",
    (
        "Chaque feuille contient une sorte d'enregistrement : sources, réseaux, "
        "organisations, villes, adhésions, événements. Gardez les noms des "
        "feuilles et les lignes d'en-tête."
    ),
    (
        "Écrivez un enregistrement par ligne sous l'en-tête. Remplacez la ligne "
        "d'exemple, ou gardez-la si ce sont vos données. Laissez vide une cellule "
        "inconnue."
    ),
    (
        "Les dates s'écrivent AAAA-MM-JJ (ou AAAA-MM, AAAA) ; une date et une "
        "heure AAAA-MM-JJThh:mm:ss+hh:mm. Les listes sont séparées par ';'. Les "
        "organisateurs s'écrivent identifiant-organisation:rôle."
    ),
    "Choisissez les listes fermées (sortes, statuts, rôles, pays) dans le menu.",
    (
        "Vérifiez le classeur avant de l'envoyer : learningcities validate "
        "FICHIER.xlsx --lang fr"
    ),
)


def write_templates(path: str | Path, kinds: Sequence[str], form: str) -> list[Path]:
    """Write the templates of *kinds* (every kind when empty) in *form*.

    A workbook is written to *path*; CSV files into the folder *path*, one
    per kind (``cities.csv``). Returns the files written.

    Raises:
        LearningCitiesError: a workbook is asked for without openpyxl, which
            the extra ``[excel]`` installs.
        OSError: a file cannot be written.
        ValueError: *form* is not one of :data:`FORMS`, or a kind is not one.
    """
    chosen = list(kinds) or list(KINDS)
    unknown = [kind for kind in chosen if kind not in KINDS]
    if unknown:
        raise ValueError(f"no kind is called {unknown[0]!r}: {', '.join(KINDS)}")
    if form not in FORMS:
        raise ValueError(f"form must be one of {', '.join(FORMS)}, not {form!r}")
    target = Path(path)
    if form == "csv":
        target.mkdir(parents=True, exist_ok=True)
        written = []
        for kind in chosen:
            file = target / f"{kind}.csv"
            file.write_bytes(template(kind).encode("utf-8"))
            written.append(file)
        return written
    _write_workbook(target, chosen)
    return [target]


def _write_workbook(path: Path, kinds: Iterable[str]) -> None:
    try:
        import openpyxl  # noqa: PLC0415 (only for workbooks)
    except ImportError:
        message = (
            "Writing workbooks needs openpyxl: pip install 'learningcities[excel]'."
        )
        raise LearningCitiesError(message) from None
    book = openpyxl.Workbook()
    about = book.active
    about.title = "Instructions"
    for line in _INSTRUCTIONS:
        about.append([line])
    about.column_dimensions["A"].width = 110
    lists = book.create_sheet("Lists")
    lists.sheet_state = "hidden"
    ranges: dict[str, str] = {}
    examples = _examples()
    for kind in kinds:
        sheet = book.create_sheet(kind)
        columns = column_types(kind)
        _header(sheet, [name for name, _ in columns])
        for record in examples.get(kind, []):
            sheet.append([_cell(record, name) for name, _ in columns])
        for number, (name, hint) in enumerate(columns, 1):
            _format_column(sheet, number, name, hint, lists=lists, ranges=ranges)
    book.save(path)


def _header(sheet: Any, names: list[str]) -> None:
    """Write the header row of a sheet, in bold, kept in view when scrolling."""
    from openpyxl.styles import Font  # noqa: PLC0415 (only for workbooks)

    sheet.append(names)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def _format_column(  # noqa: PLR0913 (the column and where its list goes)
    sheet: Any,
    number: int,
    name: str,
    hint: Any,
    *,
    lists: Any,
    ranges: dict[str, str],
) -> None:
    """Give a column its width, its drop-down list if closed, its text format.

    *ranges* holds, by the list's values, the range of the lists sheet
    already written for it: each list is written once.
    """
    from openpyxl.worksheet.datavalidation import (  # noqa: PLC0415
        DataValidation,
    )

    column = letters(number)
    sheet.column_dimensions[column].width = max(12, len(name) + 2)
    choices = _choices(hint)
    if choices is not None:
        key = ",".join(choices)
        if key not in ranges:
            ranges[key] = _list_range(lists, len(ranges) + 1, name, choices)
        check = DataValidation(type="list", formula1=ranges[key])
        check.add(f"{column}2:{column}{_ROWS + 1}")
        sheet.add_data_validation(check)
    if _as_text(hint):
        for row in range(2, _ROWS + 2):
            sheet.cell(row=row, column=number).number_format = "@"


def _list_range(lists: Any, number: int, name: str, choices: Sequence[str]) -> str:
    """Write *choices* into column *number* of the lists sheet; its range."""
    column = letters(number)
    lists.cell(row=1, column=number, value=name)
    for row, choice in enumerate(choices, 2):
        lists.cell(row=row, column=number, value=choice)
    return f"Lists!${column}$2:${column}${len(choices) + 1}"


def _choices(hint: Any) -> list[str] | None:
    """The closed list a column takes its values from, if it has one."""
    base, constraints = unwrap(optional_of(hint) or hint)
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return [str(member.value) for member in base]
    if any(constraint.code == "unknown-country" for constraint in constraints):
        return sorted(ASSIGNED)
    return None


def _as_text(hint: Any) -> bool:
    """Whether a column holds text a spreadsheet must not read as a number or date."""
    base = unwrap(optional_of(hint) or hint)[0]
    return base not in {int, float}


def _examples() -> dict[str, list[dict[str, Any]]]:
    """The records of the sample the example rows show, by kind.

    They are those of :data:`_EXAMPLES` and every record they name, so that
    the examples validate together.
    """
    document = json.loads(dumps(sample()))
    by_id = {
        kind: {record["id"]: record for record in document.get(kind, [])}
        for kind in KINDS
    }
    wanted = [(kind, identifier) for kind, identifier in _EXAMPLES.items()]
    chosen: dict[str, dict[str, dict[str, Any]]] = {kind: {} for kind in KINDS}
    while wanted:
        kind, identifier = wanted.pop()
        record = by_id[kind].get(identifier)
        if record is None or identifier in chosen[kind]:
            continue
        chosen[kind][identifier] = record
        view = View(kind, 0, record)
        wanted += [(target, named) for _, target, named in references_of(view)]
    return {kind: list(records.values()) for kind, records in chosen.items()}


def _cell(record: dict[str, Any], column: str) -> str:
    """What a template's cell holds for *record*: as a partner would write it."""
    value: Any = record
    for part in column.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if value is None:
        return ""
    if isinstance(value, list):
        if column not in _PAIRED and any(isinstance(item, dict) for item in value):
            return ""  # a list of objects a cell cannot hold (activities)
        return ";".join(_item(item) for item in value)
    return str(value)


#: The lists of objects a cell holds as ``first:second;…``.
_PAIRED: Final = frozenset({"organizers", "identifiers"})


def _item(item: Any) -> str:
    if isinstance(item, dict):  # an organizer or an identifier: first:second
        return ":".join(str(value) for value in item.values())
    return str(item)
