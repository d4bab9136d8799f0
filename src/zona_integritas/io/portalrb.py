"""PortalRB: the national master question list, the integration API payloads, and the ``Jawaban`` workbook.

- :func:`load_master` reads PortalRB's ``master-soal-lkezi-*.json`` and :func:`map_master` places every
  soal on the rulebook by id, failing loudly on any soal it cannot place or whose answer kind or
  option multipliers differ (so a new national master year is detected, not silently mis-scored).
- :func:`unit_list_payload` / :func:`read_unit_list` — ``GET /pengusulan/unit-wbk`` and ``unit-wbbm``.
- :func:`answers_payload` / :func:`read_answers_payload` — ``GET /lke/jawaban-unit/{unit_id}``: the unit's
  and the TPI's answers per soal; count-based items travel as their ``Jumlah`` soal.
- :func:`write_jawaban_workbook` / :func:`read_jawaban_workbook` — the ``Jawaban`` sheet layout (row per
  soal on its official row, which the rulebook records; K unit answer, L unit note, M unit evidence, N TPI
  answer, Q TPI note). The master is optional: it adds the official question texts.

The API guide has no field for the TPI's evidence: it does not travel in the payload.

>>> import zona_integritas as zi
>>> from zona_integritas import examples
>>> ws = examples.kediri_worksheet_2022()
>>> payload = answers_payload("dpmptsp", "DPM PTSP Kota Kediri", 2022, unit=ws)
>>> len(payload["answers"]), payload["answers"][87]["soal_id"], payload["answers"][87]["jawaban_unit"]
(127, 88, '12')
>>> read_answers_payload(payload, rulebook=ws.rulebook)[0] == ws.with_assessor("unit")
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from ..decimals import parse_decimal
from ..errors import InvalidAnswerError, InvalidInputError, RulebookError, UnknownItemError
from ..i18n import format_integer
from ..i18n import gettext as _
from ..inputs import echo, text_problem
from ..rulebook import Item, ItemCode, ItemKind, Predicate, Rulebook
from ..worksheet import Answer, Assessor, Counts, Worksheet, validate_answer

__all__ = [
    "Master",
    "MasterSoal",
    "ProposedUnit",
    "answers_payload",
    "load_master",
    "map_master",
    "read_answers_payload",
    "read_jawaban_workbook",
    "read_unit_list",
    "unit_list_payload",
    "write_jawaban_workbook",
]

_COLUMN = re.compile(r"[A-Z]{1,3}", re.ASCII)
_KINDS = {"YA_TIDAK": "ya_tidak", "ABC": "abc", "ABCD": "abcd", "ABCDE": "abcde"}


@attrs.frozen
class MasterSoal:
    """One question of the PortalRB master: id, text, answer kind, options and workbook position."""

    id: int
    text: str
    criteria: str
    kind: str
    options: tuple[tuple[str, Decimal], ...]
    row: int | None
    sheet: str
    columns: Mapping[str, str] = attrs.field(eq=False, hash=False)


@attrs.frozen
class Master:
    """A PortalRB master question list (one evaluation year)."""

    year: int
    soals: tuple[MasterSoal, ...]

    def soal(self, soal_id: int) -> MasterSoal:
        """The soal with ``soal_id``."""
        for s in self.soals:
            if s.id == soal_id:
                return s
        raise UnknownItemError(
            _("soal {soal} is not in the {year} master").format(soal=soal_id, year=self.year), code="unknown-soal"
        )

    def texts(self, item: Item) -> list[str]:
        """The official question texts of an item (one per soal; count items have one per count)."""
        return [self.soal(s).text for s in item.soal]


def load_master(source: str | Path | Mapping[str, Any]) -> Master:
    """Read a PortalRB master (``master-soal-lkezi-*.json``), from a path or parsed JSON."""
    if isinstance(source, Mapping):
        data: Any = source
        where = "master"
    else:
        from .safejson import read_json_file

        where = str(source)
        data = read_json_file(source)  # bounded size, depth and numbers; duplicate keys refused
    if not isinstance(data, Mapping) or not isinstance(data.get("data"), list):
        raise InvalidInputError(
            _("{source} is not a PortalRB master").format(source=where),
            [
                InvalidAnswerError(
                    _("{source}: expected an object with 'tahun' and a 'data' list").format(source=where),
                    code="not-a-master",
                )
            ],
            code="not-a-master",
        )
    soals: list[MasterSoal] = []

    def walk(node: Mapping[str, Any]) -> None:
        for s in node.get("soals", []) or []:
            options = tuple((str(o["key"]), parse_decimal(o["multiplier"])) for o in s.get("skema_penilaian") or [])
            columns = {k[len("excel_kolom_") :]: v for k, v in s.items() if k.startswith("excel_kolom_")}
            _check_position(s.get("id"), s.get("excel_baris"), columns)
            soals.append(
                MasterSoal(
                    int(s["id"]),
                    str(s.get("teks_pertanyaan", "")),
                    str(s.get("kriteria_nilai", "")),
                    str(s.get("jenis_jawaban", "")),
                    options,
                    s.get("excel_baris"),
                    str(s.get("excel_sheet", "Jawaban")),
                    columns,
                )
            )
        for child in node.get("children", []) or []:
            walk(child)

    try:
        for top in data["data"]:
            walk(top)
    except (KeyError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        raise InvalidInputError(
            _("{source} is not a PortalRB master").format(source=where),
            [
                InvalidAnswerError(
                    _("{source}: malformed soal ({error})").format(source=where, error=f"{type(exc).__name__}: {exc}"),
                    code="malformed-soal",
                )
            ],
            code="not-a-master",
        ) from None
    total = data.get("total_soal")
    if isinstance(total, int) and total != len(soals):
        raise InvalidInputError(
            _("{source} is not consistent").format(source=where),
            [
                InvalidAnswerError(
                    _("{source}: total_soal says {total}, the tree holds {found}").format(
                        source=where, total=total, found=len(soals)
                    ),
                    code="soal-count-mismatch",
                )
            ],
            code="inconsistent-master",
        )
    year = data.get("tahun", 0)
    if type(year) is not int or not 0 <= year <= 9999:
        raise InvalidInputError(
            _("{source} is not a PortalRB master").format(source=where),
            [
                InvalidAnswerError(
                    _("{source}: 'tahun' must be a year, got {value}").format(source=where, value=echo(year)),
                    code="not-a-year",
                )
            ],
            code="not-a-master",
        )
    return Master(year, tuple(soals))


def _check_position(soal: Any, row: Any, columns: Mapping[str, Any]) -> None:
    """A soal's workbook row is a whole number within a sheet and its columns are column letters."""
    from ._xlsx import MAX_ROWS

    if row is not None and (type(row) is not int or not 1 <= row <= MAX_ROWS):
        raise ValueError(
            _("soal {soal!r}: excel_baris must be a row number from 1 to {limit}, got {value}").format(
                soal=soal, limit=format_integer(MAX_ROWS), value=echo(row)
            )
        )
    for key, column in columns.items():
        if not isinstance(column, str) or not _COLUMN.fullmatch(column):
            raise ValueError(
                _("soal {soal!r}: {field} must be column letters (A to XFD), got {value}").format(
                    soal=soal, field=f"excel_kolom_{key}", value=echo(column)
                )
            )


