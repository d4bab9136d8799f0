"""Reading the survey files people have: SKM headers in words, form-service exports, answers given as text.

A unit's SKM export rarely names its columns ``U1`` … ``U9``. This module finds the answer columns of a header
row and reads answers written as text, always refusing to guess:

- **The element's column.** A column named like the code (``U1``, ``u1``) is taken first; then a header that
  starts with the code (``U1 - Persyaratan``, ``[U1] ...``, ``U1. ...``); then a header that names the element in
  words (``Persyaratan pelayanan``, ``2. Sistem, mekanisme, dan prosedur``, ``Bagaimana pendapat Saudara tentang
  kewajaran biaya/tarif ...``), with the words of the SKM data file (``surveys/skm-permenpanrb-14-2017.toml``,
  ``headers``), ignoring case, punctuation and a numbering prefix (``1.``, ``2)``). A header naming two elements,
  or an element named by two headers, is refused with a message listing them: give ``columns=`` (the
  command line's ``--columns``) to choose.
- **Form-service columns.** The columns Google Forms and Microsoft Forms add (``Timestamp``/``Stempel waktu``,
  ``ID``, ``Start time``/``Waktu mulai``, ``Completion time``/``Waktu penyelesaian``, ``Email``, ``Name``/``Nama``,
  ``Last modified time``, ``Score``/``Total points``) are never taken as answers. The form's timestamp gives the
  time a form was sent (for the quality signals) and its e-mail the contact; other columns (free text) are
  ignored.
- **Answers as text.** ``4 - Sangat baik`` reads 4 (the number written; a text that names another answer is
  refused); ``Sangat sesuai`` reads the answer the element's questionnaire gives it (``answers`` in the data
  file, and ``answers_any``: Tidak baik … Sangat baik for every element). A text that is not one of them stays a
  bad answer, reported with its row and the user's own header.

>>> sorted(recognise(["Stempel waktu", "1. Persyaratan pelayanan", "U2 - Prosedur", "Waktu penyelesaian layanan"],
...                  ["U1", "U2", "U3"]).items())
[('U1', 1), ('U2', 2), ('U3', 3)]
>>> answer_texts("U1")["sangat sesuai"], read_text("4 - Sangat sesuai", answer_texts("U1"))
(4, 4)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence

from ..errors import InvalidAnswerError, InvalidInputError
from ..i18n import gettext as _
from ..i18n import or_list

__all__ = [
    "FORM_CONTACT",
    "FORM_META",
    "FORM_ONLY",
    "FORM_TIMESTAMPS",
    "answer_texts",
    "normalise",
    "read_text",
    "recognise",
]

#: Columns form services add that are never answers (normalised: lower case, words separated by one space).
FORM_META = frozenset(
    {
        "timestamp",
        "stempel waktu",
        "id",
        "start time",
        "waktu mulai",
        "completion time",
        "last modified time",
        "waktu modifikasi terakhir",
        "email",
        "email address",
        "alamat email",
        "name",
        "nama",
        "score",
        "skor",
        "total points",
        "total poin",
    }
)
#: Form columns that hold the time a form was sent, in the order they are preferred.
FORM_TIMESTAMPS = ("timestamp", "stempel waktu", "completion time", "waktu penyelesaian")
#: Form columns taken for the time a form was sent only when the header is a form's (see :func:`form_meta`).
FORM_ONLY = frozenset({"completion time", "waktu penyelesaian"})
#: Form columns that hold the respondent's contact.
FORM_CONTACT = ("email address", "alamat email")
#: Microsoft Forms in Indonesian names its completion time like SKM element U3 ("Waktu penyelesaian"); with a
#: "Waktu mulai" column beside it, it is the form's time, not an answer.
_MS_FORMS_PAIRS = {"waktu penyelesaian": "waktu mulai", "completion time": "start time"}

_CODE_PREFIX = re.compile(r"^\s*[\[(]?\s*([A-Za-z]{1,3})\s?(\d{1,2})\s*[\])]?\s*(?:[-–—.:)]+\s*|\s+)(?=\S)")
_NUMBERING = re.compile(r"^\s*\d{1,2}\s*[.)\-–—:]+\s*")
_NOT_WORD = re.compile(r"[^\w]+")
_NUMBERED_ANSWER = re.compile(r"^\s*([+-]?\d{1,2})\s*(?:[-–—.:)=]+\s*(.*))?$", re.S)


def normalise(text: str) -> str:
    """A header or an answer as compared: lower case, without a numbering prefix and punctuation.

    >>> normalise("  2. Sistem, Mekanisme, dan Prosedur? "), normalise("Biaya/Tarif")
    ('sistem mekanisme dan prosedur', 'biaya tarif')
    """
    text = _NUMBERING.sub("", text, count=1)
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())


def _code_prefix(header: str, codes: Sequence[str]) -> str | None:
    found = _CODE_PREFIX.match(header)
    if found is None:
        return None
    written = (found.group(1) + found.group(2)).casefold()
    return next((c for c in codes if c.casefold() == written), None)


@functools.cache
def _element_words() -> dict[str, tuple[re.Pattern[str], ...]]:
    from ..survey_skm import skm_spec

    return {
        e.code: tuple(
            re.compile(r"\b" + r"\s+".join(re.escape(w) for w in normalise(anchor).split()) + r"\w*")
            for anchor in e.headers
        )
        for e in skm_spec().elements
    }


def _names(header: str, codes: Sequence[str]) -> list[str]:
    text = normalise(header)
    words = _element_words()
    return [c for c in codes if any(p.search(text) for p in words.get(c, ()))]


def form_meta(header: Sequence[str]) -> set[int]:
    """The positions of the form-service columns of a header row (never answers).

    >>> sorted(form_meta(["ID", "Waktu mulai", "Waktu penyelesaian", "Persyaratan"]))
    [0, 1, 2]
    >>> sorted(form_meta(["Persyaratan", "Waktu penyelesaian"]))
    []
    """
    names = [normalise(h) for h in header]
    present = set(names)
    return {
        i
        for i, name in enumerate(names)
        if name in FORM_META or (name in _MS_FORMS_PAIRS and _MS_FORMS_PAIRS[name] in present)
    }


def recognise(
    header: Sequence[str], codes: Sequence[str], *, taken: set[int] | None = None, source: str = ""
) -> dict[str, int]:
    """The column of each code found in ``header`` by its code prefix or its words (see the module text);
    codes not found are left out. ``taken`` are columns already used (by name, or as profile columns).

    Raises :class:`InvalidInputError` when a header names more than one element or an element is named by
    more than one header, naming the headers.

    >>> recognise(["Biaya", "Tarif layanan"], ["U4"], source="skm.csv")
    Traceback (most recent call last):
    ...
    zona_integritas.errors.InvalidInputError: skm.csv has problems (1):
      - skm.csv, line 1: U4 could be the column "Biaya" or "Tarif layanan"; choose one with columns= (--columns)
    """
    taken = set(taken or ()) | form_meta(header)
    found: dict[str, int] = {}
    for i, h in enumerate(header):
        if i in taken:
            continue
        code = _code_prefix(h, codes)
        if code is not None and code not in found:
            found[code] = i
            taken.add(i)
    wanted = [c for c in codes if c not in found]
    problems: list[Exception] = []
    where = f"{source}, " if source else ""
    by_code: dict[str, list[int]] = {c: [] for c in wanted}
    for i, h in enumerate(header):
        if i in taken or not h.strip():
            continue
        named = _names(h, wanted)
        if len(named) > 1:
            problems.append(
                InvalidAnswerError(
                    _(
                        "{where}line 1: the column {header} names more than one element ({codes}); "
                        "choose with columns= (--columns)"
                    ).format(where=where, header=f'"{h}"', codes=or_list(named)),
                    code="ambiguous-column",
                )
            )
            continue
        for code in named:
            by_code[code].append(i)
    for code, columns in by_code.items():
        if len(columns) == 1:
            found[code] = columns[0]
        elif len(columns) > 1:
            problems.append(
                InvalidAnswerError(
                    _(
                        "{where}line 1: {code} could be the column {headers}; choose one with columns= (--columns)"
                    ).format(where=where, code=code, headers=or_list([f'"{header[i]}"' for i in columns])),
                    code="ambiguous-column",
                )
            )
    if problems:
        raise InvalidInputError(_("{source} has problems").format(source=source or "survey"), problems)
    return found


@functools.cache
def answer_texts(code: str) -> Mapping[str, int]:
    """The answers written as text that SKM element ``code`` takes (normalised text → answer); empty for a
    code that is not an SKM element. A text two answers share is left out (it would be a guess).

    >>> answer_texts("U4")["gratis"], answer_texts("U8")["cukup"], answer_texts("U1")["baik"], len(answer_texts("X"))
    (4, 2, 3, 0)
    """
    from ..survey_skm import skm_spec

    spec = skm_spec()
    element = next((e for e in spec.elements if e.code == code), None)
    if element is None or not element.answers:
        return {}
    low = spec.scale[0]
    out: dict[str, int] = {}
    refused: set[str] = set()
    for texts in (element.answers, spec.answers_any):
        for k, text in enumerate(texts):
            key, value = normalise(text), low + k
            if out.get(key, value) != value:
                refused.add(key)
            out[key] = value
    return {k: v for k, v in out.items() if k not in refused}


def read_text(text: str, texts: Mapping[str, int]) -> int | None:
    """The answer a text cell gives: a leading number (``4 - Sangat baik``; refused when its words name
    another answer), or the answer its words name; ``None`` when it is neither.

    >>> u1 = answer_texts("U1")
    >>> read_text("Sangat Sesuai", u1), read_text("3. Sesuai", u1), read_text("4 - Tidak sesuai", u1)
    (4, 3, None)
    >>> read_text("Lumayan", u1), read_text("2 - Setuju", {})
    (None, 2)
    """
    numbered = _NUMBERED_ANSWER.match(text)
    if numbered is not None:
        number = int(numbered.group(1))
        words = normalise(numbered.group(2) or "")
        if words and texts.get(words, number) != number:
            return None
        return number
    return texts.get(normalise(text))
