"""Recomputing what depends on the data, right after every write (docs/design-snapshots.md §5).

A write reports what it touched as a :class:`DataChange`; :func:`after_change` runs each
step of :data:`STEPS` in order (stored scores first; early-warning alerts append their step
here) inside the caller's transaction, so the page or command that wrote the data shows
the new scores as soon as it returns. ``refresh-scores`` runs the same steps for everything.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Callable

from sqlalchemy import Connection

from data_access import snapshots as store
from data_access.footprint import Footprint
from domain.access import SYSTEM, Principal
from domain.period import Month
from services import alerts
from services import snapshots as score_snapshots

Progress = Callable[[float, str], None]
__all__ = ["Connection", "DataChange", "RefreshSummary", "STEPS", "Step", "StepResult", "after_change"]


@dataclass(frozen=True)
class DataChange:
    """What a write touched: region codes (kab/kota or province) and the earliest month; or everything."""

    region_codes: frozenset[str] = frozenset()
    since: Month | None = None
    everything: bool = False
    reason: str = ""
    # Months before this one are not recomputed now: their stored recomputed scores are discarded
    # as stale (pages then say so) until ``refresh-scores`` runs. A page bounds its flow this way.
    recompute_from: Month | None = None

    @classmethod
    def all(cls, reason: str = "refresh-scores") -> "DataChange":
        return cls(everything=True, reason=reason)

    @classmethod
    def of(cls, footprint: Footprint, reason: str) -> "DataChange":
        """The change a write left behind (see ``data_access.footprint``)."""
        since = Month.of(footprint.earliest) if footprint.earliest else None
        return cls(footprint.region_codes, since, footprint.everything, reason)

    def bounded(self, months: int, today: date) -> "DataChange":
        """This change, recomputed now only for the newest ``months`` months (older ones: see ``recompute_from``)."""
        return replace(self, recompute_from=Month.of(today).shift(-(months - 1)))

    @property
    def stale_months(self) -> tuple[Month, Month] | None:
        """The changed months that are discarded rather than recomputed now (first, last), if any."""
        if self.recompute_from is None or self.since is None or self.since >= self.recompute_from:
            return None
        return self.since, self.recompute_from.shift(-1)

    @property
    def empty(self) -> bool:
        return not self.everything and not self.region_codes


@dataclass(frozen=True)
class StepResult:
    step: str
    rows: int


@dataclass(frozen=True)
class RefreshSummary:
    change: DataChange
    steps: tuple[StepResult, ...] = field(default_factory=tuple)

    @property
    def rows(self) -> int:
        return sum(s.rows for s in self.steps)


@dataclass(frozen=True)
class Step:
    """One recomputation: ``run(conn, change, actor, today, progress) -> rows written``."""

    name: str
    label: str
    run: Callable[[Connection, DataChange, Principal, date, Progress], int]


# In order: scores first, then what reads them (the alert rules read the stored categories).
STEPS: tuple[Step, ...] = (
    Step("scores", "Menghitung ulang skor", score_snapshots.refresh),
    Step("alerts", "Menghitung ulang peringatan dini", alerts.refresh_step),
)


def after_change(conn: Connection, change: DataChange, progress: Progress | None = None, *,
                 actor: Principal = SYSTEM, today: date | None = None) -> RefreshSummary:
    """Recompute everything that depends on ``change``, step by step, in the caller's transaction."""
    report = progress or (lambda fraction, text: None)
    today = today or date.today()
    store.serialise_refresh(conn)
    done = []
    for i, step in enumerate(STEPS):
        def scaled(fraction: float, text: str, i: int = i, step: Step = step) -> None:
            report((i + min(max(fraction, 0.0), 1.0)) / len(STEPS), f"{step.label}: {text}" if text else step.label)
        done.append(StepResult(step.name, step.run(conn, change, actor, today, scaled)))
    report(1.0, "Selesai")
    return RefreshSummary(change, tuple(done))
