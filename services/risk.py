"""Risk scores for a view: load aggregated inputs → score with the methodology → trim to the caller's scope.

Scores are relative to the regions they are compared with, so they are computed
over the *benchmark population* (the province around the scope, or the whole
country) and only then cut down to what the caller may see. The inputs are
aggregates (counts per kab/kota and day) and reference data; no incident text
leaves data_access here.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Connection

from data_access.scoring_inputs import benchmark_scope, load_scoring_frames
from data_access.snapshots import save_snapshots
from domain.access import Principal, Scope, ScopeLevel
from domain.period import Month
from scoring import (
    Methodology, ScoringInputs, compute_scores, load_methodology, rank_uncertainty, score_history,
    snapshot_rows, transitions,
)


@dataclass(frozen=True)
class RiskView:
    """Scores of the regions shown for one scope and month."""

    table: pd.DataFrame           # one row per region shown (kab/kota, or provinces for a national scope)
    contributions: pd.DataFrame   # long: region_code, component, indicator, label, raw_value, normalised, weight, contribution
    period: str
    methodology_version: str
    benchmark: Scope
    notes: tuple[str, ...] = ()


def methodology() -> Methodology:
    """The methodology in force (``scoring/methodology.toml``)."""
    return load_methodology()


def _lookback_months(m: Methodology) -> int:
    # The month before the first scored one needs its own baseline and decay window, and so do the
    # months the hysteresis state is rebuilt from (kategori.hysteresis_lookback_months before it).
    return max(m.eskalasi.baseline_months, m.tekanan.lookback_months) + 1 + m.kategori.hysteresis_lookback_months


def load_inputs(conn: Connection, benchmark: Scope, first: Month, last: Month,
                m: Methodology | None = None) -> ScoringInputs:
    """Scoring inputs for scoring months ``first``..``last`` (and the month before) over ``benchmark``."""
    m = m or methodology()
    day_from = first.shift(-_lookback_months(m)).first_day
    frames = load_scoring_frames(conn, benchmark, day_from=day_from, day_to=last.last_day)
    return ScoringInputs.from_frames(
        regions=frames.regions, indicator_definitions=frames.indicator_definitions,
        indicator_values=frames.indicator_values, incident_daily=frames.incident_daily,
        declarations=frames.declarations,
    )


def _shown(frame: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """Rows of ``frame`` that the view shows: provinces for a national scope, else kab/kota in the scope."""
    codes = frame["region_code"].astype(str)
    if scope.level is ScopeLevel.NASIONAL:
        keep = frame["level"] == "provinsi"
    else:
        keep = (frame["level"] == "kabkota") & ((codes == scope.code) | codes.str.startswith(scope.code + "."))
    return frame[keep.to_numpy()].reset_index(drop=True)


def _view_scope(principal: Principal, scope: Scope | None) -> Scope:
    return principal.scope.narrow(scope)


def scores_for(conn: Connection, principal: Principal, scope: Scope | None, month: Month) -> RiskView:
    """Scores, categories, ranks and contributions of the regions in ``scope`` (narrowed to the principal's)."""
    scope = _view_scope(principal, scope)
    bench = benchmark_scope(scope)
    m = methodology()
    result = compute_scores(load_inputs(conn, bench, month, month, m), str(month), m)
    table = _shown(result.table, scope)
    contributions = result.contributions[result.contributions["region_code"].isin(table["region_code"])]
    return RiskView(table, contributions.reset_index(drop=True), result.period, result.methodology_version,
                    bench, result.notes)


def history_for(conn: Connection, principal: Principal, scope: Scope | None, months: list[Month]) -> pd.DataFrame:
    """Score, category and rank of every region in ``scope`` for each of ``months``."""
    scope = _view_scope(principal, scope)
    if not months:
        return pd.DataFrame(columns=["region_code", "name", "level", "period", "score", "category", "rank"])
    months = sorted(months)
    m = methodology()
    history = score_history(load_inputs(conn, benchmark_scope(scope), months[0], months[-1], m),
                            [str(x) for x in months], m)
    return _shown(history, scope)


def transitions_for(conn: Connection, principal: Principal, scope: Scope | None, months: list[Month]) -> pd.DataFrame:
    """Category changes (e.g. merah → kuning) between consecutive months of ``months``, within ``scope``."""
    history = history_for(conn, principal, scope, months)
    return transitions(history).reset_index(drop=True)


def uncertainty_for(conn: Connection, principal: Principal, scope: Scope | None, month: Month,
                    n_draws: int = 500, seed: int = 0) -> pd.DataFrame:
    """Median rank and 90 % rank band of each region in ``scope`` under Monte Carlo perturbation."""
    scope = _view_scope(principal, scope)
    m = methodology()
    table = rank_uncertainty(load_inputs(conn, benchmark_scope(scope), month, month, m), str(month),
                             n_draws=n_draws, seed=seed, methodology=m)
    return _shown(table, scope)


def store_snapshots(conn: Connection, principal: Principal, scope: Scope | None, months: list[Month]) -> int:
    """Compute and store score snapshots (with the methodology version) for ``months``; returns rows written."""
    scope = _view_scope(principal, scope)
    bench = benchmark_scope(scope)
    m = methodology()
    written = 0
    for month in sorted(months):
        result = compute_scores(load_inputs(conn, bench, month, month, m), str(month), m)
        rows = snapshot_rows(result)
        keep = result.table["region_code"].isin(_shown(result.table, scope)["region_code"])
        written += save_snapshots(conn, rows[keep.to_numpy()], computed_by=principal.username)
    return written
