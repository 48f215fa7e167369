"""Risk scores for a view, read from the stored snapshots (docs/design-snapshots.md): a page never computes one.

Scores are relative to the regions they are compared with, so they are computed by the
writers (:mod:`services.refresh`) over their reference sets and stored; a read only
selects the rows of the caller's scope and month. A missing month is reported as such
(``RiskView.missing``), never filled by a live computation.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlalchemy import Connection

from data_access import snapshots as store
from data_access.scoring_inputs import benchmark_scope, load_scoring_frames
from domain.access import Principal, Scope, ScopeLevel
from domain.period import Month
from domain.regions import display_name
from scoring import Methodology, ScoringInputs, rank_uncertainty, transitions
from services.refresh import DataChange
from services.snapshots import CONTRIBUTION_FIELDS, lookback_months, methodology, refresh

__all__ = ["RiskView", "history_for", "load_inputs", "methodology", "scores_for", "store_snapshots",
           "transitions_for", "uncertainty_for"]
CONTRIBUTION_COLUMNS = ["region_code", *CONTRIBUTION_FIELDS]


@dataclass(frozen=True)
class RiskView:
    """Scores of the regions shown for one scope and month (the scoring result's table columns)."""

    table: pd.DataFrame           # one row per region shown (kab/kota, or provinces for a national scope)
    contributions: pd.DataFrame   # long: region_code, component, indicator, label, raw_value, normalised, weight, contribution
    period: str
    methodology_version: str
    benchmark: Scope
    notes: tuple[str, ...] = ()
    missing: bool = False         # no snapshot stored for this month: pages say so (never compute one)
    series: str = store.DIHITUNG_ULANG


def _view_scope(principal: Principal, scope: Scope | None) -> Scope:
    return principal.scope.narrow(scope)


def _shown_levels(scope: Scope) -> tuple[str, ...]:
    return ("provinsi",) if scope.level is ScopeLevel.NASIONAL else ("kabkota",)


def _named(frame: pd.DataFrame) -> pd.DataFrame:
    frame.insert(1, "name", [display_name(n, lv) for n, lv in zip(frame.pop("region_name"), frame.pop("region_level"))])
    return frame


def scores_for(conn: Connection, principal: Principal, scope: Scope | None, month: Month, *,
               level: str | None = None, series: str = store.DIHITUNG_ULANG) -> RiskView:
    """Stored scores, categories, ranks and contributions of the regions in ``scope`` (narrowed to the principal's).

    ``level="kabkota"`` at national scope gives all 514 kab/kota (the national map).
    """
    scope = _view_scope(principal, scope)
    m = methodology()
    table = store.load_month(conn, principal, scope, month, series=series, methodology_version=m.version,
                             levels=(level,) if level else _shown_levels(scope))
    contributions = pd.DataFrame(
        [{"region_code": code, **c} for code, rows in zip(table["region_code"], table.pop("contributions"))
         for c in (rows or [])], columns=CONTRIBUTION_COLUMNS)
    return RiskView(_named(table), contributions, str(month), m.version, benchmark_scope(scope),
                    missing=table.empty, series=series)


def history_for(conn: Connection, principal: Principal, scope: Scope | None, months: list[Month], *,
                series: str = store.TERBIT) -> pd.DataFrame:
    """Stored score, category and rank of every region in ``scope`` for each of ``months`` (one series).

    History shows what was published at the time (``terbit``) unless ``series`` asks for the recomputed one.
    """
    scope = _view_scope(principal, scope)
    columns = ["region_code", "name", "level", "period", "score", "category", "rank"]
    if not months:
        return pd.DataFrame(columns=columns)
    months = sorted(months)
    frame = store.load_history(conn, principal, scope, months[0], months[-1], series=(series,),
                               methodology_version=methodology().version, levels=_shown_levels(scope))
    frame = frame[frame["period"].isin({str(x) for x in months})].reset_index(drop=True)
    frame = _named(frame)
    frame["rank"] = frame["rank"].astype("Int64")
    return frame[columns + [c for c in frame.columns if c not in columns and c != "series"]]


def transitions_for(conn: Connection, principal: Principal, scope: Scope | None, months: list[Month]) -> pd.DataFrame:
    """Category changes (e.g. merah → kuning) between consecutive months of ``months``, within ``scope``."""
    history = history_for(conn, principal, scope, months)
    return transitions(history).reset_index(drop=True)


def load_inputs(conn: Connection, benchmark: Scope, first: Month, last: Month,
                m: Methodology | None = None) -> ScoringInputs:
    """Scoring inputs for scoring months ``first``..``last`` (and the month before) over ``benchmark``."""
    m = m or methodology()
    frames = load_scoring_frames(conn, benchmark, day_from=first.shift(-lookback_months(m)).first_day,
                                 day_to=last.last_day)
    return ScoringInputs.from_frames(
        regions=frames.regions, indicator_definitions=frames.indicator_definitions,
        indicator_values=frames.indicator_values, incident_daily=frames.incident_daily,
        declarations=frames.declarations,
    )


def uncertainty_for(conn: Connection, principal: Principal, scope: Scope | None, month: Month,
                    n_draws: int = 500, seed: int = 0) -> pd.DataFrame:
    """Median rank and 90 % rank band of each region in ``scope`` under Monte Carlo perturbation.

    An analysis the Metodologi page asks for explicitly (not a stored score).
    """
    scope = _view_scope(principal, scope)
    m = methodology()
    table = rank_uncertainty(load_inputs(conn, benchmark_scope(scope), month, month, m), str(month),
                             n_draws=n_draws, seed=seed, methodology=m)
    codes = table["region_code"].astype(str)
    if scope.level is ScopeLevel.NASIONAL:
        keep = table["level"] == "provinsi"
    else:
        keep = (table["level"] == "kabkota") & ((codes == scope.code) | codes.str.startswith(scope.code + "."))
    return table[keep.to_numpy()].reset_index(drop=True)


def store_snapshots(conn: Connection, principal: Principal, scope: Scope | None, months: list[Month],
                    today: date | None = None) -> int:
    """Compute and store both series for the reference sets of ``scope`` and ``months``; returns rows written."""
    scope = _view_scope(principal, scope)
    change = DataChange.all("compute-scores") if scope.code is None else DataChange(frozenset({scope.code}))
    return refresh(conn, change, principal, today or date.today(), lambda f, t: None, months=sorted(months))
