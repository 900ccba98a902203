"""Publication dates from metadata, file names and article text, as ISO ``YYYY-MM-DD``.

Arabic news writes months three ways: Egyptian/Gulf transliterations (أكتوبر), the
Levantine Syriac names (تشرين الأول) and Maghrebi French ones (أوت), often two at once
("1 تشرين الأول/ أكتوبر 2021", "9 نوفمبر(تشرين الثاني) 2020"). All of them are matched on
:func:`index.arabic.normalize`-d text so hamza and digit variants do not matter.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

from core.filename_date import FILENAME_DATE
from index.arabic import normalize

__all__ = [
    "parse_date",
    "date_from_filename",
    "find_date",
    "months_named",
    "month_words",
    "month_pattern",
    "periods_in",
    "spelled_parts",
    "year_parts_in",
    "without_dates",
]

# One tuple per month, names separated by commas (Levantine names have two words).
_MONTH_NAMES = (
    "january, jan, يناير, كانون الثاني, جانفي",
    "february, feb, فبراير, شباط, فيفري",
    "march, mar, مارس, آذار",
    "april, apr, أبريل, إبريل, نيسان, أفريل",
    "may, مايو, أيار, ماي",
    "june, jun, يونيو, يونيه, حزيران, جوان",
    "july, jul, يوليو, يوليه, تموز, جويلية, يوليوز",
    "august, aug, أغسطس, آب, أوت, غشت",
    "september, sep, sept, سبتمبر, أيلول, شتنبر",
    "october, oct, أكتوبر, تشرين الأول",
    "november, nov, نوفمبر, تشرين الثاني, نونبر",
    "december, dec, ديسمبر, كانون الأول, دجنبر",
)
_MONTHS = {
    normalize(name.strip()): number
    for number, names in enumerate(_MONTH_NAMES, start=1)
    for name in names.split(",")
}

_MONTH = "|".join(sorted((re.escape(name) for name in _MONTHS), key=len, reverse=True))
_DAY = r"(?<!\d)(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d)"
_ALT = rf"(?:\s*[/(\-–]\s*(?:{_MONTH})\s*\)?)?"  # "تشرين الأول/ أكتوبر", "نوفمبر(تشرين الثاني)"
_TEXT_DATES = (
    re.compile(
        r"(?<!\d)(?P<year>(?:19|20)\d\d)[-/.](?P<month>[01]?\d)[-/.](?P<day>[0-3]?\d)(?!\d)"
    ),
    re.compile(rf"{_DAY}\s+(?:of\s+)?(?P<month>{_MONTH})\.?{_ALT},?\s*(?:عام\s+|سنه\s+)?{_YEAR}"),
    re.compile(rf"(?<![^\W\d_])(?P<month>{_MONTH})\.?\s+{_DAY},?\s+{_YEAR}"),
)
# "November 2023", "تشرين الثاني/نوفمبر 2023", "في يونيو من عام 2021"; a year alone, too
_MONTH_YEAR = re.compile(
    rf"(?<![^\W\d_])(?P<month>{_MONTH})\.?{_ALT},?\s*(?:من\s+)?(?:عام\s+|سنه\s+)?{_YEAR}"
)
_LONE_YEAR = re.compile(r"(?<![\d.,])(?P<year>(?:19|20)\d\d)(?!\d|[.,]\d)")
# A quarter or half of a year: "the second quarter of 2023", "Q2 2023", "first-half 2023",
# "الربع الثاني من عام 2023", "النصف الأول من 2023" (normalized: الاول، الاخير); "last" (0)
# is the fourth quarter or the second half
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "الاول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "last": 0, "final": 0, "الاخير": 0,
}  # fmt: skip
_ORDINAL = "|".join(_ORDINALS)
# as a report writes it, without the year: "its net profit for the second quarter"
_PART = (
    rf"\b(?P<en>{_ORDINAL})[- ](?P<part>quarter|half)\b|\b(?P<short>[qh])(?P<n>[1-4])\b"
    rf"|(?P<ar_part>الربع|النصف) (?P<ar>{_ORDINAL})(?![^\W\d_])"
)
_PART_WORD = re.compile(_PART)
# and with it: "the second quarter of 2023", "Q2 2023", "الربع الثاني من عام 2023"
_PART_OF_YEAR = re.compile(
    rf"(?:{_PART})(?:\s+of\s+|,\s*|[\s/-]*)(?:the\s+year\s+)?(?:من\s+)?"
    rf"(?:عام\s+|العام\s+|سنه\s+)?{_YEAR}"
)
# a quick test of raw text for such words, before it is folded
PART_HINT = re.compile(r"quarter|half|\b[QqHh][1-4]\b|الربع|النصف")
_PDF_DATE = re.compile(r"^D:(\d{4})(\d{2})?(\d{2})?")


def _iso(year: int | str, month: int | str, day: int | str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _from_match(match: re.Match[str]) -> str | None:
    month = match.group("month")
    number = int(month) if month.isdigit() else _MONTHS.get(month, 0)
    return _iso(match.group("year"), number, match.group("day")) if number else None


def find_date(text: str) -> str | None:
    """The first plausible date written in ``text`` (ISO, "1 October 2021", Arabic forms)."""
    folded = normalize(text)
    found: list[tuple[int, str]] = []
    for pattern in _TEXT_DATES:
        for match in pattern.finditer(folded):
            iso = _from_match(match)
            if iso:
                found.append((match.start(), iso))
                break
    return min(found)[1] if found else None


def without_dates(text: str) -> str:
    """``text`` normalised, with every date written in it taken out (for telling a dateline
    from a headline that mentions a date)."""
    folded = normalize(text)
    for pattern in _TEXT_DATES:
        folded = pattern.sub(" ", folded)
    return folded


def date_from_filename(name: str) -> str | None:
    """A date embedded in a file name: ``...-2021-10-01...``, ``20211001``, ``2021_10_01``."""
    for match in FILENAME_DATE.finditer(name):
        iso = _iso(match.group("year"), match.group("month"), match.group("day"))
        if iso:
            return iso
    return None


def parse_date(value: object) -> str | None:
    """Read a date from metadata: ISO 8601, RFC 2822, PDF ``D:YYYYMMDD``, epoch or prose.

    Returns None rather than guessing when the value is not recognisably a date.
    """
    if isinstance(value, datetime | date):
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > 1e11 else value  # milliseconds from JavaScript
        if 1e8 < seconds < 5e9:
            return datetime.fromtimestamp(seconds, tz=UTC).date().isoformat()
        return None
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    pdf = _PDF_DATE.match(text)
    if pdf:
        return _iso(pdf.group(1), pdf.group(2) or 1, pdf.group(3) or 1)
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    return find_date(text)


def periods_in(text: str) -> list[tuple[int, int | None]]:
    """The (year, month) periods a question names; a year named alone gives (year, None).

    "What did the Bank of Russia decide in October 2021?" → [(2021, 10)]; a quarter or half
    gives its months ("Q2 2023" → April, May and June of 2023). Read on
    normalized text, so Arabic month names, hamza variants and Arabic-Indic digits all count.
    """
    folded = normalize(text)
    periods: list[tuple[int, int | None]] = []
    covered: list[tuple[int, int]] = []
    for match in _MONTH_YEAR.finditer(folded):
        month = _MONTHS.get(match.group("month"), 0)
        if month:
            periods.append((int(match.group("year")), month))
            covered.append(match.span())
    for match in _PART_OF_YEAR.finditer(folded):
        months = _part_months(match)
        if months:
            periods += [(int(match.group("year")), month) for month in months]
            covered.append(match.span())
    for match in _LONE_YEAR.finditer(folded):
        if not any(a <= match.start() < b for a, b in covered):
            periods.append((int(match.group("year")), None))
    return list(dict.fromkeys(periods))


def year_parts_in(text: str) -> set[tuple[int, int]]:
    """The (year, month)s of the quarters and halves a question names ("Q2 2023"): among
    `periods_in`'s, the ones an article published inside is not thereby about: the second
    quarter's results come out in August, a month of the third."""
    return {
        (int(match.group("year")), month)
        for match in _PART_OF_YEAR.finditer(normalize(text))
        for month in _part_months(match) or ()
    }