def map_master(master: Master, rulebook: Rulebook) -> dict[int, tuple[Item, str | None]]:
    """Place every soal of ``master`` on ``rulebook``; any soal that cannot be placed is an error.

    Checked for each soal: the id exists in the rulebook, the answer kind matches the item (choice
    scale, 0–4 index, or a count input), the choice options and multipliers are the same; and every
    rulebook soal is in the master.
    """
    problems: list[str] = []
    mapping: dict[int, tuple[Item, str | None]] = {}
    for soal in master.soals:
        try:
            item, name = rulebook.item_for_soal(soal.id)
        except UnknownItemError:
            problems.append(
                _("soal {soal} ({text!r}) has no item in {rulebook!r}").format(
                    soal=soal.id, text=soal.text[:60], rulebook=rulebook.id
                )
            )
            continue
        kind = soal.kind.upper()
        if kind == "JUMLAH":
            if name is None:
                problems.append(
                    _("soal {soal} is a count ('Jumlah') but item {item!r} is not count-based").format(
                        soal=soal.id, item=item.code
                    )
                )
        elif kind == "0-4":
            if item.kind is not ItemKind.INDEX:
                problems.append(
                    _("soal {soal} is a 0-4 index but item {item!r} is {kind}").format(
                        soal=soal.id, item=item.code, kind=item.kind.value
                    )
                )
        elif kind in _KINDS:
            if item.kind is not ItemKind.CHOICE or item.scale is None:
                problems.append(
                    _("soal {soal} is {answer_kind} but item {item!r} is {kind}").format(
                        soal=soal.id, answer_kind=kind, item=item.code, kind=item.kind.value
                    )
                )
            else:
                mine = tuple((o.key, o.multiplier) for o in item.scale.options)
                if mine != soal.options:
                    problems.append(
                        _("soal {soal} scores {theirs}, item {item!r} scores {ours}").format(
                            soal=soal.id, theirs=_scores(soal.options), item=item.code, ours=_scores(mine)
                        )
                    )
        else:
            problems.append(_("soal {soal} has an unknown answer kind {kind!r}").format(soal=soal.id, kind=soal.kind))
        mapping[soal.id] = (item, name)
    ours = {s for item in rulebook.items for s in item.soal}
    for missing in sorted(ours - {s.id for s in master.soals}):
        problems.append(
            _("soal {soal} of {rulebook!r} is not in the {year} master").format(
                soal=missing, rulebook=rulebook.id, year=master.year
            )
        )
    if problems:
        headline = _("the {year} PortalRB master does not fit rulebook {rulebook!r}:").format(
            year=master.year, rulebook=rulebook.id
        )
        raise RulebookError(headline + "\n  " + "\n  ".join(problems), code="master-does-not-fit")
    return mapping


