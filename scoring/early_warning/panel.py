"""Monthly incident counts as dense region × month arrays, built from what was *known* at a date.

Input contract (``MONTHLY_COLUMNS``), aggregated in SQL by ``data_access.early_warning``: one row per
kab/kota, month of occurrence, month of report, category and arena, with ``incidents``, ``serious``
(incidents that meet the config's "serious" definition) and ``deaths``. Months are Timestamps of the
first day. :func:`vintage` keeps only rows reported by a month's end, so a feature computed at an
origin can never see a row reported later.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

MONTHLY_COLUMNS = ("region_code", "month", "reported_month", "category", "arena", "incidents", "serious", "deaths")


def vintage(monthly: pd.DataFrame, as_of_month: pd.Timestamp) -> pd.DataFrame:
    """Rows known at the end of ``as_of_month``: occurred and reported by then."""
    as_of_month = pd.Timestamp(as_of_month)
    return monthly[(monthly["reported_month"] <= as_of_month) & (monthly["month"] <= as_of_month)]


@dataclass(frozen=True)
class Panel:
    """Dense counts: ``total``, ``serious``, ``maya`` are (regions × months); ``by_category`` is
    (categories × regions × months). Months run without gaps from ``months[0]``."""

    codes: tuple[str, ...]
    months: pd.DatetimeIndex
    categories: tuple[str, ...]
    total: np.ndarray
    serious: np.ndarray
    maya: np.ndarray
    by_category: np.ndarray

    def index_of(self, month: pd.Timestamp) -> int:
        return int(self.months.get_loc(pd.Timestamp(month)))


def month_range(first: pd.Timestamp, last: pd.Timestamp) -> pd.DatetimeIndex:
    return pd.date_range(pd.Timestamp(first), pd.Timestamp(last), freq="MS")


def build_panel(monthly: pd.DataFrame, codes: tuple[str, ...], months: pd.DatetimeIndex,
                categories: tuple[str, ...]) -> Panel:
    """Scatter the long monthly frame onto dense arrays (rows outside ``codes``/``months`` are ignored)."""
    n_r, n_m, n_c = len(codes), len(months), len(categories)
    total = np.zeros((n_r, n_m))
    serious = np.zeros((n_r, n_m))
    maya = np.zeros((n_r, n_m))
    by_cat = np.zeros((n_c, n_r, n_m))
    if not monthly.empty:
        r = pd.Index(codes).get_indexer(monthly["region_code"])
        m = months.get_indexer(pd.to_datetime(monthly["month"]))
        c = pd.Index(categories).get_indexer(monthly["category"])
        ok = (r >= 0) & (m >= 0)
        inc = monthly["incidents"].to_numpy(float)
        np.add.at(total, (r[ok], m[ok]), inc[ok])
        np.add.at(serious, (r[ok], m[ok]), monthly["serious"].to_numpy(float)[ok])
        is_maya = ok & (monthly["arena"].to_numpy() == "maya")
        np.add.at(maya, (r[is_maya], m[is_maya]), inc[is_maya])
        okc = ok & (c >= 0)
        np.add.at(by_cat, (c[okc], r[okc], m[okc]), inc[okc])
    return Panel(tuple(codes), months, tuple(categories), total, serious, maya, by_cat)
