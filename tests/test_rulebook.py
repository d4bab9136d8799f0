from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import zona_integritas as zi
from zona_integritas.rulebook import ItemKind

RULEBOOK_FILE = Path(zi.__file__).parent / "rulebooks" / "permenpanrb-90-2021.toml"


def test_the_90_2021_rulebook_ships_and_is_listed():
    assert "permenpanrb-90-2021" in zi.available_rulebooks()


def test_an_unknown_rulebook_id_names_the_available_ones():
    with pytest.raises(zi.UnknownRulebookError, match="permenpanrb-90-2021"):
        zi.load_rulebook("permenpanrb-90-2022")


def test_the_tree_has_45_indicators_and_113_items(rb):
    top_level = [i for i in rb.indicators if "(" not in i.code]
    assert len(top_level) == 45
    assert len(rb.items) == 113
    assert sum(1 for i in rb.items if i.kind is ItemKind.COUNT) == 8
    assert sum(1 for i in rb.items if i.kind is ItemKind.INDEX) == 2


def test_weights_follow_tabel_3_and_4(rb):
    assert rb.total == 100
    assert [(c.code, c.weight) for c in rb.components] == [("pengungkit", 60), ("hasil", 40)]
    assert [(s.code, s.weight) for s in rb.subcomponents] == [
        ("pemenuhan", 30),
        ("reform", 30),
        ("H1", Decimal("22.5")),
        ("H2", Decimal("17.5")),
    ]
    assert [a.weight for a in rb.areas] == [8, 7, 10, 10, 15, 10]
    for area in rb.areas:
        assert area.halves[0].weight == area.halves[1].weight == area.weight / 2


def test_r5_iii_has_two_sub_indicators_of_weight_1(rb):
    parts = rb.indicator("R5.iii").parts
    assert [(p.code, p.weight, [i.code for i in p.items]) for p in parts] == [
        ("R5.iii(a)", 1, ["R5.iii.a"]),
        ("R5.iii(b)", 1, ["R5.iii.b"]),
    ]


def test_abcd_scores_067_and_033_not_thirds(rb):
    scale = rb.item("P1.iii.a").scale
    assert [o.multiplier for o in scale.options] == [1, Decimal("0.67"), Decimal("0.33"), 0]


def test_count_items_take_the_published_input_names(rb):
    expected = {
        "R1.i.a": ("agents", "changes"),
        "R1.i.b": ("changes", "integrated"),
        "R3.iii.a": ("last_year", "this_year", "sanctioned"),
        "R4.i.a": ("targets", "met"),
        "R5.ii.a": ("to_follow_up", "in_process", "completed"),
        "R5.iii.a": ("unit_heads", "officials", "others", "submitted"),
        "R5.iii.b": ("administrators", "supervisors", "staff", "submitted"),
        "R6.i.b": ("registered", "simplified"),
    }
    assert {i.code: i.input_names for i in rb.items if i.kind is ItemKind.COUNT} == expected


def test_every_item_and_indicator_has_labels_in_both_languages_and_a_source(rb):
    for node in [*rb.items, *rb.indicators]:
        assert node.label.id and node.label.en, node.code
        assert node.source.startswith("90/2021"), node.code


def _master_soals(reference):
    master = json.loads((reference / "portalrb" / "master-soal-lkezi-2026.json").read_text())

    def walk(node):
        yield from node.get("soals", [])
        for child in node.get("children", []):
            yield from walk(child)

    return {s["id"]: s for top in master["data"] for s in walk(top)}


def test_every_portalrb_master_soal_maps_to_exactly_one_item(rb, reference):
    soals = _master_soals(reference)
    assert len(soals) == 127
    for soal_id, soal in soals.items():
        item, input_name = rb.item_for_soal(soal_id)
        if soal["jenis_jawaban"].lower() == "jumlah":
            assert item.kind is ItemKind.COUNT and input_name is not None
            assert next(i.row for i in item.inputs if i.name == input_name) == soal["excel_baris"]
        else:
            assert item.row == soal["excel_baris"]
            assert input_name is None


