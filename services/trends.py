"""Shaping monthly incident aggregates for the Tren page: the top categories plus one "other" group,
rates per 100,000 residents per region, and the long table an export of the page holds.

Pure pandas over frames from ``data_access.incidents.aggregate``; no Streamlit, no SQL.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

OTHER = "__lainnya__"   # the group code of every category outside the top N (never a taxonomy code)
TOP_CATEGORIES = 6
PER = 100_000


def top_categories(frame: pd.DataFrame, n: int = TOP_CATEGORIES) -> list[str]:
    """The ``n`` categories with the most incidents in ``frame`` (ties by code), most first."""
    if frame.empty:
        return []
    totals = frame.groupby("category")["incidents"].sum().reset_index()
    totals = totals.sort_values(["incidents", "category"], ascending=[False, True])
    return list(totals["category"].head(n))


def group_categories(frame: pd.DataFrame, n: int = TOP_CATEGORIES) -> pd.DataFrame:
    """``frame`` (month, category, measures) with every category outside the top ``n`` summed into
    :data:`OTHER`; when only one category would be left out it keeps its own name."""
    keep = top_categories(frame, n)
    rest = set(frame["category"]) - set(keep)
    if len(rest) <= 1:
        return frame.copy()
    out = frame.assign(category=[c if c in keep else OTHER for c in frame["category"]])
    measures = [c for c in out.columns if c not in ("month", "category")]
    return out.groupby(["month", "category"], as_index=False, sort=True)[measures].sum()


def with_rate(frame: pd.DataFrame, population: Mapping[str, float] | float, region_column: str | None = None
              ) -> pd.DataFrame:
    """``frame`` plus ``rate`` = incidents per 100,000 residents: one population for every row, or one per
    region (``region_column``); rows of a region without a population get NaN, never a made-up rate."""
    if region_column is None:
        value = float(population) if population else float("nan")
        return frame.assign(rate=frame["incidents"] / value * PER)
    people = frame[region_column].map(lambda c: population.get(c) or float("nan")).astype(float)
    return frame.assign(rate=frame["incidents"] / people * PER)


def population_of(regions: pd.DataFrame, codes: Sequence[str]) -> dict[str, float]:
    """``{code: population}`` for the regions that have one (reference data from ``list_regions``)."""
    part = regions[regions["code"].isin(codes) & regions["population"].notna() & (regions["population"] > 0)]
    return dict(zip(part["code"], part["population"].astype(float)))
