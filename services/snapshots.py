"""Computing and storing score snapshots for the regions and months a change touched.

Relative categories depend on their peers, so a change is widened to its *reference
sets*: each kab/kota is scored against the kab/kota of its province (the province's
computation), each province against the other provinces (the national computation).
Every month from the earliest changed one to the current one is recomputed, because
hysteresis carries categories forward. Two series are written (design §3):
``dihitung_ulang`` with everything known now (all months from one shared preparation), and
``terbit`` with only the rows known on the month's as-of day, written once for a closed month
of the newest :data:`TERBIT_MONTHS`.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Callable

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from data_access import snapshots as store
from data_access.scoring_inputs import (ScoringFrames, data_start, load_scoring_frames, provinces_with_data,
                                       provincial_frames)
from domain.access import Principal, Scope, ScopeLevel
from domain.period import HISTORY_MONTHS, Month
from scoring import Methodology, ScoringInputs, compute_range, compute_scores, load_methodology

if TYPE_CHECKING:
    from scoring import ScoreResult
    from services.refresh import DataChange

Progress = Callable[[float, str], None]
# A closed month's published ("terbit") scores are reconstructed, as known on its last day, for the
# newest months only: the span the history pages chart. Older months keep the recomputed series alone.
TERBIT_MONTHS = HISTORY_MONTHS
CONTRIBUTION_FIELDS = ("component", "indicator", "label", "raw_value", "normalised", "weight", "contribution")
PLAIN_JSON = ("contributions",)
# A full refresh scores its reference sets in worker processes when there are at least this many.
POOL_MIN_SETS = 8
MAX_WORKERS = 2   # set_rows builds them from plain Python values: no JSON check needed


def methodology() -> Methodology:
    """The methodology in force (``scoring/methodology.toml``)."""
    return load_methodology()


def lookback_months(m: Methodology) -> int:
    # The month before the first scored one needs its own baseline and decay window, and so do the
    # months the hysteresis state is rebuilt from (kategori.hysteresis_lookback_months before it).
    return max(m.eskalasi.baseline_months, m.tekanan.lookback_months) + 1 + m.kategori.hysteresis_lookback_months


def reference_sets(change: "DataChange", provinces: list[str], m: Methodology) -> list[tuple[Scope, tuple[str, ...]]]:
    """The computations a change needs, each with the levels it stores.

    With ``kategori.reference = "provinsi"`` a kab/kota is compared with its province's kab/kota
    (one computation per touched province) and provinces with each other (the national one);
    with ``"nasional"`` one national computation holds every level.
    """
    if m.kategori.reference == "nasional":
        return [(Scope.national(), ("kabkota", "provinsi"))]
    touched = provinces if change.everything else sorted({c.split(".")[0] for c in change.region_codes})
    return [(Scope(ScopeLevel.PROVINSI, p), ("kabkota",)) for p in touched if p in provinces] + [
        (Scope.national(), ("provinsi",))]


def _inputs(frames: ScoringFrames, keep: tuple[str, ...] | None = None) -> ScoringInputs:
    # ``keep``: the levels a reference set stores; the Monte Carlo skips the others (province results unchanged:
    # one random stream per level, tests/services/test_snapshot_levels.py)
    return ScoringInputs.from_frames(regions=frames.regions, indicator_definitions=frames.indicator_definitions,
                                     indicator_values=frames.indicator_values, incident_daily=frames.incident_daily,
                                     declarations=frames.declarations, levels=keep)


def _score(inputs: ScoringInputs, month: Month, m: Methodology, as_of: date, *, known_by: date | None,
           current: bool):
    # the full Monte Carlo for the running month; past months use the methodology's lighter history draws
    draws = m.uncertainty.draws if current else m.uncertainty.history_draws
    return compute_scores(inputs, str(month), m, as_of=as_of, known_by=known_by, draws=draws)


def _plain_values(values: np.ndarray) -> list:
    """A column as plain Python values, NaN/None → None (as ``astype(object).where(notna, None)`` gives)."""
    if values.dtype.kind == "f":
        return [None if v != v else v for v in values.tolist()]   # v != v: NaN
    missing = pd.isna(values)
    items = values.astype(object).tolist()
    return [None if m else v for v, m in zip(items, missing.tolist())] if missing.any() else items


def _contribution_lists(contrib: pd.DataFrame, ks: np.ndarray) -> dict[tuple[int, str], list[dict]]:
    """(month index, region code) → the region's contribution dicts in the result's leaf order (JSON-ready).

    ``ks``: the month index of each row. Grouped through integer keys (a stable argsort keeps the leaf
    order inside a region), not a sort over the region code strings.
    """
    if not len(contrib):
        return {}
    code_idx, uniques = pd.factorize(contrib["region_code"].to_numpy(dtype=object))
    key = ks.astype(np.int64) * len(uniques) + code_idx
    order = np.argsort(key, kind="stable")
    key = key[order]
    fields = [_plain_values(contrib[name].to_numpy()[order]) for name in CONTRIBUTION_FIELDS]
    dicts = [dict(zip(CONTRIBUTION_FIELDS, values)) for values in zip(*fields)]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    ends = np.r_[starts[1:], len(key)].tolist()
    n = len(uniques)
    return {(int(key[a] // n), uniques[key[a] % n]): dicts[a:b] for a, b in zip(starts.tolist(), ends)}


def set_rows(results: list[tuple[Month, "ScoreResult"]], keep: tuple[str, ...]) -> pd.DataFrame:
    """The rows to store for several months of one reference set at once: every result column of the kept
    levels, ``period`` (the :class:`Month`) and each region's contributions (a list of JSON-ready dicts).

    One concatenation of the month tables and one grouping of all their contributions, not per month.
    """
    if not results:
        return pd.DataFrame(columns=["period", "contributions"])
    table = pd.concat([r.table for _, r in results], ignore_index=True)
    ks = np.repeat(np.arange(len(results)), [len(r.table) for _, r in results])
    kept = table["level"].isin(keep).to_numpy()
    table, ks = table[kept].reset_index(drop=True), ks[kept]
    contrib = pd.concat([r.contributions for _, r in results], ignore_index=True)
    contrib_ks = np.repeat(np.arange(len(results)), [len(r.contributions) for _, r in results])
    # only the kept regions' contributions are shaped (the others would never be looked up)
    wanted = contrib["region_code"].isin(pd.unique(table["region_code"])).to_numpy()
    by_region = _contribution_lists(contrib[wanted], contrib_ks[wanted])
    table["contributions"] = [by_region.get(key, []) for key in zip(ks.tolist(), table["region_code"].tolist())]
    months = [month for month, _ in results]
    table["period"] = [months[k] for k in ks.tolist()]
    return table


def _discard(conn: Connection, change: "DataChange", m: Methodology, first: Month, last: Month) -> int:
    """Drop the recomputed rows of the change's reference sets for ``first``..``last`` (stale, not recomputed now)."""
    provinces = sorted(store.province_codes(conn))
    return sum(store.discard(conn, bench, keep, store.DIHITUNG_ULANG, m.version, first, last)
               for bench, keep in reference_sets(change, provinces, m))


