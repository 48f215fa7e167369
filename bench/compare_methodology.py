"""Before/after: the Sulsel demo's merah/kuning/hijau counts per month and status flips per region,
under the scoring code of a git ref (default: the last commit with methodology 2026.1) and the working tree.

Run: ``.venv/bin/python bench/compare_methodology.py [--before REF] [--today YYYY-MM-DD] [--months 24]``.
Seeds the synthetic demo (``python -m data_access seed-demo``) into a temporary SQLite database,
extracts the ``before`` ref with ``git archive`` and runs the same small worker under both trees:
``services.risk.load_inputs`` over province 73, then ``scoring.score_history`` for the last
``--months`` months. Prints a Markdown report (paste into bench/RESULTS.md).
"""
from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
BEFORE_REF = "3ece660"  # main before methodology 2027.1

WORKER = r"""
import inspect, sys
from datetime import date
import sqlalchemy as sa
from domain.access import Scope, ScopeLevel
from domain.period import Month
from scoring import score_history
from services.risk import load_inputs, methodology

url, today, n = sys.argv[1], date.fromisoformat(sys.argv[2]), int(sys.argv[3])
last = Month.of(today)
months = last.shift(-(n - 1)).range_to(last)
m = methodology()
with sa.create_engine(url).connect() as conn:
    inputs = load_inputs(conn, Scope(ScopeLevel.PROVINSI, "73"), months[0], months[-1], m)
kwargs = {"as_of": today} if "as_of" in inspect.signature(score_history).parameters else {}
h = score_history(inputs, [str(x) for x in months], m, **kwargs)
h = h[h["level"] == "kabkota"][["region_code", "name", "period", "score", "category"]]
h.assign(version=m.version).to_csv(sys.stdout, index=False)
"""


def run_worker(code_dir: Path, url: str, today: str, months: int) -> pd.DataFrame:
    out = subprocess.run([sys.executable, "-c", WORKER, url, today, str(months)], cwd=code_dir,
                         capture_output=True, text=True, check=True)
    return pd.read_csv(io.StringIO(out.stdout), dtype={"region_code": str})


def flips(h: pd.DataFrame) -> pd.Series:
    """Category changes between consecutive months, per region."""
    h = h.sort_values(["region_code", "period"])
    changed = h.groupby("region_code")["category"].transform(lambda s: s.ne(s.shift()) & s.shift().notna())
    return changed.groupby(h["region_code"]).sum().astype(int)


def counts(h: pd.DataFrame) -> pd.DataFrame:
    return (h.pivot_table(index="period", columns="category", values="region_code", aggfunc="count")
            .reindex(columns=["merah", "kuning", "hijau"]).fillna(0).astype(int))


def markdown(frame: pd.DataFrame) -> str:
    """A plain Markdown table (index included)."""
    cols = [frame.index.name or ""] + [str(c) for c in frame.columns]
    rows = [[str(i)] + [str(v) for v in r] for i, r in zip(frame.index, frame.to_numpy())]
    return "\n".join(["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
                     + ["| " + " | ".join(r) + " |" for r in rows])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--before", default=BEFORE_REF)
    ap.add_argument("--today", default="2026-11-20")
    ap.add_argument("--months", type=int, default=24)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        url = f"sqlite:///{tmp_path / 'demo.db'}"
        for cmd in (["upgrade"], ["seed-demo", "--today", args.today]):
            subprocess.run([sys.executable, "-m", "data_access", "--database-url", url, *cmd], cwd=ROOT,
                           check=True, capture_output=True)
        before_dir = tmp_path / "before"
        before_dir.mkdir()
        archive = subprocess.run(["git", "archive", args.before], cwd=ROOT, check=True, capture_output=True).stdout
        tarfile.open(fileobj=io.BytesIO(archive)).extractall(before_dir, filter="data")
        before = run_worker(before_dir, url, args.today, args.months)
        after = run_worker(ROOT, url, args.today, args.months)

    vb, va = before["version"].iloc[0], after["version"].iloc[0]
    cb, ca = counts(before), counts(after)
    table = cb.add_suffix(f" {vb}").join(ca.add_suffix(f" {va}"))
    fb, fa = flips(before), flips(after)
    per_region = pd.DataFrame({"name": before.groupby("region_code")["name"].first(), f"flips {vb}": fb,
                               f"flips {va}": fa}).sort_values(f"flips {vb}", ascending=False)
    print(f"### Sulsel demo, {args.months} months to {args.today}: methodology {vb} (git {args.before}) vs {va}\n")
    print("Kab/kota per category and month:\n")
    print(markdown(table))
    for v, c in ((vb, cb), (va, ca)):
        print(f"\n{v}: months with zero merah {int((c['merah'] == 0).sum())} of {len(c)}; merah per month "
              f"min {c['merah'].min()} · max {c['merah'].max()}")
    print(f"\nStatus flips (category changes between consecutive months), total: {vb} {int(fb.sum())} → "
          f"{va} {int(fa.sum())} ({int(fb.sum() - fa.sum())} fewer); most for one region: {fb.max()} → {fa.max()}.\n")
    print(markdown(per_region))


if __name__ == "__main__":
    main()
