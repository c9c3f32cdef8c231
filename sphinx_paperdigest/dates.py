"""A card's date, as Sphinx's ``format_date`` prints it, without Babel for English.

Sphinx formats dates with Babel, whose first use in a process loads the
locale's data: about 12 ms of every build, for a handful of English month
names. For English (the default language) and the few strftime codes a card's
format usually holds, the text is made here; anything else goes to Sphinx.
A test compares both for every month, day and code.
"""

from __future__ import annotations

import datetime as dt
import functools

from sphinx.util.i18n import date_format_re, format_date

#: Babel's abbreviated month names of the ``en`` locale (``MMM``).
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: strftime codes made here, as Sphinx maps them to Babel's patterns.
_CODES = {
    "%b": lambda day: _MONTHS[day.month - 1],  # MMM
    "%d": lambda day: f"{day.day:02d}",  # dd
    "%-d": lambda day: str(day.day),  # d
    "%m": lambda day: f"{day.month:02d}",  # MM
    "%-m": lambda day: str(day.month),  # M
    "%Y": lambda day: f"{day.year:04d}",  # yyyy
}


@functools.lru_cache(maxsize=4096)
def card_date(date_format: str, day: dt.date, language: str) -> str:
    """``day`` in ``date_format`` (strftime codes, as Sphinx's ``today_fmt`` takes them)."""
    tokens = date_format_re.split(date_format)
    if language == "en" and all(t in _CODES or not t.startswith("%") for t in tokens if t):
        return "".join(_CODES[t](day) if t in _CODES else t for t in tokens)
    return format_date(date_format, date=dt.datetime.combine(day, dt.time()), language=language)
