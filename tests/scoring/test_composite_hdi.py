"""The docs/scoring.md example: the UNDP Human Development Index (HDR 2020 method) from its components."""
import pandas as pd
import pytest

from scoring import GroupSpec, IndexSpec, IndicatorSpec, Normalisation, composite_index


def fixed(lo, hi, log=False):
    return Normalisation(method="minmax", bounds=(lo, hi), transform="log" if log else "none", log_offset=0.0)


def test_reproduces_published_hdi_2019_values():
    spec = IndexSpec(GroupSpec("hdi", (
        IndicatorSpec("harapan_hidup", 1, fixed(20, 85)),
        GroupSpec("pendidikan", (IndicatorSpec("harapan_lama_sekolah", 1, fixed(0, 18)),
                                 IndicatorSpec("rata_lama_sekolah", 1, fixed(0, 15))), weight=1),
        IndicatorSpec("gni_ppp", 1, fixed(100, 75_000, log=True)),
    ), aggregation="geometric"), geometric_offset=0.0)
    values = pd.DataFrame({"harapan_hidup": [82.4, 71.7], "harapan_lama_sekolah": [18.1, 13.6],
                           "rata_lama_sekolah": [12.9, 8.2], "gni_ppp": [66_494, 11_459]}, index=["NOR", "IDN"])
    r = composite_index(values, spec)
    assert (r.scores / 100).round(3).tolist() == [0.957, 0.718]  # HDR 2020, table 1
    assert r.groups.loc["IDN", "pendidikan"] == pytest.approx((13.6 / 18 + 8.2 / 15) / 2 * 100)
    sums = r.contributions.groupby("unit")["contribution"].sum()
    assert sums.loc[["NOR", "IDN"]].to_numpy() == pytest.approx(r.scores.to_numpy())