_SHORT_PART = re.compile(r"\b([QqHh])([1-4])\b")
_SPELLED = ("", "first", "second", "third", "fourth")


def spelled_parts(question: str) -> str:
    """ "Q2" and "H1" written out ("second quarter", "first half"), as reports write them:
    a question's "Q2" matches no article's words, and its other words then weigh less."""

    def spell(match: re.Match[str]) -> str:
        letter, number = match.group(1).lower(), int(match.group(2))
        if letter == "h" and number > 2:
            return match.group(0)
        return f"{_SPELLED[number]} {'quarter' if letter == 'q' else 'half'}"

    return _SHORT_PART.sub(spell, question)


def _part_months(match: re.Match[str]) -> range | None:
    """The months of the quarter or half a `_PART_OF_YEAR` match names."""
    if match.group("short"):
        part, number = match.group("short"), int(match.group("n"))
    else:
        part = match.group("part") or match.group("ar_part")
        number = _ORDINALS[match.group("en") or match.group("ar")]
    if part in ("q", "quarter", "الربع"):
        number = number or 4
        return range(3 * number - 2, 3 * number + 1)
    number = number or 2
    return range(6 * number - 5, 6 * number + 1) if number <= 2 else None


def months_named(text: str) -> set[tuple[int, int | None]]:
    """Every (year, month) an article's text names, in any date form; a lone year as
    (year, None). An article about December's inflation, published in January, names
    "December 2022" in its text: that is how an answer knows it covers the asked month."""
    folded = normalize(text)
    named = set(periods_in(folded))
    for pattern in _TEXT_DATES:
        for match in pattern.finditer(folded):
            month = match.group("month")
            number = int(month) if month.isdigit() else _MONTHS.get(month, 0)
            if 1 <= number <= 12:
                named.add((int(match.group("year")), number))
    return named


