"""The survey slice speaks one language at a time (issue 13, item 2): every table, summary, check, signal, plot
label, notebook HTML, command-line output and help, error and warning of the surveys, rendered in Indonesian and
in English, holds no word of the other language and no untranslated message; a few exact strings are pinned."""

from __future__ import annotations

import datetime as dt
import io
import warnings
from collections.abc import Callable
from decimal import Decimal

import attrs
import matplotlib
import numpy as np
import pandas as pd
import pytest

import zona_integritas as zi
from language_checks import assert_speaks
from zona_integritas.cli import _parser, main
from zona_integritas.cli.survey import parse_columns
from zona_integritas.errors import ZonaIntegritasError
from zona_integritas.i18n import use_language
from zona_integritas.io.survey_csv import iter_survey_csv, read_survey_csv, skm_index_csv
from zona_integritas.io.survey_xlsx import read_survey_xlsx
from zona_integritas.plot_survey import ikm_by_group
from zona_integritas.survey import (
    LINEAR_TO_0_4,
    QuestionnaireScale,
    Respondent,
    SignalOptions,
    krejcie_morgan,
    perception_index,
    skm_breakdown,
    skm_index,
    skm_spec,
    survey_signals,
)
from zona_integritas.survey_breakdown import BREAKDOWN_FIELDS, period_of
from zona_integritas.survey_columns import columns_table
from zona_integritas.survey_perception import ASPECTS_SOURCE, survey_rules

matplotlib.use("Agg")

RB = zi.load_rulebook("permenpanrb-90-2021")
LANGUAGES = ("id", "en")
IPAK_ROW = {"diskriminasi": 4, "kecurangan": 4, "gratifikasi": 3, "calo": 4, "pungli": 4}
#: What users write, in whatever language: unit names, services, file contents; never judged.
DATA = ["Loket A", "Loket B", "Izin usaha", "izin bangunan", "(ya/tidak)", ASPECTS_SOURCE]


def _respondents() -> list[Respondent]:
    t = dt.datetime(2024, 3, 4, 9, 0)
    out = []
    for k in range(40):
        answers = {f"U{i}": 1 + (i + k) % 4 for i in range(1, 10)}
        if k % 7 == 0 or k < 3:
            answers = {f"U{i}": 4 for i in range(1, 10)}
        out.append(
            Respondent(
                answers,
                unit="Loket A" if k % 2 else "Loket B",
                service="Izin usaha",
                date=dt.date(2024, 1 + k % 6, 1),
                contact="0812" if k < 3 else f"08{k}",
                submitted=t + dt.timedelta(minutes=k if k < 10 else 60 * k),
                completed_service=k != 5,
            )
        )
    return out


def texts_of_results(language: str) -> list[str]:
    """Every text the survey results make, in ``language``."""
    rs = _respondents()
    ikm = skm_index(
        [[4, 4, 3, 4, 4, 4, 4, 3, 4], [3, 4, 4, 4, 3, 4, 4, 4, 4], [5] * 9, [None] * 9],
        incomplete="exclude",
        invalid="exclude",
    )
    breakdown = skm_breakdown(rs, "unit", populations={"Loket A": 100})
    by_quarter = skm_breakdown([*rs, Respondent({f"U{i}": 4 for i in range(1, 10)})], "quarter")
    ipak = perception_index([IPAK_ROW] * 20, kind="ipak", rulebook=RB, service_kinds=["Izin usaha", "izin bangunan"])
    own = perception_index([{"pungli": 4, "calo": 3}] * 30, kind="ipak", rulebook=RB, aspects=["pungli", "calo"])
    signals = survey_signals(rs)
    texts: list[str] = []
    with use_language(language):
        for result in (ikm, breakdown.overall):
            texts += [result.summary(), result.to_table(), result._repr_html_() or ""]
            texts += [str(v) for v in result.to_dict().values() if isinstance(v, str)]
            texts += [e["label"] for e in result.to_dict()["elements"]]
        texts += [ikm.sample_check(100).detail, ikm.sample_check(2).detail_in()]
        for b in (breakdown, by_quarter):
            texts += [b.to_table(), b._repr_html_() or "", b.group(next(iter(b)))._repr_html_() or ""]
        for p in (ipak, own):
            texts += [p.summary(), p.to_table(), p._repr_html_() or ""]
            texts += [c["detail"] + " " + c["title"] for c in p.to_dict()["checks"]]
        for s in signals:
            texts += [s.title, s.detail_in(), s._repr_html_() or "", s.to_dict()["detail"]]
        ax = ikm_by_group(breakdown)
        texts += [ax.get_title(), ax.get_ylabel(), ax.get_xlabel()]
        texts += [t.get_text() for t in ikm_by_group(by_quarter).get_xticklabels()]
    return texts


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_survey_result_speaks_one_language(language):
    for text in texts_of_results(language):
        assert_speaks(text, language, data=DATA)