def refresh(conn: Connection, change: "DataChange", actor: Principal, today: date, progress: Progress,
            months: list[Month] | None = None) -> int:
    """Recompute and store both series for the reference sets and months ``change`` touched; rows written."""
    if change.empty:
        return 0
    m = methodology()
    current = Month.of(today)
    if months is None:
        # from the changed month (its rows may just have been withdrawn), else from the first data
        start = data_start(conn)
        first = change.since if change.since and not change.everything else (Month.of(start) if start else current)
        if change.stale_months and not change.everything:
            _discard(conn, change, m, *change.stale_months)
            first = max(first, change.recompute_from)
        if first > current:
            return 0
        months = first.range_to(current)
    months = sorted(months)
    terbit_from = current.shift(-(TERBIT_MONTHS - 1))
    provinces = sorted(store.province_codes(conn))
    if change.everything and m.kategori.reference != "nasional":
        # a province with no incident and no indicator value has nothing to score: its kab/kota show
        # "no data" (never a 0-score hijau), and recomputed rows left from earlier data are dropped
        holding = set(provinces_with_data(conn))
        for code in (p for p in provinces if p not in holding):
            store.discard(conn, Scope(ScopeLevel.PROVINSI, code), ("kabkota",), store.DIHITUNG_ULANG, m.version,
                          months[0], months[-1])
        provinces = [p for p in provinces if p in holding]
    sets = reference_sets(change, provinces, m)
    plan = _Plan(tuple(months), current, terbit_from, today, m, actor.username)
    written, done = 0, 0

    # The national set goes first: its read holds every province's rows, which the province sets then take
    # from it (provincial_frames) instead of reading the incidents again.
    sets = sorted(sets, key=lambda s: s[0].level is not ScopeLevel.NASIONAL)
    by_province: dict[str, ScoringFrames] = {}

    def load(bench: Scope, keep: tuple[str, ...]) -> tuple[ScoringFrames, frozenset[Month]]:
        if bench.level is ScopeLevel.PROVINSI and bench.code in by_province:
            frames = by_province.pop(bench.code)
        else:
            frames = load_scoring_frames(conn, bench, day_from=months[0].shift(-lookback_months(m)).first_day,
                                         day_to=max(today, months[-1].last_day))
            if bench.level is ScopeLevel.NASIONAL:
                by_province.update(provincial_frames(frames, [b.code for b, _ in sets
                                                              if b.level is ScopeLevel.PROVINSI]))
        published = set.intersection(*[store.complete_months(conn, bench, level, store.TERBIT, m.version,
                                                             months[0], months[-1]) for level in keep])
        return frames, frozenset(published)

    def write(bench: Scope, batches: list[tuple[list[dict], bool]]) -> None:
        nonlocal written, done
        for records, replace in batches:
            written += store.save_snapshots(conn, records, replace=replace)
        done += 1
        progress(done / len(sets), f"{bench.code or 'nasional'} {months[0]}–{months[-1]}")

    workers = _workers(change, len(sets))
    if workers <= 1:
        for bench, keep in sets:
            write(bench, _set_batches(plan, keep, *load(bench, keep)))
        return written
    # Scoring runs in worker processes (it only needs the DataFrames); reading the inputs and every
    # write stay here, on the caller's connection and in its transaction (and under its refresh lock).
    # Forked (no re-import of the caller's main module, which spawn/forkserver would run again); the
    # workers never touch the inherited connection and leave through os._exit.
    # The national set (every region: the longest to score) is first, so it does not finish alone at the
    # end; results are written as they come (reference sets never share rows), so a long one never
    # holds up the others.
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))

    def write_finished(pending: dict[Future, Scope], at_most: int) -> None:
        while len(pending) > at_most:   # the workers stay busy; at most one result waits in memory
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                write(pending.pop(future), future.result())

    try:
        pending: dict[Future, Scope] = {}
        for bench, keep in sets:
            pending[pool.submit(_set_batches, plan, keep, *load(bench, keep))] = bench
            write_finished(pending, workers)
        write_finished(pending, 0)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return written