_MONTH_WORD = re.compile(rf"(?<![^\W\d_])(?P<month>{_MONTH})(?![^\W\d_])")
_VERBS = re.compile(r"\b(?:may|march)\b")  # lower case: the verbs, not the months


def month_words(text: str) -> set[int]:
    """The months a text names without a year ("in September", "سبتمبر الماضي"): a report
    names the month its figures are for, and often leaves the year to its date. A month
    written with its year ("19 March 2024") is `months_named`'s, and says nothing of
    another year's March. English "may" and "march" count only capitalized: "the bank may
    raise rates" names no month. A quarter or half named without its year names its months
    ("its net profit for the second quarter": April, May and June)."""
    folded = normalize(_VERBS.sub(" ", text))
    for pattern in (*_TEXT_DATES, _MONTH_YEAR, _PART_OF_YEAR):
        folded = pattern.sub(" ", folded)
    months = {_MONTHS[m.group("month")] for m in _MONTH_WORD.finditer(folded)}
    for match in _PART_WORD.finditer(folded):
        months.update(_part_months(match) or ())
    return months


def month_pattern(months: set[int]) -> re.Pattern[str]:
    """A quick test of raw text for any written form of `months`, before the full readers
    above (ten times slower, as they fold the text and try every date form) are run on it."""
    forms = {
        form
        for name, number in _MONTHS.items()
        if number in months
        for form in (name, *(raw.strip() for raw in _MONTH_NAMES[number - 1].split(",")))
    }
    words = "|".join(sorted(map(re.escape, forms), key=len, reverse=True)) or "(?!)"
    return re.compile(rf"(?<![^\W\d_])(?:{words})(?![^\W\d_])", re.IGNORECASE)