def test_pinned_survey_summaries_in_both_languages():
    r = skm_index([[4, 4, 3, 4, 4, 4, 4, 3, 4], [3, 4, 4, 4, 3, 4, 4, 4, 4], [5] * 9], invalid="exclude")
    assert r.summary(language="id") == (
        "IKM 94,44 (A, Sangat Baik); 2 responden dihitung, 1 dikeluarkan karena jawaban di luar skala"
    )
    assert (
        r.summary(language="en")
        == "IKM 94.44 (A, Very good); 2 respondents used, 1 left out with an answer outside the scale"
    )
    assert repr(r) == "IkmResult(ikm_unit=Decimal('94.44'), grade='A', respondents=2, excluded=1)"
    check = skm_index([[4] * 9] * 79).sample_check(100)
    assert check.detail_in("id") == "79 responden; Krejcie-Morgan memerlukan 80 untuk populasi 100"
    assert check.detail_in("en") == "79 respondents; Krejcie-Morgan needs 80 for a population of 100"
    ipak = perception_index([IPAK_ROW] * 20, kind="ipak", rulebook=RB)
    assert ipak.to_table(language="id").splitlines()[-2] == (
        "!! Responden: 20 responden, kurang dari 30 dan tanpa justifikasi statistik"
    )
    assert ipak.to_table(language="en").splitlines()[-2] == (
        "!! Respondents: 20 respondents, fewer than 30 and no statistical justification given"
    )


def test_the_breakdown_table_and_the_blank_group_follow_the_language():
    rs = [Respondent({f"U{i}": 4 for i in range(1, 10)}, sex="P"), Respondent({f"U{i}": 3 for i in range(1, 10)})]
    b = skm_breakdown(rs, "sex")
    assert list(b) == ["(kosong)", "P"]  # the key stays stable for programs
    assert b.to_table(language="id").splitlines() == [
        "Jenis kelamin          n     IKM  Mutu   Sampel      Unsur terlemah",
        "(kosong)               1   75,00  C                  U1 3,000, U2 3,000, U3 3,000",
        "P                      1  100,00  A                  U1 4,000, U2 4,000, U3 4,000",
        "(semua)                2   87,50  B",
    ]
    assert (
        b.to_table(language="en").splitlines()[0]
        == "Sex                    n     IKM  Grade  Sample      Weakest elements"
    )
    assert b.to_table(language="en").splitlines()[1].startswith("(blank)  ")


def test_signal_sentences_are_said_again_in_the_language_asked():
    rs = _respondents()
    with use_language("en"):
        signals = {s.key: s for s in survey_signals(rs)}
    dup = signals["duplicates"]
    assert dup.detail == "3 responses share a contact and their answers within 30 minutes"
    assert dup.detail_in("id") == "3 kiriman memiliki kontak dan isian yang sama dalam 30 menit"
    assert signals["outside_hours"].detail_in("id").endswith("di luar pukul 08.00-16.00 pada hari layanan")
    assert signals["outside_hours"].detail_in("en").endswith("outside 08:00-16:00 on service days")
    assert signals["straight_lining"].detail_in("id").endswith("(batas 50%)")


