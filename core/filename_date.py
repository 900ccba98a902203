"""The date in a file name ("2021-10-01-talks.md", "20211001_talks.txt").

One pattern for the loaders that read a file's date from its name and for the title that
must not contain it, so the two agree on what a date is. Years 1900-2099, real months and
days only: "2021-13-40" or "1899..." is not taken for a date.
"""

from __future__ import annotations

import re

FILENAME_DATE = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d\d)[-_.]?(?P<month>0[1-9]|1[0-2])[-_.]?"
    r"(?P<day>0[1-9]|[12]\d|3[01])(?!\d)"
)
