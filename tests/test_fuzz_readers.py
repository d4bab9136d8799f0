"""A fuzz target per reader (Hypothesis, short budget): a typed error or a result, in bounded time, never a traceback.

Each target mutates a valid input of its reader (a value replaced by any JSON value, a key added or
dropped, a number made huge, text made unfit) or feeds it arbitrary text or bytes. The property is
the same everywhere: the reader returns, or raises a :class:`ZonaIntegritasError`; anything else
(``TypeError``, ``AttributeError``, ``RecursionError``, ``decimal.InvalidOperation``...) fails. Memory
and the worst cases are covered by ``test_resource_bounds.py``.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import time
import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zona_integritas as zi
from _hostile import xlsx
from zona_integritas import examples
from zona_integritas.errors import ZonaIntegritasError
from zona_integritas.io import json as zjson
from zona_integritas.io.portalrb import answers_payload, load_master, read_answers_payload, read_unit_list
from zona_integritas.io.safejson import parse_json
from zona_integritas.io.worksheet_file import worksheet_from_document

RB = zi.load_rulebook("permenpanrb-90-2021")
SECONDS = 5.0
#: 60 examples a target in CI (FUZZ_EXAMPLES=500 for a longer local run)
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

_NUMBERS = st.sampled_from(["1e999999999", "-0", "9" * 5000, "９", "9_9_9", "NaN", "Infinity", "1e-999999999", "-1"])
_TEXTS = st.sampled_from(["\ud800", "bel\u0007", "=HYPERLINK(1)", "x" * 40_000, "", " ", "\x00"])
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20), _NUMBERS, _TEXTS
)
JSON_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)


def _outcome(read: Any, *args: Any, **kwargs: Any) -> None:
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with contextlib.suppress(ZonaIntegritasError):
            read(*args, **kwargs)
    assert time.perf_counter() - start < SECONDS


@st.composite
def mutated(draw: st.DrawFn, base: Any) -> Any:
    """``base`` with a few of its values replaced, keys added or removed (by JSON path)."""
    doc = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 3))):
        node = doc
        while isinstance(node, dict | list) and node and draw(st.booleans()):
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            key = draw(st.sampled_from(keys))
            if not isinstance(node[key], dict | list) or not node[key]:
                action = draw(st.sampled_from(["replace", "drop", "add"]))
                if action == "replace":
                    node[key] = draw(JSON_VALUES)
                elif action == "drop":
                    del node[key]
                elif isinstance(node, dict):
                    node[draw(st.text(max_size=6))] = draw(JSON_VALUES)
                break
            node = node[key]
        else:
            if isinstance(node, dict):
                node[draw(st.text(max_size=6))] = draw(JSON_VALUES)
    return doc


WORKSHEET_DOC = {
    "rulebook": RB.id,
    "assessor": "tpi",
    "answers": {"P1.i.a": "Ya", "H1.a": "3,62", "R1.i.a": {"answer": {"agents": 5, "changes": 4}, "note": "n"}},
}
PAYLOAD = json.loads(zjson.dumps(examples.kediri_worksheet_2022()))
JOURNEY_PAYLOAD = json.loads(zjson.dumps(examples.kediri_journey()))
PORTALRB = answers_payload("u", "U", 2026, unit=examples.kediri_worksheet_2022())
PORTALRB["answers"] = PORTALRB["answers"][80:95]
UNIT_LIST = {"tahun": 2026, "units": [{"id": "u", "nama": "U", "kategori": "WBK", "afirmasi": False}]}
MASTER = {
    "tahun": 2026,
    "total_soal": 1,
    "data": [
        {
            "soals": [
                {
                    "id": 1,
                    "teks_pertanyaan": "x",
                    "jenis_jawaban": "YA_TIDAK",
                    "excel_baris": 6,
                    "excel_kolom_unit": "K",
                    "skema_penilaian": [{"key": "Ya", "multiplier": 1}, {"key": "Tidak", "multiplier": 0}],
                }
            ],
            "children": [],
        }
    ],
}


@FUZZ
@given(st.one_of(st.text(max_size=200), st.binary(max_size=200), JSON_VALUES.map(json.dumps)))
def test_the_json_reader_takes_any_text(text):
    _outcome(parse_json, text, source="fuzz.json")


@FUZZ
@given(mutated(WORKSHEET_DOC))
def test_worksheet_files_take_any_mutation(doc):
    _outcome(worksheet_from_document, doc, source="fuzz.json")


@FUZZ
@given(st.one_of(mutated(PAYLOAD), mutated(JOURNEY_PAYLOAD), JSON_VALUES))
def test_zona_integritas_payloads_take_any_mutation(doc):
    _outcome(zjson.loads, json.dumps(doc))


@FUZZ
@given(mutated(PORTALRB))
def test_portalrb_answers_payloads_take_any_mutation(doc):
    _outcome(read_answers_payload, doc, rulebook=RB)


@FUZZ
@given(st.one_of(mutated(UNIT_LIST), JSON_VALUES))
def test_portalrb_unit_lists_take_any_mutation(doc):
    _outcome(read_unit_list, doc if isinstance(doc, dict) else {"units": doc}, predicate="WBK")


@FUZZ
@given(mutated(MASTER))
def test_portalrb_masters_take_any_mutation(doc):
    _outcome(load_master, doc)


_REFS = st.one_of(
    st.sampled_from(
        ["A1", "XFD1", "A1048576", "BL20000", "A1:XFD1048576", "A:A", "1:1", "$A$1:$C$3", "ZZZZ1", "", "A0"]
    ),
    st.from_regex(r"[A-Z]{1,3}[0-9]{1,7}", fullmatch=True),
)


def _xml_text(value: object) -> str:
    return str(value)[:20].encode("utf-8", "replace").decode("utf-8").replace("&", "&amp;").replace("<", "&lt;")


_CELL_TYPES = st.sampled_from(["", ' t="s"', ' t="inlineStr"', ' t="b"', ' t="e"'])


@st.composite
def sheets(draw: st.DrawFn) -> str:
    """Sheet XML with cells, rows, merged ranges, hyperlinks and dimensions at any reference."""
    parts = []
    if draw(st.booleans()):
        parts.append(f'<dimension ref="{draw(_REFS)}"/>')
    rows = []
    for r in range(1, draw(st.integers(1, 5)) + 1):
        cells = "".join(
            f'<c r="{draw(_REFS)}"{draw(_CELL_TYPES)}><v>{draw(_SCALARS.map(_xml_text))}</v></c>'
            for _ in range(draw(st.integers(0, 3)))
        )
        rows.append(f'<row r="{draw(st.sampled_from([str(r), "0", "1048576", "x"]))}">{cells}</row>')
    parts.append(f"<sheetData>{''.join(rows)}</sheetData>")
    if draw(st.booleans()):
        parts.append(f'<mergeCells><mergeCell ref="{draw(_REFS)}"/></mergeCells>')
    if draw(st.booleans()):
        parts.append(f'<hyperlinks><hyperlink ref="{draw(_REFS)}" location="A1"/></hyperlinks>')
    return "".join(parts)


@FUZZ
@given(sheets())
def test_the_workbook_readers_take_any_sheet(tmp_path_factory, body):
    from zona_integritas.io.excel import read_workbook
    from zona_integritas.io.portalrb import read_jawaban_workbook

    path = xlsx(tmp_path_factory.mktemp("fuzz") / "fuzz.xlsx", body)
    _outcome(read_workbook, path)
    _outcome(read_jawaban_workbook, path)


_HEADER_WORDS = ["Bobot", "Jawaban", "Pilihan Jawaban", "Kode", "Nilai", "Catatan", "Bukti Dukung", "Uraian", "Jumlah"]
_CELL_WORDS = st.one_of(
    st.sampled_from(
        [*_HEADER_WORDS, "A", "I", "II", "1", "a", "(a)", "P1.i.a", "R1.i.a:agents", "Ya", "B", "3,6", "=1"]
    ),
    _SCALARS.map(_xml_text),
)


@st.composite
def lke_like_sheets(draw: st.DrawFn) -> str:
    """Sheets with an LKE-like header row and rows of numbering, codes, options and answers at random columns."""
    rows = []
    header = draw(st.permutations(_HEADER_WORDS))[: draw(st.integers(2, len(_HEADER_WORDS)))]
    start = draw(st.integers(1, 4))
    cells = "".join(
        f'<c r="{chr(65 + start + i)}1" t="inlineStr"><is><t>{word}</t></is></c>' for i, word in enumerate(header)
    )
    rows.append(f'<row r="1">{cells}</row>')
    for r in range(2, draw(st.integers(2, 12))):
        cells = "".join(
            f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{draw(_CELL_WORDS)}</t></is></c>'
            for c in sorted(draw(st.sets(st.integers(0, 14), max_size=8)))
        )
        rows.append(f'<row r="{r}">{cells}</row>')
    return f"<sheetData>{''.join(rows)}</sheetData>"


@FUZZ
@given(lke_like_sheets())
def test_the_workbook_readers_take_any_lke_like_sheet(tmp_path_factory, body):
    from zona_integritas.io.excel import read_workbook

    path = xlsx(tmp_path_factory.mktemp("fuzz") / "fuzz.xlsx", body)
    _outcome(read_workbook, path)


@FUZZ
@given(st.binary(max_size=400))
def test_the_workbook_readers_take_any_bytes(tmp_path_factory, data):
    from zona_integritas.io.sniff import read_any

    path = tmp_path_factory.mktemp("fuzz") / "fuzz.xlsx"
    path.write_bytes(b"PK\x03\x04" + data)
    _outcome(read_any, str(path))


@pytest.mark.parametrize("text", ['{"schema": "zona-integritas/1", "type": [], "data": {}}'])
def test_a_payload_type_that_is_not_a_string_is_a_typed_error(text):
    with pytest.raises(zi.InvalidInputError) as caught:
        zjson.loads(text)
    assert caught.value.problems == [
        "type must be one of rulebook, worksheet, score_card, verdict, eligibility, ikm, perception, journey, review, "
        "got [] @ $.type"
    ]
