"""Messages in English and French: English templates, French translations.

A :class:`Text` is a message not yet put into words: an English template
with named arguments, some of them texts in turn. It is rendered in the
language the reader asked for; the English template is the key of its
French translation, so the code reads in plain English.
"""

from __future__ import annotations

import calendar
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = [
    "FRENCH",
    "LANGUAGES",
    "Deferred",
    "Language",
    "Message",
    "Text",
    "month_name",
]

#: The languages messages can be given in.
LANGUAGES: Final = ("en", "fr")
#: A language messages can be given in.
Language = Literal["en", "fr"]


@attrs.frozen
class Text:
    """A message to be rendered in a language.

    >>> text = Text("{label} must be {expected}, not {found}.", {"label": "'count'",
    ...     "expected": Text("an integer"), "found": Text("null")})
    >>> print(text.render("en"))
    'count' must be an integer, not null.
    >>> print(text.render("fr"))
    'count' doit être un entier, et non null.
    """

    template: str
    args: Mapping[str, Any] = attrs.field(default=MappingProxyType({}))

    def render(self, lang: str = "en", **more: Any) -> str:
        """Put the message into words in *lang* (``en`` or ``fr``).

        *more* are arguments beyond the text's own, as :meth:`with_args`
        would add them, without making a new text: a report renders one
        message per problem, a label added to each.
        """
        template = (
            FRENCH.get(self.template, self.template) if lang == "fr" else self.template
        )
        if not self.args and not more:
            return template
        args = {
            key: value.render(lang) if type(value) is Text else value
            for key, value in self.args.items()
        }
        for key, value in more.items():
            args[key] = value.render(lang) if type(value) is Text else value
        return template.format(**args)

    def with_args(self, **args: Any) -> Text:
        """Return this text with more arguments."""
        return Text(self.template, {**self.args, **args})

    def __str__(self) -> str:
        return self.render("en")


class Deferred:
    """A text made only when it is rendered: ``make(first, second)``.

    A problem's message waits in memory until the report is written, and a
    file may have 200,000 problems of one kind: a :class:`Text` with its
    dict of arguments and the strings they show takes 0.3 to 0.5 KB, a
    deferred text 56 bytes besides what *first* and *second* hold (mostly
    values the document holds already). It renders, and compares, as the
    text *make* gives.

    >>> said = Deferred(lambda n, _: Text("{label} has {n} keys.", {"n": n}), 3)
    >>> said.render("en", label="'x'"), said == Text("{label} has {n} keys.", {"n": 3})
    ("'x' has 3 keys.", True)
    """

    __slots__ = ("first", "make", "second")

    def __init__(
        self, make: Callable[[Any, Any], Text], first: Any, second: Any = None
    ) -> None:
        self.make, self.first, self.second = make, first, second

    def text(self) -> Text:
        """The text, made now."""
        return self.make(self.first, self.second)

    @property
    def template(self) -> str:
        """The English template of the text."""
        return self.text().template

    @property
    def args(self) -> Mapping[str, Any]:
        """The arguments of the text."""
        return self.text().args

    def render(self, lang: str = "en", **more: Any) -> str:
        """Put the text into words in *lang*, as :meth:`Text.render` does."""
        return self.text().render(lang, **more)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Deferred):
            return self.text() == other.text()
        if isinstance(other, Text):
            return self.text() == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # as a Text, which holds a dict

    def __repr__(self) -> str:
        return f"Deferred({self.text()!r})"

    def __str__(self) -> str:
        return self.render("en")


#: A message: a text, or one made when it is rendered.
Message = Text | Deferred


_MONTHS_FR: Final = (
    *("janvier", "février", "mars", "avril", "mai", "juin", "juillet"),
    *("août", "septembre", "octobre", "novembre", "décembre"),
)


def month_name(month: int) -> Text:
    """The name of *month* (1 to 12), as a text."""
    return Text(calendar.month_name[month])


