"""Review rounds: chains as data, rounds with their guards, score deltas, evidence, events in the store, CLI."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest

import zona_integritas as zi
from zona_integritas import examples, store
from zona_integritas.cli import main
from zona_integritas.decimals import CONTEXT, round_half_up
from zona_integritas.errors import InvalidAnswerError, InvalidInputError, TransitionError, UnknownItemError
from zona_integritas.events import FieldEvaluated, TpiAssessed
from zona_integritas.evidence import (
    completeness,
    items_to_recheck,
    items_without_evidence,
    load_requirements,
    requirements_from_toml,
)
from zona_integritas.io.payloads import dumps, loads
from zona_integritas.portfolio import compare_assessors
from zona_integritas.review import Review
from zona_integritas.review_chain import available_chains, chain_from_toml, default_chain, load_chain
from zona_integritas.review_diff import diff_tiers, iter_changes, review_status, round_changes
from zona_integritas.review_events import Decision, ItemReviewed, ItemsRevised, RoundOpened
from zona_integritas.review_html import tpi_changes_section
from zona_integritas.review_round import RoundStatus
from zona_integritas.scoring import NodeKind

RB = zi.load_rulebook("permenpanrb-90-2021")
PEMDA = load_chain("pemda-90-2021")
D = dt.date(2022, 3, 1)


def two_item_review(scope=("P1.i.a", "P1.i.b")) -> Review:
    unit = zi.Worksheet.from_answers(RB, {"P1.i.a": "Ya", "P1.i.b": "A"}, assessor="unit")
    return Review.start(PEMDA, unit, cycle=2022, on=D).open("tpi", on=D, scope=scope)


def total(ws: zi.Worksheet) -> Decimal:
    return zi.score(ws).value("total")


# -- chains -----------------------------------------------------------------------------------------------------
def test_the_shipped_chains_follow_gambar_4_and_gambar_5_with_tpn_desk_and_field_after_tpi():
    assert available_chains() == (
        "example-inspektorat-berjenjang",
        "kl-90-2021",
        "kl-pendahuluan-90-2021",
        "pemda-90-2021",
    )
    assert [t.name for t in load_chain("pemda-90-2021").tiers] == ["unit", "tpi", "tpn-desk", "tpn-field"]
    assert [t.name for t in load_chain("kl-90-2021").tiers] == ["unit", "tpi", "tpn-desk", "tpn-field"]
    pendahuluan = load_chain("kl-pendahuluan-90-2021")
    assert [t.role.value for t in pendahuluan.tiers] == ["unit", "pendahuluan", "tpi", "tpn_desk", "tpn_field"]
    assert "A.1.a" in pendahuluan.tier("pendahuluan").source and "gambar 4" in pendahuluan.source
    assert "gambar 5" in PEMDA.source
    assert [t.assessor.value for t in pendahuluan.tiers] == ["unit", "tpi", "tpi", "tpn", "tpn"]


def test_default_chain_picks_the_mechanism_of_the_instansi_kind():
    assert default_chain("pemda").id == "pemda-90-2021"
    assert default_chain("K/L").id == "kl-90-2021"
    assert default_chain("kl", preliminary=True).id == "kl-pendahuluan-90-2021"
    with pytest.raises(UnknownItemError, match="Gambar 5"):
        default_chain("pemda", preliminary=True)
    with pytest.raises(UnknownItemError, match="'kl' or 'pemda'"):
        default_chain("desa")


def test_the_example_chain_has_three_tpi_tiers_and_says_it_is_not_official():
    chain = load_chain("example-inspektorat-berjenjang")
    assert chain.official is False
    assert [t.name for t in chain.tiers_with("tpi")] == ["anggota", "ketua-tim", "pengendali-teknis"]
    assert chain.last_tpi_tier.name == "pengendali-teknis"


def test_a_user_chain_with_every_mistake_reports_them_all():
    text = """
