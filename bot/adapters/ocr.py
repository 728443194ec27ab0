"""Read the text on a photo of a label with Tesseract, an optional extra.

Install with ``pip install "exobot[ocr]"`` (pytesseract and Pillow) plus the system package
``tesseract-ocr`` (Debian/Ubuntu: ``apt-get install tesseract-ocr``). Without either, every call
raises ``OcrUnavailable``, whose ``user_message`` is the one line exobot says instead.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from typing import Any

#: What exobot tells a user who sends a photo where OCR is not installed.
UNAVAILABLE_MESSAGE = "I can read label text you paste, but not photos on this installation."
#: Largest image read, in pixels (a phone photo is about 12 million); larger ones are refused.
MAX_PIXELS = 40_000_000
#: Images are scaled so that their longer side is within this range before reading.
MIN_SIDE, MAX_SIDE = 1_200, 3_500
#: Seconds Tesseract may take on one image.
TIMEOUT_S = 30.0


class OcrError(RuntimeError):
    """A photo could not be read."""

    user_message = "I couldn't read that photo. Try a sharper, straight-on photo of the label, or paste its text."


class OcrUnavailable(OcrError):
    """Photos cannot be read on this installation: the binding or the tesseract program is missing."""

    user_message = UNAVAILABLE_MESSAGE


class UnreadableImage(OcrError):
    """The bytes are not an image this installation can open, or the image is too large."""


def _binding() -> tuple[Any, Any]:
    """Import pytesseract and Pillow, or say what is missing."""
    try:
        import PIL.Image
        import PIL.ImageOps
        import pytesseract
    except ImportError as exc:
        raise OcrUnavailable(f'{exc.name or "pytesseract"} is not installed (pip install "exobot[ocr]")') from exc
    return pytesseract, PIL


@lru_cache(maxsize=1)
def _tesseract_version(command: str) -> str:
    """Return the version of the tesseract program (cached per command path)."""
    pytesseract, _ = _binding()
    return str(pytesseract.get_tesseract_version())


def ocr_status() -> str | None:
    """Return None when photos can be read here, else why not (for logs and `exobot settings`)."""
    try:
        pytesseract, _ = _binding()
        _tesseract_version(str(pytesseract.pytesseract.tesseract_cmd))
    except OcrUnavailable as exc:
        return str(exc)
    except (OSError, RuntimeError):  # pytesseract's TesseractNotFoundError is an OSError
        return "the tesseract program is not installed (apt-get install tesseract-ocr)"
    return None


def ocr_available() -> bool:
    """Tell whether photos can be read on this installation."""
    return ocr_status() is None


def _prepare(data: bytes, pil: Any) -> Any:
    """Open the image upright, in grey, scaled so small print is large enough to read."""
    image_module, ops = pil.Image, pil.ImageOps
    try:
        image = image_module.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise UnreadableImage(f"image too large ({image.width}x{image.height})")
        image = ops.exif_transpose(image)
        image.load()
    except (OSError, ValueError, image_module.DecompressionBombError, SyntaxError) as exc:
        raise UnreadableImage(f"not an image this installation can open: {exc}") from exc
    image = image.convert("L")
    side = max(image.size)
    if side < MIN_SIDE or side > MAX_SIDE:
        factor = (MIN_SIDE if side < MIN_SIDE else MAX_SIDE) / side
        image = image.resize((round(image.width * factor), round(image.height * factor)),
                             image_module.Resampling.LANCZOS)
    return ops.autocontrast(image, cutoff=1)


def tidy(text: str) -> str:
    """Tidy Tesseract's output: no form feeds or trailing spaces, at most one blank line in a row."""
    lines = [line.rstrip() for line in text.replace("\f", "\n").splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def image_to_text(data: bytes, *, lang: str = "eng", timeout: float = TIMEOUT_S) -> str:
    """Return the text on a label photo (raises OcrUnavailable, or UnreadableImage for a bad image)."""
    pytesseract, pil = _binding()
    if (reason := ocr_status()) is not None:
        raise OcrUnavailable(reason)
    image = _prepare(data, pil)
    try:
        text = pytesseract.image_to_string(image, lang=lang, config="--psm 3", timeout=timeout)
    except RuntimeError as exc:  # a timeout, or pytesseract's TesseractError
        raise UnreadableImage(f"tesseract could not read the image: {exc}") from exc
    except OSError as exc:
        raise OcrUnavailable(f"the tesseract program could not be run: {exc}") from exc
    return tidy(text)