def test_notebook_html_is_left_aligned_and_escaped():
    r = skm_breakdown([Respondent({f"U{i}": 4 for i in range(1, 10)}, unit="<b>Loket</b>")], "unit")
    html = r._repr_html_() or ""
    assert "&lt;b&gt;Loket&lt;/b&gt;" in html and "<b>Loket" not in html
    assert "text-align:right" not in html and "center" not in html
    assert html.count("<td") == html.count("<td style='text-align:left")
    assert html.count("<th ") == html.count("<th style='text-align:left") > 0


def test_the_plot_speaks_the_language():
    b = skm_breakdown([Respondent({f"U{i}": 4 for i in range(1, 10)}, unit="Loket A")], "unit")
    ax = ikm_by_group(b, language="id")
    assert (ax.get_title(), ax.get_ylabel(), ax.get_xlabel()) == (
        "IKM per sub-unit: 100,00 (A), n = 1",
        "IKM (skala 25–100)",
        "Sub-unit",
    )
    assert ikm_by_group(b, language="en").get_title() == "IKM by sub-unit: 100.00 (A), n = 1"


# -- errors and warnings -----------------------------------------------------------------------------------------
def _errors(tmp_path) -> list[Callable[[], object]]:
    def csv(name: str, text: str, **kwargs: object) -> Callable[[], object]:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return lambda: read_survey_csv(path, codes=skm_spec().codes, **kwargs)  # type: ignore[arg-type]

    book = tmp_path / "kosong.xlsx"
    import openpyxl

    openpyxl.Workbook().save(book)
    header = "U1;U2;U3;U4;U5;U6;U7;U8;U9"
    bad_bytes = tmp_path / "latin1.csv"
    bad_bytes.write_bytes((header + "\n4;4;4;4;4;4;4;4;4\n").encode() + "caf\xe9;4\n".encode("latin-1"))
    rs = [Respondent({f"U{i}": 4 for i in range(1, 10)}, submitted="kemarin")]  # type: ignore[arg-type]
    no_surveys = attrs.evolve(RB, surveys=None)
    return [
        lambda: skm_spec(weights="heavy"),
        lambda: skm_spec({"U1": "0.5"}),
        lambda: skm_spec({**{f"U{i}": "0.1" for i in range(1, 10)}, "U10": "0.1"}),
        lambda: skm_spec({f"U{i}": "x" for i in range(1, 10)}),
        lambda: skm_spec({f"U{i}": "-0.1" for i in range(1, 10)}),
        lambda: skm_spec({f"U{i}": "0.1" for i in range(1, 10)}),
        lambda: skm_spec(extra_elements={"U1": "Lagi"}),
        lambda: skm_spec(extra_elements={"U10": "Keamanan"}),
        lambda: krejcie_morgan(0),
        lambda: QuestionnaireScale(4, 1),
        lambda: QuestionnaireScale(1, 6.5),  # type: ignore[arg-type]
        lambda: QuestionnaireScale(1, 6, ("3", "1")),
        lambda: LINEAR_TO_0_4.within(Decimal(0), Decimal(3)),
        lambda: perception_index([IPAK_ROW] * 30, kind="ipak", rulebook=RB, aspects=[]),
        lambda: perception_index([IPAK_ROW] * 30, kind="ipak", rulebook=RB, aspects="pungli"),  # type: ignore[arg-type]
        lambda: perception_index([IPAK_ROW] * 30, kind="ipak", rulebook=RB, aspects=["pungli", "PUNGLI"]),
        lambda: perception_index([IPAK_ROW] * 30, kind="ipak", rulebook=RB, aspects=[""]),
        lambda: perception_index([IPAK_ROW] * 30, kind="ipx", rulebook=RB),  # type: ignore[arg-type]
        lambda: perception_index([IPAK_ROW], kind="ipak", rulebook=RB, questions={"sogok": "suap"}),
        lambda: perception_index([IPAK_ROW], kind="ipak", rulebook=RB, questions=["sogok"]),
        lambda: perception_index([IPAK_ROW], kind="ipak", rulebook=RB, questions=["pungli"]),
        lambda: perception_index([], kind="ipak", rulebook=RB),
        lambda: survey_rules(no_surveys, "ipak"),
        lambda: skm_index([[4] * 9, [5, None, 4, 4, 4, 4, 4, 4, 4], [1, 2], {"U10": 4}, [None] * 9]),
        lambda: skm_index([]),
        lambda: skm_index([[4] * 9], incomplete="skip"),  # type: ignore[arg-type]
        lambda: skm_index([[4] * 9], invalid="drop"),  # type: ignore[arg-type]
        lambda: skm_index([[4] * 9]).element("U10"),
        lambda: skm_index([[7] * 9] * 150),
        lambda: skm_breakdown([], "colour"),
        lambda: skm_breakdown([Respondent({f"U{i}": 4 for i in range(1, 10)})], "sex").group("X"),
        lambda: period_of("kemarin", "quarter"),
        lambda: SignalOptions(perfect_share=2),
        lambda: SignalOptions(burst_alpha=0),
        lambda: SignalOptions(service_hours=(dt.time(16), dt.time(8))),
        lambda: SignalOptions(burst_window=dt.timedelta(0)),
        lambda: survey_signals([], straight=0.3),
        lambda: survey_signals([], by="colour"),
        lambda: survey_signals([], service_volume={"Loket A": 10}),
        lambda: survey_signals(rs),
        lambda: columns_table(np.ones((2, 3)), ("A", "B"), 1, 4, "error"),
        lambda: columns_table(pd.DataFrame({"A": [4]}), ("A", "B"), 1, 4, "error"),
        csv("kosong.csv", ""),
        csv("sel.csv", header + "\n4;4;4;4;4;4;4;4;4;4\n"),
        csv("profil.csv", header + ";tanggal;selesai\n4;4;4;4;4;4;4;4;4;Mei 2024;mungkin\n"),
        csv("waktu.csv", header + ";waktu\n4;4;4;4;4;4;4;4;4;besok pagi\n"),
        csv("ganda.csv", "U1;U1;Biaya;Tarif\n4;4;4;4\n"),
        csv("dua.csv", "Biaya dan waktu pelayanan\n4\n"),
        csv("kolom.csv", header + "\n4;4;4;4;4;4;4;4;4\n", columns={"U1": "Syarat", "X": "Y"}),
        csv("profilkolom.csv", header + "\n4;4;4;4;4;4;4;4;4\n", profile_columns={"unit": "Loket"}),
        csv("panjang.csv", header + "\n" + "4;" * 8 + "9" * (128 * 1024) + "\n", engine="csv"),
        csv("tanpa.csv", "Nama;Komentar\nBudi;Bagus\n"),
        lambda: read_survey_csv(bad_bytes, codes=skm_spec().codes, engine="csv"),
        lambda: read_survey_csv(io.StringIO(header), codes=skm_spec().codes, engine="mesin"),  # type: ignore[arg-type]
        lambda: list(iter_survey_csv(io.StringIO(header), chunk_rows=0)),
        lambda: skm_index_csv(io.StringIO(header + "\n" + "9;" * 8 + "9\n"), chunk_rows=1),
        lambda: read_survey_xlsx(book, sheet="SKM"),
        lambda: read_survey_xlsx(book),
        lambda: parse_columns(["U1"]),
        lambda: parse_columns(["U1=A", "U1=B"]),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_survey_error_speaks_one_language(tmp_path, language):
    data = [*DATA, str(tmp_path), "Biaya dan waktu pelayanan", "Tarif", "Biaya", "Syarat", "Loket", "Mei 2024"]
    data += ["mungkin", "besok pagi", "kemarin", "Nama;Komentar", "Lagi", "sogok", "suap"]
    data += list(BREAKDOWN_FIELDS)  # the values the option takes, as a program spells them
    for build in _errors(tmp_path):
        with use_language(language), pytest.raises(ZonaIntegritasError) as caught:
            build()
        text = str(caught.value)
        assert text.strip()
        assert_speaks(text, language, data=data)


def test_pinned_errors_in_both_languages():
    for language, expected in (
        ("id", "baris 2, kolom U1: jawaban 5 di luar 1-4"),
        ("en", "row 2, column U1: answer 5 is outside 1-4"),
    ):
        with use_language(language), pytest.raises(zi.InvalidInputError) as caught:
            skm_index([[4] * 9, [5] + [4] * 8])
        assert caught.value.problems == [expected]
        assert caught.value.exceptions[0].code == "answer-outside-scale"
    with use_language("id"), pytest.raises(zi.InvalidValueError) as value:
        krejcie_morgan(0)
    assert str(value.value) == "populasi harus bilangan bulat paling kecil 1; diterima 0"
    assert value.value.code == "invalid-population"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_ambiguous_time_warning_speaks_one_language(tmp_path, language):
    path = tmp_path / "skm.csv"
    path.write_text("Stempel waktu;U1;U2;U3;U4;U5;U6;U7;U8;U9\n05/09/2022 10:31:22;" + "4;" * 8 + "4\n")
    with use_language(language), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        read_survey_csv(path, codes=skm_spec().codes)
    (message,) = [str(w.message) for w in caught]
    assert_speaks(message, language, data=[str(tmp_path), "Stempel waktu"])


# -- the command line ------------------------------------------------------------------------------------------
def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(args), out=out, err=err), out.getvalue(), err.getvalue()


