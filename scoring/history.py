"""Score history over any range of months, and category transitions between consecutive months."""
from __future__ import annotations

from datetime import date
from typing import Sequence

import numpy as np
import pandas as pd

from domain.period import Month
from scoring.categorise import LEVEL, level_names
from scoring.config import Methodology, load_methodology
from scoring.engine import _ranks, default_as_of, prepare, score_months
from scoring.incidents import month_number
from scoring.inputs import ScoringInputs


def score_history(inputs: ScoringInputs, months: Sequence[str | Month], methodology: Methodology | None = None,
                  *, as_of: date | None = None, known_by: date | None = None) -> pd.DataFrame:
    """region_code, name, level, period, score, category, category_raw, rank, as_of for every unit and month.

    All months share one pass over the incidents; each month is then scored with the same
    functions as :func:`scoring.engine.compute_scores`, so history and snapshot agree (the
    hysteresis state is rebuilt from ``hysteresis_lookback_months`` before the first month, and
    carried through the range). ``as_of`` ends the last month early (the running month; default
    as in compute_scores); ``known_by`` reads only rows reported by then.
    """
    m = methodology or load_methodology()
    wanted = sorted({month_number(str(x)) for x in months})
    if not wanted:
        raise ValueError("daftar bulan kosong")
    back = max(m.kategori.hysteresis_lookback_months, 0)
    span = list(range(wanted[0] - back, wanted[-1] + 1))
    as_of = as_of or default_as_of(wanted[-1])
    prep = prepare(inputs, span, m, as_of=as_of, known_by=known_by)
    ms = score_months(prep)
    cols = np.searchsorted(prep.months, wanted)
    scores = ms.score[:, cols]
    ranks = _ranks(scores, prep.peer)
    n_u, n_m = scores.shape
    periods = np.array([str(p) for p in prep.months[cols].astype("datetime64[M]")], dtype=object)
    as_of_days = prep.as_of[cols].astype("datetime64[D]").astype(object)
    return pd.DataFrame({
        "region_code": np.repeat(prep.units.to_numpy(), n_m),
        "name": np.repeat(prep.names, n_m),
        "level": np.repeat(prep.peer, n_m),
        "period": np.tile(periods, n_u),
        "score": scores.reshape(-1),
        "category": level_names(ms.level[:, cols]).reshape(-1),
        "category_raw": level_names(ms.raw[:, cols]).reshape(-1),
        "rank": pd.array(ranks.reshape(-1), dtype="Int64"),
        "as_of": np.tile(as_of_days, n_u),
    })


def transitions(history: pd.DataFrame) -> pd.DataFrame:
    """Category changes between consecutive months of ``history`` (from :func:`score_history`).

    Columns region_code, name, period (month of the new category), from_category, to_category,
    direction: "naik" toward riskier (hijau → kuning → merah), "turun" toward calmer.
    """
    h = history.sort_values(["region_code", "period"], kind="stable")
    prev = h.groupby("region_code", sort=False)["category"].shift(1)
    prev_period = h.groupby("region_code", sort=False)["period"].shift(1)
    consecutive = prev_period.notna() & (
        pd.PeriodIndex(prev_period.fillna(h["period"]), freq="M") + 1 == pd.PeriodIndex(h["period"], freq="M"))
    changed = consecutive & prev.notna() & h["category"].notna() & (prev != h["category"])
    out = h.loc[changed, ["region_code", "name", "period"]].copy()
    out["from_category"] = prev[changed].to_numpy()
    out["to_category"] = h.loc[changed, "category"].to_numpy()
    up = out["to_category"].map(LEVEL) > out["from_category"].map(LEVEL)
    out["direction"] = np.where(up, "naik", "turun")
    return out.reset_index(drop=True)
