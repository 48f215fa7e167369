"""The shipped example specs (docs/examples) evaluated on small values files, numbers checked by hand."""
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from scoring.composite import composite_index
from scoring.composite_io import node_scores, read_values
from scoring.spec_toml import load_spec_file

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
INFORM_LEAVES = ["Earthquake", "Flood", "Tsunami", "Tropical Cyclone", "Drought", "Epidemic", "Projected Conflict Risk",
                 "Current Highly Violent Conflict Intensity", "Development & Deprivation", "Inequality",
                 "Aid Dependency", "Uprooted people", "Other Vulnerable Groups", "DRR", "Governance", "Communication",
                 "Physical infrastructure", "Access to health care"]
INFORM_NODES = ["Natural", "Human", "HAZARD & EXPOSURE", "Socio-Economic Vulnerability", "Vulnerable Groups",
                "VULNERABILITY", "Institutional", "Infrastructure", "LACK OF COPING CAPACITY", "INFORM RISK"]


def excel_scaled_geomean(*xs):
    """INFORM's spreadsheet formula (10 − GEOMEAN((10 − x)/10·9 + 1))/9·10, over the available values."""
    xs = [x for x in xs if x is not None]
    g = math.exp(sum(math.log((10 - x) / 10 * 9 + 1) for x in xs) / len(xs))
    return (10 - g) / 9 * 10


def test_hdi_example_reproduces_the_published_values():
    sf = load_spec_file(EXAMPLES / "hdi.toml")
    scores = node_scores(read_values(EXAMPLES / "hdi_values.csv", sf), sf)
    assert scores.loc["NOR", "HDI"] == 0.957 and scores.loc["IDN", "HDI"] == 0.718  # HDR 2020, table 1
    assert scores.loc["IDN", "Education index"] == pytest.approx((13.6 / 18 + 8.2 / 15) / 2)
    assert scores.loc["NOR", "Education index"] == pytest.approx((1.0 + 12.9 / 15) / 2)  # 18.1 years capped at 18


def test_inform_spec_names_leaves_and_nodes_as_the_published_table():
    sf = load_spec_file(EXAMPLES / "inform_risk.toml")
    assert list(sf.columns) == INFORM_LEAVES and list(sf.columns.values()) == INFORM_LEAVES
    assert sorted(sf.node_order) == sorted(INFORM_NODES) and sf.node_order[-1] == "INFORM RISK"
    assert sf.unit_column == "ISO3" and sf.missing == ("x",) and sf.value_range == (0.0, 10.0)
    assert all(d == 1 for d in sf.round_digits.values()) and len(sf.round_digits) == 10


