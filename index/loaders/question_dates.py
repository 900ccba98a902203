"""What a question says about *when*: a period (start, end), "latest", or nothing.

Why by hand and not `dateparser`: measured on fifteen Arabic and English question forms,
dateparser 1.5 got no Levantine month ("تشرين الثاني", "حزيران" fell back to the bare year),
returned points, not periods ("October 2021" → 2021-10-02, so "the whole month" is lost),
split "between June and August 2021" into three unrelated dates and turned "31 February 2021"
into "February of this year". The month tables and Arabic folding of `index.loaders.dates`
already read every form the articles use, so questions are read with the same tables: one
date module for loaders and questions.

Relative words ("yesterday", "last week", "الشهر الماضي") resolve against `today`, which
callers inject (the `NEWSQA_TODAY` setting, else the real date). A date that does not exist
("31 February") is no date: the question is answered as if it named none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from index.arabic import normalize
from index.loaders.dates import _ALT, _MONTH, _MONTHS

__all__ = ["DateQuery", "question_dates", "month_end"]

_DAY = r"(?<!\d)(?P<day>[0-3]?\d)(?!\d)(?:st|nd|rd|th)?"
_YEAR_OPT = r"(?:,?\s*(?:من\s+)?(?:عام\s+|سنه\s+)?(?P<year>(?:19|20)\d\d)(?!\d))?"
_MONTH_G = rf"(?P<month>{_MONTH})\.?{_ALT}"
_NOT_AFTER_LETTER = r"(?<![^\W\d_])"
# "between 1 and 15 October 2021", "between June and August 2021", "بين يونيو وأغسطس 2021"
_RANGE = re.compile(
    rf"(?:between|from|بين|من)\s+(?:(?P<d1>[0-3]?\d)\s+)?(?P<m1>{_MONTH})?\.?{_ALT}\s*"
    rf"(?P<y1>(?:19|20)\d\d)?\s*(?:and|to|until|-|–|و\s*|الي|حتي)\s*"
    rf"(?:(?P<d2>[0-3]?\d)\s+)?(?P<m2>{_MONTH})\.?{_ALT}\s*(?:,?\s*(?:عام\s+)?(?P<y2>(?:19|20)\d\d))?"
)
_DAY_MONTH = re.compile(rf"{_DAY}\s+(?:of\s+)?{_MONTH_G}{_YEAR_OPT}")
_MONTH_DAY = re.compile(rf"{_NOT_AFTER_LETTER}{_MONTH_G}\s+{_DAY}{_YEAR_OPT}")
_MONTH_YEAR = re.compile(
    rf"{_NOT_AFTER_LETTER}{_MONTH_G},?\s*(?:من\s+)?(?:عام\s+|سنه\s+)?(?P<year>(?:19|20)\d\d)(?!\d)"
)
_ISO = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)(?!\d)")
_LATEST = re.compile(
    r"\b(latest|most recent|newest|recent news|last news|most recently)\b"
    r"|(^|\s)(اخر اخبار|اخر الاخبار|احدث|اخر ما|اخر خبر|اخر المستجدات|مؤخرا)(?![^\W\d_])"
)
_WEEKDAYS = "احد|اثنين|ثلاثاء|اربعاء|خميس|جمعه|سبت"  # after ال, normalized
# relative periods: (pattern on normalized text, resolver name)
_RELATIVE = (
    # "اليوم" is also "the day": "كم قطاراً في اليوم" asks per day, "ساعات من اليوم" for hours
    # of the day, "تذكرة اليوم الواحد" for a day ticket (an adjective with ال follows it), none
    # about today; "اليوم الأحد" (today, Sunday) still is
    (
        r"\b(today|this morning)\b|(?:^|(?<!في)(?<!من)\s)"
        rf"(اليوم(?!\s+ال(?!{_WEEKDAYS})[^\W\d_])|هذا الصباح)(?![^\W\d_])",
        "today",
    ),
    (r"\byesterday\b|(^|\s)(امس|البارحه)(?![^\W\d_])", "yesterday"),
    (r"\b(last|past|previous) (7 days|seven days)\b|(^|\s)(الايام السبعه الماضيه)", "past7"),
    (r"\b(last|past|previous) week\b|(^|\s)(الاسبوع الماضي|الاسبوع المنصرم)", "last_week"),
    (r"\bthis week\b|(^|\s)(هذا الاسبوع)", "this_week"),
    (r"\b(last|past|previous) month\b|(^|\s)(الشهر الماضي|الشهر المنصرم)", "last_month"),
    (r"\bthis month\b|(^|\s)(هذا الشهر)", "this_month"),
    (r"\b(last|past|previous) year\b|(^|\s)(العام الماضي|السنه الماضيه)", "last_year"),
    (r"\bthis year\b|(^|\s)(هذا العام|هذه السنه)", "this_year"),
)
_RELATIVE_RE = tuple((re.compile(p), name) for p, name in _RELATIVE)
_DAYS_AGO = re.compile(r"\b(\d+) days ago\b|(?:^|\s)منذ (\d+) (?:ايام|يوما|يوم)")


@dataclass(frozen=True)
class DateQuery:
    """When a question asks about. `periods` are inclusive (start, end) days.

    `relative` says the period came from words like "last week" (resolved against today);
    `yearless` that a day or month was named without a year ("on 1 October"), so the
    period stands for that day in every year the index covers.
    """

    periods: tuple[tuple[date, date], ...] = ()
    latest: bool = False
    relative: bool = False
    yearless: bool = False
    month_named: bool = False  # a month with its year, as `period_fit` already weighs

    @property
    def dated(self) -> bool:
        return bool(self.periods)

    def in_years(self, years: range) -> tuple[tuple[date, date], ...]:
        """A yearless period repeated in each of `years` (days that do not exist skipped)."""
        if not self.yearless:
            return self.periods
        out = []
        for start, end in self.periods:
            for year in years:
                try:
                    out.append((start.replace(year=year), end.replace(year=year)))
                except ValueError:  # 29 February
                    continue
        return tuple(out)


def month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _month(name: str | None) -> int:
    return _MONTHS.get(name or "", 0)


def _day_period(year: int, month: int, day: int) -> tuple[date, date] | None:
    try:
        one = date(year, month, day)
    except ValueError:
        return None
    return one, one


def _relative(name: str, today: date) -> tuple[date, date]:
    monday = today - timedelta(days=today.weekday())
    if name == "today":
        return today, today
    if name == "yesterday":
        return today - timedelta(days=1), today - timedelta(days=1)
    if name == "past7":
        return today - timedelta(days=7), today - timedelta(days=1)
    if name == "last_week":
        return monday - timedelta(days=7), monday - timedelta(days=1)
    if name == "this_week":
        return monday, today
    if name == "last_month":
        last = today.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    if name == "this_month":
        return today.replace(day=1), today
    if name == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    return date(today.year, 1, 1), today  # this_year


def _range(match: re.Match[str], today: date) -> tuple[date, date] | None:
    """ "between 1 and 15 October 2021", "between June and August 2021"."""
    m2 = _month(match.group("m2"))
    m1 = _month(match.group("m1")) or m2
    y2 = int(match.group("y2") or match.group("y1") or 0)
    y1 = int(match.group("y1") or y2 or 0)
    if not (m1 and m2 and y1 and y2):
        return None
    d1, d2 = match.group("d1"), match.group("d2")
    try:
        start = date(y1, m1, int(d1) if d1 else 1)
        end = date(y2, m2, int(d2)) if d2 else month_end(y2, m2)
    except ValueError:
        return None
    return (start, end) if start <= end else None


def question_dates(question: str, today: date | None = None) -> DateQuery:
    """Read the period a question asks about; `today` resolves relative words.

    A range is tried first, then a full date, a day with its month, a month with its year,
    then relative words; the first form found decides. "latest" is reported alongside.
    """
    today = today or date.today()
    text = normalize(question)
    latest = bool(_LATEST.search(text))
    match = _RANGE.search(text)
    if match and (period := _range(match, today)):
        return DateQuery((period,), latest)
    match = _ISO.search(text)
    if match:
        period = _day_period(*(int(match.group(k)) for k in ("year", "month", "day")))
        return DateQuery((period,) if period else (), latest)
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        match = pattern.search(text)
        if match:
            return _from_day_match(match, today, latest)
    match = _MONTH_YEAR.search(text)
    if match:
        year, month = int(match.group("year")), _month(match.group("month"))
        period = (date(year, month, 1), month_end(year, month))
        return DateQuery((period,), latest, month_named=True)
    ago = _DAYS_AGO.search(text)
    if ago:
        day = today - timedelta(days=int(ago.group(1) or ago.group(2)))
        return DateQuery(((day, day),), latest, relative=True)
    for pattern, name in _RELATIVE_RE:
        if pattern.search(text):
            return DateQuery((_relative(name, today),), latest, relative=True)
    return DateQuery((), latest)


def _from_day_match(match: re.Match[str], today: date, latest: bool) -> DateQuery:
    """A day and month, with or without a year; an impossible day is no date at all."""
    month, day = _month(match.group("month")), int(match.group("day"))
    if match.group("year"):
        period = _day_period(int(match.group("year")), month, day)
        return DateQuery((period,) if period else (), latest)
    # no year: the day in a leap year stands for it, so 29 February is kept
    period = _day_period(2024, month, day)
    if period is None:
        return DateQuery((), latest)
    return DateQuery((period,), latest, yearless=True)
