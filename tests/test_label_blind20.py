"""blind20's label texts (data/blind20/labels), written blind: the tuning part read exactly, the measure part
held to its measured floors, and the rules its tuning part taught, in examples of our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.loader import load_content
from bot.nlu.label import LabelReader
from tests.test_label import inferred, load_case, marks

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "data" / "blind20" / "labels"
TUNING = sorted((LABELS / "tune").glob("*.yml"))
MEASURE = sorted((LABELS / "measure").glob("*.yml"))
#: The measure part as measured (aggregate only: its texts are not read): 9 of 18 on arrival, and after the round.
MEASURE_EXACT_FLOOR, MEASURE_PRICE_FLOOR = 9, 16


@pytest.fixture(scope="module")
def reader() -> LabelReader:
    """The reader over the shipped rules."""
    return LabelReader(load_content(ROOT).label_rules)


def price_of(reader: LabelReader, text: str) -> float | None:
    """Return the amount the reader takes for the price."""
    price = reader.read_label(text).price
    return price.amount if price else None


@pytest.mark.parametrize("path", TUNING, ids=lambda p: p.stem)
def test_tuning_label_read_exactly(reader: LabelReader, path: Path) -> None:
    case = load_case(path)
    assert inferred(reader, case["text"]) == marks(case)
    assert price_of(reader, case["text"]) == case["price"]


def test_measure_part_keeps_its_floors(reader: LabelReader) -> None:
    cases = [load_case(p) for p in MEASURE]
    assert len(TUNING) == 27 and len(cases) == 18
    prices = sum(price_of(reader, c["text"]) == c["price"] for c in cases)
    exact = sum(inferred(reader, c["text"]) == marks(c) and price_of(reader, c["text"]) == c["price"] for c in cases)
    assert (exact, prices) >= (MEASURE_EXACT_FLOOR, MEASURE_PRICE_FLOOR), (exact, prices)


@pytest.mark.parametrize(("text", "price"), [
    ("Glow serum 30 ml\n정가 ₩32,000 → ₩24,000", 24000),
    ("Exosome ampoule. Was $80, now $60 while stocks last.", 60),
    ("Exosome cream, RRP £45", 45),  # a list price that is the only price is the price
    ("Suero de exosomas 30 ml. Precio: MX$420.00", 420),
])
def test_a_list_price_gives_way_to_the_sale_price(reader: LabelReader, text: str, price: float) -> None:
    assert price_of(reader, text) == price


def test_digits_ocr_read_for_letters_are_mended_inside_words(reader: LabelReader) -> None:
    reading = reader.read_label("Exos0mes from goat co1ostrum, isolated by u1tracentrifugation. CD81 and TSG101.")
    assert reading.source == "animal"
    assert {"manufacturing", "characterization"} <= set(reading.criteria)


def test_who_was_in_a_study_is_no_disease_claim(reader: LabelReader) -> None:
    study = "In a 2023 study at Harlow University, 30 patients with melasma used the serum for 8 weeks."
    assert "disease_claim" not in reader.read_label(study).claim_ids()
    assert "disease_claim" in reader.read_label("Our exosome serum fades melasma in 8 weeks.").claim_ids()


def test_a_clinic_treatment_with_take_home_products_is_a_regimen(reader: LabelReader) -> None:
    package = ("Glow package: in-clinic microneedling with exosome infusion, then a take-home exosome serum "
               "and balm for the week after.")
    assert "multi_product_regimen" in reader.read_label(package).claim_ids()
    single = "Exosome serum 30 ml. Apply at home after cleansing, morning and night."
    assert "multi_product_regimen" not in reader.read_label(single).claim_ids()  # near miss


@pytest.mark.parametrize("text", ["FDA-registered facility. Exosome serum.", "Exosome ampoule with KFDA approved "
                                  "formula", "Made in an FDA-compliant lab. Exosome cream."])
def test_more_ways_of_claiming_fda_approval(reader: LabelReader, text: str) -> None:
    assert "fda_approved" in reader.read_label(text).claim_ids()


@pytest.mark.parametrize("text", ["2B exosomes in every bottle", "10,000,000,000 vesicles per ml",
                                  "5 milliards d'exosomes par flacon"])
def test_more_ways_of_giving_a_count(reader: LabelReader, text: str) -> None:
    assert "count_without_characterization" in reader.read_label(text).claim_ids()
