"""Months as the period of the risk index (``"2024-10"``)."""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> "Month":
        year, month = text.split("-")[:2]
        result = cls(int(year), int(month))
        if not 1 <= result.month <= 12:
            raise ValueError(f"bulan tidak valid: {text}")
        return result

    @classmethod
    def of(cls, day: date) -> "Month":
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def shift(self, months: int) -> "Month":
        index = self.year * 12 + (self.month - 1) + months
        return Month(index // 12, index % 12 + 1)

    def range_to(self, other: "Month") -> list["Month"]:
        """Months from self to other, inclusive."""
        n = (other.year - self.year) * 12 + other.month - self.month
        return [self.shift(i) for i in range(n + 1)]


# The earliest date any SIPKS data may carry (the Proclamation): historic public datasets fit,
# and every date picker reaches back this far so imported history stays reachable.
EARLIEST_DATE = date(1945, 8, 17)

# The span the history pages chart, and what a write recomputes at once (older months: refresh-scores).
HISTORY_MONTHS = 36

MONTHS_ID = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
MONTHS_ID_LONG = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
                  "September", "Oktober", "November", "Desember")
