"""The rules of format 1.1 on text fields: never blank, and without padding.

A *text field* is a field whose type is plain ``str``: a name, a title, an
alias, a value of ``names``, a description, a venue. Ids, codes, dates and
URLs have rules of their own and are not text fields. Since format 1.1, a
text field holds at least one character that is not white space (a blank
one is a ``schema`` error, as the 1.1 schemas say), and text that begins or
ends with white space is a ``not-normalized`` warning.

A document that declares format 1.0 may hold blank text, so these rules are
a pass of their own, applied according to the version, after the check of
the structure that every version shares. The first pass never clears a
record holding text that is not neat (see
:func:`learningcities._characters.is_neat`), so this pass needs to read only the
records it did not clear.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, Final, get_args, get_origin

import attrs

from learningcities._characters import is_blank
from learningcities._checking.convert import key_of
from learningcities._fields import optional_of
from learningcities._findings import Finding, Path
from learningcities._messages import Text
from learningcities._shown import describe, quote
from learningcities.dates import PartialDate
from learningcities.errors import Severity

if TYPE_CHECKING:
    from collections.abc import Collection, Iterator

__all__ = ["text_field_findings"]

#: How a field holds text: one text, a list of texts, texts by language
#: tag, one object of a model, or a list of them.
_TEXT, _TEXTS, _NAMES, _MODEL, _MODELS = range(5)


@cache
def _plan(cls: type) -> tuple[tuple[str, int, Any], ...]:
    """The fields of model *cls* that hold text, as (key, how, model)."""
    plan = []
    for field in attrs.fields(cls):
        if field.name == "extensions":
            continue
        key = key_of(field)
        hint = optional_of(field.type) or field.type
        origin, args = get_origin(hint), get_args(hint)
        if hint is str:  # plain str: an Annotated one has rules of its own
            plan.append((key, _TEXT, None))
        elif origin is tuple and args[0] is str:
            plan.append((key, _TEXTS, None))
        elif origin is Mapping and args[1] is str:
            plan.append((key, _NAMES, None))
        elif _is_model(hint):
            plan.append((key, _MODEL, hint))
        elif origin is tuple and _is_model(args[0]):
            plan.append((key, _MODELS, args[0]))
    return tuple(plan)


def _is_model(hint: Any) -> bool:
    """Whether *hint* is a model written as an object (a partial date is text)."""
    return attrs.has(hint) and hint is not PartialDate


def text_field_findings(
    record: Any, cls: type, prefix: Path = (), skip: Collection[Path] = ()
) -> list[Finding]:
    """The findings of the format 1.1 rules on the text fields of one *record*.

    *record* is an object as written, of model *cls*, at *prefix* in its
    document; a value that is not of the right JSON type is left to the
    check of the structure, which says what is wrong with it. Paths in
    *skip* (full paths, from the document's root) already have a problem,
    and get no other.
    """
    if not isinstance(record, dict):  # a DuplicateKeysDict is read too
        return []
    findings: list[Finding] = []
    for key, how, model in _plan(cls):
        value = record.get(key)
        path = (*prefix, key)
        if how in (_TEXT, _MODEL):
            items: Any = [(path, value)]
        elif how == _NAMES and isinstance(value, dict):
            items = [((*path, tag), item) for tag, item in value.items()]
        elif type(value) is list:  # _TEXTS or _MODELS
            items = [((*path, index), item) for index, item in enumerate(value)]
        else:
            continue
        for where, item in items:
            if model is None:
                findings += _text(item, where, skip)
            else:
                findings += text_field_findings(item, model, where, skip)
    return findings


def _text(value: Any, path: Path, skip: Collection[Path]) -> Iterator[Finding]:
    if type(value) is not str or path in skip or value.strip() == value != "":
        return
    if is_blank(value):
        text = Text(_BLANK, {"found": describe(value)})
        yield Finding("schema", text, path)
    else:
        text = Text(_PADDED, {"trimmed": quote(value.strip()), "value": quote(value)})
        yield Finding("not-normalized", text, path, Severity.WARNING)


_BLANK: Final = (
    "{label} must be text with at least one character that is not white space, "
    "not {found}."
)
_PADDED: Final = (
    "{label} begins or ends with white space: write {trimmed}, not {value}."
)
