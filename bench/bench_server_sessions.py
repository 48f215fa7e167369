"""Concurrent sessions against the app server without browsers: the server's share of issue 15's "10 concurrent
browser sessions: p95 time-to-idle ≤ 2× a single session".

    .venv/bin/python bench/bench_server_sessions.py [--sessions 1,10] [--processes 1,2] [--db sqlite|postgresql]
                                                    [--national N]

``bench_concurrent.py`` drives real Chromium sessions, but on this 2-core machine the browsers use 10–30× the
app's CPU, so its ratio mostly measures the machine rendering N browsers. Here each session is a websocket
client speaking Streamlit's own protocol (the ``BackMsg``/``ForwardMsg`` protobufs of the installed Streamlit):
it connects to ``/_stcore/stream`` with a session cookie made for README's admin (``data_access.auth.
create_session``, the app's own sign-in path), asks for a page as the browser does (``rerun_script`` with the
page name and ``cakupan=nasional``) and takes the time from the request to the page's last ``script_finished``
(the server then sent nothing for ``QUIET_S``, which is not counted). Nothing is drawn, so the figures are the
server's: its work for the page and its queue.

All sessions ask at the same moment: Ringkasan, then Peta Risiko, in three rounds (``cold``: the first views of
a freshly started process; ``warm`` twice). With ``--processes K`` the sessions are spread over K app processes
on the same database (docs/deploy.md runs several behind nginx). App CPU and the peak RSS of all app processes
are reported per run. Database set-up as in ``bench_concurrent.py``.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench_concurrent import (ADMIN, OUT, RssSampler, add_database_options, cpu_seconds, load1, p95, prepare_database, start_app,
                              stop_app, throwaway_database, wait_for_low_load)
from data_access.auth import create_session, load_settings
from data_access.db import make_engine
from data_access.users import get_user

PAGES = (("Ringkasan", "ringkasan"), ("Peta Risiko", "peta"))
QUERY = "cakupan=nasional"
QUIET_S = 0.3   # after a script_finished: a rerun the page asked for (a cookie, a redirect) starts within this
ROUNDS = ("cold", "warm", "warm 2")


def session_tokens(url: str, n: int, secret: str) -> list[str]:
    """``n`` signed session tokens of README's admin, valid for an app started with ``secret``."""
    os.environ["SIPKS_SECRET_KEY"] = secret
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            user = get_user(conn, ADMIN[0])
            if user is None:
                raise SystemExit(f"no user {ADMIN[0]!r} in the database")
            return [create_session(conn, user, load_settings()) for _ in range(n)]
    finally:
        engine.dispose()


async def view(ws, page: str) -> tuple[float, int]:
    """Ask for ``page``; (seconds to its last script_finished, ForwardMsgs received)."""
    request = BackMsg()
    request.rerun_script.query_string = QUERY
    request.rerun_script.page_name = page
    started = time.perf_counter()
    await ws.send(request.SerializeToString())
    finished, received = None, 0
    while True:
        try:
            data = await (ws.recv() if finished is None else asyncio.wait_for(ws.recv(), timeout=QUIET_S))
        except asyncio.TimeoutError:
            return finished - started, received
        message = ForwardMsg()
        message.ParseFromString(data)
        received += 1
        kind = message.WhichOneof("type")
        if kind == "page_not_found" and page != "ringkasan":   # Ringkasan is the default page ("/")
            raise RuntimeError(f"page {page!r} not found")
        if kind == "script_finished":
            finished = time.perf_counter()


async def session(base: str, token: str, times: dict[str, list[float]]) -> None:
    async with websockets.connect(base.replace("http://", "ws://") + "/_stcore/stream", subprotocols=["streamlit"],
                                  additional_headers={"Cookie": f"sipks_session={token}"}, max_size=None) as ws:
        for heading, page in PAGES:
            seconds, received = await view(ws, page)
            if received < 20:   # the login form is a handful of messages; a page is dozens
                raise RuntimeError(f"{heading}: only {received} messages (not signed in?)")
            times[heading].append(seconds)


