"""Thai digits and number formatting, without the framework."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)
TWO_PLACES = Decimal("0.01")


def to_arabic_digits(text: str) -> str:
    return text.translate(_TO_ARABIC)


def to_thai_digits(text: str) -> str:
    return text.translate(_TO_THAI)


def parse_decimal(text: str | int | float | Decimal | None) -> Decimal | None:
    """Read a number as an officer types it: Thai or Arabic digits, spaces, a comma for
    thousands. Returns None when the text is not a number."""
    if text is None:
        return None
    if isinstance(text, Decimal):
        return text
    if isinstance(text, int | float):
        # str() of a float gives the shortest repr (86.07, not 86.0699999…): what Excel showed.
        return Decimal(str(text))
    cleaned = to_arabic_digits(str(text)).strip().replace(",", "").replace(" ", "")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def round2(value: Decimal) -> Decimal:
    """Round once, half up, to the two decimals NACC publishes."""
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def format_score(value: Decimal | None, thai_digits: bool = False) -> str:
    if value is None:
        return "–"
    text = f"{round2(Decimal(value)):.2f}"
    return to_thai_digits(text) if thai_digits else text