def _skm_file(tmp_path):
    path = tmp_path / "skm.csv"
    lines = ["U1;U2;U3;U4;U5;U6;U7;U8;U9;unit;waktu;kontak;selesai"]
    for r in _respondents():
        answers = ";".join(str(r.answer(f"U{i}")) for i in range(1, 10))
        done = "ya" if r.completed_service else "tidak"
        lines.append(f"{answers};{r.unit};{r.submitted:%Y-%m-%d %H:%M};{r.contact};{done}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_survey_command_speaks_one_language(tmp_path, language):
    path = _skm_file(tmp_path)
    ipak = tmp_path / "ipak.csv"
    ipak.write_text("diskriminasi,kecurangan,gratifikasi,calo,pungli,layanan\n" + "4,4,3,4,4,Izin usaha\n" * 20)
    runs = [
        ("survey", str(path), "--kind", "skm", "--by", "unit", "--signals", "--population", "500", "--require", "B"),
        ("survey", str(path), "--kind", "skm", "--by", "quarter", "--require", "99"),
        ("survey", str(ipak), "--kind", "ipak", "--services", "Izin usaha,izin bangunan", "--require", "3.9"),
        ("survey", str(path), "--kind", "skm", "--require", "Z"),
        ("survey", str(tmp_path / "data.ods"), "--kind", "skm"),
        ("survey", str(path), "--kind", "skm", "--columns", "U1"),
    ]
    for args in runs:
        code, out, err = _run("--language", language, *args)
        assert code in (1, 2), (args, out, err)
        assert_speaks(out + err, language, data=[*DATA, str(tmp_path)])


def test_the_survey_command_prints_its_weakest_elements_in_the_language(tmp_path):
    path = _skm_file(tmp_path)
    _, out_id, _ = _run("--language", "id", "survey", str(path), "--kind", "skm")
    _, out_en, _ = _run("--language", "en", "survey", str(path), "--kind", "skm")
    assert "\nUnsur terlemah: U" in out_id and "Weakest" not in out_id
    assert "\nWeakest elements: U" in out_en


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_survey_help_speaks_one_language(language):
    with use_language(language):
        parser = _parser()
        survey = parser._subparsers._group_actions[0].choices["survey"]  # type: ignore[union-attr]
        helps = [a.help for a in survey._actions if a.help and a.dest != "help"]
        helps += [survey.description or "", survey.epilog or ""]
    assert len(helps) >= 20
    for text in helps:
        assert_speaks(text, language)
    if language == "id":
        assert (
            "Status keluar: 0 semua pemeriksaan terpenuhi, 1 ada pemeriksaan yang tidak terpenuhi, 2 masukan keliru."
            in helps
        )
