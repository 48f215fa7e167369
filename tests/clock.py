"""One fixed "today" for the page tests, so their numbers do not change with the day of the month.

The app asks ``date.today()`` / ``datetime.now()`` in many places; time-machine moves the
process clock to :data:`FROZEN_TODAY` at noon (and lets it tick, so timeouts still elapse)
for the duration of each page test. Seed data is built around the same date.
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date, datetime, time
from typing import Iterator

import time_machine

# Mid-month on purpose: a page's "this month so far" and "last 90 days" windows are both non-trivial.
FROZEN_TODAY = date(2026, 11, 16)


@contextmanager
def frozen_today(day: date = FROZEN_TODAY) -> Iterator[None]:
    with time_machine.travel(datetime.combine(day, time(12, 0)), tick=True):
        yield