def test_inform_example_rows_hand_checked():
    sf = load_spec_file(EXAMPLES / "inform_risk.toml")
    s = node_scores(read_values(EXAMPLES / "inform_values.csv", sf), sf)
    # AAA: Natural = (10 − 10^(5/6))/0.9 = 3.541 → 3.5; Human = max(CHVCI 8, 0.7 · PCR 5) = 8.0;
    # H&E from the rounded categories: 100/9 − √((100/9 − 3.5)(100/9 − 8)) = 6.245 → 6.2;
    # SEV = (2·6 + 4 + 2)/4 = 4.5; Vulnerable Groups = 3.0 (Uprooted people 'x' is left out);
    # VULNERABILITY 3.788 → 3.8; Institutional 5.0, Infrastructure 3.0, LCC 4.071 → 4.1;
    # RISK = ∛(6.2 · 3.8 · 4.1) = 4.588 → 4.6
    assert s.loc["AAA"].tolist() == [3.5, 8.0, 6.2, 4.5, 3.0, 3.8, 5.0, 3.0, 4.1, 4.6]
    assert excel_scaled_geomean(10, 0, 0, 0, 0, 0) == pytest.approx(3.5412, abs=1e-4)
    assert excel_scaled_geomean(3.5, 8.0) == pytest.approx(6.2450, abs=1e-4)
    # BBB: every natural hazard missing → Natural missing; H&E over the available Human; all zero → 0
    assert math.isnan(s.loc["BBB", "Natural"]) and s.loc["BBB"].drop("Natural").tolist() == [0.0] * 9
    # CCC: the spreadsheet formulas computed independently, rounded to one decimal at each level;
    # CHVCI 'x' → Human = 0.7 · 6.1 = 4.27 → 4.3
    nat = excel_scaled_geomean(8.1, 7.4, 6.2, 5.5, 3.3, 4.8)  # 6.135 → 6.1
    he = excel_scaled_geomean(6.1, 4.3)  # 5.269 → 5.3
    vg = excel_scaled_geomean(2.9, 4.4)  # 3.688 → 3.7
    lcc = excel_scaled_geomean(4.2, 3.8)  # 4.003 → 4.0
    assert (round(nat, 1), round(he, 1), round(vg, 1), round(lcc, 1)) == (6.1, 5.3, 3.7, 4.0)
    assert s.loc["CCC"].tolist() == [6.1, 4.3, 5.3, 3.5, 3.7, 3.6, 4.2, 3.8, 4.0, 4.2]
    assert (5.3 * 3.6 * 4.0) ** (1 / 3) == pytest.approx(4.2418, abs=1e-4)


def test_inform_spec_reproduces_every_published_value_of_inform_risk_2020():
    """INFORM Risk 2020 (v040), 191 countries, as published (via OCHA-DAP/viz-inform-risk): from the 18
    components, every one of the 10 published category/dimension/risk columns is reproduced exactly."""
    sf = load_spec_file(EXAMPLES / "inform_risk.toml")
    path = Path(__file__).parent / "data" / "inform_risk_2020_v040.csv"
    published = pd.read_csv(path, na_values=["x"], keep_default_na=False).set_index("ISO3")
    scores = node_scores(read_values(path, sf), sf)
    assert len(scores) == 191 and scores.index.tolist() == published.index.tolist()
    for node in INFORM_NODES:
        pd.testing.assert_series_equal(scores[node], published[node].astype(float), check_names=False,
                                       rtol=0, atol=1e-9, obj=node)
    # rows that exercise each rule: missing DRR (ALB), missing Inequality (ATG), a current highly violent
    # conflict above 0.7 · PCR (NIC: max(8, 3.43) = 8), and 0.7 · PCR alone (IDN: 0.7 · 9.4 = 6.58 → 6.6)
    assert scores.loc["NIC", "Human"] == 8.0 and scores.loc["IDN", "Human"] == 6.6
    assert scores.loc[["AFG", "IDN", "NOR", "SOM"], "INFORM RISK"].tolist() == [8.0, 4.7, 0.9, 8.9]


component = st.one_of(st.floats(min_value=0.0, max_value=10.0, allow_subnormal=False).map(lambda v: round(v, 1)),
                      st.just(float("nan")))


@settings(max_examples=80, deadline=None)
@given(st.lists(component, min_size=18, max_size=18), st.integers(0, 17), st.floats(0.0, 10.0))
def test_inform_nodes_never_fall_when_a_component_rises(row, j, bump):
    """Every INFORM aggregation is increasing (factor ≥ 0, rounding is monotone), so raising one
    available component never lowers any node, and every node stays within 0–10."""
    sf = load_spec_file(EXAMPLES / "inform_risk.toml")
    base = pd.DataFrame([row], columns=INFORM_LEAVES)
    up = base.copy()
    if not np.isnan(row[j]):
        up.iloc[0, j] = min(10.0, row[j] + bump)
    a = composite_index(base, sf.spec).groups[INFORM_NODES].iloc[0]
    b = composite_index(up, sf.spec).groups[INFORM_NODES].iloc[0]
    assert ((b >= a - 1e-9) | a.isna()).all()
    assert ((a >= 0) & (a <= 10) | a.isna()).all()