async def measure(n: int, processes: int, url: str, secret: str, logs: Path) -> dict:
    apps = [start_app(url, secret, logs / f"app-{n}-{k}.log") for k in range(processes)]
    samplers = [RssSampler(process.pid) for process, _ in apps]
    for sampler in samplers:
        sampler.start()
    tokens = session_tokens(url, n, secret)
    result: dict = {"sessions": n, "processes": processes, "rounds": {}}
    try:
        for label in ROUNDS:
            times: dict[str, list[float]] = {heading: [] for heading, _ in PAGES}
            before = sum(cpu_seconds(process.pid)[0] for process, _ in apps)
            load_before = load1()
            # session i on process i mod K, all at the same moment
            await asyncio.gather(*(session(apps[i % processes][1], token, times) for i, token in enumerate(tokens)))
            round_ = {h: {"p50": statistics.median(t), "p95": p95(t), "times": t} for h, t in times.items()}
            round_.update(load_before=load_before, load_after=load1(),
                          app_cpu_s=sum(cpu_seconds(process.pid)[0] for process, _ in apps) - before)
            result["rounds"][label] = round_
            print(f"  N={n} K={processes} {label}: " + ", ".join(
                f"{h} p50 {round_[h]['p50'] * 1000:.0f} ms p95 {round_[h]['p95'] * 1000:.0f} ms" for h, _ in PAGES)
                + f", app CPU {round_['app_cpu_s']:.2f} s", flush=True)
    finally:
        result["rss_peak_mb"] = sum(sampler.stop() for sampler in samplers) / 1024
        for process, _ in apps:
            stop_app(process)
    return result


def report(runs: list[dict], db: str, national: int | None) -> None:
    data = f"national demo, {national:,} incidents" if national else "Sulsel demo (`setup`)"
    print(f"\n{db}, {data}; protocol clients, no browsers; load before → after each round\n")
    print("| Sessions | App processes | Round | Load | Ringkasan p50 / p95 | Peta Risiko p50 / p95 | App CPU | "
          "RSS peak (all app processes) |")
    print("|---|---|---|---|---|---|---|---|")
    for run in runs:
        for label, r in run["rounds"].items():
            cells = " | ".join(f"{r[h]['p50'] * 1000:.0f} / {r[h]['p95'] * 1000:.0f} ms" for h, _ in PAGES)
            print(f"| {run['sessions']} | {run['processes']} | {label} | {r['load_before']:.2f} → "
                  f"{r['load_after']:.2f} | {cells} | {r['app_cpu_s']:.2f} s | {run['rss_peak_mb']:,.0f} MB |")
    for run in runs:
        one = next((r for r in runs if r["sessions"] == 1 and r["processes"] == run["processes"]), None)
        if one is None or run is one:
            continue
        for label in ROUNDS:
            ratios = ", ".join(f"{h} {run['rounds'][label][h]['p95'] / one['rounds'][label][h]['p95']:.1f}×"
                               for h, _ in PAGES)
            print(f"p95(N={run['sessions']}) / p95(N=1), {run['processes']} process(es), {label}: {ratios}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="1,10", help="session counts, comma-separated")
    parser.add_argument("--processes", default="1,2", help="app process counts, comma-separated")
    add_database_options(parser)
    parser.add_argument("--max-wait", type=float, default=600.0, help="seconds to wait for the load, per run")
    args = parser.parse_args()
    if os.nice(0) == 0:
        os.nice(10)  # shared machine: the app processes inherit this
    runs: list[dict] = []
    with throwaway_database(args.db) as url, tempfile.TemporaryDirectory(prefix="sipks-srv-logs-") as logs:
        prepare_database(url, args.national)
        secret = secrets.token_hex(32)
        for processes in (int(k) for k in args.processes.split(",")):
            for n in (int(s) for s in args.sessions.split(",")):
                load, _ = wait_for_low_load(args.load_below, args.max_wait)
                print(f"N={n} K={processes}: load {load:.2f}", flush=True)
                runs.append(asyncio.run(measure(n, processes, url, secret, Path(logs))))
    report(runs, args.db, args.national)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"server-sessions-{args.db}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps({"db": args.db, "national": args.national, "runs": runs}, indent=1))
    print(f"\n{path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