@dataclass(frozen=True)
class _Plan:
    """What every reference set of one refresh shares (sent to the worker processes)."""

    months: tuple[Month, ...]
    current: Month
    terbit_from: Month
    today: date
    methodology: Methodology
    computed_by: str


def _set_batches(plan: _Plan, keep: tuple[str, ...], frames: ScoringFrames,
                 published: frozenset[Month]) -> list[tuple[list[dict], bool]]:
    """One reference set's records, as (records, replace) batches for ``save_snapshots``; no database.

    The recomputed series for every month; the published series for each closed month of the newest
    TERBIT_MONTHS not yet published, as known on its last day (written once: replace=False); the running
    month as known today is what is published now: the same rows as recomputed, replaced.
    """
    m, months, current = plan.methodology, list(plan.months), plan.current
    inputs = _inputs(frames, keep)   # draws for the stored level only
    # everything known now: one shared preparation for the whole range
    recomputed = list(compute_range(inputs, months, m, as_of=plan.today if months[-1] == current else None,
                                    draws=m.uncertainty.history_draws, last_draws=m.uncertainty.draws))
    rows = set_rows(list(zip(months, recomputed)), keep)
    batches = [(store.snapshot_records(rows, series=store.DIHITUNG_ULANG, computed_by=plan.computed_by,
                                       json_ready=PLAIN_JSON), True)]
    closed = [(month, _score(inputs, month, m, month.last_day, known_by=month.last_day, current=False))
              for month in months if month != current and month >= plan.terbit_from and month not in published]
    if closed:
        batches.append((store.snapshot_records(set_rows(closed, keep), series=store.TERBIT,
                                               computed_by=plan.computed_by, json_ready=PLAIN_JSON), False))
    if current in months:
        batches.append((store.snapshot_records(rows[rows["period"] == current], series=store.TERBIT,
                                               computed_by=plan.computed_by, json_ready=PLAIN_JSON), True))
    return batches


def _workers(change: "DataChange", n_sets: int) -> int:
    """Worker processes for a refresh: a full refresh of many reference sets (``refresh-scores``) in a
    single-threaded process only. A page's small refresh stays in-process (starting processes costs more
    than it saves), and so does any refresh in a threaded process such as the Streamlit server (forking
    one is unsafe). ``SIPKS_REFRESH_WORKERS`` sets the count for a full refresh (0 or 1: in-process)."""
    if not change.everything or n_sets < POOL_MIN_SETS or threading.active_count() > 1:
        return 1
    configured = os.environ.get("SIPKS_REFRESH_WORKERS")
    return int(configured) if configured else min(MAX_WORKERS, os.cpu_count() or 1)