def _scores(options: Iterable[tuple[str, Decimal]]) -> str:
    """Choice options and their multipliers as people read them: ``Ya = 1, Tidak = 0``."""
    from ..i18n import format_number

    shown = []
    for key, value in options:
        number = Decimal(str(value))
        shown.append(f"{key} = {format_number(number, 0 if number == number.to_integral_value() else 2)}")
    return ", ".join(shown)


# -- unit lists ------------------------------------------------------------------------------------------------
@attrs.frozen
class ProposedUnit:
    """One unit in a PortalRB proposal list."""

    id: str
    name: str
    predicate: Predicate
    afirmasi: bool = False


def unit_list_payload(year: int, units: Iterable[ProposedUnit], *, predicate: Predicate | str) -> dict[str, Any]:
    """The response of ``GET /pengusulan/unit-wbk`` (or ``unit-wbbm``) for ``predicate``.

    >>> unit_list_payload(2025, [ProposedUnit("UNIT-1", "DPM PTSP", Predicate.WBK, True)], predicate="WBK")
    {'tahun': 2025, 'units': [{'id': 'UNIT-1', 'nama': 'DPM PTSP', 'kategori': 'WBK-AFIRMASI', 'afirmasi': True}]}
    """
    wanted = Predicate.parse(predicate)
    out = []
    for unit in units:
        if unit.predicate is not wanted:
            continue
        category = unit.predicate.value + ("-AFIRMASI" if unit.afirmasi and unit.predicate is Predicate.WBK else "")
        out.append({"id": unit.id, "nama": unit.name, "kategori": category, "afirmasi": unit.afirmasi})
    return {"tahun": year, "units": out}


