"""The issue-10 examples re-measured on the Sulsel demo with the methodology in force.

Run: ``.venv/bin/python bench/issue10_examples.py [--today YYYY-MM-DD]``. Seeds the demo into a temporary
SQLite database, loads the scoring inputs of province 73 and prints, for the running month:
(1) how much one severe incident on the as-of day raises ``tekanan`` in the smallest kab/kota and in
Kota Makassar; (2) the escalation component of 6 incidents in the quietest kab/kota, and of a jump from
10 to 20 incidents a month; (3) what 3 deaths on the 5th do to the category as of the 10th and as of the
month's end. 2026.1's figures for the same questions are in the issue text.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from domain.access import Scope, ScopeLevel  # noqa: E402
from domain.period import Month  # noqa: E402
from scoring import ScoringInputs, compute_scores  # noqa: E402
from services.risk import load_inputs, methodology  # noqa: E402


def with_rows(inputs: ScoringInputs, rows: list[tuple]) -> ScoringInputs:
    cols = ["region_code", "day", "category", "arena", "severity", "incidents", "deaths", "injuries", "displaced"]
    extra = pd.DataFrame(rows, columns=cols)
    extra["day"] = pd.to_datetime(extra["day"]).astype("datetime64[ns]")
    extra["known_on"] = extra["day"]
    daily = pd.concat([inputs.incident_daily, extra], ignore_index=True)
    return ScoringInputs.from_frames(inputs.regions, inputs.indicator_definitions, inputs.indicator_values, daily,
                                     inputs.declarations)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--today", default="2026-11-20")
    today = date.fromisoformat(ap.parse_args().today)
    m = methodology()
    month = Month.of(today)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'demo.db'}"
        for cmd in (["upgrade"], ["seed-demo", "--today", str(today)]):
            subprocess.run([sys.executable, "-m", "data_access", "--database-url", url, *cmd], cwd=ROOT,
                           check=True, capture_output=True)
        with sa.create_engine(url).connect() as conn:
            inputs = load_inputs(conn, Scope(ScopeLevel.PROVINSI, "73"), month.shift(-1), month, m)
    score = lambda inp, **kw: compute_scores(inp, str(month), m, as_of=kw.pop("as_of", today), draws=0,  # noqa: E731
                                             **kw).table.set_index("region_code")
    base = score(inputs)
    kab = inputs.regions[inputs.regions["level"] != "provinsi"].set_index("code")
    smallest = kab["population"].idxmin()
    print(f"methodology {m.version}, Sulsel demo, as of {today}\n")
    for code in (smallest, "73.71"):
        after = score(with_rows(inputs, [(code, str(today), "bentrok_antarwarga", "nyata", "berat", 1, 0, 0, 0)]))
        print(f"one severe incident, {kab.at[code, 'name']} ({kab.at[code, 'population']:,.0f} people): tekanan "
              f"{base.at[code, 'tekanan']:.1f} → {after.at[code, 'tekanan']:.1f} "
              f"(+{after.at[code, 'tekanan'] - base.at[code, 'tekanan']:.1f}); score "
              f"+{after.at[code, 'score'] - base.at[code, 'score']:.1f}")
    kab_rows = base[base["level"] == "kabkota"]
    daily = inputs.incident_daily
    recent = daily[daily["day"] >= pd.Timestamp(month.shift(-12).first_day)]
    counts = recent.groupby("region_code")["incidents"].sum().reindex(kab_rows.index).fillna(0)
    quiet = counts.idxmin()  # the fewest incidents in the last 12 months
    six = score(with_rows(inputs, [(quiet, str(today - timedelta(days=d)), "sara", "nyata", "ringan", 1, 0, 0, 0)
                                   for d in range(6)]))
    print(f"\n6 incidents in 30 days, quiet {base.at[quiet, 'name']} ({int(counts[quiet])} in 12 months): eskalasi {six.at[quiet, 'eskalasi']:.1f} "
          f"(signal {bool(six.at[quiet, 'escalation_signal'])}); 2026.1: 80.8")
    # a region that had 10 a month for 12 months, then 20 in the last 30 days
    steady = [r for r in kab_rows.index if r not in (quiet,)][-1]
    history = [(steady, str((month.shift(-k).first_day + timedelta(days=9))), "lainnya", "nyata", "ringan", 10, 0, 0, 0)
               for k in range(1, 13)]
    jump = score(with_rows(inputs, history + [(steady, str(today), "lainnya", "nyata", "ringan", 20, 0, 0, 0)]))
    calm = score(with_rows(inputs, history + [(steady, str(today), "lainnya", "nyata", "ringan", 10, 0, 0, 0)]))
    print(f"10 → 20 a month, {base.at[steady, 'name']}: eskalasi {jump.at[steady, 'eskalasi']:.1f} "
          f"(10 → 10: {calm.at[steady, 'eskalasi']:.1f}); 2026.1: 42.2")
    target = kab_rows.sort_values("score").index[0]
    fifth = month.first_day + timedelta(days=4)
    deaths = with_rows(inputs, [(target, str(fifth), "sara", "nyata", "berat", 1, 3, 0, 0)])
    print()
    for as_of in (fifth + timedelta(days=5), fifth + timedelta(days=13), fifth + timedelta(days=14)):
        t = score(deaths, as_of=as_of)
        print(f"3 deaths on {fifth} in {base.at[target, 'name']}: category as of {as_of} = "
              f"{t.at[target, 'category']} (overrides: {[o['rule'] for o in t.at[target, 'overrides']]}); "
              f"without them {base.at[target, 'category']}")


if __name__ == "__main__":
    main()
