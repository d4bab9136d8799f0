"""The command line in one language at a time: help, summaries, the demo and errors, in Indonesian and English.

Each text is checked with ``language_checks.assert_speaks`` (no word of the other language, no escaped message
id) after removing the user's data (unit names, notes, file names, option names and choices, which are data).

AWAITING THE MERGE (issue 13): text made by other owners' modules (the score/verdict/plan tables of
``results``, the journey's event lines of ``process``, the help of the survey/workbook/serve/report commands)
is passed as data through :func:`_awaiting_merge` only. Once every branch is merged, make that function return
``[]``: every assertion then covers the whole output.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
from pathlib import Path

import pytest

import zona_integritas as zi
from language_checks import assert_speaks
from zona_integritas import examples
from zona_integritas.cli import EXIT_BAD_INPUT, _argparse_in_language, _parser, main
from zona_integritas.i18n import use_language

KEDIRI = Path(zi.__file__).parent / "data" / "kediri-dpmptsp-2022-tpi.json"
LANGUAGES = ("id", "en")
#: The command modules of this slice (cli); the others' help is checked once their branches are merged.
MINE = ("score", "review", "document", "demo")


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _awaiting_merge(*texts: str) -> list[str]:
    """Other owners' text was data until every branch of issue 13 was merged; now every text is checked."""
    return []


# -- help ---------------------------------------------------------------------------------------------------------
def _parsers(language):
    found = {}

    def walk(name, parser):
        found[name] = parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub, child in action.choices.items():
                    walk(f"{name} {sub}".strip(), child)

    with use_language(language), _argparse_in_language():
        walk("", _parser())
    return found


def _module_of(command: str) -> str:
    first = command.split()[0] if command else ""
    return {"verdict": "score", "plan": "score", "template": "workbook", "convert": "workbook"}.get(first, first)


def _parser_data(parser) -> list[str]:
    """What a help text shows that is data, not words: the program, option names, choices and metavars."""
    data = [parser.prog, "zona-integritas", "ZONA_INTEGRITAS_LANG", "'20 Mei 2022'", "2022-05-20"]
    for action in parser._actions:
        data += list(action.option_strings)
        data += [str(c) for c in (action.choices or ())]
        if action.metavar:
            data += [action.metavar] if isinstance(action.metavar, str) else list(action.metavar)
        data.append(action.dest.upper())
    return data


def _help_texts(parser) -> list[str]:
    texts = [parser.description or "", parser.epilog or ""]
    texts += [a.help or "" for a in parser._actions]
    texts += [g.title or "" for g in parser._action_groups]
    return texts


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_commands_help_speaks_one_language(language, monkeypatch):
    monkeypatch.setenv("COLUMNS", "10000")  # one line per help text: other owners' lines are removed whole
    parsers = _parsers(language)
    assert {"", "score", "verdict", "plan", "review status", "review diff", "document", "demo"} <= set(parsers)
    for name, parser in parsers.items():
        with use_language(language), _argparse_in_language():
            text = parser.format_help()
        module = _module_of(name)
        others = _awaiting_merge(*_help_texts(parser)) if module and module not in MINE else []
        for action in parser._actions:  # the list of commands shows each command's one-line help
            if isinstance(action, argparse._SubParsersAction):
                listed = [c.help or "" for c in action._choices_actions if _module_of(c.dest) not in MINE]
                others += _awaiting_merge(*listed)
        assert_speaks(text, language, data=_parser_data(parser) + others)


def test_help_in_both_languages_pinned():
    with use_language("id"), _argparse_in_language():
        top = _parser().format_help()
    assert top.startswith("cara pakai: zona-integritas [-h] [--language {id,en}] PERINTAH ...")
    assert "Evaluasi Zona Integritas (WBK/WBBM) menurut PermenPANRB 90/2021." in top
    assert "tampilkan bantuan ini lalu keluar" in top and "opsi:" in top
    assert "status keluar: 0 lulus, 1 tidak lulus, 2 masukan salah atau cara pakai keliru" in " ".join(top.split())
    with use_language("en"), _argparse_in_language():
        top = _parser().format_help()
    assert top.startswith("usage: zona-integritas [-h] [--language {id,en}] COMMAND ...")
    assert "exit status: 0 passed, 1 not passed, 2 bad input or a usage error" in " ".join(top.split())