def read_unit_list(payload: Mapping[str, Any], *, predicate: Predicate | str) -> tuple[int, tuple[ProposedUnit, ...]]:
    """The year and units of a unit-list payload; every problem is reported with its path."""
    wanted = Predicate.parse(predicate)
    problems: list[str] = []
    year = payload.get("tahun")
    if type(year) is not int:
        problems.append(
            _("{field} must be a whole number, got {value!r} @ {path}").format(
                field="tahun", value=year, path="$.tahun"
            )
        )
    units = payload.get("units")
    if not isinstance(units, list):
        problems.append(_("{field} must be a list @ {path}").format(field="units", path="$.units"))
        units = []
    extra = set(payload) - {"tahun", "units"}
    if extra:
        problems.append(_extra(extra, "$"))
    found = []
    for i, raw in enumerate(units):
        where = f"$.units[{i}]"
        if not isinstance(raw, Mapping):
            problems.append(_("expected an object @ {path}").format(path=where))
            continue
        for key in ("id", "nama"):
            if not isinstance(raw.get(key), str) or not raw.get(key):
                problems.append(
                    _("{field} must be a non-empty string @ {path}").format(field=key, path=f"{where}.{key}")
                )
        category = raw.get("kategori", wanted.value)
        if category not in (wanted.value, f"{wanted.value}-AFIRMASI"):
            problems.append(
                _("kategori {value!r} does not belong to a {predicate} list @ {path}").format(
                    value=category, predicate=wanted.value, path=f"{where}.kategori"
                )
            )
        afirmasi = raw.get("afirmasi", False)
        if not isinstance(afirmasi, bool):
            problems.append(
                _("{field} must be true or false @ {path}").format(field="afirmasi", path=f"{where}.afirmasi")
            )
        extra = set(raw) - {"id", "nama", "kategori", "afirmasi"}
        if extra:
            problems.append(_extra(extra, where))
        if not problems:
            found.append(
                ProposedUnit(raw["id"], raw["nama"], wanted, bool(afirmasi) or str(category).endswith("AFIRMASI"))
            )
    if problems:
        raise InvalidInputError(
            _("PortalRB unit list has problems"),
            [InvalidAnswerError(p, code="invalid-payload") for p in problems],
            code="invalid-payload",
        )
    return int(year), tuple(found)  # type: ignore[arg-type]


def _extra(fields: Iterable[str], path: str) -> str:
    return _("extra fields found ({fields}) @ {path}").format(fields=", ".join(sorted(fields)), path=path)


# -- LKE answers -----------------------------------------------------------------------------------------------
def _soal_values(ws: Worksheet | None) -> dict[int, tuple[str | None, str | None, str | None]]:
    """soal id -> (answer text, note, evidence) for a worksheet; counts spread over their Jumlah soals."""
    out: dict[int, tuple[str | None, str | None, str | None]] = {}
    if ws is None:
        return out
    for item in ws.rulebook.items:
        answer = ws.answer(item.code)
        if answer is None:
            continue
        if item.kind is ItemKind.COUNT:
            counts = answer.value if isinstance(answer.value, Counts) else None
            for i, inp in enumerate(item.inputs):
                text = None if counts is None else str(counts[inp.name])
                first = i == 0
                out[inp.soal] = (text, answer.note if first else None, answer.evidence if first else None)
        else:
            value = answer.value
            text = None if value is None else str(value)
            for s in item.soal:
                out[s] = (text, answer.note, answer.evidence)
    return out


def answers_payload(
    unit_id: str, unit_name: str, year: int, *, unit: Worksheet, tpi: Worksheet | None = None
) -> dict[str, Any]:
    """The response of ``GET /lke/jawaban-unit/{unit_id}``: one entry per soal of the rulebook."""
    if tpi is not None and tpi.rulebook != unit.rulebook:
        raise InvalidAnswerError(_("the unit and TPI worksheets use different rulebooks"), code="different-rulebooks")
    mine, theirs = _soal_values(unit), _soal_values(tpi)
    soal_ids = sorted(s for item in unit.rulebook.items for s in item.soal)
    answers = []
    for soal in soal_ids:
        value, note, evidence = mine.get(soal, (None, None, None))
        tpi_value, tpi_note, _evidence = theirs.get(soal, (None, None, None))
        answers.append(
            {
                "soal_id": soal,
                "jawaban_unit": value,
                "jawaban_tpi": tpi_value,
                "catatan_unit": note,
                "bukti_dukung_unit": evidence,
                "catatan_tpi": tpi_note,
            }
        )
    return {"unit_id": unit_id, "nama_unit": unit_name, "tahun": year, "answers": answers}


