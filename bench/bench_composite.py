"""Benchmark of the general composite-index engine (issue 10, item 8).

Run: ``.venv/bin/python bench/bench_composite.py``. Synthetic INFORM-shaped data (the real spec
``docs/examples/inform_risk.toml``: 18 components, 10 nodes, reverse geometric, rounding) for 514 units,
and the same tree with every group arithmetic as a same-run baseline. Prints medians, ratios and the load.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_scoring import timed  # noqa: E402  (median of repeated runs after a warm-up)
from scoring.composite import composite_index, evaluate_tree  # noqa: E402
from scoring.composite_io import node_scores, read_values, write_scores  # noqa: E402
from scoring.spec import GroupSpec, IndexSpec  # noqa: E402
from scoring.spec_toml import load_spec_file  # noqa: E402

N_UNITS, N_DRAWS = 514, 1000
SPEC = ROOT / "docs" / "examples" / "inform_risk.toml"


def plain(node: GroupSpec) -> GroupSpec:
    """The same tree with every group a plain arithmetic mean (no anchor, no rounding)."""
    kids = tuple(plain(c) if isinstance(c, GroupSpec) else c for c in node.children)
    return replace(node, children=kids, aggregation="arithmetic", anchor=None, round_digits=None)


def load() -> str:
    return Path("/proc/loadavg").read_text().split(" ")[0] if Path("/proc/loadavg").exists() else "?"


def main() -> None:
    sf = load_spec_file(SPEC)
    rng = np.random.default_rng(7)
    values = pd.DataFrame(np.round(rng.uniform(0, 10, (N_UNITS, len(sf.columns))), 1), columns=list(sf.columns),
                          index=[f"U{i:03d}" for i in range(N_UNITS)])
    values = values.mask(rng.random(values.shape) < 0.03)  # 3 % missing
    arith = IndexSpec(plain(sf.spec.root), sf.spec.geometric_offset)
    leaves = {c: values[c].to_numpy() for c in sf.columns}
    weights = {g.code: rng.dirichlet(np.ones(len(g.children)), N_DRAWS) for g in sf.spec.root.groups()}

    figures = [
        ("composite_index, INFORM tree, 514 unit", timed(lambda: composite_index(values, sf.spec), 15)),
        ("composite_index, same tree all arithmetic", timed(lambda: composite_index(values, arith), 15)),
        ("evaluate_tree without contributions", timed(lambda: evaluate_tree(leaves, sf.spec, with_parts=False), 15)),
        ("evaluate_tree, 1.000 weight draws", timed(lambda: evaluate_tree(leaves, sf.spec, weights, False), 5)),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        csv_in, csv_out = Path(tmp) / "values.csv", Path(tmp) / "out.csv"
        values.rename_axis("ISO3").to_csv(csv_in, na_rep="x")
        figures.append(("read CSV + score + write CSV (in-process)",
                        timed(lambda: write_scores(node_scores(read_values(csv_in, sf), sf), sf, csv_out), 7)))
        cli = [sys.executable, "-m", "scoring", "composite", "--spec", str(SPEC), "--values", str(csv_in),
               "--out", str(csv_out)]
        figures.append(("python -m scoring composite (process)",
                        timed(lambda: subprocess.run(cli, cwd=ROOT, check=True, capture_output=True), 3)))
    base = figures[1][1]
    for label, value in figures:
        print(f"{label:44s} {value * 1000:8.1f} ms  ({value / base:5.1f}× all-arithmetic)  load {load()}")


if __name__ == "__main__":
    main()
