"""Early-warning commands: ``backtest``, ``forecast`` and ``alerts-refresh``.

The CLI is an entry point above the layers, so these commands call ``services.forecast`` and
``services.alerts`` (imported inside the command: heavy imports only when used).
"""
from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

import pandas as pd

from data_access import audit
from cli.app import CommandError, engine_from_args
from domain.access import SYSTEM, Scope
from domain.period import Month

TABLE_METRICS = ("brier", "aupr", "mae", "crps", "coverage80", "coverage90")


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("backtest", help="uji mundur asal bergulir: model vs persistence, rerata historis, bootstrap")
    p.add_argument("--scope", required=True, help="nasional, kode provinsi (73) atau kab/kota (73.71)")
    p.add_argument("--from", dest="month_from", required=True, help="asal pertama YYYY-MM")
    p.add_argument("--to", dest="month_to", required=True, help="asal terakhir YYYY-MM")
    p.add_argument("--horizons", default="1,3", help="horizon bulan, dipisah koma (default 1,3)")
    p.add_argument("--json", dest="json_file", type=Path, help="tulis hasil per horizon ke berkas JSON ini")
    p.add_argument("--seed", type=int, help="benih acak (default dari scoring/early_warning.toml)")
    p.add_argument("--today", help="tanggal data (YYYY-MM-DD) sebagai 'hari ini'; default hari ini")
    p.set_defaults(func=cmd_backtest)
    p = subparsers.add_parser("forecast", help="prakiraan insiden 1 dan 3 bulan ke depan per kab/kota (disimpan)")
    p.add_argument("--scope", default="73", help="nasional, kode provinsi atau kab/kota; default 73")
    p.add_argument("--seed", type=int, help="benih acak (default dari scoring/early_warning.toml)")
    p.add_argument("--today", help="tanggal data (YYYY-MM-DD); default hari ini")
    p.set_defaults(func=cmd_forecast)
    p = subparsers.add_parser("alerts-refresh", help="hitung ulang peringatan dini (semua aturan)")
    p.add_argument("--scope", default="nasional", help="nasional atau kode provinsi/kab/kota; default nasional")
    p.add_argument("--today", help="tanggal data (YYYY-MM-DD); default hari ini")
    p.set_defaults(func=cmd_alerts_refresh)


def _scope(text: str) -> Scope:
    try:
        return Scope.decode(text)
    except ValueError as exc:
        raise CommandError(f"cakupan tidak valid: {text!r}") from exc


def _month(text: str, option: str) -> pd.Timestamp:
    try:
        return pd.Timestamp(Month.parse(text).first_day)
    except (ValueError, TypeError) as exc:
        raise CommandError(f"{option}: bulan tidak valid {text!r} (format YYYY-MM)") from exc


def _today(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"--today: tanggal tidak valid {text!r} (format YYYY-MM-DD)") from exc


def _horizons(text: str) -> tuple[int, ...]:
    try:
        values = tuple(int(x) for x in text.split(",") if x.strip())
    except ValueError as exc:
        raise CommandError(f"--horizons: {text!r} bukan daftar bilangan bulat, mis. 1,3") from exc
    if not values or any(h < 1 or h > 12 for h in values):
        raise CommandError("--horizons: setiap horizon 1 sampai 12 bulan")
    return values


def backtest_json(result: dict) -> list[dict]:
    """Exactly the issue's shape: one object per horizon with horizon, n_forecasts and models{name: metrics}.
    Skill against the baselines is printed, stored with the run and shown on the pages."""
    return [{"horizon": h["horizon"], "n_forecasts": h["n_forecasts"], "models": h["models"]}
            for h in result["horizons"]]


def _fmt(value) -> str:
    return "—" if value is None else f"{value:.3f}"


def cmd_backtest(args: argparse.Namespace) -> int:
    from services.forecast import backtest

    scope = _scope(args.scope)
    first, last = _month(args.month_from, "--from"), _month(args.month_to, "--to")
    if last < first:
        raise CommandError("--to lebih awal dari --from")
    horizons = _horizons(args.horizons)
    engine = engine_from_args(args)
    with engine.begin() as conn:
        try:
            run = backtest(conn, scope, month_from=first, month_to=last, horizons=horizons, created_by=SYSTEM.username,
                           as_of=_today(args.today), seed=args.seed)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        audit.record(conn, SYSTEM, "backtest", scope.encode(),
                     {"run_id": run["id"], "from": args.month_from, "to": args.month_to, "horizons": list(horizons)})
    payload = backtest_json(run["result"])
    if args.json_file:
        args.json_file.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"Uji mundur #{run['id']} cakupan {scope.encode()}, asal {args.month_from}–{args.month_to} "
          f"({run['n_origins']} asal), model {run['model_version']}, benih {run['seed']}, "
          f"{run['duration_s']:.1f} detik.")
    for h, full in zip(payload, run["result"]["horizons"]):
        print(f"\nHorizon {h['horizon']} bulan · {h['n_forecasts']} prakiraan")
        print(f"{'model':<16}" + "".join(f"{m:>11}" for m in TABLE_METRICS))
        for name, metrics in h["models"].items():
            print(f"{name:<16}" + "".join(f"{_fmt(metrics[m]):>11}" for m in TABLE_METRICS))
        for base, skills in full.get("skill", {}).items():
            print(f"skill model vs {base}: " + ", ".join(f"{m} {_fmt(v)}" for m, v in skills.items()))
    return 0


def cmd_forecast(args: argparse.Namespace) -> int:
    from services.forecast import run_forecast

    scope = _scope(args.scope)
    engine = engine_from_args(args)
    with engine.begin() as conn:
        try:
            out = run_forecast(conn, scope, created_by=SYSTEM.username, as_of=_today(args.today), seed=args.seed)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        audit.record(conn, SYSTEM, "forecast", scope.encode(), {"run_id": out.run_id, "origin": str(out.origin)})
    print(f"Prakiraan #{out.run_id} tersimpan: cakupan {scope.encode()}, asal {out.origin:%Y-%m}, "
          f"{out.forecasts['region_code'].nunique()} kab/kota, {out.duration_s:.1f} detik.")
    return 0


def cmd_alerts_refresh(args: argparse.Namespace) -> int:
    from services.alerts import refresh_alerts

    scope = _scope(args.scope)
    engine = engine_from_args(args)
    with engine.begin() as conn:
        result = refresh_alerts(conn, None if scope.code is None else [scope.code], as_of=_today(args.today))
    print(f"Peringatan dihitung ulang untuk {result.regions} kab/kota: {result.new} baru, {result.updated} "
          f"diperbarui, {result.ended} kondisinya berakhir.")
    return 0


def prepare_demo(engine, today: date) -> None:
    """After the demo data are loaded: a forecast run, the backtest over the newest 24 origins and the
    alerts, so the Peringatan Dini page has something true to show from the first start."""
    from services.alerts import refresh_alerts
    from services.forecast import backtest, default_origins, run_forecast

    scope = Scope.for_region("73")
    with engine.begin() as conn:
        out = run_forecast(conn, scope, created_by=SYSTEM.username, as_of=today)
        first, last = default_origins(conn, scope, as_of=today)
        run = backtest(conn, scope, month_from=first, month_to=last, horizons=(1, 3), created_by=SYSTEM.username,
                       as_of=today)
        result = refresh_alerts(conn, ["73"], as_of=today)
    print(f"Peringatan dini: prakiraan #{out.run_id} (asal {out.origin:%Y-%m}), uji mundur #{run['id']} "
          f"({run['n_origins']} asal, {run['duration_s']:.0f} detik), {result.new} peringatan.")