def _collect(
    rulebook: Rulebook,
    rows: Iterable[tuple[int, Any, Any, Any, str]],
    assessor: Assessor,
) -> tuple[Worksheet, list[Exception]]:
    """Build a worksheet from (soal, answer, note, evidence, where) rows; problems are returned."""
    problems: list[Exception] = []
    raw: dict[str, dict[str, Any]] = {}
    meta: dict[str, tuple[Any, Any]] = {}
    places: dict[str, str] = {}
    for soal, given, note, evidence, where in rows:
        try:
            item, name = rulebook.item_for_soal(soal)
        except UnknownItemError as exc:
            problems.append(InvalidAnswerError(f"{exc} ({where})", code="unknown-soal"))
            continue
        if (note is not None and not isinstance(note, str)) or (evidence is not None and not isinstance(evidence, str)):
            problems.append(
                InvalidAnswerError(_("notes and evidence are text ({path})").format(path=where), code="not-text")
            )
            continue
        unfit = [p for p in (text_problem(note or ""), text_problem(evidence or "")) if p]
        if unfit:
            problems.append(
                InvalidAnswerError(
                    _("a note or evidence {problem} ({path})").format(problem=unfit[0], path=where), code="unfit-text"
                )
            )
            continue
        places.setdefault(item.code, where)
        if note or evidence:
            old = meta.get(item.code, (None, None))
            meta[item.code] = (old[0] or note, old[1] or evidence)
        if name is None:
            raw.setdefault(item.code, {})["value"] = given
        else:
            raw.setdefault(item.code, {})[name] = given
    answers: list[tuple[ItemCode, Answer]] = []
    for code in rulebook.item_codes:
        if code not in raw and code not in meta:
            continue
        item = rulebook.item(code)
        got = raw.get(code, {})
        note, evidence = meta.get(code, (None, None))
        if item.kind is ItemKind.COUNT:
            present = {k: v for k, v in got.items() if v not in (None, "")}
            value: Any = present if present else None
        else:
            value = got.get("value")
            if value in ("",):
                value = None
        if value is None:
            if note or evidence:
                answers.append((code, Answer(None, note, evidence)))
            continue
        try:
            answers.append((code, Answer(validate_answer(item, value, places[code]), note, evidence)))
        except InvalidAnswerError as exc:
            problems.append(exc)
    return Worksheet(rulebook, assessor, tuple(answers)), problems


def read_answers_payload(payload: Mapping[str, Any], *, rulebook: Rulebook) -> tuple[Worksheet, Worksheet | None]:
    """The unit's and the TPI's worksheets from a ``jawaban-unit`` payload (TPI ``None`` when it has no answers)."""
    problems: list[Exception] = []
    kinds = (
        ("unit_id", str, _("{field} must be a string @ {path}")),
        ("nama_unit", str, _("{field} must be a string @ {path}")),
        ("tahun", int, _("{field} must be a whole number @ {path}")),
        ("answers", list, _("{field} must be a list @ {path}")),
    )
    for key, kind, message in kinds:
        if not isinstance(payload.get(key), kind):
            problems.append(InvalidAnswerError(message.format(field=key, path=f"$.{key}"), code="invalid-payload"))
    extra = set(payload) - {"unit_id", "nama_unit", "tahun", "answers"}
    if extra:
        problems.append(InvalidAnswerError(_extra(extra, "$"), code="invalid-payload"))
    if problems:
        raise InvalidInputError(_("PortalRB answers payload has problems"), problems, code="invalid-payload")
    unit_rows, tpi_rows = [], []
    keys = {"soal_id", "jawaban_unit", "jawaban_tpi", "catatan_unit", "bukti_dukung_unit", "catatan_tpi"}
    for i, entry in enumerate(payload["answers"]):
        where = f"$.answers[{i}]"
        if not isinstance(entry, Mapping) or type(entry.get("soal_id")) is not int:
            problems.append(
                InvalidAnswerError(
                    _("each answer needs an integer soal_id @ {path}").format(path=where), code="invalid-payload"
                )
            )
            continue
        extra = set(entry) - keys
        if extra:
            problems.append(InvalidAnswerError(_extra(extra, where), code="invalid-payload"))
        soal = entry["soal_id"]
        unit_rows.append(
            (
                soal,
                entry.get("jawaban_unit"),
                entry.get("catatan_unit"),
                entry.get("bukti_dukung_unit"),
                f"{where}.jawaban_unit",
            )
        )
        tpi_rows.append((soal, entry.get("jawaban_tpi"), entry.get("catatan_tpi"), None, f"{where}.jawaban_tpi"))
    unit, more = _collect(rulebook, unit_rows, Assessor.UNIT)
    tpi, even_more = _collect(rulebook, tpi_rows, Assessor.TPI)
    problems += more + even_more
    if problems:
        raise InvalidInputError(_("PortalRB answers payload has problems"), problems, code="invalid-payload")
    return unit, (tpi if tpi.answers else None)


