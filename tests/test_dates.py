"""A card's date made without Babel is the text Sphinx's ``format_date`` makes."""

from __future__ import annotations

import datetime as dt

import pytest
from sphinx.util.i18n import format_date

from sphinx_paperdigest import dates
from sphinx_paperdigest.dates import card_date

DAYS = [dt.date(2021, month, day) for month in range(1, 13) for day in (1, 9, 10, 28)]
DAYS += [dt.date(2020, 2, 29), dt.date(2024, 12, 31), dt.date(5, 1, 2), dt.date(999, 7, 4)]
FORMATS = [
    "%b %-d, %Y",
    "%Y年%-m月%-d日",
    "%Y-%m-%d",
    "%-d/%-m/%Y",
    "%d %b %Y",
    "%b",
    "Day %-d of %Y (%m)",
]


def sphinx_text(date_format: str, day: dt.date, language: str) -> str:
    return format_date(date_format, date=dt.datetime.combine(day, dt.time()), language=language)


@pytest.mark.parametrize("date_format", FORMATS)
def test_english_dates_are_sphinx_s_text(date_format, monkeypatch):
    # the fast path is taken: Sphinx's formatter is not called at all
    monkeypatch.setattr(dates, "format_date", None)
    made = [card_date.__wrapped__(date_format, day, "en") for day in DAYS]
    assert made == [sphinx_text(date_format, day, "en") for day in DAYS]


@pytest.mark.parametrize(
    ("date_format", "language"),
    [
        ("%b %-d, %Y", "ja"),
        ("%Y年%-m月%-d日", "ja"),
        ("%B %-d, %Y", "en"),
        ("%a %x", "en"),
        ("%b %-d, %Y", "de"),
        ("100%% %Y", "en"),
    ],
)
def test_other_languages_and_codes_go_to_sphinx(date_format, language):
    made = [card_date.__wrapped__(date_format, day, language) for day in DAYS]
    assert made == [sphinx_text(date_format, day, language) for day in DAYS]
