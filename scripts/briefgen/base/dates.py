"""The one date rule of the brief: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, a real calendar date.

The same rule for the content files (brief.yml, timeline.yml) and for bibliography.bib (`date`,
`urldate`); the precision is what is written.
"""

from __future__ import annotations

import datetime
import re
from typing import Literal

DATE_PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")


def date_problem(value: str) -> str | None:
    """What is wrong with a date written `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, or None: the one
    date rule of the brief, for content files and for bibliography.bib (`date`, `urldate`)."""
    match = DATE_PATTERN.match(value)
    if not match:
        return "is not a date (write YYYY, YYYY-MM or YYYY-MM-DD)"
    year, month, day = match.groups()
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return "is not a real calendar date (check month and day)"
    return None


def date_precision(value: str) -> Literal["year", "month", "day"]:
    """How precise a valid date is: `2024` a year, `2024-06` a month, `2024-06-19` a day."""
    return {1: "year", 2: "month", 3: "day"}[value.count("-") + 1]  # type: ignore[return-value]
