"""The process slice speaks one language at a time: every event's line, the journey's timeline and summaries,
every guard's refusal, the review's texts and HTML, the evidence report and every error of the slice, in
Indonesian and in English, with no word of the other language and no untranslated message id."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from hypothesis import HealthCheck, given, settings
from tests.language_checks import assert_speaks

import zona_integritas as zi
from zona_integritas import examples
from zona_integritas.errors import TransitionError, ZonaIntegritasError
from zona_integritas.events import (
    EVENT_TYPES,
    Appealed,
    BuildingStarted,
    Cleared,
    CorrectionsSubmitted,
    Decided,
    Declared,
    DeskEvaluated,
    FieldEvaluated,
    MandiriDecided,
    MonitoringReported,
    PreEvaluated,
    PreEvaluationOutcome,
    PreliminaryAssessed,
    ProposalVoided,
    Proposed,
    RecordedOutcome,
    Revoked,
    Surveyed,
    TpiAssessed,
    UnitDesignated,
    Verified,
    kind_label,
    stage_name,
)
from zona_integritas.evidence import (
    completeness,
    load_requirements,
    requirements_from_toml,
)
from zona_integritas.i18n import use_language
from zona_integritas.journey import CycleOutcome, Journey, Stage
from zona_integritas.review import Review
from zona_integritas.review_chain import chain_from_toml, default_chain, load_chain
from zona_integritas.review_diff import diff_tiers, round_changes
from zona_integritas.review_events import (
    Decision,
    EvidenceAdded,
    ItemReviewed,
    ItemsRevised,
    ReviewStarted,
    RoundOpened,
    RoundReturned,
    RoundSubmitted,
)
from zona_integritas.review_html import (
    changes_html,
    cycle_html,
    diff_text,
    review_html,
    review_status_text,
    round_html,
    tpi_changes_section,
)
from zona_integritas.review_import import review_from_worksheets
from zona_integritas.review_round import RoundStatus, status_label
from zona_integritas.testing import journey_events, journeys

RB = zi.load_rulebook("permenpanrb-90-2021")
BEST = zi.Worksheet.from_answers(RB, {c: RB.item(c).best_answer for c in RB.item_codes}, assessor="tpi")
WEAK = BEST.with_answers({"H2.a": "3.0"})
D = dt.date
UNIT = "Unit Contoh"
LANGUAGES = ("id", "en")

# What the user wrote (names, notes, sources, decree numbers): shown as given in either language.
KEDIRI_REVIEW = examples.kediri_review_2022()
DATA = [
    UNIT,
    examples.KEDIRI_UNIT_NAME,
    examples.KEDIRI_2020_SOURCE,
    "laporan dugaan maladministrasi",
    "TPN letter B/123/2024",
    "Inspektorat Kota",
    "Sekretariat Daerah",
    *(e.note for e in KEDIRI_REVIEW.events if e.note),
    *(e.note for e in examples.kediri_journey().events if e.note),
    *(a.note for a in KEDIRI_REVIEW.tier_worksheet("tpi").answers.values() if a.note),
    *(a.note for a in KEDIRI_REVIEW.unit_worksheet.answers.values() if a.note),
    *(a.evidence for a in KEDIRI_REVIEW.unit_worksheet.answers.values() if a.evidence),
    *(a.evidence for a in KEDIRI_REVIEW.tier_worksheet("tpi").answers.values() if a.evidence),
    *(e.file_name for e in KEDIRI_REVIEW.evidence if e.file_name),
    *(d for docs in load_requirements("example-inspektorat").items.values() for d in docs),
]


def both(make):
    """``make()`` in each language: {language: text}."""
    out = {}
    for language in LANGUAGES:
        with use_language(language):
            out[language] = make()
    return out


def check(make, *, data=()):
    texts = both(make)
    given = [*DATA, *data]
    for language, text in texts.items():
        assert_speaks(text, language, data=[*given, *(html.escape(d, quote=True) for d in given)])
    assert texts["id"] != texts["en"]
    return texts


# -- journeys used below --------------------------------------------------------------------------------------
def start(*extra, parent=None):
    events = [
        Declared(D(2022, 1, 6), actor="Sekretariat Daerah"),
        UnitDesignated(D(2022, 1, 13), parent_unit=parent),
        BuildingStarted(D(2022, 1, 20)),
    ]
    return Journey.replay(UNIT, RB, [*events, *extra])


def awarded():
    return start(
        TpiAssessed(D(2023, 3, 1), cycle=2023, target="WBK", worksheet=BEST),
        Proposed(D(2023, 5, 31), cycle=2023, target="WBK"),
        PreEvaluated(D(2023, 6, 20), cycle=2023, outcome="lulus"),
        DeskEvaluated(D(2023, 8, 1), cycle=2023, passed=True),
        Surveyed(D(2023, 9, 1), cycle=2023, ipak="3.9", ipkp="3.85"),
        FieldEvaluated(D(2023, 10, 1), cycle=2023, worksheet=BEST.with_assessor("tpn")),
        Cleared(D(2023, 11, 1), cycle=2023),
        Decided(D(2023, 12, 9), cycle=2023, awarded=True, decree_number="SK 1/2023"),
    )


def revoked():
    """WBK awarded in 2023, a WBBM cycle under way, then revoked on 3 March 2025 on a TPN finding."""
    return awarded().record(
        BuildingStarted(D(2024, 1, 2), target="WBBM"),
        MonitoringReported(D(2024, 2, 1), actor="Inspektorat Kota"),
        Verified(D(2025, 2, 1), findings=True, prompted_by="laporan dugaan maladministrasi"),
        Revoked(D(2025, 3, 3), decree_number="SK cabut 7", finding_on=D(2025, 2, 1)),
    )


def recorded_then_revoked():
    """A WBK recorded from its decree in 2020 and revoked on 3 March 2022 (the issue's example)."""
    return Journey.replay(
        UNIT,
        RB,
        [
            RecordedOutcome(
                D(2020, 12, 10),
                cycle=2020,
                target="WBK",
                awarded=True,
                decree_number="SK 9/2020",
                decree_date=D(2020, 12, 10),
                source="TPN letter B/123/2024",
            ),
            Revoked(D(2022, 3, 3), decree_number="SK cabut 1", finding_source="TPN letter B/123/2024"),
        ],
    )


# -- pinned strings ---------------------------------------------------------------------------------------------
def test_the_kediri_award_reads_in_each_language():
    journey = examples.kediri_journey()
    assert (
        "6 Desember 2022  ditetapkan (siklus 2022), SK illustrative/KEPMENPANRB/2022"
        in journey.timeline(language="id").splitlines()
    )
    assert (
        "6 December 2022  awarded (cycle 2022), decree illustrative/KEPMENPANRB/2022"
        in journey.timeline(language="en").splitlines()
    )
    assert journey.timeline(language="id").splitlines()[5] == "23 Mei 2022  diusulkan menuju WBK siklus 2022"
    assert journey.timeline(language="en").splitlines()[5] == "23 May 2022  proposed for WBK in cycle 2022"


def test_a_revoked_predicate_shows_as_revoked_in_the_cycle_and_the_journey():
    journey = recorded_then_revoked()
    cycle = journey.cycle(2020)
    assert cycle.summary(language="id") == "2020: WBK, ditetapkan, dicabut 3 Maret 2022, tercatat"
    assert cycle.summary(language="en") == "2020: WBK, awarded, revoked 3 March 2022, recorded"
    assert cycle.revoked_on == D(2022, 3, 3) and cycle.is_revoked and cycle.revocation.decree_number == "SK cabut 1"
    assert journey.standing(language="id") == "predikat WBK dicabut pada 3 Maret 2022"
    assert journey.standing(language="en") == "WBK revoked on 3 March 2022"
    assert journey.summary(language="id").splitlines() == [
        "Unit Contoh: predikat WBK dicabut pada 3 Maret 2022",
        "  2020: WBK, ditetapkan, dicabut 3 Maret 2022, tercatat",
    ]
    # as it stood before the revocation, the predicate stood
    assert journey.cycle(2020, on="1 Maret 2022").revoked_on is None
    assert journey.standing(on="1 Maret 2022", language="en") == "WBK since 10 December 2020"
    assert journey.revocations(on="1 Maret 2022") == ()


def test_revocations_name_the_predicate_its_cycle_and_dates():
    journey = revoked()
    (found,) = journey.revocations()
    assert (found.predicate, found.cycle, found.awarded_on, found.revoked_on) == (
        zi.Predicate.WBK,
        2023,
        D(2023, 12, 9),
        D(2025, 3, 3),
    )
    assert (found.decree_number, found.finding_on, found.finding_source) == ("SK cabut 7", D(2025, 2, 1), None)
    assert journey.cycle(2023).summary(language="id") == "2023: WBK, ditetapkan, dicabut 3 Maret 2025"
    assert journey.cycle(2023).summary(language="en") == "2023: WBK, awarded, revoked 3 March 2025"
    assert recorded_then_revoked().revocations()[0].finding_source == "TPN letter B/123/2024"
    assert examples.kediri_journey().cycle(2022).revocation is None


def test_a_wbbm_cycle_ended_by_the_revocation_says_so():
    journey = revoked().record(
        BuildingStarted(D(2025, 4, 1), target="WBK"),
    )
    base = awarded().record(
        BuildingStarted(D(2024, 1, 2), target="WBBM"),
        TpiAssessed(D(2025, 3, 1), cycle=2025, target="WBBM", worksheet=BEST),
        Proposed(D(2025, 5, 2), cycle=2025, target="WBBM"),
        Verified(D(2025, 6, 1), findings=True),
        Revoked(D(2025, 6, 3), decree_number="SK cabut 8", finding_on=D(2025, 6, 1)),
    )
    texts = check(lambda: base.cycle(2025).summary())
    assert texts["id"] == "2025: WBBM, digugurkan, berakhir karena predikat yang menjadi dasarnya dicabut"
    assert texts["en"] == "2025: WBBM, voided, ended by the revocation of the predicate it builds on"
    assert base.cycle(2023).revoked_on == D(2025, 6, 3)
    assert journey.standing(language="en") == "WBK revoked on 3 March 2025"


def test_the_kediri_cycles_read_in_each_language():
    journey = examples.kediri_journey()
    assert journey.cycle(2020).summary(language="id") == "2020: WBK, tidak ditetapkan, sampai tahap survei, tercatat"
    assert journey.cycle(2020).summary(language="en") == "2020: WBK, not awarded, reached the survey stage, recorded"
    assert journey.cycle(2022).summary(language="id") == "2022: WBK, ditetapkan"
    with use_language("id"):
        assert repr(journey.cycle(2022)) == "<Cycle 2022: WBK, ditetapkan>"
        assert (
            repr(journey) == f"<Journey {examples.KEDIRI_UNIT_NAME}: WBK sejak 6 Desember 2022; 14 peristiwa, 2 siklus>"
        )
    with use_language("en"):
        assert repr(journey) == f"<Journey {examples.KEDIRI_UNIT_NAME}: WBK since 6 December 2022; 14 events, 2 cycles>"


def test_the_journey_repr_is_one_short_line():
    for journey in (examples.kediri_journey(), revoked(), Journey(UNIT, RB)):
        for language in LANGUAGES:
            with use_language(language):
                text = repr(journey)
            assert "\n" not in text and len(text) < 160
            assert_speaks(text, language, data=DATA)
    with use_language("id"):
        assert repr(Journey(UNIT, RB)) == "<Journey Unit Contoh: belum berpredikat; 0 peristiwa, 0 siklus>"
    with use_language("en"):
        assert repr(revoked()) == "<Journey Unit Contoh: WBK revoked on 3 March 2025; 15 events, 1 cycle>"


def test_a_failed_cycle_says_where_it_stopped():
    journey = start(
        TpiAssessed(D(2023, 3, 1), cycle=2023, target="WBK", worksheet=BEST),
        Proposed(D(2023, 5, 31), cycle=2023, target="WBK"),
        PreEvaluated(D(2023, 6, 20), cycle=2023, outcome="tidak_lulus"),
        Appealed(D(2023, 6, 25), cycle=2023, accepted=False),
    )
    texts = check(lambda: journey.cycle(2023).summary())
    assert texts == {
        "id": "2023: WBK, gagal, berhenti pada tahap pra evaluasi",
        "en": "2023: WBK, failed, stopped at the pre-evaluation stage",
    }
    open_cycle = start(
        TpiAssessed(D(2023, 3, 1), cycle=2023, target="WBK", worksheet=BEST),
        Proposed(D(2023, 5, 31), cycle=2023, target="WBK"),
    )
    assert check(lambda: open_cycle.cycle(2023).summary()) == {
        "id": "2023: WBK, sedang dievaluasi, sampai tahap pengusulan",
        "en": "2023: WBK, under evaluation, reached the proposal stage",
    }


# -- every event ------------------------------------------------------------------------------------------------
def every_event():
    review_ws = zi.Worksheet.from_answers(RB, {"P1.i.a": "Ya"}, assessor="unit")
    chain = load_chain("pemda-90-2021")
    on = D(2022, 5, 20)
    return [
        Declared(on),
        Declared(on, integrity_pact=False),
        UnitDesignated(on),
        UnitDesignated(on, parent_unit="Kanwil Contoh"),
        BuildingStarted(on, target="WBBM"),
        PreliminaryAssessed(on, cycle=2022, passed=True),
        PreliminaryAssessed(on, cycle=2022, passed=False),
        TpiAssessed(on, cycle=2022, target="WBK", worksheet=BEST),
        Proposed(on, cycle=2022, target="WBK"),
        *(
            PreEvaluated(on, cycle=2022, outcome=o, corrections_due=D(2022, 7, 1) if "catatan" in o.value else None)
            for o in PreEvaluationOutcome
        ),
        CorrectionsSubmitted(on, cycle=2022),
        Appealed(on, cycle=2022, accepted=True),
        Appealed(on, cycle=2022, accepted=False),
        DeskEvaluated(on, cycle=2022, passed=True),
        DeskEvaluated(on, cycle=2022, passed=False),
        Surveyed(on, cycle=2022, ipak="3.625", ipkp="3.4"),
        FieldEvaluated(on, cycle=2022, worksheet=BEST),
        Cleared(on, cycle=2022),
        Decided(on, cycle=2022, awarded=True, decree_number="SK 1"),
        Decided(on, cycle=2022, awarded=False),
        MonitoringReported(on),
        Verified(on),
        Verified(on, findings=True),
        Verified(on, prompted_by="laporan dugaan maladministrasi"),
        Verified(on, findings=True, prompted_by="laporan dugaan maladministrasi"),
        Revoked(on, decree_number="SK cabut", finding_on=D(2022, 5, 1)),
        Revoked(on, decree_number="SK cabut", finding_source="TPN letter B/123/2024"),
        ProposalVoided(on, cycle=2022),
        RecordedOutcome(on, cycle=2021, target="WBK", awarded=True, decree_number="SK 2", source="Inspektorat Kota"),
        RecordedOutcome(
            on, cycle=2021, target="WBK", awarded=True, decree_number="SK 2", source="Inspektorat Kota", route="mandiri"
        ),
        RecordedOutcome(on, cycle=2021, target="WBK", awarded=False, source="Inspektorat Kota"),
        RecordedOutcome(on, cycle=2021, target="WBK", awarded=False, source="Inspektorat Kota", reached="cleared"),
        MandiriDecided(on, cycle=2022, awarded=True, decree_number="SK 3"),
        MandiriDecided(on, cycle=2022, awarded=False),
        ReviewStarted(on, cycle=2022, chain=chain, worksheet=review_ws),
        RoundOpened(on, cycle=2022, tier="tpi"),
        RoundOpened(on, cycle=2022, tier="tpi", scope=("P1.i.a",)),
        RoundOpened(on, cycle=2022, tier="tpi", scope=("P1.i.a", "P1.i.b")),
        ItemReviewed(on, cycle=2022, tier="tpi", item="P1.i.a", decision="agree"),
        ItemReviewed(on, cycle=2022, tier="tpi", item="P1.i.a", decision="ask_evidence"),
        ItemReviewed(on, cycle=2022, tier="tpi", item="P1.i.b", decision="change", answer="B", note="tanpa SK"),
        RoundReturned(on, cycle=2022, tier="tpi", to="unit", items=("P1.i.a",)),
        RoundReturned(on, cycle=2022, tier="tpi", to="unit", items=("P1.i.a", "P1.i.b")),
        ItemsRevised(on, cycle=2022, tier="unit", answers={"P1.i.a": "Ya"}),
        EvidenceAdded(on, cycle=2022, tier="unit", item="P1.i.a", file_name="sk-tim.pdf"),
        RoundSubmitted(on, cycle=2022, tier="tpi"),
        RoundSubmitted(on, cycle=2022, tier="tpi", accept_unreviewed=True),
    ]


def test_every_event_type_is_described_in_both_languages():
    events = every_event()
    assert {type(e) for e in events} == set(EVENT_TYPES.values())
    for event in events:
        texts = {language: event.describe(language=language) for language in LANGUAGES}
        for language, text in texts.items():
            assert_speaks(text, language, data=[*DATA, "Kanwil Contoh", "tanpa SK", "sk-tim.pdf"])
        assert texts["id"] != texts["en"], texts
        for language in LANGUAGES:
            label = kind_label(event.kind, language=language)
            assert label != event.kind or event.kind in ("cleared",), label
            assert_speaks(label, language)


@pytest.mark.parametrize(
    ("event", "indonesian", "english"),
    [
        (
            Declared(D(2019, 1, 7)),
            "pencanangan ZI dengan pakta integritas",
            "ZI declared (pencanangan) with the integrity pact",
        ),
        (
            Proposed(D(2022, 5, 20), cycle=2022, target="WBK"),
            "diusulkan menuju WBK siklus 2022",
            "proposed for WBK in cycle 2022",
        ),
        (
            PreEvaluated(D(2022, 6, 27), cycle=2022, outcome="lulus_dengan_catatan", corrections_due=D(2022, 7, 4)),
            "pra evaluasi TPN siklus 2022: lulus dengan catatan",
            "TPN pre-evaluation of cycle 2022: passed with notes",
        ),
        (
            Surveyed(D(2022, 9, 5), cycle=2022, ipak="3.625", ipkp="3.4"),
            "survei siklus 2022: IPAK 3,625, IPKP 3,40",
            "survey of cycle 2022: IPAK 3.625, IPKP 3.40",
        ),
        (
            Decided(D(2022, 12, 6), cycle=2022, awarded=False),
            "tidak ditetapkan, pembinaan (siklus 2022)",
            "not awarded, coaching (pembinaan) (cycle 2022)",
        ),
        (
            Revoked(D(2024, 3, 15), decree_number="SK 5", finding_on=D(2024, 2, 1)),
            "predikat dicabut, SK SK 5 (temuan verifikasi 1 Februari 2024)",
            "predicate revoked, decree SK 5 (finding of the verification of 1 February 2024)",
        ),
        (
            RecordedOutcome(D(2020, 12, 9), cycle=2020, target="WBK", awarded=False, source="x", reached="surveyed"),
            "tercatat: siklus 2020 diusulkan menuju WBK, tidak ditetapkan, sampai tahap survei [sumber: x]",
            "recorded: cycle 2020 proposed for WBK, not awarded, reached the survey stage [source: x]",
        ),
    ],
)
def test_pinned_event_lines(event, indonesian, english):
    assert event.describe(language="id") == indonesian
    assert event.describe(language="en") == english


def test_stages_outcomes_decisions_and_statuses_have_names_in_both_languages():
    for stage in Stage:
        texts = check(lambda stage=stage: stage.label)
        assert stage.label_in("id") == texts["id"]
    assert (Stage.SURVEYED.label_in("id"), Stage.SURVEYED.label_in("en")) == ("survei", "survey")
    assert stage_name("decided", language="id") == "penetapan"
    for outcome in CycleOutcome:
        check(lambda outcome=outcome: outcome.label())
    assert CycleOutcome.AWARDED.label(language="id") == "ditetapkan"
    assert CycleOutcome.NOT_AWARDED.label(language="id") == "tidak ditetapkan"
    assert CycleOutcome.AWARDED == "awarded"  # the machine value stays
    for outcome in PreEvaluationOutcome:
        check(lambda outcome=outcome: outcome.label())
    for decision in Decision:
        check(lambda decision=decision: decision.label())
    for status in RoundStatus:
        check(lambda status=status: status.label())
    check(lambda: status_label("not started"))
    assert status_label("whatever") == "whatever"


# -- every guard's refusal --------------------------------------------------------------------------------------
def states():
    """Journeys at many points of the process, to try events against."""
    weak = start(TpiAssessed(D(2023, 3, 1), cycle=2023, target="WBK", worksheet=WEAK))
    return [
        Journey(UNIT, RB),
        Journey.replay(UNIT, RB, [Declared(D(2022, 1, 6))]),
        start(),
        start(parent="Kanwil Contoh"),
        weak,
        start(TpiAssessed(D(2023, 3, 1), cycle=2023, target="WBK", worksheet=BEST)),
        start(
            TpiAssessed(D(2023, 3, 1), cycle=2023, target="WBK", worksheet=BEST),
            Proposed(D(2023, 5, 31), cycle=2023, target="WBK"),
        ),
        start(
            TpiAssessed(D(2023, 3, 1), cycle=2023, target="WBK", worksheet=BEST),
            Proposed(D(2023, 5, 31), cycle=2023, target="WBK"),
            PreEvaluated(D(2023, 6, 20), cycle=2023, outcome="lulus_dengan_catatan", corrections_due=D(2023, 7, 5)),
        ),
        start(
            TpiAssessed(D(2023, 3, 1), cycle=2023, target="WBK", worksheet=BEST),
            Proposed(D(2023, 5, 31), cycle=2023, target="WBK"),
            PreEvaluated(D(2023, 6, 20), cycle=2023, outcome="tidak_lulus"),
        ),
        awarded(),
        start(
            TpiAssessed(D(2023, 3, 1), cycle=2023, target="WBK", worksheet=BEST),
            Proposed(D(2023, 5, 31), cycle=2023, target="WBK"),
            PreEvaluated(D(2023, 6, 20), cycle=2023, outcome="lulus"),
            DeskEvaluated(D(2023, 8, 1), cycle=2023, passed=True),
        ),
        revoked(),
        recorded_then_revoked(),
        examples.kediri_journey(),
    ]


def probes(on):
    ws = BEST
    events = [
        Declared(on),
        UnitDesignated(on),
        BuildingStarted(on, target="WBK"),
        BuildingStarted(on, target="WBBM"),
        PreliminaryAssessed(on, cycle=on.year, passed=True),
        PreliminaryAssessed(on, cycle=on.year + 3, passed=True),
        TpiAssessed(on, cycle=on.year, target="WBK", worksheet=ws),
        TpiAssessed(on, cycle=on.year, target="WBBM", worksheet=ws),
        TpiAssessed(on, cycle=on.year + 3, target="WBK", worksheet=ws),
        TpiAssessed(
            on,
            cycle=2021,
            target="WBK",
            worksheet=zi.Worksheet.blank(
                zi.load_rulebook("permenpanrb-52-2014", warn_superseded=False), assessor="tpi"
            ),
        ),
        Proposed(on, cycle=2023, target="WBK"),
        Proposed(on, cycle=2023, target="WBBM"),
        Proposed(on, cycle=2030, target="WBK"),
        PreEvaluated(on, cycle=2023, outcome="lulus"),
        CorrectionsSubmitted(on, cycle=2023),
        Appealed(on, cycle=2023, accepted=True),
        DeskEvaluated(on, cycle=2023, passed=True),
        Surveyed(on, cycle=2023, ipak=4, ipkp=4),
        Surveyed(on, cycle=2023, ipak=5, ipkp=4),
        FieldEvaluated(on, cycle=2023, worksheet=ws),
        Cleared(on, cycle=2023),
        Decided(on, cycle=2023, awarded=True, decree_number="SK"),
        Decided(on, cycle=2023, awarded=False),
        ProposalVoided(on, cycle=2023),
        MonitoringReported(on),
        Verified(on),
        Revoked(on, decree_number="SK", finding_on=on),
        Revoked(on, decree_number="SK", finding_source="TPN letter B/123/2024"),
        RecordedOutcome(on, cycle=on.year, target="WBBM", awarded=True, decree_number="SK", source="Inspektorat Kota"),
        RecordedOutcome(on, cycle=on.year, target="WBK", awarded=True, decree_number="SK", source="Inspektorat Kota"),
        RecordedOutcome(
            on,
            cycle=on.year,
            target="WBK",
            awarded=True,
            decree_number="SK",
            source="Inspektorat Kota",
            route="mandiri",
        ),
        RecordedOutcome(on, cycle=2010, target="WBK", awarded=False, source="Inspektorat Kota"),
        MandiriDecided(on, cycle=2023, awarded=True, decree_number="SK"),
        MandiriDecided(on, cycle=on.year, awarded=True, decree_number="SK"),
        RoundOpened(on, cycle=2023, tier="tpi"),
    ]
    return events


def test_every_refusal_of_the_guards_speaks_one_language():
    seen: dict[str, set[str]] = {"id": set(), "en": set()}
    for journey in states():
        last = journey.state().last_event_on or D(2022, 1, 1)
        for on in (D(2000 + 20, 1, 1), last, last + dt.timedelta(days=200), last + dt.timedelta(days=800)):
            for event in probes(on):
                messages = {}
                for language in LANGUAGES:
                    with use_language(language):
                        try:
                            journey.record(event)
                        except TransitionError as exc:
                            messages[language] = str(exc)
                if not messages:
                    continue
                assert set(messages) == set(LANGUAGES)
                for language, text in messages.items():
                    assert_speaks(text, language, data=[*DATA, "Kanwil Contoh"])
                    seen[language].add(text.split(": ", 1)[1].split(". ")[0])
                assert messages["id"] != messages["en"]
    # many different refusals were met (each guard's own sentence)
    assert len(seen["id"]) >= 40 and len(seen["en"]) >= 40


def test_a_pinned_refusal_in_each_language():
    journey = start(
        TpiAssessed(D(2023, 3, 1), cycle=2023, target="WBK", worksheet=BEST),
    )
    event = Proposed(D(2023, 6, 1), cycle=2023, target="WBK")
    messages = {}
    for language in LANGUAGES:
        with use_language(language), pytest.raises(TransitionError) as caught:
            journey.record(event)
        messages[language] = str(caught.value)
    assert messages["id"] == (
        "pengusulan pada 1 Juni 2023 ditolak: usulan siklus 2023 diterima paling lambat 31 Mei 2023. "
        "Yang boleh sekarang: penilaian TPI, hasil tercatat"
    )
    assert messages["en"] == (
        "proposal on 1 June 2023 refused: proposals for cycle 2023 are accepted by 31 May 2023. "
        "Allowed now: TPI assessment, recorded outcome"
    )
    assert caught.value.allowed == ("tpi_assessed", "recorded_outcome")  # machine kinds stay


def test_an_out_of_order_event_names_both_dates_in_words():
    journey = start()
    with use_language("id"), pytest.raises(TransitionError) as caught:
        journey.record(MonitoringReported(D(2021, 12, 13)))
    assert "13 Desember 2021" in str(caught.value) and "20 Januari 2022" in str(caught.value)
    assert "2021-12-13" not in str(caught.value)


# -- reviews ----------------------------------------------------------------------------------------------------
def test_review_texts_and_tables_speak_one_language():
    review = KEDIRI_REVIEW
    labels = [RB.item(c).label.in_language("id") for c in RB.item_codes]
    check(lambda: review_html(review))
    check(lambda: round_html(review.rounds[0]), data=labels)
    check(lambda: changes_html(round_changes(review, "tpi").ranked()), data=labels)
    check(lambda: tpi_changes_section(review), data=labels)
    check(lambda: diff_text(review, diff_tiers(review, "unit", "tpi")), data=labels)
    evidence = completeness(review, load_requirements("example-inspektorat"))
    check(lambda: review_status_text(review, evidence=evidence, requirements="example-inspektorat"))
    check(lambda: repr(review))
    check(lambda: repr(review.rounds[0]))
    check(review.rounds[0].counts)
    check(review._repr_html_)
    check(review.rounds[0]._repr_html_, data=labels)
    check(lambda: round_changes(review, "tpi")._repr_html_(), data=labels)
    check(lambda: diff_tiers(review, "unit", "tpi")._repr_html_(), data=labels)
    for event in review.events:
        check(event.describe)


def test_pinned_review_strings():
    review = KEDIRI_REVIEW
    assert diff_text(review, diff_tiers(review, "unit", "tpi"), language="id").splitlines()[0] == (
        "unit 88,96 \u2192 tpi 87,76 (-1,21)"
    )
    assert diff_text(review, diff_tiers(review, "unit", "tpi"), language="en").splitlines()[0] == (
        "unit 88.96 \u2192 tpi 87.76 (-1.21)"
    )
    assert review.rounds[0].counts(language="en") == "113 items: 113 reviewed, 0 unreviewed, 4 changed, 1 revision"
    with use_language("id"):
        assert repr(review) == "<Review pemda-90-2021 2022: 1 putaran, disampaikan sampai tpi>"
        assert repr(review.rounds[0]).startswith("<Round tpi #1 disampaikan: 113 butir")
    text = review_status_text(review, language="id")
    assert "Butir dijawab tanpa bukti dukung: 110" in text and "belum dimulai" in text
    assert "Perubahan oleh TPI" in tpi_changes_section(review, language="id")
    assert "Changes made by TPI" in tpi_changes_section(review, language="en")


def test_a_cycle_shows_as_a_left_aligned_table():
    cycle = examples.kediri_journey().cycle(2022)
    texts = check(cycle._repr_html_)
    assert "<table" in texts["id"] and "text-align:left" in texts["id"]
    assert "IPAK 3,68, IPKP 3,41" in texts["id"] and "IPAK 3.68, IPKP 3.41" in texts["en"]
    assert "<caption" in texts["en"] and "2022: WBK, awarded" in texts["en"]
    check(lambda: cycle_html(recorded_then_revoked().cycle(2020)))
    revoked_html = cycle_html(revoked().cycle(2023), language="id")
    assert "dicabut 3 Maret 2025" in revoked_html and "pencabutan" in revoked_html
    for journey in (examples.kediri_journey(), revoked(), recorded_then_revoked()):
        for cycle in journey.state().cycles:
            check(lambda cycle=cycle: cycle_html(cycle))
            check(lambda cycle=cycle: repr(cycle))


def test_evidence_and_review_texts_in_both_languages_for_an_imported_review():
    unit = zi.Worksheet.from_answers(RB, {"P1.i.a": "Ya", "P1.i.b": "A"}, assessor="unit")
    tpi = zi.Worksheet.from_answers(RB, {"P1.i.a": "Ya", "P1.i.b": "B"}, assessor="tpi")
    for language in LANGUAGES:
        with use_language(language):
            review = review_from_worksheets(load_chain("pemda-90-2021"), [unit, tpi], cycle=2022, on="2022-04-01")
            note = review.rounds_of("tpi")[0].changes[0].note
        assert_speaks(note, language)
    report = completeness(review, load_requirements("example-inspektorat"))
    check(lambda: review_status_text(review, evidence=completeness(review, load_requirements("example-inspektorat"))))
    assert report.item("P1.ii.b").missing == ("(any document)",)  # made in English (the suite's language)
    with use_language("id"):
        assert completeness(review, load_requirements("example-inspektorat")).item("P1.ii.b").missing == (
            "(dokumen apa pun)",
        )
    found = completeness(review, load_requirements("example-inspektorat"), language="id")
    assert found.item("P1.ii.b").missing == ("(dokumen apa pun)",)


# -- every error class of the slice -----------------------------------------------------------------------------
def raisers():
    chain = load_chain("pemda-90-2021")
    unit = zi.Worksheet.from_answers(RB, {"P1.i.a": "Ya", "P1.i.b": "A"}, assessor="unit")
    review = Review.start(chain, unit, cycle=2022, on="2022-03-01")
    opened = review.open("tpi", on="2022-03-02", scope=["P1.i.a", "P1.i.b"])
    on = D(2022, 5, 20)
    return [
        lambda: Surveyed(on, cycle=2022, ipak=-1, ipkp=3),
        lambda: Proposed(on, cycle=22, target="WBK"),
        lambda: Decided(on, cycle=2022, awarded=True),
        lambda: Decided(on, cycle=2022, awarded=False, decree_number="x"),
        lambda: Decided(on, cycle=2022, awarded=True, decree_number="x", decree_date=D(2022, 6, 1)),
        lambda: MandiriDecided(on, cycle=2022, awarded=True),
        lambda: MandiriDecided(on, cycle=2022, awarded=False, decree_number="x"),
        lambda: PreEvaluated(on, cycle=2022, outcome="lulus_dengan_catatan"),
        lambda: PreEvaluated(on, cycle=2022, outcome="lulus", corrections_due=on),
        lambda: PreEvaluated(on, cycle=2022, outcome="lulus_dengan_catatan", corrections_due=D(2022, 5, 1)),
        lambda: Revoked(on, decree_number="x"),
        lambda: Revoked(on, decree_number="x", finding_on=D(2022, 6, 1)),
        lambda: Revoked(on, decree_number="x", finding_source=" "),
        lambda: RecordedOutcome(on, cycle=2022, target="WBK", awarded=True, source="x"),
        lambda: RecordedOutcome(on, cycle=2022, target="WBK", awarded=False, source="x", decree_number="1"),
        lambda: RecordedOutcome(on, cycle=2022, target="WBBM", awarded=False, source="x", route="mandiri"),
        lambda: RecordedOutcome(on, cycle=2022, target="WBK", awarded=False, source="x", route="lain"),
        lambda: RecordedOutcome(on, cycle=2022, target="WBK", awarded=False, source="x", reached="nowhere"),
        lambda: RecordedOutcome(D(2021, 5, 1), cycle=2022, target="WBK", awarded=False, source="x"),
        lambda: zi.ProposalWindow("2024-07-01", "2024-07-31"),
        lambda: examples.kediri_journey().cycle(2019),
        lambda: Journey(UNIT, RB).record("not an event"),
        lambda: ItemReviewed(on, cycle=2022, tier="tpi", item="P1.i.a", decision="change"),
        lambda: ItemReviewed(on, cycle=2022, tier="tpi", item="P1.i.a", decision="agree", answer="Ya"),
        lambda: ItemReviewed(on, cycle=2022, tier="tpi", item="P1.i.a", decision="change", answer=True, note="x"),
        lambda: RoundOpened(on, cycle=2022, tier="tpi", scope="P1.i.a"),
        lambda: ItemsRevised(on, cycle=2022, tier="unit", answers=["x"]),
        lambda: ItemsRevised(on, cycle=2022, tier="unit", answers={"P1.i.a": "Ya"}, note=3),
        lambda: EvidenceAdded(on, cycle=2022, tier="unit", item="P1.i.a"),
        lambda: Review.replay([], rulebook=RB),
        lambda: review.agree("P1.i.a", on="2022-03-02"),
        lambda: review.tpi_assessed(on="2022-04-01", target="WBK"),
        lambda: review.open("tpn-desk", on="2022-03-02"),
        lambda: opened.agree("P2.i.a", on="2022-03-03"),
        lambda: opened.submit(on="2022-03-03"),
        lambda: opened.return_to("tpi", ["P1.i.a"], on="2022-03-03"),
        lambda: opened.return_to("unit", [], on="2022-03-03"),
        lambda: opened.return_to("unit", ["P9.z"], on="2022-03-03"),
        lambda: opened.revise({"P1.i.a": "Ya"}, on="2022-03-03"),
        lambda: opened.open("tpi", on="2022-03-03", scope=["P1.i.a"]),
        lambda: opened.agree("P1.i.a", on="2022-03-01"),
        lambda: opened.add_evidence("P1.i.a", tier="tpn-desk", on="2022-03-03", file_name="x.pdf"),
        lambda: chain.tier("tpx"),
        lambda: load_chain("nowhere"),
        lambda: default_chain("pemda", preliminary=True),
        lambda: default_chain("desa"),
        lambda: chain_from_toml(
            'id = "x"\nlabel = "x"\nextra = 1\n[[tiers]]\nname = "a b"\nrole = "tpn_desk"\nlabel = 2'
        ),
        lambda: chain_from_toml("id = "),
        lambda: round_changes(review, "tpi"),
        lambda: round_changes(opened.submit(on="2022-03-04", accept_unreviewed=True), "tpi", 5),
        lambda: diff_tiers(review, "unit", "tpi"),
        lambda: round_changes(KEDIRI_REVIEW, "tpi").changes[0].level("nowhere"),
        lambda: load_requirements("nowhere"),
        lambda: requirements_from_toml(
            'id = 1\nlabel = 2\nrulebook = "permenpanrb-90-2021"\nunlisted = -1\nx = 1\n[items."Z.9"]\ndocuments = []'
        ),
        lambda: requirements_from_toml("id = "),
        lambda: completeness(KEDIRI_REVIEW, load_requirements("example-inspektorat")).item("Z"),
        lambda: completeness(KEDIRI_REVIEW, load_requirements("example-inspektorat")).node("Z"),
        lambda: review_from_worksheets(chain, [], cycle=2022, on=on),
        lambda: review_from_worksheets(chain, [unit.with_assessor("tpi")], cycle=2022, on=on),
        lambda: review_from_worksheets(chain, {"tpi": unit}, cycle=2022, on=on),
        lambda: review_from_worksheets(chain, [unit] * 5, cycle=2022, on=on),
    ]


def test_every_error_of_the_slice_speaks_one_language():
    codes = set()
    for make in raisers():
        messages = {}
        for language in LANGUAGES:
            with use_language(language), pytest.raises((ZonaIntegritasError, ValueError, LookupError)) as caught:
                make()
            assert isinstance(caught.value, ZonaIntegritasError), repr(caught.value)
            messages[language] = str(caught.value)
            codes.add(caught.value.code)
        for language, text in messages.items():
            # a TOML parser's own words stay as the parser gives them
            if "TOML" not in text:
                # the accepted machine values an error lists (``reached`` codes) are identifiers, not words
                machine = ["reached=", "assessed", "proposed", "pre_evaluated", "desk_evaluated", "surveyed", "decided"]
                assert_speaks(text, language, data=[*DATA, "tpx", "nowhere", "desa", "lain", *machine])
        assert messages["id"] != messages["en"], messages
    assert {"decree-missing", "revocation-without-finding", "unknown-tier", "unknown-review-chain"} <= codes


def test_the_process_diagram_is_drawn_in_each_language():
    from zona_integritas.journey import NODE_NAMES, to_mermaid

    nodes = [*NODE_NAMES, "[*]"]
    syntax = ["stateDiagram-v2", "note right of"]  # Mermaid's own keywords
    texts = check(to_mermaid, data=[*syntax, *sorted(nodes, key=len, reverse=True)])
    assert "    Berpredikat --> Dicabut: pencabutan (atas temuan TPN)" in texts["id"].splitlines()
    assert "    Berpredikat --> Dicabut: revocation (on a TPN finding)" in texts["en"].splitlines()
    assert '    state "dicabut" as Dicabut' in texts["id"].splitlines()


def test_the_values_of_the_slice_show_a_short_repr_in_each_language():
    review = KEDIRI_REVIEW
    values = [
        round_changes(review, "tpi"),
        diff_tiers(review, "unit", "tpi"),
        round_changes(review, "tpi").changes[0],
        completeness(review, load_requirements("example-inspektorat")),
        load_requirements("example-inspektorat"),
        examples.kediri_journey_with_review().state(),
        recorded_then_revoked().state(),
    ]
    for value in values:
        texts = check(lambda value=value: repr(value))
        assert all("\n" not in t and len(t) < 120 for t in texts.values()), texts
    assert (
        repr(load_chain("pemda-90-2021"))
        == "<ReviewChain pemda-90-2021: unit \u2192 tpi \u2192 tpn-desk \u2192 tpn-field>"
    )
    with use_language("id"):
        assert repr(round_changes(review, "tpi")) == "<RoundChanges tpi #1: 4 perubahan, 1 revisi, -1,21>"
        assert repr(recorded_then_revoked().state()) == (
            "<JourneyState predikat dicabut pada 3 Maret 2022; 2 peristiwa, 1 siklus>"
        )
    with use_language("en"):
        assert repr(diff_tiers(review, "unit", "tpi")) == "<TierDiff unit \u2192 tpi: 5 changes, -1.21>"


SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW
@given(journeys(RB, max_events=20), journey_events(RB, after=dt.date(2021, 6, 1)))
def test_any_journey_and_any_refusal_speak_one_language(journey, event):
    revoked_events = [e for e in journey.events if isinstance(e, Revoked)]
    assert [r.revoked_on for r in journey.revocations()] == sorted(e.on for e in revoked_events)
    assert sum(c.is_revoked for c in journey.state().cycles) == len(revoked_events)
    names = [journey.unit, *(e.note for e in journey.events if e.note), *(e.actor for e in journey.events if e.actor)]
    for attr in ("source", "finding_source", "prompted_by", "parent_unit", "decree_number"):
        names += [getattr(e, attr) for e in [*journey.events, event] if getattr(e, attr, None)]
    for language in LANGUAGES:
        with use_language(language):
            texts = [
                journey.timeline(),
                journey.summary(),
                repr(journey),
                *(cycle_html(c) for c in journey.state().cycles),
            ]
            try:
                journey.record(event)
            except TransitionError as exc:
                texts.append(str(exc))
        for text in texts:
            assert_speaks(text, language, data=[*DATA, *names, *(html.escape(n, quote=True) for n in names)])


@pytest.mark.parametrize(
    ("journey", "event", "code"),
    [
        (
            lambda: start(TpiAssessed(D(2023, 3, 1), cycle=2023, target="WBK", worksheet=BEST)),
            Proposed(D(2023, 6, 1), cycle=2023, target="WBK"),
            "outside-proposal-window",
        ),
        (
            lambda: start(TpiAssessed(D(2023, 3, 1), cycle=2023, target="WBK", worksheet=WEAK)),
            Proposed(D(2023, 5, 2), cycle=2023, target="WBK"),
            "verdict-not-passed",
        ),
        (
            lambda: start(TpiAssessed(D(2022, 3, 1), cycle=2022, target="WBK", worksheet=BEST)),
            Proposed(D(2022, 5, 2), cycle=2022, target="WBK"),
            "building-too-short",
        ),
        (start, MonitoringReported(D(2021, 1, 1)), "out-of-date-order"),
        (start, Revoked(D(2023, 1, 1), decree_number="x", finding_source="y"), "no-predicate"),
        (lambda: Journey(UNIT, RB), UnitDesignated(D(2022, 1, 1)), "not-declared"),
        (
            lambda: recorded_then_revoked().record(
                Declared(D(2022, 4, 1)), UnitDesignated(D(2022, 4, 2)), BuildingStarted(D(2022, 4, 3))
            ),
            RecordedOutcome(D(2023, 12, 1), cycle=2023, target="WBK", awarded=True, decree_number="3", source="x"),
            "revocation-bar",
        ),
        (
            lambda: Journey(UNIT, RB),
            RecordedOutcome(D(2022, 12, 1), cycle=2022, target="WBBM", awarded=True, decree_number="1", source="x"),
            "wbbm-needs-wbk",
        ),
        (awarded, BuildingStarted(D(2024, 1, 2), target="WBK"), "already-holds-predicate"),
    ],
)
def test_a_refusal_carries_a_stable_english_code_whatever_the_language(journey, event, code):
    for language in LANGUAGES:
        with use_language(language), pytest.raises(TransitionError) as caught:
            journey().record(event)
        assert caught.value.code == code, str(caught.value)


def test_a_review_refusal_carries_a_stable_english_code_whatever_the_language():
    unit = zi.Worksheet.from_answers(RB, {"P1.i.a": "Ya", "P1.i.b": "A"}, assessor="unit")
    review = Review.start(load_chain("pemda-90-2021"), unit, cycle=2022, on="2022-03-01")
    opened = review.open("tpi", on="2022-03-02", scope=["P1.i.a", "P1.i.b"])
    cases = [
        (lambda: opened.agree("P2.i.a", on="2022-03-03"), "item-outside-scope"),
        (lambda: opened.submit(on="2022-03-03"), "items-unreviewed"),
        (lambda: opened.change("P1.i.b", "Z", note="x", on="2022-03-03"), "invalid-answer"),
        (lambda: opened.agree("P1.i.a", on="2022-03-01"), "out-of-date-order"),
        (lambda: review.open("tpn-desk", on="2022-03-02"), "wrong-tier"),
        (lambda: opened.agree("Z.9", on="2022-03-03"), "unknown-item"),
    ]
    for make, code in cases:
        for language in LANGUAGES:
            with use_language(language), pytest.raises(TransitionError) as caught:
                make()
            assert caught.value.code == code, str(caught.value)