id = "mine"
label = { id = "x", en = "x" }
[[tiers]]
name = "tpi"
role = "tpi"
label = { id = "t", en = "t" }
[[tiers]]
name = "tpi"
role = "unit"
label = { id = "u", en = "u" }
"""
    with pytest.raises(InvalidInputError) as info:
        chain_from_toml(text, source="mine.toml")
    assert info.value.problems == [
        "the first tier must be the unit (role 'unit')",
        "tier names must be unique; repeated: tpi",
        "tier 'tpi' (unit) cannot come after 'tpi' (tpi)",
    ]
    with pytest.raises(InvalidInputError) as info:
        chain_from_toml(text.replace('role = "unit"', 'role = "boss"'), source="mine.toml")
    assert info.value.problems == [
        "mine.toml: tiers[1]: 'role' must be one of unit, pendahuluan, tpi, tpn_desk, tpn_field; got 'boss'"
    ]
    with pytest.raises(UnknownItemError, match="its tiers are unit, tpi, tpn-desk, tpn-field"):
        PEMDA.tier("itjen")


# -- the Kediri review ----------------------------------------------------------------------------------------
def test_the_kediri_review_moves_the_score_from_the_units_figure_to_the_tpis():
    review = examples.kediri_review_2022()
    assert str(round_half_up(total(review.tier_worksheet("unit")))) == "88.96"
    assert review.tpi_worksheet.to_answers() != examples.kediri_worksheet_2022().to_answers()  # notes added
    assert dict(review.tpi_worksheet.item_values) == dict(examples.kediri_worksheet_2022().item_values)
    assert str(round_half_up(total(review.tpi_worksheet))) == "87.76"
    (tpi,) = review.rounds_of("tpi")
    assert tpi.status is RoundStatus.SUBMITTED and tpi.revision_count == 1 and tpi.unreviewed == ()
    assert [d.item for d in tpi.changes] == ["P1.iv.b", "P2.ii.b", "P4.i.a", "P5.i.b"]
    assert all(d.note for d in tpi.changes)


def test_the_kediri_journey_records_the_review_and_its_tpi_assessed_is_the_tpi_rounds_worksheet():
    journey = examples.kediri_journey_with_review()
    assert journey.cycle(2022).tpi_worksheet == journey.review(2022).tpi_worksheet
    assert journey.state().predicate is zi.Predicate.WBK
    assert len(journey.events) == len(examples.kediri_journey().events) + len(journey.review(2022).events)
    kinds = [e.kind for e in journey.events]
    assert kinds.index("review_started") < kinds.index("round_submitted") < kinds.index("tpi_assessed", 5)


# -- guards ---------------------------------------------------------------------------------------------------
def test_no_decision_on_an_item_outside_the_rounds_scope():
    review = two_item_review(scope=("P1.i.a",))
    with pytest.raises(TransitionError, match=r"'P1\.i\.b' is outside the scope"):
        review.agree("P1.i.b", on=D)
    with pytest.raises(TransitionError, match=r"has no item 'X\.1'"):
        review.agree("X.1", on=D)


def test_no_change_without_a_note_and_no_answer_on_an_agreement():
    with pytest.raises(InvalidAnswerError, match="needs the new answer and a note"):
        ItemReviewed(D, cycle=2022, tier="tpi", item="P1.i.b", decision="change", answer="B")
    with pytest.raises(InvalidAnswerError, match="Only a change carries an answer"):
        ItemReviewed(D, cycle=2022, tier="tpi", item="P1.i.b", decision="agree", answer="B")
    with pytest.raises(TransitionError, match="takes A, B or C; got 'Z'"):
        two_item_review().change("P1.i.b", "Z", note="x", on=D)


def test_no_submission_with_unreviewed_items_unless_accepted_explicitly():
    review = two_item_review().agree("P1.i.a", on=D)
    with pytest.raises(TransitionError, match=r"1 item is unreviewed or waiting for evidence \(P1.i.b\)"):
        review.submit(on=D)
    done = review.submit(on=D, accept_unreviewed=True)
    assert done.rounds[-1].accepted_unreviewed == ("P1.i.b",)
    pending = two_item_review().agree("P1.i.a", on=D).ask_evidence("P1.i.b", on=D)
    with pytest.raises(TransitionError, match="waiting for evidence"):
        pending.submit(on=D)


def test_a_returned_round_waits_for_the_revision_of_the_items_it_named():
    review = two_item_review().agree("P1.i.a", on=D).return_to("unit", ["P1.i.b"], on=D, note="bukti?")
    assert review.current_round.status is RoundStatus.RETURNED
    with pytest.raises(TransitionError, match="was returned to 'unit'"):
        review.agree("P1.i.b", on=D)
    with pytest.raises(TransitionError, match=r"P1\.i\.a were not asked to be revised"):
        review.revise({"P1.i.a": "Tidak"}, on=D)
    revised = review.revise({"P1.i.b": "B"}, on=D, note="disesuaikan")
    rnd = revised.current_round
    assert rnd.status is RoundStatus.OPEN and rnd.unreviewed == ("P1.i.b",) and rnd.reviewed == ("P1.i.a",)
    assert rnd.base.answer("P1.i.b") == zi.Answer("B", "disesuaikan", None)
    assert revised.unit_worksheet.answer("P1.i.b").value == "A"  # the self-assessment as submitted stays


def test_rounds_follow_the_chain_and_a_second_round_rechecks_named_items_only():
    review = two_item_review()
    with pytest.raises(TransitionError, match="still open"):
        review.open("tpn-desk", on=D)
    done = review.agree("P1.i.a", on=D).agree("P1.i.b", on=D).submit(on=D)
    with pytest.raises(TransitionError, match="re-checks named items only"):
        done.open("tpi", on=D)
    with pytest.raises(TransitionError, match="next tier is 'tpn-desk'"):
        done.open("tpn-field", on=D)
    again = done.open("tpi", on=D, scope=["P1.i.b"])
    assert again.current_round.number == 2 and again.current_round.scope == ("P1.i.b",)
    with pytest.raises(TransitionError, match="dated before the last review event"):
        again.agree("P1.i.b", on=D - dt.timedelta(days=1))


def test_a_return_goes_to_an_earlier_tier_only():
    chain = load_chain("kl-pendahuluan-90-2021")
    unit = zi.Worksheet.from_answers(RB, {"P1.i.a": "Ya"}, assessor="unit")
    review = Review.start(chain, unit, cycle=2022, on=D).open("pendahuluan", on=D, scope=["P1.i.a"])
    review = review.agree("P1.i.a", on=D).submit(on=D).open("tpi", on=D, scope=["P1.i.a"])
    with pytest.raises(TransitionError, match="'tpn-desk' is not before 'tpi'"):
        review.return_to("tpn-desk", ["P1.i.a"], on=D)
    back = review.return_to("pendahuluan", ["P1.i.a"], on=D)
    with pytest.raises(TransitionError, match="returned to 'pendahuluan', not 'unit'"):
        back.record(ItemsRevised(D, cycle=2022, tier="unit", answers={"P1.i.a": "Tidak"}))
    assert back.revise({"P1.i.a": "Tidak"}, on=D).current_round.revisions[0].tier == "pendahuluan"


def test_the_journey_refuses_a_tpi_assessment_that_is_not_the_last_tpi_tiers_worksheet():
    base = list(examples.kediri_journey().events)
    at = next(i for i, e in enumerate(base) if isinstance(e, TpiAssessed) and e.cycle == 2022)
    review = examples.kediri_review_2022()
    events = [*base[:at], *review.events, base[at]]  # the original worksheet, without the TPI's notes
    with pytest.raises(TransitionError, match="differs from the one the last TPI tier \\('tpi'\\) submitted"):
        zi.Journey.replay("dpmptsp", RB, events)
    unfinished = [e for e in review.events if e.kind != "round_submitted"]
    with pytest.raises(TransitionError, match="has not submitted its last TPI tier"):
        zi.Journey.replay("dpmptsp", RB, [*base[:at], *unfinished, base[at]])


def test_tpn_rounds_open_only_after_the_proposal_and_the_field_event_must_match_the_field_round():
    journey = examples.kediri_journey_with_review()
    events = list(journey.events)
    desk = next(i for i, e in enumerate(events) if e.kind == "desk_evaluated" and e.cycle == 2022)
    early = RoundOpened(dt.date(2022, 4, 19), cycle=2022, tier="tpn-desk", scope=("P1.i.a",))
    proposed_at = next(i for i, e in enumerate(events) if e.kind == "proposed" and e.cycle == 2022)
    with pytest.raises(TransitionError, match="only after it was proposed"):
        zi.Journey.replay("dpmptsp", RB, [*events[:proposed_at], early])
    review = journey.review(2022)
    tpn = "TPN KemenPANRB"
    day = dt.date(2022, 10, 1)
    desk_round = review.open("tpn-desk", on=day, scope=["P6.iv.c"], actor=tpn).agree("P6.iv.c", on=day).submit(on=day)
    field = desk_round.open("tpn-field", on=day, scope=["P6.iv.c", "R2.iii.c"], actor=tpn)
    field = field.change("P6.iv.c", "B", note="Survei lapangan", on=day).change("R2.iii.c", "B", note="x", on=day)
    field = field.submit(on=day)
    new = list(field.events[len(review.events) :])
    field_at = next(i for i, e in enumerate(events) if isinstance(e, FieldEvaluated))
    ok = zi.Journey.replay("dpmptsp", RB, [*events[:field_at], *new, *events[field_at:]])
    assert ok.state().predicate is zi.Predicate.WBK  # the example's field answers are the field round's
    wrong = FieldEvaluated(events[field_at].on, cycle=2022, worksheet=zi.Worksheet.blank(RB, assessor="tpn"))
    with pytest.raises(TransitionError, match="differ from the ones the TPN field round"):
        zi.Journey.replay("dpmptsp", RB, [*events[:field_at], *new, wrong])
    assert desk < field_at


# -- score deltas ---------------------------------------------------------------------------------------------
def test_each_change_moves_item_indicator_area_and_total_by_the_same_points():
    rc = round_changes(examples.kediri_review_2022(), "tpi")
    change = next(c for c in rc.changes if c.item == "P4.i.a")
    assert [(lv.code, lv.kind) for lv in change.levels] == [
        ("P4.i.a", NodeKind.ITEM),
        ("P4.i", NodeKind.INDICATOR),
        ("P4", NodeKind.AREA_HALF),
        ("A4", NodeKind.AREA),
        ("total", NodeKind.TOTAL),
    ]
    review = examples.kediri_review_2022()
    alone = zi.score(review.rounds_of("tpi")[0].base.with_answers({"P4.i.a": "B"}))  # this change only
    for level in change.levels:
        recomputed = alone.item("P4.i.a").value if level.kind is NodeKind.ITEM else alone.value(level.code)
        assert round_half_up(level.after, 30) == round_half_up(recomputed, 30)
    assert round_half_up(change.delta, 4) == Decimal("-0.4167")  # indicator weight 2.5 over 3 items, A to B: 1 to 0.5
    assert change.level("indicator").before == Decimal("2.5") and change.note.startswith("Notulen")


def test_a_rounds_delta_is_the_sum_of_its_revisions_and_changes():
    rc = round_changes(examples.kediri_review_2022(), "tpi")
    summed = Decimal(0)
    for c in rc.ranked():
        summed = CONTEXT.add(summed, c.delta)
    assert abs(CONTEXT.subtract(rc.delta, summed)) < Decimal("1e-30")
    assert str(round_half_up(rc.delta)) == "-1.21"
    assert [c.item for c in rc.revisions] == ["P3.iii.f"] and rc.revisions[0].tier == "unit"


def test_why_tpi_differs_from_the_unit_is_a_ranked_list_with_the_notes():
    diff = diff_tiers(examples.kediri_review_2022(), "unit", "tpi")
    assert [(c.item, str(round_half_up(c.delta))) for c in diff.changes] == [
        ("P4.i.a", "-0.42"),
        ("P2.ii.b", "-0.25"),
        ("P5.i.b", "-0.25"),
        ("P1.iv.b", "-0.19"),
        ("P3.iii.f", "-0.10"),
    ]
    assert diff.changes[-1].note == "Monev baru sebatas daftar hadir pelatihan; jawaban disesuaikan"
    assert (str(round_half_up(diff.from_total)), str(round_half_up(diff.to_total))) == ("88.96", "87.76")
    with pytest.raises(InvalidAnswerError, match="'tpn-desk' has not submitted"):
        diff_tiers(examples.kediri_review_2022(), "unit", "tpn-desk")
    assert len(list(iter_changes(examples.kediri_review_2022()))) == 5


def test_compare_assessors_ranks_the_differences_by_points_moved():
    tpi = examples.kediri_worksheet_2022()
    unit = tpi.with_answers({"P4.i.a": "A", "P1.iv.b": "A"}).with_assessor("unit")
    assert [d.item for d in compare_assessors(unit, tpi).differences] == ["P1.iv.b", "P4.i.a"]
    assert [d.item for d in compare_assessors(unit, tpi).ranked()] == ["P4.i.a", "P1.iv.b"]


def test_review_status_counts_per_tier():
    review = two_item_review().agree("P1.i.a", on=D).change("P1.i.b", "C", note="tidak ada prosedur", on=D)
    rows = {s.tier: s for s in review_status(review)}
    assert (rows["tpi"].reviewed, rows["tpi"].unreviewed, rows["tpi"].changed, rows["tpi"].status) == (2, 0, 1, "open")
    assert rows["tpn-desk"].status == "not started" and rows["unit"].total == 113


# -- evidence -------------------------------------------------------------------------------------------------
def test_evidence_requirements_are_an_example_written_by_us_and_completeness_sums_up_the_tree():
    req = load_requirements("example-inspektorat")
    assert req.official is False and "not" in req.label.en.lower()
    review = two_item_review()
    review = review.add_evidence(
        "P1.i.b", on=D, file_name="BA-pemilihan.pdf", requirement="Kriteria pemilihan anggota tim"
    )
    report = completeness(review, req, tier="unit")
    entry = report.item("P1.i.b")
    assert (entry.provided, entry.required, entry.missing) == (1, 2, ("Notulen/berita acara pemilihan anggota tim",))
    assert (report.node("P1.i").provided, report.node("P1.i").required) == (1, 3)
    assert report.node("total").required == len(RB.items) + 3  # three items name two documents
    assert items_without_evidence(review, tier="unit") == ("P1.i.a",)


def test_bad_evidence_requirements_report_every_problem():
    with pytest.raises(InvalidInputError) as info:
        requirements_from_toml(
            'id = "x"\nlabel = {id = "x", en = "x"}\nrulebook = "permenpanrb-90-2021"\nunlisted = -1\nextra = 1\n'
            '[items."P1.i.a"]\ndocuments = [""]\n',
            source="mine.toml",
        )
    assert info.value.problems == [
        "mine.toml: unknown keys extra",
        "mine.toml: unlisted must be a whole number >= 0; got -1",
        "mine.toml: items.P1.i.a.documents must be a non-empty list of document names",
    ]
    with pytest.raises(InvalidAnswerError, match="needs a file name or a URL"):
        two_item_review().add_evidence("P1.i.a", on=D)


def test_recheck_only_the_items_whose_evidence_or_answers_moved_after_the_tier_submitted():
    review = examples.kediri_review_2022()
    later = review.add_evidence("P5.i.b", on="2022-04-12", url="https://example.org/upg.pdf")
    scope = items_to_recheck(later, "tpi")
    assert scope == ("P5.i.b",)
    again = later.open("tpi", on="2022-04-13", scope=scope).change(
        "P5.i.b", "A", note="laporan UPG lengkap", on="2022-04-13"
    )
    assert again.current_round.number == 2 and again.current_round.start == review.tpi_worksheet


# -- events, store, JSON --------------------------------------------------------------------------------------
def test_review_events_live_in_the_units_hash_chained_history(tmp_path):
    journey = examples.kediri_journey_with_review()
    db = store.open(tmp_path / "k.db")
    db.add_unit(
        zi.organization.Unit("dpmptsp", "DPM PTSP", zi.organization.Instansi("Kota Kediri", "pemda")),
        rulebook="permenpanrb-90-2021",
    )
    assert db.record("dpmptsp", *journey.events) == len(journey.events)
    db.verify()
    again = db.journey("dpmptsp")
    assert again.review(2022) == journey.review(2022) and again.events == journey.events
    late = ItemReviewed(dt.date(2025, 1, 6), cycle=2022, tier="tpi", item="P1.i.a", decision="agree")
    with pytest.raises(TransitionError, match="tier 'tpi' has no open round"):
        db.record("dpmptsp", late)
    assert db.event_count() == len(journey.events)
    raw = db._db
    raw.execute("DROP TRIGGER events_no_update")
    raw.execute("UPDATE events SET payload = replace(payload, 'Notulen', 'Catatan') WHERE kind = 'item_reviewed'")
    raw.commit()
    with pytest.raises(store.StoreTamperedError, match="altered"):
        db.verify()
    db.close()


def test_a_review_travels_in_json_and_bad_payloads_name_every_problem():
    review = examples.kediri_review_2022()
    assert loads(dumps(review)) == review
    data = json.loads(dumps(review))
    data["data"]["events"][3]["decision"] = "maybe"
    data["data"]["events"][4] = {"kind": "nonsense"}
    with pytest.raises(InvalidInputError) as info:
        loads(json.dumps(data))
    assert len(info.value.problems) == 2 and "events[4]: unknown review event kind 'nonsense'" in info.value.problems[1]


# -- faces ----------------------------------------------------------------------------------------------------
def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_review_status_json_lists_every_tier():
    code, out, err = run("review", "status", "--example", "kediri", "--format", "json")
    assert code == 0 and err == ""
    tiers = json.loads(out)["tiers"]
    assert [(t["role"], t["reviewed"], t["unreviewed"], t["changed"], t["total"]) for t in tiers] == [
        ("unit", 0, 0, 0, 113),
        ("tpi", 113, 0, 4, 113),
        ("tpn_desk", 0, 0, 0, 0),
        ("tpn_field", 0, 0, 0, 0),
    ]
    assert [t["score"] for t in tiers] == ["88.96", "87.76", None, None]
    assert [t["without_evidence"] for t in tiers] == [110, 110, 0, 0]  # references count whoever added them


def test_review_status_and_diff_read_a_file_and_a_store(tmp_path):
    path = tmp_path / "review.json"
    path.write_text(dumps(examples.kediri_review_2022()), encoding="utf-8")
    code, out, _ = run("review", "status", str(path), "--requirements", "example-inspektorat")
    assert code == 0 and "Items answered without evidence: 110" in out and "P1.i.b: 0 of 2, missing" in out
    code, out, _ = run("review", "diff", str(path), "--from", "unit", "--to", "tpi")
    assert code == 0 and out.splitlines()[0] == "unit 88.96 -> tpi 87.76 (-1.21)"
    db = store.open(tmp_path / "k.db")
    db.add_unit(
        zi.organization.Unit("dpmptsp", "DPM PTSP", zi.organization.Instansi("Kota Kediri", "pemda")),
        rulebook="permenpanrb-90-2021",
    )
    db.record("dpmptsp", *examples.kediri_journey_with_review().events)
    db.close()
    code, out, _ = run("review", "diff", "--db", str(tmp_path / "k.db"), "--unit", "dpmptsp", "--format", "json")
    assert code == 0 and json.loads(out)["changes"][0] == {
        "item": "P4.i.a",
        "before": "A",
        "after": "B",
        "points": "-0.42",
        "tier": "tpi",
        "note": "Notulen rapat penyusunan Renja tidak menunjukkan kehadiran Kepala Dinas",
    }
    journey_file = tmp_path / "journey.json"
    journey_file.write_text(dumps(examples.kediri_journey_with_review()), encoding="utf-8")
    code, out, _ = run("review", "status", str(journey_file), "--format", "json")
    assert code == 0 and json.loads(out)["cycle"] == 2022
    code, _, err = run("review", "status", str(path), "--example", "kediri")
    assert code == 2 and "name one review" in err
    code, _, err = run("review", "status", "--db", str(tmp_path / "k.db"), "--unit", "dpmptsp", "--cycle", "2020")
    assert code == 2 and "has no review of cycle 2020; it has 2022" in err


def test_html_reprs_and_the_report_section_escape_notes():
    review = two_item_review().agree("P1.i.a", on=D).change("P1.i.b", "C", note="<b>tidak</b>", on=D).submit(on=D)
    section = tpi_changes_section(review, language="id")
    assert "Perubahan oleh TPI" in section and "&lt;b&gt;tidak&lt;/b&gt;" in section and "<b>tidak" not in section
    assert "<table" in review._repr_html_() and "tpn-desk" in review._repr_html_()
    assert "&lt;b&gt;" in round_changes(review, "tpi")._repr_html_()
    assert "&lt;b&gt;" in review.rounds[0]._repr_html_() and "1 changed" in review.rounds[0]._repr_html_()
    assert "&lt;b&gt;" in diff_tiers(review, "unit", "tpi")._repr_html_()
    from zona_integritas.report import unit_report

    page = unit_report(review.tpi_worksheet, review=review, language="id")
    assert "Perubahan oleh TPI" in page


def test_the_decision_enum_accepts_only_its_three_values():
    assert [d.value for d in Decision] == ["agree", "change", "ask_evidence"]
    with pytest.raises(ValueError):
        Decision("reject")


def test_the_journey_as_it_stood_on_a_day_holds_the_review_as_it_stood_then():
    journey = examples.kediri_journey_with_review()
    assert journey.predicate_on("6 Desember 2022") is zi.Predicate.WBK
    assert journey.review(2022, on="1 Januari 2022") is None
    waiting = journey.review(2022, on="20 Maret 2022").current_round
    assert waiting.status is RoundStatus.RETURNED and waiting.awaiting_evidence == ("P3.iii.f",)
    assert journey.review(2022, on="11 April 2022").rounds[0].status is RoundStatus.SUBMITTED


def test_a_review_starts_once_from_the_units_own_worksheet_and_everything_else_waits_for_it():
    tpi_sheet = zi.Worksheet.from_answers(RB, {"P1.i.a": "Ya"}, assessor="tpi")
    with pytest.raises(TransitionError, match="worksheet of the unit, not of tpi"):
        Review.start(PEMDA, tpi_sheet, cycle=2022, on=D)
    review = two_item_review()
    with pytest.raises(TransitionError, match="already started"):
        review.record(review.events[0])
    with pytest.raises(TransitionError, match="no review has started for cycle 2022"):
        Review.replay([RoundOpened(D, cycle=2022, tier="tpi")], rulebook=RB)
    with pytest.raises(TransitionError, match="'tpn-desk' has not opened a round yet"):
        review.add_evidence("P1.i.a", on=D, tier="tpn-desk", url="https://example.org/x")
    with pytest.raises(TransitionError, match="name the items to revise"):
        review.return_to("unit", [], on=D)
    with pytest.raises(TransitionError, match="no round is waiting for a revision"):
        review.revise({"P1.i.a": "Tidak"}, on=D)
    with pytest.raises(TransitionError, match="does not review itself"):
        review.agree("P1.i.a", on=D).agree("P1.i.b", on=D).submit(on=D).open("unit", on=D, scope=["P1.i.a"])


def test_the_journey_refuses_review_events_before_the_unit_is_designated_or_out_of_date_order():
    unit = zi.Worksheet.from_answers(RB, {"P1.i.a": "Ya"}, assessor="unit")
    started = Review.start(PEMDA, unit, cycle=2022, on=D).events[0]
    with pytest.raises(TransitionError, match="not designated to build ZI yet"):
        zi.Journey.replay("u", RB, [started])
    events = list(examples.kediri_journey().events)
    with pytest.raises(TransitionError, match="dated before the last recorded event"):
        zi.Journey.replay("u", RB, [*events, started])


def test_rounds_from_each_tiers_worksheet_agree_change_and_leave_blanks_unreviewed():
    from zona_integritas.review_import import review_from_worksheets

    review = examples.kediri_review_2022()
    unit, tpi = review.unit_worksheet, examples.kediri_worksheet_2022()
    partial = zi.Worksheet.from_answers(
        RB, {"P1.i.a": "Ya", "H1.a": "3,1", "R4.i.a": {"targets": 4, "met": 3}}, assessor="tpn"
    )
    rebuilt = review_from_worksheets(PEMDA, [unit, tpi, partial], cycle=2022, on="2022-04-11", source="lke.xlsx")
    tpi_round, desk = rebuilt.rounds_of("tpi")[0], rebuilt.rounds_of("tpn-desk")[0]
    assert [d.item for d in tpi_round.changes] == ["P1.iv.b", "P2.ii.b", "P3.iii.f", "P4.i.a", "P5.i.b"]
    assert {d.note for d in tpi_round.changes} == {"changed in lke.xlsx (no note given)"}
    assert dict(rebuilt.tpi_worksheet.item_values) == dict(tpi.item_values) and tpi_round.accepted_unreviewed == ()
    assert [d.item for d in desk.changes] == ["R4.i.a", "H1.a"]  # rulebook order
    assert desk.reviewed == ("P1.i.a", "R4.i.a", "H1.a")
    assert len(desk.accepted_unreviewed) == 110
    assert loads(dumps(rebuilt)) == rebuilt


def test_rounds_from_worksheets_refuse_a_worksheet_of_the_wrong_assessor_or_order():
    from zona_integritas.review_import import review_from_worksheets

    unit = zi.Worksheet.from_answers(RB, {"P1.i.a": "Ya"}, assessor="unit")
    with pytest.raises(InvalidAnswerError, match="Tier 'tpi' takes a worksheet of tpi; got one of unit"):
        review_from_worksheets(PEMDA, [unit, unit], cycle=2022, on=D)
    with pytest.raises(InvalidAnswerError, match="expected tiers unit, tpi; got unit, tpn-desk"):
        review_from_worksheets(PEMDA, {"unit": unit, "tpn-desk": unit.with_assessor("tpn")}, cycle=2022, on=D)


# -- rounds from a workbook ------------------------------------------------------------------------------------
def test_rounds_from_a_ministry_export_keep_the_columns_notes_and_leave_blank_cells_unreviewed(tmp_path):
    from zona_integritas.io.review_export import write_review_export
    from zona_integritas.io.workbooks import read_workbook
    from zona_integritas.review_import import rounds_from_workbook

    review = examples.kediri_review_2022()
    tier1 = review.tpi_worksheet.with_answers({"P2.i.a": None, "H1.b": None})  # two blank review cells
    tier2 = review.tpi_worksheet.with_answers({"P1.i.a": {"answer": "Tidak", "note": "SK tim kedaluwarsa"}})
    path = write_review_export(tmp_path / "jawaban.xlsx", review.unit_worksheet, [tier1, tier2])
    gaps = [g.code for g in read_workbook(path).review_gaps if g.tier == 1]
    found = rounds_from_workbook(path, "kl-pendahuluan-90-2021", cycle=2022, on="11 April 2022")
    first, second = found.rounds_of("pendahuluan")[0], found.rounds_of("tpi")[0]
    assert list(first.accepted_unreviewed) == gaps == ["P2.i.a", "H1.b"]
    assert [d.item for d in first.changes] == ["P1.iv.b", "P2.ii.b", "P3.iii.f", "P4.i.a", "P5.i.b"]
    assert first.changes[2].note == "Monev baru sebatas daftar hadir pelatihan; jawaban disesuaikan"
    assert [(d.item, d.note) for d in second.changes] == [("P1.i.a", "SK tim kedaluwarsa")]
    # the second tier answered the first tier's blanks: they count as its changes from the unit's answers
    assert second.current["P2.i.a"].decision is Decision.AGREE and second.accepted_unreviewed == ()
    assert str(round_half_up(total(found.tpi_worksheet))) == str(round_half_up(total(tier2)))
    with pytest.raises(InvalidAnswerError, match="has no tier left in chain 'pemda-90-2021'"):
        rounds_from_workbook(path, "pemda-90-2021", cycle=2022, on="11 April 2022")
    named = rounds_from_workbook(
        path, "example-inspektorat-berjenjang", cycle=2022, on="2022-04-11", tiers=["unit", "anggota", "ketua-tim"]
    )
    assert named.last_submitted_tier.name == "ketua-tim"


def test_rounds_from_a_workbook_need_the_units_column(tmp_path):
    from zona_integritas.io.review_export import write_review_export
    from zona_integritas.review_import import rounds_from_workbook

    path = write_review_export(tmp_path / "tpi.xlsx", None, [examples.kediri_worksheet_2022()], titles=["TPI"])
    blank = r"the workbook has Jawaban Unit \(unit\), Jawaban TPI \(tpi\), the unit's blank"
    with pytest.raises(InvalidAnswerError, match=blank):
        rounds_from_workbook(path, PEMDA, cycle=2022, on=D)


def test_review_status_reads_a_workbook_with_its_chain_cycle_and_date(tmp_path):
    from zona_integritas.io.review_export import write_review_export

    review = examples.kediri_review_2022()
    path = write_review_export(tmp_path / "jawaban.xlsx", review.unit_worksheet, [review.tpi_worksheet])
    code, out, err = run("review", "status", str(path), "--format", "json")
    assert code == 2 and "a workbook needs --chain, --cycle, --on" in err
    args = ("--chain", "pemda-90-2021", "--cycle", "2022", "--on", "11 April 2022")
    code, out, err = run("review", "status", str(path), *args, "--format", "json")
    assert code == 0 and [(t["tier"], t["changed"], t["score"]) for t in json.loads(out)["tiers"]][:2] == [
        ("unit", 0, "88.96"),
        ("tpi", 5, "87.76"),
    ]
    code, out, _ = run("review", "diff", str(path), *args)
    assert code == 0 and out.splitlines()[0] == "unit 88.96 -> tpi 87.76 (-1.21)"


def test_the_kediri_report_tells_what_tpi_changed(tmp_path):
    code, _, _ = run("--language", "id", "report", "unit", "--out", str(tmp_path / "kediri.html"))
    page = (tmp_path / "kediri.html").read_text(encoding="utf-8")
    assert code == 0 and "Perubahan oleh TPI" in page and "88,96 \u2192 87,76 (-1,21)" in page
