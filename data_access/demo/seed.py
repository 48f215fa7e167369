"""``seed_demo``: fill an empty database with deterministic synthetic data, labelled as such."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
from sqlalchemy import Connection, delete, func, insert, select

from data_access.bulk import bulk_insert, indexes_deferred
from data_access.demo import actions, calendar, indicators, national, sulsel
from data_access.demo import profile as prof
from data_access.demo.regions import load_kabkota
from data_access.models import (
    Alert,
    AppMeta,
    BacktestRun,
    ConflictStatusDeclaration,
    Event,
    Forecast,
    ForecastRun,
    HandlingAction,
    Import,
    ImportChange,
    Incident,
    IncidentVersion,
    IndicatorDefinition,
    IndicatorValue,
    ScoreSnapshot,
)

DEFAULT_SEED = 20241127
DEMO_META_KEY = "demo_data"
DEMO_META_VALUE = "sintetis"
SULSEL_INCIDENTS = 5_000
MONTHS = 36
Scale = Literal["sulsel", "national"]

# Tables seeding writes or that derive from its data (alerts, forecasts); they must be empty unless
# ``replace``, which deletes them in this order: children before parents.
DATA_TABLES = (Alert, Forecast, ForecastRun, BacktestRun, HandlingAction, IncidentVersion, ImportChange, Incident,
               Import, IndicatorValue, IndicatorDefinition, Event, ConflictStatusDeclaration, ScoreSnapshot)


class DemoDataError(RuntimeError):
    """Seeding refused (e.g. the database already holds incidents); the message is for users."""


@dataclass(frozen=True)
class SeedSummary:
    scale: str
    seed: int
    today: date
    start: date
    kabkota: int
    incidents: int
    handling_actions: int
    indicator_definitions: int
    indicator_values: int
    events: int
    declarations: int


def window_start(today: date, months: int = MONTHS) -> date:
    """First day of the month ``months - 1`` months before today's month (36 months incl. this one)."""
    index = today.year * 12 + today.month - 1 - (months - 1)
    return date(index // 12, index % 12 + 1, 1)


def seed_demo(conn: Connection, *, seed: int = DEFAULT_SEED, today: date | None = None,
              scale: Scale = "sulsel", n_incidents: int | None = None, replace: bool = False) -> SeedSummary:
    """Write synthetic incidents, actions, indicators, events and a declaration in ``conn``'s transaction.

    Same ``seed`` and ``today`` give identical rows. Raises :class:`DemoDataError` when the
    database already holds incidents (or other data this writes) unless ``replace`` is true,
    in which case those tables are emptied first.
    """
    if scale not in ("sulsel", "national"):
        raise DemoDataError(f"skala tidak dikenal: {scale!r} (pilih sulsel atau national)")
    today = today or date.today()
    n = n_incidents if n_incidents is not None else (SULSEL_INCIDENTS if scale == "sulsel" else 100_000)
    if n < 0:
        raise DemoDataError("jumlah insiden tidak boleh negatif")
    _prepare(conn, replace)
    rng = np.random.default_rng(seed)
    start = window_start(today)
    try:
        regions = load_kabkota(conn, prof.PROVINCE if scale == "sulsel" else None)
    except LookupError as exc:
        raise DemoDataError(str(exc)) from exc
    generator = sulsel.generate if scale == "sulsel" else national.generate
    incidents = generator(rng, regions, start, today, n)
    first_id = (conn.execute(select(func.max(Incident.id))).scalar() or 0) + 1
    incidents.insert(0, "id", np.arange(first_id, first_id + len(incidents)))
    with indexes_deferred(conn, Incident):   # the table is empty here (_prepare)
        bulk_insert(conn, Incident, incidents)

    action_rows: list[dict] = []
    if scale == "sulsel":   # national is a load test of incidents; actions would only slow it down
        action_rows = actions.incident_actions(rng, incidents, today) + actions.prevention_actions(
            regions.codes, prof.PROVINCE, start, today)
        bulk_insert(conn, HandlingAction, actions.with_refs(action_rows))

    bulk_insert(conn, IndicatorDefinition, indicators.definition_rows())
    values = indicators.with_audit(indicators.values_frame(rng, regions, incidents, start, today), today)
    bulk_insert(conn, IndicatorValue, values)

    events = calendar.event_rows(start, today, include_local=scale == "sulsel")
    declarations = calendar.declaration_rows(start, today) if scale == "sulsel" else []
    bulk_insert(conn, Event, events)
    bulk_insert(conn, ConflictStatusDeclaration, declarations)
    conn.execute(insert(AppMeta).values(key=DEMO_META_KEY, value=DEMO_META_VALUE))
    return SeedSummary(scale=scale, seed=seed, today=today, start=start, kabkota=len(regions.codes),
                       incidents=len(incidents), handling_actions=len(action_rows),
                       indicator_definitions=len(indicators.DEFINITIONS), indicator_values=len(values),
                       events=len(events), declarations=len(declarations))


def existing_data(conn: Connection) -> dict[str, int]:
    """Row counts of the tables seeding would write, only those that are not empty."""
    counts = {model.__tablename__: conn.execute(select(func.count()).select_from(model)).scalar_one()
              for model in DATA_TABLES}
    return {name: count for name, count in counts.items() if count}


def _prepare(conn: Connection, replace: bool) -> None:
    found = existing_data(conn)
    if found and not replace:
        listed = ", ".join(f"{name} ({count} baris)" for name, count in found.items())
        raise DemoDataError(f"basis data sudah berisi data: {listed}. Data contoh tidak dimuat; "
                            "gunakan --replace untuk menghapus data tersebut dan menggantinya.")
    if replace:
        for model in DATA_TABLES:
            conn.execute(delete(model))
    conn.execute(delete(AppMeta).where(AppMeta.key == DEMO_META_KEY))
