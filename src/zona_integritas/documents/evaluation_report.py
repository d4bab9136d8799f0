"""TPI's evaluation report of one unit (Laporan Hasil Evaluasi, LHE).

90/2021 Lampiran II Bab I: TPI scores the unit with the LKE, recommends improvements, and reports to
the instansi head whether the unit is fit to be proposed. The LHE carries:

- the score card by change area (pemenuhan, reform, the area, its share of the weight), the results
  component and the total, as :func:`~zona_integritas.score` computes them, rounded half-up to 2 decimals;
- the verdict criterion by criterion (required, actual, margin, result, source article);
- what TPI changed in the unit's self-assessment, item by item with the points each change moved and
  TPI's note: from the review rounds when the review is given (:func:`~zona_integritas.review_diff.diff_tiers`
  of the unit tier and the last TPI tier), otherwise from
  :func:`~zona_integritas.portfolio.compare_assessors` of the unit's and TPI's worksheets;
- the improvement plan as recommendations (:func:`~zona_integritas.plan_improvements`): toward the target
  when it fails, toward WBBM when WBK passes;
- the signatories (the TPI lead, and the official who acknowledges it).

>>> from zona_integritas import examples
>>> from zona_integritas.documents import Signatory, lhe
>>> report = lhe(examples.kediri_worksheet_2022(), unit=examples.KEDIRI_UNIT_NAME, cycle=2022, target="WBK",
...              on="18 April 2022", signatory=Signatory("Ketua TPI", "Ketua Tim Penilai Internal"))
>>> report.field("nilai_total"), report.field("kesimpulan")[:60]
('87,76', 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu (DPM ')
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ..dates import parse_date
from ..errors import IncompleteWorksheetWarning, InvalidAnswerError, InvalidValueError
from ..events import TpiAssessed
from ..i18n import gettext as _
from ..i18n import ngettext
from ..plan import Plan, plan_improvements
from ..portfolio import Portfolio, compare_assessors
from ..review import Review
from ..review_diff import diff_tiers
from ..rulebook import Predicate, Rulebook
from ..scoring import Node, NodeKind, ScoreCard, score
from ..verdict import CriterionResult, Verdict, assess
from ..worksheet import Assessor, Worksheet
from ._model import Block, Document, DocumentKind, Letterhead, Lines, Signatory, Table, angka, letter_fields, persen

__all__ = ["criteria_table", "lhe", "lhe_for", "score_table"]

_FULL = {
    Predicate.WBK: "Wilayah Bebas dari Korupsi (WBK)",
    Predicate.WBBM: "Wilayah Birokrasi Bersih dan Melayani (WBBM)",
}


def _pct(node: Node) -> str:
    return persen(node.percentage)


def score_table(card: ScoreCard) -> Table:
    """The score card by area: each area's pemenuhan and reform halves, its value and share of its weight;
    then pengungkit, the hasil parts and the total. Figures are the card's, rounded half-up to 2 decimals.

    >>> import zona_integritas as zi
    >>> from zona_integritas import examples
    >>> table = score_table(zi.score(examples.kediri_worksheet_2022()))
    >>> table.rows[1], table.rows[-1]
    (('1.', 'Manajemen Perubahan', '8,00', '3,24', '3,53', '6,77', '84,60%'),
     ('', 'Nilai total', '100,00', '', '', '87,76', '87,76%'))
    """
    rows: list[tuple[str, ...]] = []
    strong: list[int] = []
    for letter, component in zip("ABCDEFG", card.total.children, strict=False):
        strong.append(len(rows))
        if component.code == "pengungkit":
            halves = {sub.code: sub for sub in component.children}
            first, second = (angka(halves[k].value) if k in halves else "" for k in ("pemenuhan", "reform"))
            rows.append((f"{letter}.", component.label.id, angka(component.maximum), first, second,
                         angka(component.value), _pct(component)))  # fmt: skip
            for i, area in enumerate(card.areas, start=1):
                parts = [angka(h.value) for h in area.children] if len(area.children) == 2 else ["", ""]
                rows.append((f"{i}.", area.label.id, angka(area.maximum), *parts, angka(area.value), _pct(area)))
        else:
            rows.append((f"{letter}.", component.label.id, angka(component.maximum), "", "",
                         angka(component.value), _pct(component)))  # fmt: skip
            for sub in component.children:
                rows.append(("", sub.label.id, angka(sub.maximum), "", "", angka(sub.value), _pct(sub)))
                if len(sub.children) > 1:
                    for ind in sub.children:
                        rows.append(("", f"– {ind.label.id}", angka(ind.maximum), "", "", angka(ind.value), _pct(ind)))
    strong.append(len(rows))
    total = card.total
    rows.append(("", "Nilai total", angka(total.maximum), "", "", angka(total.value), _pct(total)))
    return Table(
        ("No", "Komponen / area perubahan", "Bobot", "Pemenuhan", "Reform", "Nilai", "Capaian"),
        rows,
        widths=(0.7, 4.0, 1.2, 1.6, 1.2, 1.2, 1.4),
        numeric=(2, 3, 4, 5, 6),
        strong=strong,
    )


def _criterion_row(n: int, c: CriterionResult, target: Predicate) -> tuple[str, ...]:
    result = "Memenuhi" if c.passed else "Tidak memenuhi"
    if c.unit == "predicate":
        return (f"{n}.", c.label.id, "Ya", "Ya" if c.passed else "Belum", "-", result, c.source)
    suffix = "%" if c.unit == "percent" else ""
    assert c.required is not None and c.actual is not None and c.margin is not None
    required = f"≥ {angka(c.required)}{suffix}"
    actual = f"{angka(c.actual)}{suffix}"
    if c.actual_index is not None and c.required_index is not None:
        required += f" (indeks ≥ {angka(c.required_index)})"
        actual += f" (indeks {angka(c.actual_index)})"
    return (f"{n}.", c.label.id, required, actual, angka(c.margin, sign=True), result, c.source)


def criteria_table(verdict: Verdict) -> Table:
    """The verdict criterion by criterion: required, actual, margin (actual − required), result, source.

    >>> import zona_integritas as zi
    >>> from zona_integritas import examples
    >>> table = criteria_table(zi.assess(zi.score(examples.kediri_worksheet_2022()), target="WBBM", holds_wbk=True))
    >>> [row[1:6] for row in table.rows if row[5] != "Memenuhi"]
    [('Area Penataan Sistem Manajemen SDM Aparatur', '≥ 75,00%', '73,75%', '-1,25', 'Tidak memenuhi'),
     ('Pelayanan publik yang prima', '≥ 15,75 (indeks ≥ 3,60)', '15,40 (indeks 3,52)', '-0,35', 'Tidak memenuhi')]
    """
    return Table(
        ("No", "Kriteria", "Syarat", "Capaian", "Selisih", "Hasil", "Dasar"),
        [_criterion_row(i, c, verdict.target) for i, c in enumerate(verdict.criteria, start=1)],
        widths=(0.8, 2.5, 1.8, 1.9, 1.3, 1.6, 2.9),
        numeric=(4,),
    )


def _answer(rulebook: Rulebook, code: str, value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, Decimal):
        return angka(value)
    if isinstance(value, Mapping):
        labels = {i.name: i.label.id for i in rulebook.item(code).inputs}
        return "; ".join(f"{labels.get(k, k)} {v}" for k, v in value.items())
    return str(value)


def _changes(unit_ws: Worksheet | None, tpi: Worksheet, tpi_card: ScoreCard) -> tuple[Block, ...]:
    total = angka(tpi_card.value("total"))
    if unit_ws is None:
        return (
            Lines(("Penilaian mandiri unit tidak disertakan, sehingga perubahan jawaban oleh TPI tidak ditampilkan.",)),
        )
    comparison = compare_assessors(unit_ws, tpi)
    before, after = comparison.total("total")
    if not comparison.differences:
        return (Lines((f"TPI tidak mengubah jawaban penilaian mandiri unit; nilai total tetap {total}.",)),)
    rb = tpi.rulebook
    summary = (
        f"TPI mengubah jawaban pada {len(comparison.differences)} butir. Nilai total penilaian mandiri unit "
        f"{angka(before)} menjadi {angka(after)} setelah penilaian TPI (selisih {angka(after - before, sign=True)})."
    )
    rows = [
        (
            f"{i}.",
            d.item,
            d.label.id,
            _answer(rb, d.item, d.answers[0]),
            _answer(rb, d.item, d.answers[1]),
            angka(d.points[0], 4),
            angka(d.points[1], 4),
        )
        for i, d in enumerate(comparison.differences, start=1)
    ]
    table = Table(
        ("No", "Butir", "Uraian", "Jawaban unit", "Jawaban TPI", "Nilai unit", "Nilai TPI"),
        rows,
        widths=(0.7, 1.1, 3.4, 1.5, 1.5, 1.2, 1.2),
        numeric=(5, 6),
    )
    return (Lines((summary,)), table)


def _value(worksheet: Worksheet, code: str) -> Any:
    answer = worksheet.answer(code)
    return None if answer is None else answer.value


def _review_changes(review: Review, tpi: Worksheet) -> tuple[Block, ...]:
    """What TPI changed, from the review rounds: the unit tier against the last TPI tier, ranked by points,
    with the note behind each change."""
    chain = review.chain
    reviewed = review.tpi_worksheet
    if reviewed is None:
        raise InvalidValueError(
            _(
                "the review of {cycle} has no submitted worksheet of its last TPI tier ({tier}): "
                "there is nothing to report"
            ).format(cycle=review.cycle, tier=repr(chain.last_tpi_tier.name)),
            code="nothing-to-report",
        )
    differing = [c for c in tpi.rulebook.item_codes if _value(reviewed, c) != _value(tpi, c)]
    if differing:
        raise InvalidValueError(
            ngettext(
                "the LHE's TPI worksheet and the review's last TPI tier answer {count} item differently "
                "(first: {item}); report the worksheet the review submitted",
                "the LHE's TPI worksheet and the review's last TPI tier answer {count} items differently "
                "(first: {item}); report the worksheet the review submitted",
                len(differing),
            ).format(count=len(differing), item=differing[0]),
            code="review-mismatch",
        )
    diff = diff_tiers(review, chain.unit_tier.name, chain.last_tpi_tier.name)
    if not diff.changes:
        return (
            Lines((f"TPI tidak mengubah jawaban penilaian mandiri unit; nilai total tetap {angka(diff.to_total)}.",)),
        )
    rb = tpi.rulebook
    summary = (
        f"TPI mengubah jawaban pada {len(diff.changes)} butir. Nilai total penilaian mandiri unit "
        f"{angka(diff.from_total)} menjadi {angka(diff.to_total)} setelah penilaian TPI "
        f"(selisih {angka(diff.delta, sign=True)})."
    )
    rows = [
        (
            f"{i}.",
            change.item,
            change.label.id,
            _answer(rb, change.item, change.before.value if change.before is not None else None),
            _answer(rb, change.item, change.after.value if change.after is not None else None),
            angka(change.delta, 4, sign=True),
            change.note or "-",
        )
        for i, change in enumerate(diff.changes, start=1)
    ]
    table = Table(
        ("No", "Butir", "Uraian", "Jawaban unit", "Jawaban TPI", "Selisih nilai", "Catatan TPI"),
        rows,
        widths=(0.7, 1.0, 2.8, 1.2, 1.2, 1.1, 2.6),
        numeric=(5,),
    )
    return (Lines((summary,)), table)


def _plan_lines(plan: Plan, rulebook: Rulebook) -> list[str]:
    labels = {c.key: c.label.id for c in plan.before.criteria}
    out = []
    for ch in plan.changes:
        helps = ", ".join(labels.get(k, k) for k in ch.fixes)
        out.append(
            f"Tingkatkan butir {ch.item} ({rulebook.item(ch.item).label.id}) dari jawaban "
            f"{_answer(rulebook, ch.item, ch.before)} menjadi {_answer(rulebook, ch.item, ch.after)} "
            f"(+{angka(ch.points)} poin; untuk {helps})."
        )
    for c in plan.unfixable:
        if c.unit == "predicate":
            out.append(f"{c.label.id}: unit harus lebih dahulu memperoleh predikat tersebut.")
        elif c.actual_index is not None and c.required_index is not None:
            out.append(
                f"Tingkatkan {c.label.id}: indeks {angka(c.actual_index)} masih di bawah {angka(c.required_index)} "
                f"(selisih {angka(c.margin or Decimal(0), sign=True)} poin). Nilai ini berasal dari survei pengguna "
                "layanan, sehingga hanya naik melalui perbaikan layanan dan integritas yang dirasakan masyarakat."
            )
        else:
            out.append(
                f"Tingkatkan {c.label.id}: selisih {angka(c.margin or Decimal(0), sign=True)} tidak dapat ditutup "
                "hanya dengan perbaikan jawaban LKE."
            )
    return out


def _recommendations(tpi: Worksheet, card: ScoreCard, verdict: Verdict, holds_wbk: bool | None) -> tuple[Block, ...]:
    rb = tpi.rulebook
    target = verdict.target
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IncompleteWorksheetWarning)
        if not verdict.passed:
            plan = plan_improvements(tpi, target, holds_wbk=holds_wbk)
            heading = f"Agar memenuhi kriteria Menuju {target.value}, TPI merekomendasikan:"
        elif target is Predicate.WBK and rb.criteria_for(Predicate.WBBM):
            plan = plan_improvements(tpi, Predicate.WBBM, holds_wbk=True)
            heading = "Unit memenuhi kriteria Menuju WBK. Untuk melangkah menuju WBBM, TPI merekomendasikan:"
        else:
            plan = None
            heading = f"Unit memenuhi kriteria Menuju {target.value}. Untuk menjaga capaian, TPI merekomendasikan:"
    if plan is not None:
        lines = _plan_lines(plan, rb)
    else:
        weakest = sorted(
            (n for n in card.total.walk() if n.kind is NodeKind.INDICATOR and n.percentage is not None),
            key=lambda n: (n.percentage, n.code),
        )
        lines = [
            f"Tingkatkan indikator {n.code} ({n.label.id}): capaian {persen(n.percentage)}."
            for n in weakest[:5]
            if n.percentage is not None and n.percentage < 100
        ]
    if not lines:
        lines = ["Tidak ada perbaikan jawaban yang diperlukan; pertahankan capaian seluruh area."]
    return (Lines(tuple(lines), numbered=True, heading=heading),)


def _completeness(card: ScoreCard) -> str:
    answered, items = card.completeness
    if answered == items:
        return f"Seluruh {items} butir LKE terjawab."
    rule = "bernilai 0" if card.policy.value == "zero" else "tidak dihitung dalam rata-rata indikatornya"
    return f"Baru {answered} dari {items} butir LKE terjawab; butir yang belum terjawab {rule}."


def _conclusion(unit: str, verdict: Verdict, card: ScoreCard) -> str:
    n = len(verdict.criteria)
    total = angka(card.value("total"))
    target = verdict.target.value
    if verdict.passed:
        return (
            f"{unit} memenuhi seluruh {n} kriteria Menuju {target} dengan nilai total {total}, sehingga layak "
            "diusulkan kepada Tim Penilai Nasional."
        )
    failed = "; ".join(c.label.id for c in verdict.failed)
    return (
        f"{unit} belum memenuhi {len(verdict.failed)} dari {n} kriteria Menuju {target} ({failed}); nilai total "
        f"{total}. Rekomendasi di bawah perlu ditindaklanjuti sebelum unit diusulkan kepada Tim Penilai Nasional."
    )


def lhe(
    tpi: Worksheet,
    *,
    unit: str,
    cycle: int,
    target: Predicate | str,
    on: dt.date | str,
    signatory: Signatory,
    instansi: str = "",
    self_assessment: Worksheet | None = None,
    review: Review | None = None,
    holds_wbk: bool | None = None,
    acknowledged_by: Signatory | None = None,
    letterhead: Letterhead | None = None,
    number: str = "",
) -> Document:
    """The LHE of ``unit`` from TPI's worksheet ``tpi`` for ``target`` in ``cycle``, dated ``on``.

    ``review`` (the cycle's review rounds) shows what TPI changed, with the points and notes of each change;
    without it, ``self_assessment`` (the unit's own worksheet) shows the changed answers (give one or the
    other); ``holds_wbk`` is needed for a
    WBBM target (the library never guesses it). ``signatory`` signs (the TPI lead); ``acknowledged_by``
    (the inspector, say) is the optional second signature.
    """
    predicate = Predicate.parse(target)
    day = parse_date(on)
    if tpi.assessor is not Assessor.TPI:
        raise InvalidAnswerError(
            _("an LHE reports TPI's worksheet; this one is by {assessor}").format(assessor=repr(tpi.assessor.value))
        )
    if self_assessment is not None:
        if self_assessment.assessor is not Assessor.UNIT:
            raise InvalidAnswerError(
                _("the self-assessment must be the unit's worksheet; this one is by {assessor}").format(
                    assessor=repr(self_assessment.assessor.value)
                )
            )
        if self_assessment.rulebook != tpi.rulebook:
            raise InvalidAnswerError(
                _("the self-assessment uses rulebook {rulebook}, TPI's {tpi_rulebook}").format(
                    rulebook=repr(self_assessment.rulebook.id), tpi_rulebook=repr(tpi.rulebook.id)
                )
            )
    if review is not None and self_assessment is not None:
        raise InvalidValueError(
            _("give the review or the self-assessment, not both: the review holds the unit's own"),
            code="review-and-self-assessment",
        )
    name = " ".join(unit.split())
    if not name:
        raise InvalidAnswerError(_("an LHE needs the unit's name"))
    card = score(tpi)
    verdict = assess(card, target=predicate, holds_wbk=holds_wbk)
    head = letterhead or Letterhead(instansi or "Tim Penilai Internal")
    fields = {
        **letter_fields(on=day, letterhead=head, signatory=signatory, number=number, nature="", attachment=""),
        "nama_instansi": instansi,
        "nama_unit": name,
        "peraturan": tpi.rulebook.title,
        "tahun": str(cycle),
        "predikat": predicate.value,
        "predikat_panjang": _FULL[predicate],
        "nilai_total": angka(card.value("total")),
        "kesimpulan": _conclusion(name, verdict, card),
        "kelengkapan": _completeness(card),
    }
    if acknowledged_by is not None:
        fields.update(acknowledged_by.fields("mengetahui"))
    blocks = {
        "tabel_nilai": (score_table(card),),
        "tabel_kriteria": (criteria_table(verdict),),
        "perubahan_tpi": _review_changes(review, tpi) if review is not None else _changes(self_assessment, tpi, card),
        "rekomendasi": _recommendations(tpi, card, verdict, holds_wbk),
    }
    return Document(DocumentKind.LHE, f"LHE {name} {cycle}", fields, blocks)


def lhe_for(
    portfolio: Portfolio,
    unit_id: str,
    cycle: int,
    *,
    signatory: Signatory,
    on: dt.date | str | None = None,
    self_assessment: Worksheet | None = None,
    review: Review | None = None,
    acknowledged_by: Signatory | None = None,
    letterhead: Letterhead | None = None,
    number: str = "",
) -> Document:
    """The LHE of one unit of ``portfolio`` for ``cycle``: TPI's worksheet and target from the journey.

    ``on`` defaults to the date of the cycle's (last) TPI assessment; WBBM targets take ``holds_wbk`` from
    the predicate the unit holds that day. What TPI changed comes from ``review``, or else from the review
    the journey records for the cycle, or else from ``self_assessment``.

    >>> from zona_integritas import examples
    >>> report = lhe_for(examples.kota_kediri_portfolio(), "rsud-gambiran", 2023,
    ...                  signatory=Signatory("[Nama Ketua TPI]", "Ketua Tim Penilai Internal"))
    >>> report.field("tanggal"), report.field("nilai_total"), report.field("nama_instansi")
    ('6 Maret 2023', '100,00', 'Pemerintah Kota Kediri')
    """
    journey = portfolio.journey(unit_id)
    assessed = [e for e in journey.events if isinstance(e, TpiAssessed) and e.cycle == cycle]
    if not assessed:
        raise InvalidAnswerError(
            _("{unit} has no TPI assessment of cycle {cycle}: there is no LHE to write").format(
                unit=unit_id, cycle=cycle
            ),
            code="nothing-to-report",
        )
    event = assessed[-1]
    day = parse_date(on) if on is not None else event.on
    held = journey.state(day).predicate
    unit = next(u for u in portfolio.units if u.id == unit_id)
    return lhe(
        event.worksheet,
        unit=unit.name,
        cycle=cycle,
        target=event.target,
        on=day,
        signatory=signatory,
        instansi=portfolio.instansi.name,
        self_assessment=self_assessment,
        review=review if review is not None else (journey.review(cycle) if self_assessment is None else None),
        holds_wbk=held is not None and held >= Predicate.WBK,
        acknowledged_by=acknowledged_by,
        letterhead=letterhead,
        number=number,
    )
