"""An article date as the number Chroma compares: 2021-10-01 → 20211001 in `date_num`.

Chroma's `$gte`/`$lte`/`$in` filters work on numbers, not ISO strings. Its own module, below
the store, because the chunk writer (`index.file_records`), the in-place upgrade of older
indexes (`index.format_upgrade`) and the date filters (`index.dated_rows`) all need it.
"""

from __future__ import annotations

from datetime import date

DATE_FIELD = "date_num"


def day_number(day: date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def date_number(iso: object) -> int | None:
    """2021-10-01 → 20211001, the form Chroma compares with $gte/$lte; None if not a date."""
    try:
        return day_number(date.fromisoformat(str(iso or "")[:10]))
    except ValueError:
        return None
