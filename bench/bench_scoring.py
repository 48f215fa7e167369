"""Benchmark of the scoring engine on synthetic national-scale inputs (514 kab/kota, 38 provinces).

Run: ``.venv/bin/python bench/bench_scoring.py``. Targets (2-core laptop): one month ≤ 50 ms,
120-month history ≤ 1 s, 1.000 Monte Carlo draws ≤ 2 s. Prints the median of several runs.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from domain.period import Month  # noqa: E402
from domain.taxonomy import taxonomy  # noqa: E402
from scoring import ScoringInputs, compute_scores, rank_uncertainty, score_history  # noqa: E402

N_KABKOTA, N_PROV = 514, 38
FIRST, LAST = Month(2015, 1), Month(2025, 12)


def synthetic_inputs(seed: int = 1) -> ScoringInputs:
    rng = np.random.default_rng(seed)
    prov = [f"{11 + i:02d}" for i in range(N_PROV)]
    kab_prov = np.sort(rng.integers(0, N_PROV, N_KABKOTA))
    kab = [f"{prov[p]}.{i + 1:02d}" for i, p in enumerate(kab_prov)]
    population = rng.lognormal(12.8, 0.8, N_KABKOTA)
    regions = pd.DataFrame({
        "code": prov + kab,
        "name": [f"Provinsi {p}" for p in prov] + [f"Kabupaten {c}" for c in kab],
        "level": ["provinsi"] * N_PROV + ["kabupaten"] * N_KABKOTA,
        "parent_code": [None] * N_PROV + [prov[p] for p in kab_prov],
        "province_code": prov + [prov[p] for p in kab_prov],
        "population": np.concatenate([np.full(N_PROV, np.nan), population]),
        "area_km2": np.concatenate([np.full(N_PROV, np.nan), rng.lognormal(7, 1, N_KABKOTA)]),
    })
    codes = ["ikp_bawaslu", "kemiskinan", "pengangguran", "kepadatan", "kriminalitas", "unjuk_rasa",
             "laporan_hoaks", "sengketa_lahan", "indeks_kerukunan"]
    definitions = pd.DataFrame({
        "code": codes, "name": codes, "unit": ["-"] * 9, "higher_is_riskier": [True] * 8 + [False],
        "min_value": [0.0] + [np.nan] * 7 + [0.0], "max_value": [100.0] + [np.nan] * 7 + [100.0],
        "source": ["sintetis"] * 9,
    })
    years = range(FIRST.year, LAST.year + 1)
    vk, vy, vc = np.meshgrid(np.arange(N_KABKOTA), np.array(list(years)), np.arange(9), indexing="ij")
    vk, vy, vc = vk.ravel(), vy.ravel(), vc.ravel()
    keep = rng.random(vk.size) > 0.05  # some gaps
    values = pd.DataFrame({
        "region_code": np.array(kab, dtype=object)[vk[keep]],
        "period": [f"{y}-06" for y in vy[keep]],
        "indicator_code": np.array(codes, dtype=object)[vc[keep]],
        "value": rng.gamma(2.0, 10.0, keep.sum()),
    })
    days = pd.date_range(str(FIRST.first_day), str(LAST.last_day), freq="D")
    n_rows = 300_000
    rate = rng.gamma(1.0, 1.0, N_KABKOTA)
    reg = rng.choice(N_KABKOTA, n_rows, p=rate / rate.sum())
    cats = np.array(taxonomy().codes("category"), dtype=object)
    incident_daily = pd.DataFrame({
        "region_code": np.array(kab, dtype=object)[reg],
        "day": days.to_numpy()[rng.integers(0, len(days), n_rows)].astype("datetime64[ns]"),
        "category": cats[rng.integers(0, len(cats), n_rows)],
        "arena": np.where(rng.random(n_rows) < 0.3, "maya", "nyata").astype(object),
        "severity": np.array(["ringan", "sedang", "berat"], dtype=object)[rng.choice(3, n_rows, p=[.6, .3, .1])],
        "incidents": rng.integers(1, 4, n_rows),
        "deaths": rng.binomial(1, 0.02, n_rows),
        "injuries": rng.binomial(3, 0.1, n_rows),
        "displaced": rng.binomial(50, 0.01, n_rows),
    })
    declarations = pd.DataFrame({
        "region_code": [kab[3], prov[5]], "scale": ["kabkota", "provinsi"],
        "start_on": pd.to_datetime(["2025-11-01", "2025-06-01"]).astype("datetime64[ns]"),
        "end_on": pd.to_datetime([None, "2025-12-31"]).astype("datetime64[ns]"),
    })
    return ScoringInputs.from_frames(regions, definitions, values, incident_daily, declarations)


def timed(fn, repeats: int) -> float:
    fn()  # warm-up (imports, caches)
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def main() -> None:
    inputs = synthetic_inputs()
    months = [str(m) for m in LAST.shift(-119).range_to(LAST)]
    print(f"input: {N_KABKOTA} kab/kota + {N_PROV} provinsi, {len(inputs.incident_daily):,} baris insiden harian, "
          f"{len(inputs.indicator_values):,} nilai indikator")
    one = timed(lambda: compute_scores(inputs, str(LAST)), 7)

    def cold() -> None:  # a fresh inputs object: includes the one-time encoding of the frames
        fresh = ScoringInputs(inputs.regions, inputs.indicator_definitions, inputs.indicator_values,
                              inputs.incident_daily, inputs.declarations)
        compute_scores(fresh, str(LAST))
    first = timed(cold, 7)
    t0 = time.perf_counter()
    ScoringInputs.from_frames(inputs.regions, inputs.indicator_definitions, inputs.indicator_values,
                              inputs.incident_daily, inputs.declarations)
    validate = time.perf_counter() - t0
    hist = timed(lambda: score_history(inputs, months), 3)
    mc = timed(lambda: rank_uncertainty(inputs, str(LAST), n_draws=1000, seed=0), 3)
    print(f"{'validasi from_frames (sekali)':32s} {validate * 1000:8.1f} ms")
    for label, value, target in (("compute_scores, 1 bulan", one, 0.05),
                                 ("compute_scores, pertama (dingin)", first, 0.05),
                                 ("score_history, 120 bulan", hist, 1.0),
                                 ("rank_uncertainty, 1.000 draws", mc, 2.0)):
        print(f"{label:32s} {value * 1000:8.1f} ms  (target ≤ {target * 1000:.0f} ms) "
              f"{'OK' if value <= target else 'LAMBAT'}")


if __name__ == "__main__":
    main()