#: French translations of the English templates, by English template.
FRENCH: Final[dict[str, str]] = {
    **{calendar.month_name[i + 1]: name for i, name in enumerate(_MONTHS_FR)},
    # Labels and descriptions of values.
    "The document": "Le document",
    "null": "null",
    "a boolean ({value})": "un booléen ({value})",
    "a number ({value})": "un nombre ({value})",
    "a number of about {digits} digits": "un nombre d'environ {digits} chiffres",
    "a number of {count} characters": "un nombre de {count} caractères",
    "a string ({value})": "une chaîne ({value})",
    "an array": "un tableau",
    "an object": "un objet",
    "{value}, a number that cannot be held exactly": (
        "{value}, un nombre qui ne peut pas être représenté exactement"
    ),
    # What was expected.
    "a string": "une chaîne",
    "an integer": "un entier",
    "a number": "un nombre",
    "a JSON object": "un objet JSON",
    "a JSON number": "un nombre JSON",
    "a JSON value": "une valeur JSON",
    "{label} has a key that is not a string ({key}), which JSON cannot hold.": (
        "{label} a une clé qui n'est pas une chaîne ({key}), ce que JSON ne peut "
        "pas contenir."
    ),
    "one of {values}": "l'une des valeurs {values}",
    "a partial date ({form})": "une date partielle ({form})",
    "a date (YYYY-MM-DD)": "une date (AAAA-MM-JJ)",
    "a date or date-time ({form})": "une date ou une date-heure ({form})",
    "YYYY, YYYY-MM or YYYY-MM-DD, optionally followed by ~, ? or %": (
        "AAAA, AAAA-MM ou AAAA-MM-JJ, suivie au besoin de ~, ? ou %"
    ),
    "YYYY-MM-DD, or YYYY-MM-DDThh:mm:ss with an offset (Z or +hh:mm)": (
        "AAAA-MM-JJ, ou AAAA-MM-JJThh:mm:ss avec un décalage (Z ou +hh:mm)"
    ),
    "an id of lowercase ASCII letters and digits in words joined by single "
    "hyphens, at most 64 characters": (
        "un identifiant de lettres ASCII minuscules et de chiffres, en mots joints "
        "par des traits d'union simples, de 64 caractères au plus"
    ),
    'an assigned ISO 3166-1 alpha-2 country code such as "MA"': (
        'un code de pays ISO 3166-1 alpha-2 attribué, comme "MA"'
    ),
    'an ISO 3166-2 subdivision code such as "MA-03"': (
        'un code de subdivision ISO 3166-2, comme "MA-03"'
    ),
    'a BCP 47 language tag such as "fr" or "ar-MA"': (
        'une étiquette de langue BCP 47, comme "fr" ou "ar-MA"'
    ),
    'an absolute http or https URL such as "https://uil.unesco.org/"': (
        'une URL http ou https absolue, comme "https://uil.unesco.org/"'
    ),
    'an IANA time zone name such as "Africa/Casablanca"': (
        'un nom de fuseau horaire IANA, comme "Africa/Casablanca"'
    ),
    'a Sustainable Development Goal or target such as "4", "4.3" or "11.a"': (
        'un objectif ou une cible de développement durable, comme "4", "4.3" ou "11.a"'
    ),
    "a latitude from -90 to 90": "une latitude de -90 à 90",
    "a longitude from -180 to 180": "une longitude de -180 à 180",
    "an integer of 0 or more": "un entier positif ou nul",
    "a date (YYYY-MM-DD) without a time": "une date (AAAA-MM-JJ) sans heure",
    "a date, or a date-time with an offset": (
        "une date, ou une date-heure avec un décalage"
    ),
    # Problems of a value.
    "{label} must be {expected}, not {found}.": (
        "{label} doit être {expected}, et non {found}."
    ),
    "{label} must be {expected}, not {found}; write {suggestion}.": (
        "{label} doit être {expected}, et non {found} ; écrivez {suggestion}."
    ),
    "{label} is {value}, which is not {valid_kind}: {reason}.": (
        "{label} vaut {value}, qui n'est pas {valid_kind} : {reason}."
    ),
    "a valid partial date": "une date partielle valide",
    "a valid date": "une date valide",
    "a valid date-time": "une date-heure valide",
    "day {day} is out of range for {month} {year} (expected 01 to {last})": (
        "le jour {day} n'existe pas en {month} {year} (attendu : 01 à {last})"
    ),
    "month {month} is out of range (expected 01 to 12)": (
        "le mois {month} n'existe pas (attendu : 01 à 12)"
    ),
    "year {year} is out of range (expected 0001 to 9999)": (
        "l'année {year} est hors limites (attendu : 0001 à 9999)"
    ),
    "a day needs a month": "un jour demande un mois",
    "hour {hour} is out of range (expected 00 to 23)": (
        "l'heure {hour} n'existe pas (attendu : 00 à 23)"
    ),
    "minute {minute} is out of range (expected 00 to 59)": (
        "la minute {minute} n'existe pas (attendu : 00 à 59)"
    ),
    "second {second} is out of range (expected 00 to 59)": (
        "la seconde {second} n'existe pas (attendu : 00 à 59)"
    ),
    "offset {offset} is out of range (expected up to 23:59)": (
        "le décalage {offset} est hors limites (attendu : 23:59 au plus)"
    ),
    "{label} holds a lone surrogate ({value}), which is not Unicode text.": (
        "{label} contient un demi-codet isolé ({value}), qui n'est pas du texte "
        "Unicode."
    ),
    "{label} appears more than once in one object.": (
        "{label} apparaît plusieurs fois dans un même objet."
    ),
    "{label} is not a field {of_kind}{hint}; extension keys must begin with 'x-'.": (
        "{label} n'est pas un champ {of_kind}{hint} ; les clés d'extension doivent "
        "commencer par 'x-'."
    ),
    " (did you mean {key}?)": " (vouliez-vous dire {key} ?)",
    "{label} is missing the required key {key}.": (
        "{label} n'a pas la clé obligatoire {key}."
    ),
    "{label} is missing the required key 'learningcities', the format version "
    "({version}).": (
        "{label} n'a pas la clé obligatoire 'learningcities', la version du format "
        "({version})."
    ),
    "{label} must be one of the format versions this library reads ({versions}), "
    "not {found}.": (
        "{label} doit être l'une des versions du format que cette bibliothèque lit "
        "({versions}), et non {found}."
    ),
    "{label} needs format {needed}, but the document declares format {declared}.": (
        "{label} demande le format {needed}, mais le document déclare le format "
        "{declared}."
    ),
    "{label} must be text with at least one character that is not white space, "
    "not {found}.": (
        "{label} doit être un texte d'au moins un caractère autre qu'une espace, "
        "et non {found}."
    ),
    "{label} begins or ends with white space: write {trimmed}, not {value}.": (
        "{label} commence ou finit par une espace : écrivez {trimmed}, et non {value}."
    ),
    "a URI reference": "une référence d'URI",
    "{label} nests arrays and objects more than {limit} levels deep.": (
        "{label} imbrique des tableaux et des objets sur plus de {limit} niveaux."
    ),
    # Kinds of objects.
    "of a dataset": "d'un jeu de données",
    "of a source": "d'une source",
    "of a network": "d'un réseau",
    "of an organization": "d'une organisation",
    "of a city": "d'une ville",
    "of a membership": "d'une adhésion",
    "of an event": "d'un événement",
    "of a location": "d'un emplacement",
    "of a population": "d'une population",
    "of a recognition": "d'une distinction",
    "of an identifier": "d'un identifiant",
    "of an organizer": "d'un organisateur",
    "of an activity": "d'une activité",
    "a source": "une source",
    "a network": "un réseau",
    "an organization": "une organisation",
    "a city": "une ville",
    "a membership": "une adhésion",
    "an event": "un événement",
    # Reports.
    "{errors}, {warnings} in {files}": "{errors}, {warnings} dans {files}",
    "{errors}, {warnings}, {notes} in {files}": (
        "{errors}, {warnings}, {notes} dans {files}"
    ),
    "{count} note": "{count} remarque",
    "{count} notes": "{count} remarques",
    "{count} error": "{count} erreur",
    "{count} errors": "{count} erreurs",
    "{count} warning": "{count} avertissement",
    "{count} warnings": "{count} avertissements",
    "{count} file": "{count} fichier",
    "{count} files": "{count} fichiers",
    # Rules across records.
    "{label} {value} is already the id of {other}; ids must be unique among {kind}.": (
        "{label} {value} est déjà l'identifiant de {other} ; les identifiants doivent "
        "être uniques dans {kind}."
    ),
    "{label} {value} is also the id of {other}; ids must be unique among {kind}.": (
        "{label} {value} est aussi l'identifiant de {other} ; les identifiants "
        "doivent être uniques dans {kind}."
    ),
    "{record} in {file}": "{record} dans {file}",
    "The folder holds no file to check: none of its names ends with {suffixes}.": (
        "Le dossier ne contient aucun fichier à vérifier : aucun de ses noms ne "
        "finit par {suffixes}."
    ),
    "{label} {value} is a subdivision of {prefix}, not of the city's country "
    "{country}.": (
        "{label} {value} est une subdivision de {prefix}, et non du pays de la ville, "
        "{country}."
    ),
    "{label} names {a_kind} {value} that is in neither the file nor the register.": (
        "{label} désigne {a_kind} {value} qui ne figure ni dans le fichier ni dans "
        "le registre."
    ),
    "{label} names {a_kind} {value} that is in none of the files nor in the "
    "register.": (
        "{label} désigne {a_kind} {value} qui ne figure dans aucun des fichiers ni "
        "dans le registre."
    ),
    "{label} names {a_kind} {value} that is in none of the files (and no register "
    "was given).": (
        "{label} désigne {a_kind} {value} qui ne figure dans aucun des fichiers (et "
        "aucun registre n'a été donné)."
    ),
    "{label} names {a_kind} {value} that is not in the file (and no register was "
    "given).": (
        "{label} désigne {a_kind} {value} qui ne figure pas dans le fichier (et "
        "aucun registre n'a été donné)."
    ),
    "{label} {value} is before {other} {other_value}.": (
        "{label} {value} précède {other} {other_value}."
    ),
    "{label} {value} is after today ({today}): it states a past fact.": (
        "{label} {value} est postérieur à aujourd'hui ({today}) : il énonce un fait "
        "passé."
    ),
    "{label} {value} is after today ({today}), yet the event's status is "
    '"completed".': (
        "{label} {value} est postérieur à aujourd'hui ({today}), alors que "
        'l\'événement a le statut "completed".'
    ),
    "{label} overlaps {other}: {city} would be a member of {network} twice at once.": (
        "{label} chevauche {other} : {city} serait membre de {network} deux fois à "
        "la fois."
    ),
    "the register": "le registre",
    "{label} makes {count} admissions from {country} to {network} in {year}, more "
    "than the {limit} a year the network allows.": (
        "{label} porte à {count} les admissions de {country} dans {network} en "
        "{year}, plus que les {limit} par an que le réseau autorise."
    ),
    "{label} holds an invisible or control character ({char}) in {value}.": (
        "{label} contient un caractère invisible ou de contrôle ({char}) dans {value}."
    ),
    "{label} is not in Unicode normalization form C (NFC): {value} is loaded as "
    "its NFC form.": (
        "{label} n'est pas en forme de normalisation Unicode C (NFC) : {value} est "
        "chargé sous sa forme NFC."
    ),
    "{label} is not valid: {error}": "{label} n'est pas valide : {error}",
    # CSV files.
    "The document is not valid CSV: {detail}.": (
        "Le document n'est pas du CSV valide : {detail}."
    ),
    "Column {column} is not a field {of_kind}{hint}; extension columns must begin "
    "with 'x-'.": (
        "La colonne {column} n'est pas un champ {of_kind}{hint} ; les colonnes "
        "d'extension doivent commencer par 'x-'."
    ),
    "The header writes {written}, read as {fields}: field names are in lower case, "
    "without spaces around them.": (
        "L'en-tête écrit {written}, lus comme {fields} : les noms de champs sont en "
        "minuscules, sans espaces autour."
    ),
    "Row {row} has {cells} cells, but the header has {width}.": (
        "La ligne {row} a {cells} cellules, mais l'en-tête en a {width}."
    ),
    # Problems of the file.
    "The file cannot be read: {reason}.": "Le fichier ne peut pas être lu : {reason}.",
    "No such file or directory": "fichier ou dossier introuvable",
    "Is a directory": "c'est un dossier",
    "Permission denied": "permission refusée",
    "it is a device, not a file": "c'est un périphérique, pas un fichier",
    "Row {row}: {column} is empty; it is required.": (
        "Ligne {row} : {column} est vide ; ce champ est obligatoire."
    ),
    "The header has no column {column}, which every record {of_kind} needs.": (
        "L'en-tête n'a pas de colonne {column}, dont chaque enregistrement "
        "{of_kind} a besoin."
    ),
    "cannot read {file}: {reason}": "impossible de lire {file} : {reason}",
    "the register is not valid: {count} errors": (
        "le registre n'est pas valide : {count} erreurs"
    ),
    "Cannot tell which kind of records the file holds: name it after its kind "
    "(cities.csv, events.csv, ...) or give the kind (--kind events).": (
        "Impossible de savoir quelle sorte d'enregistrements contient le fichier : "
        "nommez-le d'après sa sorte (cities.csv, events.csv, ...) ou donnez la "
        "sorte (--kind events)."
    ),
    "The file holds no record: {how}.": (
        "Le fichier ne contient aucun enregistrement : {how}."
    ),
    "a sheet needs a header row and a row per record below it": (
        "une feuille demande une ligne d'en-tête et, dessous, une ligne par "
        "enregistrement"
    ),
    "{label} holds the spreadsheet error {error}, not a value: write the value "
    "itself.": (
        "{label} contient l'erreur de tableur {error}, et non une valeur : "
        "écrivez la valeur elle-même."
    ),
    "The sheet cannot be read: {reason}.": (
        "La feuille ne peut pas être lue : {reason}."
    ),
    "The sheet is not named after a kind of record, so it was not read; "
    "a sheet of records is named {kinds}.": (
        "La feuille ne porte pas le nom d'une sorte d'enregistrement : elle n'a "
        "pas été lue ; une feuille d'enregistrements s'appelle {kinds}."
    ),
    "a workbook needs a sheet named after a kind of record ({kinds})": (
        "un classeur demande une feuille nommée d'après une sorte d'enregistrement "
        "({kinds})"
    ),
    "Reading workbooks needs python-calamine: pip install 'learningcities[excel]'.": (
        "Lire les classeurs demande python-calamine : pip install "
        "'learningcities[excel]'."
    ),
    "The file is not a workbook that can be read: {reason}.": (
        "Le fichier n'est pas un classeur lisible : {reason}."
    ),
    "a CSV file needs a header row and a row per record below it": (
        "un fichier CSV demande une ligne d'en-tête et, dessous, une ligne par "
        "enregistrement"
    ),
    "a JSON Lines file needs a record per line": (
        "un fichier JSON Lines demande un enregistrement par ligne"
    ),
    "The record is missing the required key 'type', which names its kind ({kinds}).": (
        "L'enregistrement n'a pas la clé obligatoire 'type', qui nomme sa sorte "
        "({kinds})."
    ),
    "The file is not UTF-8: byte 0x{byte} at line {line}, column {column} cannot "
    "be decoded; {guess}. Save it again as UTF-8.": (
        "Le fichier n'est pas en UTF-8 : l'octet 0x{byte} à la ligne {line}, "
        "colonne {column}, ne peut pas être décodé ; {guess}. Enregistrez-le de "
        "nouveau en UTF-8."
    ),
    "it looks like UTF-16": "il semble être en UTF-16",
    "UTF-32 (big-endian)": "UTF-32 (gros-boutiste)",
    "UTF-32 (little-endian)": "UTF-32 (petit-boutiste)",
    "UTF-16 (big-endian)": "UTF-16 (gros-boutiste)",
    "UTF-16 (little-endian)": "UTF-16 (petit-boutiste)",
    "The file is not UTF-8: it is {encoding}. Save it again as UTF-8.": (
        "Le fichier n'est pas en UTF-8 : il est en {encoding}. Enregistrez-le à "
        "nouveau en UTF-8."
    ),
    "A byte order mark (U+FEFF) stands here: only the very start of a file may "
    "hold one. Remove it (joining files saved with one leaves them inside).": (
        "Une marque d'ordre des octets (U+FEFF) se trouve ici : seul le tout "
        "début d'un fichier peut en porter une. "
        "Supprimez-la (joindre des fichiers enregistrés avec une marque en laisse "
        "à l'intérieur)."
    ),
    "it looks like Windows-1252 (a spreadsheet's default Western encoding)": (
        "il semble être en Windows-1252 (l'encodage occidental par défaut des tableurs)"
    ),
    "its encoding is not recognized": "son encodage n'est pas reconnu",
    "The document is not valid JSON: {detail}.": (
        "Le document n'est pas du JSON valide : {detail}."
    ),
    "expecting value": "une valeur est attendue",
    "expecting ',' delimiter": "le séparateur ',' est attendu",
    "expecting ':' delimiter": "le séparateur ':' est attendu",
    "expecting property name enclosed in double quotes": (
        "un nom de propriété entre guillemets doubles est attendu"
    ),
    "unterminated string": "chaîne non terminée",
    "invalid control character": "caractère de contrôle non valide",
    "extra data": "données en trop après la fin",
    "illegal trailing comma before end of object": (
        "virgule finale interdite avant la fin de l'objet"
    ),
    "illegal trailing comma before end of array": (
        "virgule finale interdite avant la fin du tableau"
    ),
    "invalid \\escape": "séquence d'échappement non valide",
    "invalid \\uxxxx escape": "séquence \\uXXXX non valide",
    # The reply to a partner: the annotated workbook and the report page.
    "Column {column} has no name in the header, but row {row} has a value in it: "
    "write the field it holds in the header (an extension column begins with "
    "'x-'), or empty the column.": (
        "La colonne {column} n'a pas de nom dans l'en-tête, mais la ligne {row} y "
        "a une valeur : écrivez dans l'en-tête le champ qu'elle contient (une "
        "colonne d'extension commence par 'x-'), ou videz la colonne."
    ),
    "{name}: {value}": "{name} : {value}",
    "Write {value}.": "Écrivez {value}.",
    "Problems": "Problèmes",
    "Problems found by learningcities {version}": (
        "Problèmes trouvés par learningcities {version}"
    ),
    "Legend": "Légende",
    "Problems by code": "Problèmes par code",
    "Every problem": "Tous les problèmes",
    "Code": "Code",
    "Severity": "Gravité",
    "Count": "Nombre",
    "Where": "Emplacement",
    "Message": "Message",
    "error": "erreur",
    "warning": "avertissement",
    "note": "remarque",
    "a cell with an error: the value must change": (
        "une cellule avec une erreur : la valeur doit changer"
    ),
    "a cell with a warning: the value should be checked": (
        "une cellule avec un avertissement : la valeur est à vérifier"
    ),
    "a note: what was left unread": "une remarque : ce qui n'a pas été lu",
    "A problem of a whole record fills its row; one of a whole sheet, its header. "
    "Each marked cell's comment says what is wrong.": (
        "Un problème d'un enregistrement entier colore sa ligne ; celui d'une "
        "feuille entière, son en-tête. Le commentaire de chaque cellule marquée "
        "dit ce qui ne va pas."
    ),
    "Validation report": "Rapport de validation",
    "Files checked": "Fichiers vérifiés",
    "Valid": "Valide",
    "Not valid": "Non valide",
    "No problem was found.": "Aucun problème n'a été trouvé.",
    "What it means": "Ce que cela signifie",
    "the page of {code}": "la page de {code}",
    "… and {count} more of this code, not shown here.": (
        "… et {count} autres de ce code, non montrés ici."
    ),
    "Written by learningcities {version}.": "Écrit par learningcities {version}.",
}
