"""A reference set stores one level (the national one: provinces; a province's: its kab/kota). Drawing the
Monte Carlo for that level only (``ScoringInputs.levels``) must leave every stored row exactly as computed
with every level drawn (one random stream per level)."""
from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd
import pytest

from data_access.demo import seed_demo
from data_access.scoring_inputs import load_scoring_frames
from domain.access import Scope, ScopeLevel
from domain.period import Month
from scoring import ScoringInputs, compute_range, compute_scores
from services.snapshots import lookback_months, methodology
from tests.conftest import clear_data
from tests.data_access.factories import incident, insert_incidents

TODAY = date(2026, 11, 18)
MONTHS = [Month(2026, 9), Month(2026, 10), Month(2026, 11)]
KEEP = ("provinsi",)
FLOAT_TOL = 1e-9   # sums of the same numbers in another order; everything else compares exactly


@pytest.fixture(scope="module")
def national(engine):
    """A small national demo (every province, casualties, indicators, a declaration) in this backend."""
    clear_data(engine)
    with engine.begin() as conn:
        seed_demo(conn, scale="national", n_incidents=30_000, today=TODAY)
        # casualties in two kab/kota of one province, every month (the probabilities depend on them)
        rows = []
        for month in range(3, 12):
            day = date(2026, month, 7)
            rows += [incident(kabkota_code="73.71", occurred_on=day, reported_on=day, severity="berat",
                              deaths=4, injuries=9, displaced=30) for _ in range(2)]
            rows += [incident(kabkota_code="73.01", occurred_on=day, reported_on=day, severity="berat",
                              deaths=0, injuries=1, displaced=0) for _ in range(3)]
        insert_incidents(conn, rows)
    yield engine
    clear_data(engine)


def _same(a, b, path: str) -> list[str]:
    """Differences between two row values (recursing into the JSON columns), floats to FLOAT_TOL."""
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            return [f"{path}: keys {sorted(a)} != {sorted(b)}"]
        return [d for k in a for d in _same(a[k], b[k], f"{path}.{k}")]
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items != {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in _same(x, y, f"{path}[{i}]")]
    na = a is None or (isinstance(a, float) and math.isnan(a)) or a is pd.NA or a is pd.NaT
    nb = b is None or (isinstance(b, float) and math.isnan(b)) or b is pd.NA or b is pd.NaT
    if na or nb:
        return [] if na and nb else [f"{path}: {a!r} != {b!r}"]
    if isinstance(a, (float, np.floating)) and not isinstance(a, bool):
        return [] if math.isclose(float(a), float(b), rel_tol=FLOAT_TOL, abs_tol=FLOAT_TOL) else [
            f"{path}: {a!r} != {b!r}"]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


def _rows(conn, keep: tuple[str, ...] | None, bench: Scope = Scope.national(),
          stored: tuple[str, ...] = KEEP) -> dict[str, pd.DataFrame]:
    """What ``services.snapshots.refresh`` stores for a reference set: the result table's rows of the stored
    level with each row's contributions, both series (``dihitung_ulang`` from one range, ``terbit`` as known
    on the month's as-of day), per month."""
    m = methodology()
    frames = load_scoring_frames(conn, bench, day_from=MONTHS[0].shift(-lookback_months(m)).first_day,
                                 day_to=max(TODAY, MONTHS[-1].last_day))
    inputs = ScoringInputs.from_frames(regions=frames.regions, indicator_definitions=frames.indicator_definitions,
                                       indicator_values=frames.indicator_values,
                                       incident_daily=frames.incident_daily, declarations=frames.declarations,
                                       levels=keep)

    def kept(result) -> pd.DataFrame:
        table = result.table[result.table["level"].isin(stored)].copy()
        contrib = result.contributions.sort_values(["region_code", "indicator"], kind="stable")
        by_region = {code: rows.drop(columns="region_code").to_dict("records")
                     for code, rows in contrib.groupby("region_code", sort=False)}
        table["contributions"] = [by_region.get(code, []) for code in table["region_code"]]
        return table

    out = {}
    results = compute_range(inputs, MONTHS, m, as_of=TODAY, draws=m.uncertainty.history_draws,
                            last_draws=m.uncertainty.draws)
    for month, result in zip(MONTHS, results):
        out[f"{month} dihitung_ulang"] = kept(result)
        if month != MONTHS[-1]:
            out[f"{month} terbit"] = kept(compute_scores(inputs, str(month), m, as_of=month.last_day,
                                                         known_by=month.last_day, draws=m.uncertainty.history_draws))
    return out


def _differences(want: dict[str, pd.DataFrame], got: dict[str, pd.DataFrame], level: str, n: int) -> list[str]:
    out = []
    for key, a in want.items():
        b = got[key]
        assert set(a["level"]) == set(b["level"]) == {level} and len(a) == n
        assert list(a.columns) == list(b.columns)
        a, b = a.set_index("region_code").sort_index(), b.set_index("region_code").sort_index()
        assert list(a.index) == list(b.index)
        assert a["score"].notna().all() and a["p_merah"].notna().all()
        for code in a.index:
            for col in a.columns:
                out += _same(a.at[code, col], b.at[code, col], f"{key} {code} {col}")
    return out


def test_province_rows_are_the_same_with_draws_for_provinces_only(national):
    with national.connect() as conn:
        today = _rows(conn, None)          # every level drawn
        drawn = _rows(conn, KEEP)          # what refresh runs for the national reference set
    differences = _differences(today, drawn, "provinsi", 38)
    assert not differences, "\n".join(differences[:20])


def test_kabkota_rows_are_the_same_with_draws_for_kabkota_only(national):
    sulsel = Scope(ScopeLevel.PROVINSI, "73")
    with national.connect() as conn:
        today = _rows(conn, None, sulsel, ("kabkota",))
        drawn = _rows(conn, ("kabkota",), sulsel, ("kabkota",))
    differences = _differences(today, drawn, "kabkota", 24)
    assert not differences, "\n".join(differences[:20])


def test_only_the_wanted_level_is_explained(national):
    """The national set stores provinces: its kab/kota rows get no drivers and no sentence (never stored)."""
    m = methodology()
    with national.connect() as conn:
        frames = load_scoring_frames(conn, Scope.national(), day_from=MONTHS[0].shift(-lookback_months(m)).first_day,
                                     day_to=MONTHS[-1].last_day)
    inputs = ScoringInputs.from_frames(regions=frames.regions, indicator_definitions=frames.indicator_definitions,
                                       indicator_values=frames.indicator_values,
                                       incident_daily=frames.incident_daily, declarations=frames.declarations,
                                       levels=KEEP)
    table = compute_scores(inputs, str(MONTHS[1]), m, draws=0).table
    kab, prov = table[table["level"] == "kabkota"], table[table["level"] == "provinsi"]
    assert len(kab) == 514 and len(prov) == 38
    assert kab["explanation"].isna().all() and kab["top_driver"].isna().all()
    assert (kab["drivers"].str.len() == 0).all()
    assert kab["score"].notna().all()                        # still scored: the provinces' peers
    assert prov["explanation"].str.len().gt(20).all() and (prov["drivers"].str.len() > 0).any()


def test_levels_are_checked():
    with pytest.raises(ValueError, match="levels"):
        ScoringInputs.from_frames(regions=pd.DataFrame(), indicator_definitions=pd.DataFrame(),
                                  indicator_values=pd.DataFrame(), levels=("kecamatan",))
