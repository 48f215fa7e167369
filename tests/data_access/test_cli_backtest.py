"""``python -m data_access backtest|forecast|alerts-refresh`` on the seeded Sulsel demo (both backends)."""
from __future__ import annotations

import json
from datetime import date

from sqlalchemy import func, select

from cli.app import main
from data_access.demo import seed_demo
from data_access.models import Alert, AuditLog, BacktestRun, Forecast, ForecastRun

TODAY = date(2026, 6, 30)
METRICS = {"brier", "aupr", "mae", "crps", "coverage80", "coverage90"}


def _seed(db) -> str:
    with db.begin() as conn:
        seed_demo(conn, today=TODAY)
    return db.url.render_as_string(hide_password=False)


def test_backtest_forecast_and_alerts_on_the_demo(db, tmp_path, capsys):
    url = _seed(db)
    out = tmp_path / "bt.json"
    assert main(["--database-url", url, "backtest", "--scope", "73", "--from", "2026-01", "--to", "2026-03",
                 "--horizons", "1,3", "--json", str(out), "--today", TODAY.isoformat()]) == 0
    payload = json.loads(out.read_text(encoding="utf-8"))
    assert [h["horizon"] for h in payload] == [1, 3]
    assert [h["n_forecasts"] for h in payload] == [24 * 3, 24 * 3]     # targets Feb–Apr and Apr–Jun 2026
    for h in payload:
        assert set(h) == {"horizon", "n_forecasts", "models"}
        assert {"model", "persistence", "historical_mean", "bootstrap"} == set(h["models"])
        for metrics in h["models"].values():
            assert set(metrics) == METRICS
            assert 0 <= metrics["brier"] <= 1 and metrics["crps"] >= 0 and 0 <= metrics["coverage90"] <= 1
        # Persistence is a point forecast: its CRPS is its absolute error.
        assert h["models"]["persistence"]["crps"] == h["models"]["persistence"]["mae"]
    printed = capsys.readouterr().out
    assert "Horizon 1 bulan · 72 prakiraan" in printed and "historical_mean" in printed
    with db.connect() as conn:
        stored = conn.execute(select(BacktestRun)).one()._mapping
    assert stored["result"]["horizons"][0]["models"] == payload[0]["models"]
    h1 = stored["result"]["horizons"][0]
    skill = 1 - h1["models"]["model"]["crps"] / h1["models"]["persistence"]["crps"]
    assert h1["skill"]["persistence"]["crps"] == skill
    assert "skill model vs persistence: brier" in printed
    assert stored["n_origins"] == 3 and stored["model_version"] == "hgb-poisson-nb/2026.1"

    assert main(["--database-url", url, "forecast", "--scope", "73", "--today", TODAY.isoformat()]) == 0
    assert main(["--database-url", url, "alerts-refresh", "--scope", "73", "--today", TODAY.isoformat()]) == 0
    printed = capsys.readouterr().out
    assert "Prakiraan #" in printed and "24 kab/kota" in printed and "Peringatan dihitung ulang untuk 24" in printed
    with db.connect() as conn:
        run = conn.execute(select(ForecastRun)).one()._mapping
        n_forecasts = conn.execute(select(func.count()).select_from(Forecast)).scalar_one()
        n_alerts = conn.execute(select(func.count()).select_from(Alert)).scalar_one()
        actions = {a for (a,) in conn.execute(select(AuditLog.action))}
    assert run["origin"] == date(2026, 6, 1) and run["data_as_of"] == TODAY and run["seed"] == 2027
    assert n_forecasts == 24 * 2 and n_alerts > 0
    assert {"backtest", "forecast", "alerts_refresh"} <= actions


def test_backtest_refuses_bad_input(db, capsys):
    url = db.url.render_as_string(hide_password=False)
    base = ["--database-url", url, "backtest", "--scope", "73"]
    assert main([*base, "--from", "2026-13", "--to", "2026-03"]) == 2
    assert "bulan tidak valid" in capsys.readouterr().err
    assert main([*base, "--from", "2026-03", "--to", "2026-01"]) == 2
    assert main([*base, "--from", "2026-01", "--to", "2026-03", "--horizons", "1,x"]) == 2
    assert main([*base, "--from", "2026-01", "--to", "2026-03", "--today", "2026-06-30"]) == 2
    assert "belum ada insiden" in capsys.readouterr().err
