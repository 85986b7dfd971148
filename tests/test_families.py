"""Every registered family recognises its examples and none of its counterexamples, and the registry
holds each family once."""

import pytest

from pipeline.families.enumerators import ITEM_FAMILIES, parse_enumerator
from pipeline.families.registry import ALL, BY_NAME

CASES = [
    pytest.param(family, text, expected, id=f"{family.name}:{'' if expected else 'not '}{text}")
    for family in ALL
    for expected, texts in ((True, family.examples), (False, family.counterexamples))
    for text in texts
]


@pytest.mark.parametrize(("family", "text", "expected"), CASES)
def test_every_family_example(family, text, expected):
    assert family.recognises(text) == expected


def test_names_are_unique_and_every_family_has_examples():
    assert len(BY_NAME) == len(ALL)
    assert all(family.examples and family.parses_to and family.roles for family in ALL)


@pytest.mark.parametrize(
    ("text", "family", "number", "value"),
    [
        ("第2章 計画の概要", "chapter:章", "第2章", 2),
        ("3.2 データ連携", "decimal:2", "3.2", 2),
        ("1-2 窓口改革", "hyphenated:2", "1-2", 2),
        ("(イ) 窓口", "kana-paren", "(イ)", 2),
        ("ウ．研修", "kana", "ウ．", 3),
        ("❷ 研修", "dingbat", "❷", 2),
        ("4 基本方針2：窓口", "label:基本方針", "4 基本方針2", 2),
        ("施策1-2 窓口改革", "label:施策:2", "施策1-2", 2),
        ("3.2", "decimal:2", "3.2", 2),
    ],
)
def test_an_enumerator_parses_to_its_family_number_and_value(text, family, number, value):
    enumerator = parse_enumerator(text)
    assert (enumerator.family, enumerator.number, enumerator.value) == (family, number, value)


def test_a_more_specific_form_wins_over_one_it_contains():
    assert parse_enumerator("3.2 データ連携").family == "decimal:2"
    assert parse_enumerator("3. データ連携").family == "dotnum"


def test_item_families_follow_the_list_item_role():
    assert {"kana", "kana-paren", "alpha", "alpha-paren", "circled", "paren", "dotnum"} <= ITEM_FAMILIES
    assert not {"number", "decimal", "chapter", "roman"} & ITEM_FAMILIES
