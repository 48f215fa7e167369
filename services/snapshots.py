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

from datetime import date
from typing import TYPE_CHECKING, Callable

import numpy as np
import pandas as pd
from sqlalchemy import Connection

from data_access import snapshots as store
from data_access.scoring_inputs import ScoringFrames, data_start, load_scoring_frames, provinces_with_data
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


def _inputs(frames: ScoringFrames) -> ScoringInputs:
    return ScoringInputs.from_frames(regions=frames.regions, indicator_definitions=frames.indicator_definitions,
                                     indicator_values=frames.indicator_values, incident_daily=frames.incident_daily,
                                     declarations=frames.declarations)


def _score(inputs: ScoringInputs, month: Month, m: Methodology, as_of: date, *, known_by: date | None,
           current: bool):
    # the full Monte Carlo for the running month; past months use the methodology's lighter history draws
    draws = m.uncertainty.draws if current else m.uncertainty.history_draws
    return compute_scores(inputs, str(month), m, as_of=as_of, known_by=known_by, draws=draws)


def _contribution_lists(contrib: pd.DataFrame) -> dict[tuple[int, str], list[dict]]:
    """(month index, region code) → the region's contribution dicts, in the result's leaf order (JSON-ready)."""
    contrib = contrib.sort_values(["k", "region_code"], kind="stable")
    fields = []
    for name in CONTRIBUTION_FIELDS:
        values = contrib[name]
        if values.dtype.kind == "f":
            fields.append([None if v != v else v for v in values.to_numpy().tolist()])   # v != v: NaN → None
        else:
            fields.append(values.astype(object).where(values.notna(), None).tolist())
    dicts = [dict(zip(CONTRIBUTION_FIELDS, values)) for values in zip(*fields)]
    ks, codes = contrib["k"].to_numpy(), contrib["region_code"].to_numpy(dtype=object)
    if not len(ks):
        return {}
    starts = np.flatnonzero(np.r_[True, (ks[1:] != ks[:-1]) | (codes[1:] != codes[:-1])])
    ends = np.r_[starts[1:], len(ks)].tolist()
    return {(int(ks[a]), codes[a]): dicts[a:b] for a, b in zip(starts.tolist(), ends)}


def set_rows(results: list[tuple[Month, "ScoreResult"]], keep: tuple[str, ...]) -> pd.DataFrame:
    """The rows to store for several months of one reference set at once: every result column of the kept
    levels, ``period`` (the :class:`Month`) and each region's contributions (a list of JSON-ready dicts).

    One concatenation and one grouping of the contributions for all months, rather than per month.
    """
    tables, contribs = [], []
    for k, (_, result) in enumerate(results):
        table = result.table[result.table["level"].isin(keep)]
        tables.append(table.assign(k=k))
        c = result.contributions
        contribs.append(c.loc[c["region_code"].isin(table["region_code"]), ["region_code", *CONTRIBUTION_FIELDS]]
                        .assign(k=k))
    table = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()
    if table.empty:
        return table.assign(period=[], contributions=[])
    by_region = _contribution_lists(pd.concat(contribs, ignore_index=True))
    ks = table.pop("k").tolist()
    table["contributions"] = [by_region.get(key, []) for key in zip(ks, table["region_code"].tolist())]
    months = [month for month, _ in results]
    table["period"] = [months[k] for k in ks]
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
    written, total, done = 0, len(sets) * len(months), 0
    for bench, keep in sets:
        frames = load_scoring_frames(conn, bench, day_from=months[0].shift(-lookback_months(m)).first_day,
                                     day_to=max(today, months[-1].last_day))
        inputs = _inputs(frames)
        published = set.intersection(*[store.complete_months(conn, bench, level, store.TERBIT, m.version,
                                                             months[0], months[-1]) for level in keep])
        # everything known now: one shared preparation for the whole range
        recomputed = list(compute_range(inputs, months, m, as_of=today if months[-1] == current else None,
                                        draws=m.uncertainty.history_draws, last_draws=m.uncertainty.draws))
        done += len(months) / 2
        progress(done / total, f"{bench.code or 'nasional'} {months[-1]}")
        # as published: a closed month of the newest TERBIT_MONTHS not yet published, as known on its last day
        # (written once); the running month as known today is what is published now: the same rows, replaced
        closed = [(month, _score(inputs, month, m, month.last_day, known_by=month.last_day, current=False))
                  for month in months if month != current and month >= terbit_from and month not in published]
        rows = set_rows(list(zip(months, recomputed)), keep)
        written += store.save_snapshots(conn, store.snapshot_records(
            rows, series=store.DIHITUNG_ULANG, computed_by=actor.username))
        if closed:
            written += store.save_snapshots(conn, store.snapshot_records(
                set_rows(closed, keep), series=store.TERBIT, computed_by=actor.username), replace=False)
        if current in months:
            written += store.save_snapshots(conn, store.snapshot_records(
                rows[rows["period"] == current], series=store.TERBIT, computed_by=actor.username))
        done += len(months) - len(months) / 2
        progress(done / total, f"{bench.code or 'nasional'} {months[-1]}")
    return written