def test_option_multipliers_equal_the_portalrb_master(rb, reference):
    for soal_id, soal in _master_soals(reference).items():
        item, _ = rb.item_for_soal(soal_id)
        if item.kind is ItemKind.CHOICE:
            master = [(o["key"], Decimal(str(o["multiplier"]))) for o in soal["skema_penilaian"]]
            assert [(o.key, o.multiplier) for o in item.scale.options] == master, item.code


def test_indicator_weights_equal_the_portalrb_master(rb, reference):
    master = json.loads((reference / "portalrb" / "master-soal-lkezi-2026.json").read_text())
    weights = {}

    def walk(node):
        if node["level"] == "sub_area":
            for soal in node.get("soals", []):
                weights[soal["id"]] = Decimal(str(node["bobot_maksimal"]))
        for child in node.get("children", []):
            walk(child)

    for top in master["data"]:
        walk(top)
    for soal_id, weight in weights.items():
        item, _ = rb.item_for_soal(soal_id)
        assert rb.indicator(item.indicator).weight == weight, item.code


def test_item_lookup_suggests_close_codes(rb):
    with pytest.raises(zi.UnknownItemError, match=r"did you mean .*'P1\.i\.a'"):
        rb.item("P1.i.x")


def test_rulebooks_are_hashable_picklable_and_equal_by_content(rb):
    import pickle

    assert pickle.loads(pickle.dumps(rb)) == rb
    assert hash(rb) == hash(zi.load_rulebook("permenpanrb-90-2021"))


def _broken(old: str, new: str) -> str:
    text = RULEBOOK_FILE.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def test_a_weight_that_does_not_add_up_names_the_file_and_key():
    text = _broken('code = "P1.i"\nparent = "P1"\nweight = "0.5"', 'code = "P1.i"\nparent = "P1"\nweight = "0.75"')
    with pytest.raises(zi.RulebookError) as caught:
        zi.rulebook_from_toml(text, source="custom.toml")
    message = str(caught.value)
    assert message.startswith("custom.toml: ")
    assert "areas[0].pemenuhan: weight 4 differs from the sum of the indicators of P1 (4.25)" in message


def test_an_option_without_multiplier_is_refused():
    text = _broken('{ key = "B", multiplier = "0.5" }', '{ key = "B" }')
    with pytest.raises(zi.RulebookError, match=r"scales\.abc\.options\[1\]\.multiplier: missing"):
        zi.rulebook_from_toml(text, source="x.toml")


def test_duplicate_item_codes_are_refused():
    text = _broken('code = "P1.i.b"', 'code = "P1.i.a"')
    with pytest.raises(zi.RulebookError, match=r"duplicate item code 'P1\.i\.a'"):
        zi.rulebook_from_toml(text, source="x.toml")


def test_all_problems_of_a_broken_file_are_reported_together():
    text = _broken('{ key = "B", multiplier = "0.5" }', '{ key = "B", multiplier = "1.5" }')
    text = text.replace('scale = "abcde"', 'scale = "abcdef"', 1)
    with pytest.raises(zi.RulebookError) as caught:
        zi.rulebook_from_toml(text, source="x.toml")
    assert "2 problems" in str(caught.value) or "problems" in str(caught.value)
    assert "must lie in [0, 1], got 1.5" in str(caught.value)
    assert "unknown scale 'abcdef'" in str(caught.value)


def test_not_toml_at_all_is_a_rulebook_error():
    with pytest.raises(zi.RulebookError, match=r"bad\.toml: not valid TOML"):
        zi.rulebook_from_toml("id = ", source="bad.toml")


def test_broken_process_and_survey_tables_are_caught_on_load():
    text = _broken('proposal_deadline = "05-31"', 'proposal_deadline = "31 Mei"')
    text = text.replace('[surveys.ipkp]\nitem = "H2.a"', '[surveys.ipkp]\nitem = "H2.b"', 1)
    with pytest.raises(zi.RulebookError) as caught:
        zi.rulebook_from_toml(text, source="x.toml")
    assert "process.proposal_deadline: expected MM-DD, got '31 Mei'" in str(caught.value)
    assert "surveys.ipkp.item: 'H2.b' is not an index item" in str(caught.value)