def test_help_through_main_follows_the_language(capsys):
    for language, usage, words in (("id", "cara pakai:", "hitung nilai"), ("en", "usage:", "score a worksheet")):
        with pytest.raises(SystemExit) as stopped:
            main(["--language", language, "--help"])
        printed = capsys.readouterr().out
        assert stopped.value.code == 0 and printed.startswith(usage) and words in printed


# -- summaries ----------------------------------------------------------------------------------------------------
def _demo_data() -> list[str]:
    """The demo's data: the unit's name, the review's notes, ids and the document command line."""
    review = examples.kediri_review_2022()
    notes = [c.note for c in zi.review_diff.diff_tiers(review, "unit", "tpi").changes if c.note]
    return [
        examples.KEDIRI_UNIT_NAME,
        *notes,
        "pemda-90-2021",
        "permenpanrb-52-2014",
        "permenpanrb-90-2021",
        "zona-integritas document proposal|sptjm|lhe|monitoring --example kediri --out FILE.docx [--pdf]",
    ]


def _demo_by_others(language) -> list[str]:
    """The demo's text that other owners make: the journey's event lines and the tables (see the module docs)."""
    from zona_integritas.plan import plan_improvements
    from zona_integritas.verdict import assess

    with use_language(language):
        journey = examples.kediri_journey()
        final = journey.cycle(2022).final_worksheet
        card = zi.score(final)
        return _awaiting_merge(
            *(entry.what for entry in journey.history()),
            card.to_table(language=language, depth=2),
            assess(card, target="WBK").to_table(language=language),
            assess(card, target="WBBM", holds_wbk=True).to_table(language=language),
            plan_improvements(final, "WBBM", holds_wbk=True).to_table(language=language),
        )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_demo_speaks_one_language(language):
    code, out, err = run("--language", language, "demo")
    assert code == 0 and err == ""
    assert_speaks(out, language, data=_demo_data() + _demo_by_others(language))


def test_the_demo_is_indonesian_by_default(monkeypatch):
    monkeypatch.delenv("ZONA_INTEGRITAS_LANG")
    code, out, _ = run("demo")
    assert code == 0
    assert_speaks(out, "id", data=_demo_data() + _demo_by_others("id"))
    assert "Perjalanan:" in out and "Siklus:" in out


