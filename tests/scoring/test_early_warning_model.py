"""The forecast model: no leakage past the origin, and a planted seasonal pattern beats persistence."""
from __future__ import annotations

import numpy as np
import pandas as pd

from scoring.early_warning import load_config
from scoring.early_warning.backtest import StaticInputs, beats_persistence, run_backtest
from scoring.early_warning.features import FeatureInputs, design, origin_features
from scoring.early_warning.model import fit_forecast
from scoring.early_warning.panel import build_panel, month_range, vintage

CFG = load_config()
CATS = ("sara", "ormas")


def _seasonal_monthly(n_regions: int, months: pd.DatetimeIndex, seed: int = 3) -> pd.DataFrame:
    """Quiet most of the year (0.4 a month), a surge every June–August (7 a month), Poisson noise."""
    rng = np.random.default_rng(seed)
    rows = []
    for r in range(n_regions):
        for m in months:
            lam = 7.0 if m.month in (6, 7, 8) else 0.4
            n = int(rng.poisson(lam))
            if n:
                serious = int(rng.binomial(n, 0.3))
                rows.append((f"R{r:02d}", m, m, CATS[r % 2], "nyata", n, serious, 0))
    return pd.DataFrame(rows, columns=["region_code", "month", "reported_month", "category", "arena", "incidents",
                                       "serious", "deaths"])


def _static(n: int, months) -> StaticInputs:
    return StaticInputs(codes=tuple(f"R{r:02d}" for r in range(n)), categories=CATS, adjacency=np.zeros((n, n)),
                        population=np.full(n, 1e5), election_months=(), structural={})


def test_features_at_an_origin_ignore_rows_reported_later():
    months = month_range(pd.Timestamp("2022-01-01"), pd.Timestamp("2024-12-01"))
    monthly = _seasonal_monthly(4, months)
    origin = pd.Timestamp("2024-03-01")
    static = _static(4, months)
    o = months.get_loc(origin)

    def features(frame):
        panel = build_panel(vintage(frame, origin), static.codes, months[: o + 1], CATS)
        inputs = static.inputs(panel)
        return design(inputs, origin_features(inputs, CFG.forecast), np.arange(o + 1), 1)

    before = features(monthly)
    late = pd.DataFrame([  # occurred by the origin but reported after it, and a future month
        ("R00", pd.Timestamp("2024-03-01"), pd.Timestamp("2024-04-01"), "sara", "nyata", 50, 10, 3),
        ("R01", pd.Timestamp("2023-11-01"), pd.Timestamp("2024-06-01"), "ormas", "maya", 40, 5, 0),
        ("R02", pd.Timestamp("2024-05-01"), pd.Timestamp("2024-05-01"), "sara", "nyata", 30, 0, 0),
    ], columns=monthly.columns)
    after = features(pd.concat([monthly, late], ignore_index=True))
    pd.testing.assert_frame_equal(before, after)
    # …while a row reported by the origin does change them (the test can fail).
    known = late.assign(reported_month=pd.Timestamp("2024-03-01")).iloc[:1]
    assert not features(pd.concat([monthly, known], ignore_index=True)).equals(before)


def test_forecast_is_reproducible_from_the_seed():
    months = month_range(pd.Timestamp("2021-01-01"), pd.Timestamp("2024-12-01"))
    panel = build_panel(_seasonal_monthly(6, months), _static(6, months).codes, months, CATS)
    inputs = FeatureInputs(panel, np.zeros((6, 6)), np.full(6, 1e5))
    a = fit_forecast(inputs, len(months) - 1, 1, CFG.forecast, seed=7)
    b = fit_forecast(inputs, len(months) - 1, 1, CFG.forecast, seed=7)
    assert np.array_equal(a.predictive.mean, b.predictive.mean) and a.predictive.alpha == b.predictive.alpha
    assert (a.predictive.p_event >= 0).all() and (a.predictive.p_event <= 1).all()


def test_planted_seasonality_is_forecast_better_than_persistence():
    months = month_range(pd.Timestamp("2020-01-01"), pd.Timestamp("2024-12-01"))
    monthly = _seasonal_monthly(12, months)
    origins = list(month_range(pd.Timestamp("2024-03-01"), pd.Timestamp("2024-09-01")))
    result = run_backtest(monthly, _static(12, months), months, origins, (1, 3), pd.Timestamp("2024-12-01"), CFG, 11)
    for h in result["horizons"]:
        model, pers = h["models"]["model"], h["models"]["persistence"]
        assert h["n_forecasts"] == 12 * len(origins)
        assert model["crps"] < pers["crps"] and model["mae"] < pers["mae"], h
        assert h["skill"]["persistence"]["crps"] > 0.2
        assert beats_persistence(h)
        assert 0.6 <= model["coverage80"] <= 1.0