# -- the Jawaban workbook --------------------------------------------------------------------------------------
_JAWABAN_COLUMNS = {
    "jawaban_unit": "K",
    "catatan_unit": "L",
    "bukti_dukung_unit": "M",
    "jawaban_tpi": "N",
    "catatan_tpi": "Q",
}


def write_jawaban_workbook(
    path: str | Path,
    master: Master | None = None,
    *,
    unit: Worksheet,
    tpi: Worksheet | None = None,
    unit_name: str | None = None,
) -> Path:
    """Write the ``Jawaban`` sheet: each soal on its official row, with the unit's and the TPI's columns.

    The soal ids and rows come from the rulebook; a PortalRB ``master`` is optional and, when given, is
    checked against the rulebook and supplies the official question texts. Notes, evidence and the unit's
    name are always stored as text. The file is written through a temporary file.

    >>> import tempfile, os
    >>> from zona_integritas import examples
    >>> from zona_integritas.io.workbooks import read_workbook
    >>> ws = examples.kediri_worksheet_2022().with_assessor("unit")
    >>> path = write_jawaban_workbook(os.path.join(tempfile.mkdtemp(), "j.xlsx"), unit=ws, unit_name="DPM PTSP")
    >>> found = read_workbook(path)
    >>> found.layout, found.unit, found.select("unit").worksheet == ws
    ('portalrb-jawaban', 'DPM PTSP', True)
    """
    from ._xlsx import require_openpyxl
    from .workbooks import save_atomically, text_cell

    openpyxl = require_openpyxl()
    rulebook = unit.rulebook
    rows: list[tuple[int, int, str]] = []
    if master is not None:
        map_master(master, rulebook)
        rows = [(s.id, s.row, s.text) for s in master.soals if s.row is not None]
    else:
        for item in rulebook.items:
            if item.inputs:
                rows += [(i.soal, i.row, i.label.id) for i in item.inputs if i.row is not None]
            elif item.row is not None:
                rows += [(s, item.row, item.label.id) for s in item.soal]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Jawaban"
    sheet["A1"] = "JAWABAN LKE ZI (format PortalRB)"
    sheet["A2"] = "Peraturan"
    text_cell(sheet["B2"], rulebook.title)
    sheet["A3"] = "Unit kerja"
    text_cell(sheet["B3"], unit_name or "")
    headers = {
        "A": "Soal",
        "B": "Pertanyaan",
        "K": "Jawaban Unit",
        "L": "Catatan Unit",
        "M": "Bukti Dukung Unit",
        "N": "Jawaban TPI",
        "Q": "Catatan TPI",
    }
    for column, title in headers.items():
        sheet[f"{column}4"] = title
    mine, theirs = _soal_values(unit), _soal_values(tpi)
    for soal_id, row, text in rows:
        sheet[f"A{row}"] = soal_id
        text_cell(sheet[f"B{row}"], text[:200])
        value, note, evidence = mine.get(soal_id, (None, None, None))
        tpi_value, tpi_note, _evidence = theirs.get(soal_id, (None, None, None))
        for column, content in (("K", value), ("L", note), ("M", evidence), ("N", tpi_value), ("Q", tpi_note)):
            if content is not None:
                text_cell(sheet[f"{column}{row}"], _cell_value(content) if column in ("K", "N") else content)
    out = Path(path)
    save_atomically(book, out)
    return out


def _cell_value(text: str) -> Any:
    if text.isdecimal():
        return int(text)
    return text


def read_jawaban_workbook(
    path: str | Path, *, rulebook: Rulebook | None = None, master: Master | None = None
) -> tuple[Worksheet, Worksheet]:
    """The unit's and the TPI's worksheets from a ``Jawaban`` sheet; every bad cell reported at once.

    Rows are found by the soal id in column A when present, else by the official rows the rulebook
    records (a ``master``, when given, is checked against the rulebook). See
    :func:`zona_integritas.io.workbooks.read_workbook` for every column of any layout.
    """
    from .workbooks import read_workbook

    found = read_workbook(path, rulebook=rulebook)
    if master is not None:
        map_master(master, found.rulebook)
    unit = found.select(Assessor.UNIT).worksheet
    try:
        tpi = found.select(Assessor.TPI).worksheet
    except InvalidAnswerError:
        tpi = Worksheet(found.rulebook, Assessor.TPI, ())
    return unit, tpi