def test_the_demo_pinned_in_both_languages():
    _, indonesian, _ = run("--language", "id", "demo")
    _, english, _ = run("--language", "en", "demo")
    pairs = [
        ("Perjalanan:", "The journey:"),
        ("Siklus:", "Cycles:"),
        (
            "  2022: WBK, sampai tahap penetapan, ditetapkan (permenpanrb-90-2021)",
            "  2022: WBK, reached the decision, awarded (permenpanrb-90-2021)",
        ),
        (
            "Reviu 2022 (pemda-90-2021): penilaian mandiri unit bernilai 88,96;",
            "The 2022 review (pemda-90-2021): the unit scored itself 88.96;",
        ),
        ("   -0,42  P4.i.a    A -> B  [tpi] Notulen", "   -0.42  P4.i.a    A -> B  [tpi] Notulen"),
        ("     6 Desember 2022  ", "     6 December 2022  "),
        (
            "Kartu nilai 2022 (gabungan lembar kerja TPI, evaluasi lapangan, dan survei TPN):",
            "The 2022 score card (TPI worksheet, field evaluation and TPN survey combined):",
        ),
        (
            "Laporan pemantauan TPI berikutnya paling lambat 25 November 2026.",
            "Next TPI monitoring report due by 25 November 2026.",
        ),
        ("IKM tahun 2022 (95,73, mutu A)", "IKM\nof 2022 (95.73, grade A)"),
    ]
    for id_text, en_text in pairs:
        assert id_text in indonesian and en_text in english, (id_text, en_text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_review_summaries_speak_one_language(language):
    from zona_integritas.evidence import completeness, load_requirements

    required = completeness(examples.kediri_review_2022(), load_requirements("example-inspektorat"))
    evidence = ["; ".join(e.missing) for e in required.incomplete]  # the requirement file's own words: data
    data = _demo_data() + evidence + ["unit", "tpi", "tpn-desk", "tpn-field", "example-inspektorat"]
    code, out, _ = run(
        "--language", language, "review", "status", "--example", "kediri", "--requirements", "example-inspektorat"
    )
    assert code == 0
    assert_speaks(out, language, data=data)
    code, out, _ = run("--language", language, "review", "diff", "--example", "kediri")
    assert code == 0
    assert_speaks(out, language, data=data)
    first = out.splitlines()[0]
    assert first == {"id": "unit 88,96 -> tpi 87,76 (-1,21)", "en": "unit 88.96 -> tpi 87.76 (-1.21)"}[language]


def test_review_status_pinned():
    _, indonesian, _ = run("--language", "id", "review", "status", "--example", "kediri")
    _, english, _ = run("--language", "en", "review", "status", "--example", "kediri")
    assert indonesian.splitlines()[1].split()[:4] == ["jenjang", "status", "putaran", "direviu"]
    assert english.splitlines()[1].split()[:4] == ["tier", "status", "rounds", "reviewed"]
    assert "tpn-desk   belum dimulai" in indonesian and "tpn-desk   not started" in english
    assert "Butir dijawab tanpa bukti dukung: 110" in indonesian and "Items answered without evidence: 110" in english


@pytest.mark.parametrize("language", LANGUAGES)
def test_document_summary_speaks_one_language(language, tmp_path):
    target = tmp_path / "lhe.docx"
    code, out, err = run("--language", language, "document", "lhe", "--example", "kediri", "--out", str(target))
    assert code == 0 and err == "" and target.is_file()
    assert out == {"id": f"berkas ditulis: {target}\n", "en": f"wrote {target}\n"}[language]


# -- errors -------------------------------------------------------------------------------------------------------
def _errors(tmp_path):
    """(argv, data, indonesian, english): commands that fail in this slice's code, with a pinned part of each."""
    from zona_integritas.io.payloads import dumps

    journey = tmp_path / "journey.json"
    journey.write_text(dumps(examples.kediri_journey()), encoding="utf-8")
    missing = str(tmp_path / "missing.json")
    bad = str(tmp_path / "bad.json")
    Path(bad).write_text(json.dumps({"rulebook": "permenpanrb-90-2021", "assessor": "unit", "answers": {}}))
    return [
        (
            ("score", missing),
            [missing],
            f"kesalahan: Berkas atau folder tidak ditemukan: '{missing}'",
            f"error: No such file or directory: '{missing}'",
        ),
        (
            ("score", bad, "--assessor", "tpn"),
            [bad, "tpn", "unit"],
            "berkas tidak memuat lembar kerja tpn",
            "the file has no worksheet for tpn",
        ),
        (
            ("review", "status"),
            ["FILE", "--db", "--unit", "--example kediri"],
            "sebutkan satu reviu",
            "name one review",
        ),
        (
            ("review", "diff", "--db", str(tmp_path / "x.db")),
            ["--db", "--unit"],
            "--db memerlukan --unit",
            "--db needs --unit",
        ),
        (
            ("document", "lhe", "--example", "kediri", "--db", "x.db", "--out", str(tmp_path / "x.docx")),
            ["--example", "--db"],
            "kesalahan: sebutkan satu sumber saja, bukan --example dan --db",
            "error: give one source, not --example and --db",
        ),
        (
            (
                "document",
                "proposal",
                "--journey",
                str(journey),
                "--instansi",
                "Kota",
                "--unit-name-of",
                "dpmptsp",
                "--out",
                str(tmp_path / "x.docx"),
            ),
            ["--unit-name-of", "dpmptsp", "ID=NAME"],
            "--unit-name-of diisi ID=NAMA; diterima 'dpmptsp'",
            "--unit-name-of takes ID=NAME; got 'dpmptsp'",
        ),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_errors_speak_one_language(language, tmp_path):
    for argv, data, indonesian, english in _errors(tmp_path):
        code, out, err = run("--language", language, *argv)
        assert code == EXIT_BAD_INPUT and out == "" and "Traceback" not in err, argv
        assert_speaks(err, language, data=[*data, str(tmp_path)])
        assert {"id": indonesian, "en": english}[language] in err, (argv, err)


@pytest.mark.parametrize("language", LANGUAGES)
def test_usage_errors_speak_one_language(language):
    cases = [
        (
            ("verdict", str(KEDIRI), "--target", "gold"),
            {"id": "pilihan tidak sah: 'GOLD'", "en": "invalid choice: 'GOLD'"},
        ),
        (
            ("verdict",),
            {
                "id": "argumen berikut wajib diisi: FILE, --target",
                "en": "the following arguments are required: FILE, --target",
            },
        ),
        (
            ("score", str(KEDIRI), "--zero-denominator", "half"),
            {
                "id": "diisi zero, full, atau ITEM=zero|full[,...]; diterima 'half'",
                "en": "expected zero, full or ITEM=zero|full[,...]; got 'half'",
            },
        ),
        (("score", str(KEDIRI), "--depth", "x"), {"id": "nilai int tidak sah: 'x'", "en": "invalid int value: 'x'"}),
        (("demo", "--bogus"), {"id": "argumen tidak dikenal: --bogus", "en": "unrecognized arguments: --bogus"}),
        (
            ("verdict", str(KEDIRI), "--target", "wbk", "--holds-wbk", "--no-wbk"),
            {"id": "tidak boleh bersama argumen --holds-wbk", "en": "not allowed with argument --holds-wbk"},
        ),
    ]
    for argv, expected in cases:
        err = io.StringIO()
        with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as stopped:
            main(["--language", language, *argv])
        text = err.getvalue()
        assert stopped.value.code == EXIT_BAD_INPUT and expected[language] in text, (argv, text)
        usage = {"id": "cara pakai: ", "en": "usage: "}[language]
        prefix = {"id": ": kesalahan: ", "en": ": error: "}[language]
        assert text.startswith(usage) and prefix in text
        with use_language(language), _argparse_in_language():
            data = [token for parser in _parsers(language).values() for token in _parser_data(parser)]
        assert_speaks(text, language, data=[*data, str(KEDIRI), "'GOLD'", "'WBK'", "'WBBM'", "'half'", "int", "'x'"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_warnings_and_long_lines_keep_the_language(language, tmp_path):
    from zona_integritas.cli import _line

    with use_language(language):
        cut = _line("x" * 600)
    assert cut.endswith({"id": "… (600 karakter)", "en": "… (600 characters)"}[language])
    part = tmp_path / "part.json"
    part.write_text(json.dumps({"rulebook": "permenpanrb-90-2021", "assessor": "unit", "answers": {"P1.i.a": "Ya"}}))
    code, _, err = run("--language", language, "score", str(part))
    assert code == 0 and err.startswith({"id": "peringatan: ", "en": "warning: "}[language])
    # the warning's own sentence is the worksheet module's (values): checked there


# -- the documents' error messages ----------------------------------------------------------------------------------
def _document_errors():
    """Every error the documents package raises on bad input, with the data each names."""
    import shutil

    from zona_integritas import documents as d
    from zona_integritas.documents import _model, pdf, word

    portfolio = examples.kota_kediri_portfolio()
    kediri = examples.kediri_worksheet_2022()
    unit = zi.examples.kediri_review_2022().unit_worksheet
    cases = [
        (lambda: d.DocumentKind.parse("letter"), ["'letter'", "proposal", "sptjm", "lhe", "monitoring"]),
        (lambda: d.Signatory("", "Kepala"), []),
        (lambda: d.Signatory("Budi", ""), ["Budi"]),
        (lambda: d.Signatory("Budi", "Kepala", nip="12a"), ["Budi", "'12a'"]),
        (lambda: d.Table(("a", "b"), (("1",),)), ["[0]"]),
        (lambda: d.Table(("a", "b"), (), widths=(1.0,)), []),
        (lambda: _model.terbilang(10**7), []),
        (
            lambda: d.lhe(
                kediri, unit="", cycle=2022, target="WBK", on="18 April 2022", signatory=d.Signatory("A", "B")
            ),
            [],
        ),
        (
            lambda: d.lhe(
                unit, unit="X", cycle=2022, target="WBK", on="18 April 2022", signatory=d.Signatory("A", "B")
            ),
            ["'unit'"],
        ),
        (lambda: d.lhe_for(portfolio, "dpmptsp", 2019, signatory=d.Signatory("A", "B")), ["dpmptsp"]),
        (
            lambda: d.proposal_letter(
                portfolio, 2022, on="20 Mei 2022", signatory=d.Signatory("A", "B"), units=["nope"]
            ),
            ["'nope'", portfolio.instansi.name, *[u.id for u in portfolio.units]],
        ),
        (
            lambda: d.proposal_letter(portfolio, 2019, on="20 Mei 2019", signatory=d.Signatory("A", "B")),
            [portfolio.instansi.name],
        ),
        (
            lambda: d.monitoring_report(
                portfolio,
                on="31 Desember 2024",
                signatory=d.Signatory("A", "B"),
                surveys={"x": d.SurveyIndices(3, 3, "s")},
            ),
            ["'x'", portfolio.instansi.name],
        ),
        (lambda: d.SurveyIndices(5, 3, "s"), ["'5'", "5"]),
        (lambda: word.check_template(b"not a zip", "lhe"), []),
    ]
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        cases.append(
            (
                pdf.soffice,
                ["LibreOffice", "soffice", "PATH", "LibreOffice Writer", "apt-get install libreoffice-writer"],
            )
        )
    return cases


@pytest.mark.parametrize("language", LANGUAGES)
def test_document_errors_speak_one_language(language):
    from zona_integritas.errors import ZonaIntegritasError

    for make, data in _document_errors():
        with use_language(language), pytest.raises(ZonaIntegritasError) as caught:
            make()
        assert_speaks(str(caught.value), language, data=[*data, "Kepala", "NIP", "LHE", "TPI", ".docx"])


def test_document_errors_pinned():
    from zona_integritas import documents as d

    for language, expected in (
        ("id", "jenis dokumen adalah proposal, sptjm, lhe atau monitoring; diterima 'letter'"),
        ("en", "a document is proposal, sptjm, lhe or monitoring; got 'letter'"),
    ):
        with use_language(language), pytest.raises(zi.InvalidAnswerError, match=expected):
            d.DocumentKind.parse("letter")
    with (
        use_language("id"),
        pytest.raises(zi.InvalidAnswerError, match="penanda tangan harus memiliki jabatan; jabatan Budi tidak diisi"),
    ):
        d.Signatory("Budi", "")


# -- the tutorial runs in Indonesian end to end ------------------------------------------------------------------
TUTORIAL = Path(__file__).resolve().parents[1] / "docs" / "tutorial" / "kediri.md"
REFRESH = "python tools/refresh_docs.py docs/tutorial/kediri.md (then read the diff)"


def _refresh_tool():
    import importlib.util
    import sys

    path = Path(__file__).resolve().parents[1] / "tools" / "refresh_docs.py"
    spec = importlib.util.spec_from_file_location("refresh_docs_tool", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["refresh_docs_tool"] = module
    spec.loader.exec_module(module)
    return module


def _console_examples(page: Path) -> list[tuple[str, list[str]]]:
    """(command, shown output lines) of every ``$ zona-integritas`` command a console block shows output for."""
    import re

    found = []
    for block in re.findall(r"```console\n(.*?)```", page.read_text(encoding="utf-8"), re.S):
        lines = block.rstrip("\n").split("\n")
        for i, line in enumerate(lines):
            if line.startswith("$ zona-integritas "):
                shown = []
                for following in lines[i + 1 :]:
                    if following.startswith("$ "):
                        break
                    shown.append(following)
                if shown:
                    found.append((line, shown))
    return found


@pytest.mark.parametrize(
    ("page", "commands"),
    [
        (TUTORIAL, ["$ zona-integritas review diff --example kediri"]),
        (
            TUTORIAL.parents[1] / "reference" / "cli.md",
            [
                "$ zona-integritas review status --example kediri",
                "$ zona-integritas --language en review status --example kediri",
            ],
        ),
    ],
    ids=["tutorial", "cli-reference"],
)
def test_the_docs_commands_print_what_they_show(page, commands):
    """A command shown with its output prints that output (Indonesian by default, as a user sees it)."""
    tool = _refresh_tool()
    examples_ = _console_examples(page)
    assert [command for command, _ in examples_] == commands
    for command, shown in examples_:
        printed = tool.command_output(command).rstrip("\n").split("\n")
        assert printed == shown, (
            f"{command}: {page.name} shows another output; refresh it with python tools/refresh_docs.py {page}"
        )


def _shown_outputs(page: Path) -> str:
    """Every output the page shows: the ``>>>`` examples' and the commands'."""
    import doctest
    import re

    text = page.read_text(encoding="utf-8")
    wants = []
    for block in re.findall(r"```python\n(.*?)```", text, re.S):
        wants += [example.want for example in doctest.DocTestParser().get_examples(block)]
    wants += ["\n".join(shown) for _, shown in _console_examples(page)]
    return "\n".join(wants)


def test_the_tutorial_shows_indonesian_outputs():
    """The tutorial's prose is English; every output it shows is the Indonesian one (issue 13, 'Done when')."""
    from zona_integritas.plan import plan_improvements
    from zona_integritas.verdict import assess

    text = _shown_outputs(TUTORIAL)
    assert "Menuju WBK: LULUS" in text and "unit 88,96 -> tpi 87,76 (-1,21)" in text
    review = examples.kediri_review_2022()
    notes = [c.note for c in zi.review_diff.diff_tiers(review, "unit", "tpi").changes if c.note]
    data = [*notes, examples.KEDIRI_UNIT_NAME, "Traceback (most recent call last):", "zona_integritas.errors."]
    data += ["'not_awarded'", "'awarded'"]  # CycleOutcome values in a repr: codes for programs
    with use_language("id"):  # other owners' text (see _awaiting_merge)
        card = zi.score(examples.kediri_worksheet_2022())
        others = _awaiting_merge(
            assess(card, target="WBK").to_table(),
            plan_improvements(examples.kediri_worksheet_2022(), "WBBM", holds_wbk=True).to_table(),
        )
        with pytest.raises(zi.InvalidInputError) as caught:
            zi.Worksheet.from_answers(
                zi.load_rulebook("permenpanrb-90-2021"),
                {"P1.i.b": "D", "R4.i.a": {"targets": 3, "met": 5}},
                assessor="tpi",
            )
        others += _awaiting_merge(str(caught.value))
    assert_speaks(text, "id", data=data + others)


def test_the_refresh_tool_keeps_a_page_whose_outputs_hold(tmp_path):
    tool = _refresh_tool()
    refreshed, changed = tool.refresh(TUTORIAL)
    assert changed == [], f"outputs of the tutorial differ from what the code prints: {changed}; {REFRESH}"
    assert refreshed == TUTORIAL.read_text(encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "Text.\n\n```python\n>>> 1 + 1\n3\n>>> print('a\\n\\nb')\na\n<BLANKLINE>\nb\n```\n\n"
        "```console\n$ zona-integritas --language en review diff --example kediri\nold\n$ zona-integritas demo\n```\n",
        encoding="utf-8",
    )
    refreshed, changed = tool.refresh(page)
    assert changed == ["1 + 1", "$ zona-integritas --language en review diff --example kediri"]
    assert ">>> 1 + 1\n2\n>>> print('a\\n\\nb')\na\n<BLANKLINE>\nb\n```" in refreshed
    assert "unit 88.96 -> tpi 87.76 (-1.21)\n" in refreshed and refreshed.endswith("$ zona-integritas demo\n```\n")


def test_an_unknown_language_is_refused_in_the_current_language(monkeypatch):
    for environment, expected in (
        (
            "id",
            "kesalahan: --language: 'xx' bukan bahasa zona-integritas; "
            "gunakan id (Bahasa Indonesia) atau en (Inggris)\n",
        ),
        (
            "en",
            "error: --language: 'xx' is not a language of zona-integritas; use id (Bahasa Indonesia) or en (English)\n",
        ),
    ):
        monkeypatch.setenv("ZONA_INTEGRITAS_LANG", environment)
        assert run("--language", "xx", "demo") == (EXIT_BAD_INPUT, "", expected)
        assert run("demo", "--language=xx") == (EXIT_BAD_INPUT, "", expected)
