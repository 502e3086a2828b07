"""CSV files as spreadsheet programs write them: delimiters, headers, empty columns."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learningcities import validate
from learningcities._pipeline import csvfiles
from learningcities._pipeline.csvfiles import _texts as list_items
from learningcities._reading.csvtext import delimiter as _delimiter

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


def _problems(path: Path, lang: str = "en") -> list[str]:
    return [
        str(p).replace(f"{path.parent}/", "")
        for p in validate(path, lang=lang).problems  # type: ignore[arg-type]
    ]


def _written(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("line", "delimiter"),
    [
        ("id,name,country", ","),
        ("id;name;country", ";"),
        ("id\tname\tcountry", "\t"),
        ('id,"name;aliases",country', ","),
        ('"id;x";name;country', ";"),
        ("id", ","),
        ("id;name,country", ","),  # a tie: the comma
    ],
)
def test_the_delimiter_is_read_off_the_header_line(line: str, delimiter: str) -> None:
    assert delimiter == _delimiter(f"{line}\r\nrow\r\n", ".csv")


def test_a_tsv_file_is_tab_separated(tmp_path: Path) -> None:
    path = _written(
        tmp_path, "cities.tsv", b"id\tname\tcountry\nma-fez\tFes, city\tMA\n"
    )
    assert [] == _problems(path)
    assert "tab" == {"\t": "tab"}[_delimiter("id,name\n", ".tsv")]


def test_a_semicolon_csv_from_a_french_spreadsheet_is_read(tmp_path: Path) -> None:
    """Excel in French or Moroccan locales writes ';', even as "CSV UTF-8"."""
    data = (
        "\ufeffid;name;country;aliases;location.lat;location.lon\r\n"
        'ma-fez;Fès;MA;"Fes;Fez";34,03;-5\r\n'
    ).encode()
    path = _written(tmp_path, "cities.csv", data)
    assert [
        "cities.csv:2:5: error[schema] /cities/0/location/lat: 'lat' must be a "
        'number, not a string ("34,03"); write 34.03.',
    ] == _problems(path)


def test_a_header_in_another_case_is_one_warning(tmp_path: Path) -> None:
    path = _written(
        tmp_path,
        "cities.csv",
        b"ID, Name ,Country,Names.FR\nma-fez,Fez,MA,F\xc3\xa8s\n",
    )
    assert [
        "cities.csv:1:1: warning[not-normalized] /cities: The header writes 'ID', "
        "' Name ', 'Country', 'Names.FR', read as 'id', 'name', 'country', "
        "'names.fr': field names are in lower case, without spaces around them.",
    ] == _problems(path)
    assert [
        "cities.csv:1:1: warning[not-normalized] /cities: L'en-tête écrit 'ID', "
        "' Name ', 'Country', 'Names.FR', lus comme 'id', 'name', 'country', "
        "'names.fr' : les noms de champs sont en minuscules, sans espaces autour.",
    ] == _problems(path, "fr")


def test_an_unknown_column_says_which_field_it_may_be(tmp_path: Path) -> None:
    path = _written(tmp_path, "cities.csv", b"id,nme,country\nma-fez,Fez,MA\n")
    assert [
        "cities.csv:1:2: error[schema] /cities: Column 'nme' is not a field of a "
        "city (did you mean 'name'?); extension columns must begin with 'x-'.",
        "cities.csv:1:4: error[schema] /cities: The header has no column 'name', "
        "which every record of a city needs.",
    ] == _problems(path)


def test_a_spreadsheets_empty_columns_and_rows_are_ignored(tmp_path: Path) -> None:
    data = b"id,name,country,,,\r\nma-fez,Fez,MA,,,\r\nma-rabat,Rabat,MA,,\r\n,,,,,\r\n"
    path = _written(tmp_path, "cities.csv", data)
    assert [] == _problems(path)
    memberships = path.parent / "memberships.csv"
    memberships.write_text(
        "id,city,network,joined\nm1,ma-fez,n,2020\nm2,ma-rabat,n,2020\n", "utf-8"
    )
    assert ["/memberships/0/network", "/memberships/1/network"] == [
        p.pointer for p in validate([path, memberships]).problems
    ]


def test_an_empty_column_between_others_is_ignored(tmp_path: Path) -> None:
    data = b"id;;name;;country\r\nma-fez;;Fez;;MA\r\nma-rabat;; Rabat ;;MA\r\n"
    path = _written(tmp_path, "cities.csv", data)
    assert ["/cities/1/name"] == [p.pointer for p in validate(path).problems]


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "en",
            "cities.csv:1:2: error[schema] /cities: Column B has no name in the "
            "header, but row 3 has a value in it: write the field it holds in the "
            "header (an extension column begins with 'x-'), or empty the column.",
        ),
        (
            "fr",
            "cities.csv:1:2: error[schema] /cities: La colonne B n'a pas de nom dans "
            "l'en-tête, mais la ligne 3 y a une valeur : écrivez dans l'en-tête le "
            "champ qu'elle contient (une colonne d'extension commence par 'x-'), ou "
            "videz la colonne.",
        ),
    ],
)
def test_a_column_without_a_name_but_with_values_is_one_error(
    tmp_path: Path, lang: str, said: str
) -> None:
    """Said once, at the header's empty cell, naming the first row with a value."""
    data = b"id,,name,country\r\nma-a,,A,MA\r\nma-b,x,B,MA\r\nma-c,y,C,MA\r\n"
    path = _written(tmp_path, "cities.csv", data)
    assert [said] == _problems(path, lang)


def test_a_value_beyond_the_header_is_still_an_error(tmp_path: Path) -> None:
    path = _written(tmp_path, "cities.csv", b"id,name,country\nma-fez,Fez,MA,oops\n")
    assert [
        "cities.csv:2:1: error[syntax] /cities/0: Row 2 has 4 cells, but the header "
        "has 3.",
    ] == _problems(path)


def test_an_empty_half_of_a_pair_is_placed_at_its_item(tmp_path: Path) -> None:
    """``wikidata:`` lacks the identifier's value: said at the item, in its cell."""
    path = _written(
        tmp_path,
        "organizations.csv",
        b'id,name,kind,identifiers\no1,Org,university,"isni:1;wikidata:"\n',
    )
    assert [
        "organizations.csv:2:4: error[schema] /organizations/0/identifiers/1/value: "
        "Row 2: 'identifiers[1].value' is empty; it is required.",
    ] == _problems(path)


def test_a_csv_error_ends_the_rows_at_the_row_it_is_in() -> None:
    """The records before it are checked; the error is placed at its row."""

    def rows() -> Iterator[list[str]]:
        yield ["ma-fez", "Fez", "MA"]
        yield ["ma-rabat", "Rabat", "MAR"]
        raise csv.Error("field larger than field limit (131072)")

    sheet = csvfiles._Sheet("cities")  # noqa: SLF001 (the reader of rows)
    sheet.header(["id", "name", "country"])
    sheet.read(rows(), 2)
    assert [
        ("unknown-country", 3, ("cities", 1, "country")),
        ("syntax", 4, ()),
    ] == [(f.code, f.line or sheet.lines[1], f.path) for f in sheet.findings]
    assert [0, 1] == [index for index, _ in sheet.raw["cities"]]


@given(st.text())
def test_a_list_cells_items_are_its_parts_trimmed(text: str) -> None:
    """The fast path for cells without white space splits as the plain one."""
    assert [part.strip() for part in text.split(";")] == list_items(text)
