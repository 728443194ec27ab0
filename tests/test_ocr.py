"""Label photos through Tesseract (bot/adapters/ocr.py), then the same reading as pasted text.

The images are rendered here with Pillow's own font, so the text they hold is known. The OCR tests
are skipped, with the reason, where pytesseract, Pillow or the tesseract program is missing.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from bot.adapters import ocr
from bot.content import load_content
from bot.nlu.label import LabelReader

ROOT = Path(__file__).resolve().parent.parent
REASON = ocr.ocr_status()
needs_ocr = pytest.mark.skipif(REASON is not None, reason=f"OCR is not installed here: {REASON}")

HUMAN_LABEL = """AURELIA LABS Exosome Repair Serum 30 mL
Exosomes from human umbilical cord mesenchymal stem cells.
Isolated by tangential flow filtration.
Markers: CD9, CD63 and CD81 confirmed by western blot.
Keep refrigerated. Airless pump.
Directions: apply 3 drops every evening after cleansing.
Warning: not for use during pregnancy or breastfeeding.
Price: $129"""

CLAIMS_LABEL = """GLOWRA Rose Exosome Cream 50 mL
10 billion rose stem cell exosomes in every jar.
FDA approved. Clinically proven to firm skin in 7 days.
Pair with our Exosome Eye Serum for best results.
Only $39.99"""


@pytest.fixture(scope="module")
def reader() -> LabelReader:
    """The reader over the shipped rules."""
    return LabelReader(load_content(ROOT).label_rules)


def render(text: str, size: int = 28, angle: float = 0, blur: bool = False, fmt: str = "PNG",
           orientation: int | None = None) -> bytes:
    """Draw the text dark on a cream card; optionally tilt, blur, save as JPEG or store it turned with an EXIF tag."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    lines = text.splitlines()
    font = ImageFont.load_default(size=size)
    step = int(size * 1.5)
    image = Image.new("RGB", (40 + max(int(font.getlength(line)) for line in lines), 40 + len(lines) * step),
                      (250, 248, 240))
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(lines):
        draw.text((20, 20 + i * step), line, fill=(30, 30, 30), font=font)
    if angle:
        image = image.rotate(angle, expand=True, fillcolor=(250, 248, 240))
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(0.8))
    extra = {}
    if orientation == 6:  # stored turned a quarter left; the tag says "turn right to show"
        image = image.rotate(90, expand=True)
        exif = Image.Exif()
        exif[0x0112] = 6
        extra["exif"] = exif
    out = io.BytesIO()
    image.save(out, fmt, **({"quality": 70} if fmt == "JPEG" else {}), **extra)
    return out.getvalue()


@needs_ocr
@pytest.mark.parametrize("kwargs", [{}, {"size": 18}, {"angle": 2, "blur": True, "fmt": "JPEG"},
                                    {"fmt": "JPEG", "orientation": 6}],
                         ids=["plain", "small-print", "tilted-blurred-jpeg", "exif-turned"])
def test_a_photographed_label_is_read_like_pasted_text(reader: LabelReader, kwargs: dict) -> None:
    text = ocr.image_to_text(render(HUMAN_LABEL, **kwargs))
    reading = reader.read_label(text)
    assert reading.source == "human"
    assert {"manufacturing", "characterization", "stability", "guidance"} <= set(reading.criteria)
    assert "CD9, CD63 and CD81" in reading.criteria["characterization"].words
    assert reading.price is not None and (reading.price.amount, reading.price.currency) == (129, "USD")
    assert reading.claims == ()


@needs_ocr
def test_claims_on_a_photo_are_flagged(reader: LabelReader) -> None:
    reading = reader.read_label(ocr.image_to_text(render(CLAIMS_LABEL)))
    assert reading.source == "plant"
    assert set(reading.claim_ids()) == {"fda_approved", "clinically_proven_unnamed",
                                        "count_without_characterization", "multi_product_regimen"}
    assert reading.price is not None and reading.price.amount == 39.99


@needs_ocr
def test_bytes_that_are_not_an_image_are_refused() -> None:
    with pytest.raises(ocr.UnreadableImage):
        ocr.image_to_text(b"\x89PNG but not really")


def test_without_the_binding_photos_get_the_one_line_signal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pytesseract", None)
    assert "is not installed" in (ocr.ocr_status() or "")  # the binding (or Pillow before it)
    assert not ocr.ocr_available()
    with pytest.raises(ocr.OcrUnavailable) as caught:
        ocr.image_to_text(b"whatever")
    assert caught.value.user_message == ocr.UNAVAILABLE_MESSAGE
    assert "\n" not in ocr.UNAVAILABLE_MESSAGE and "not photos" in ocr.UNAVAILABLE_MESSAGE


def test_without_the_tesseract_program_photos_get_the_one_line_signal(monkeypatch: pytest.MonkeyPatch) -> None:
    pytesseract = pytest.importorskip("pytesseract", reason="the pytesseract binding is not installed")
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    assert "tesseract program is not installed" in (ocr.ocr_status() or "")
    with pytest.raises(ocr.OcrUnavailable):
        ocr.image_to_text(b"whatever")


def test_tidy_output() -> None:
    assert ocr.tidy("Line one  \n\n\n\nLine two\f") == "Line one\n\nLine two"
