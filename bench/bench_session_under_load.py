"""One real browser session among N simultaneous ones: issue 15's "10 concurrent browser sessions: p95
time-to-idle ≤ 2× a single session", with the other users' browsers on their own machines.

    .venv/bin/python bench/bench_session_under_load.py [--sessions 10] [--repeats 10] [--processes 1]
                                                       [--db sqlite|postgresql] [--national N]

``bench_concurrent.py`` runs all N browsers here, where they take 30–37× the app's CPU on the same 2 cores.
Here one Chromium session (signed in with a session cookie of README's admin) is timed as
``bench_concurrent.py`` times its sessions (navigation start → idle, with the page's heading on screen), and
at the moment the browser's first message goes out on its new websocket (its request for the page, after the
page load), N − 1 other sessions ask the app for the same page through Streamlit's own protocol
(``bench_server_sessions.py``): the server does all N sessions' work at once, the machine draws one browser.
Each page is opened ``--repeats`` times alone (the single session) and as many times among the others; p95 is
nearest-rank over the repeats. Warm: every session has opened both pages once before the timed views.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
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
from playwright.async_api import async_playwright

from bench_concurrent import PAGES as BROWSER_PAGES
from bench_concurrent import (OUT, RssSampler, add_database_options, cpu_seconds, load1, open_timed, p95,
                              prepare_database, start_app, stop_app, throwaway_database, wait_for_low_load)
from bench_server_sessions import PAGES as PROTOCOL_PAGES
from bench_server_sessions import session_tokens, view
from scripts.chromium import ARGS as CHROMIUM_ARGS
from scripts.chromium import chromium_missing, chromium_path

TIMEOUT_MS = 120_000


async def measure(n: int, repeats: int, processes: int, url: str, secret: str, logs: Path) -> dict:
    apps = [start_app(url, secret, logs / f"app-{k}.log") for k in range(processes)]
    samplers = [RssSampler(process.pid) for process, _ in apps]
    for sampler in samplers:
        sampler.start()
    tokens = session_tokens(url, n, secret)
    result: dict = {"sessions": n, "processes": processes, "repeats": repeats, "pages": {}}
    try:
        async with async_playwright() as pw, contextlib.AsyncExitStack() as stack:
            browser = await pw.chromium.launch(executable_path=str(chromium_path()), args=CHROMIUM_ARGS,
                                               headless=True)
            context = await browser.new_context(viewport={"width": 1920, "height": 1080}, locale="id-ID")
            base = apps[0][1]   # the browser's process; the others alternate over all processes
            await context.add_cookies([{"name": "sipks_session", "value": tokens[0], "url": base}])
            page = await context.new_page()
            # The others ask when the browser's first message goes out on its new websocket (its rerun request,
            # after the page load): then all N requests reach the server together, as N users' would.
            sent = asyncio.Event()
            page.on("websocket", lambda ws: ws.on("framesent", lambda _: sent.set())
                    if "/_stcore/stream" in ws.url else None)

            async def others_with_the_browser(name: str) -> None:
                await sent.wait()
                await asyncio.gather(*(view(ws, name) for ws in others))
            others = [await stack.enter_async_context(websockets.connect(
                apps[i % processes][1].replace("http://", "ws://") + "/_stcore/stream", subprotocols=["streamlit"],
                additional_headers={"Cookie": f"sipks_session={token}"}, max_size=None))
                for i, token in enumerate(tokens[1:], start=1)]
            for (heading, path), (_, name) in zip(BROWSER_PAGES, PROTOCOL_PAGES):   # warm every session
                await open_timed(page, base + path, heading, TIMEOUT_MS)
                await asyncio.gather(*(view(ws, name) for ws in others))
            before = sum(cpu_seconds(process.pid)[0] for process, _ in apps)
            load_before = load1()
            for (heading, path), (_, name) in zip(BROWSER_PAGES, PROTOCOL_PAGES):
                alone, among = [], []
                for _ in range(repeats):
                    alone.append((await open_timed(page, base + path, heading, TIMEOUT_MS))[0])
                    sent.clear()
                    timed, _ = await asyncio.gather(open_timed(page, base + path, heading, TIMEOUT_MS),
                                                    others_with_the_browser(name))
                    among.append(timed[0])
                result["pages"][heading] = {"alone": alone, "among": among}
                print(f"  {heading}: alone p50 {statistics.median(alone):.2f} s p95 {p95(alone):.2f} s · among "
                      f"{n}: p50 {statistics.median(among):.2f} s p95 {p95(among):.2f} s · ratio of p95 "
                      f"{p95(among) / p95(alone):.2f}×", flush=True)
            result.update(load_before=load_before, load_after=load1(),
                          app_cpu_s=sum(cpu_seconds(process.pid)[0] for process, _ in apps) - before)
            await browser.close()
    finally:
        result["rss_peak_mb"] = sum(sampler.stop() for sampler in samplers) / 1024
        for process, _ in apps:
            stop_app(process)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10, help="simultaneous sessions, the browser included")
    parser.add_argument("--repeats", type=int, default=10, help="timed views per page, alone and among the others")
    parser.add_argument("--processes", default="1", help="app process counts, comma-separated")
    add_database_options(parser)
    args = parser.parse_args()
    if problem := chromium_missing():
        raise SystemExit(problem)
    if os.nice(0) == 0:
        os.nice(10)
    runs = []
    with throwaway_database(args.db) as url, tempfile.TemporaryDirectory(prefix="sipks-load-logs-") as logs:
        prepare_database(url, args.national)
        secret = secrets.token_hex(32)
        for processes in (int(k) for k in args.processes.split(",")):
            load, _ = wait_for_low_load(args.load_below, 600)
            print(f"{args.sessions} sessions, {processes} app process(es): load {load:.2f}", flush=True)
            runs.append(asyncio.run(measure(args.sessions, args.repeats, processes, url, secret, Path(logs))))
    data = f"national demo, {args.national:,} incidents" if args.national else "Sulsel demo (`setup`)"
    print(f"\n{args.db}, {data}; one browser session, alone and among {args.sessions} simultaneous sessions\n")
    print("| App processes | Page | Alone p50 / p95 | Among the others p50 / p95 | Ratio of p95 | Load | App CPU | RSS |")
    print("|---|---|---|---|---|---|---|---|")
    for run in runs:
        for heading, times in run["pages"].items():
            alone, among = times["alone"], times["among"]
            print(f"| {run['processes']} | {heading} | {statistics.median(alone):.2f} / {p95(alone):.2f} s | "
                  f"{statistics.median(among):.2f} / {p95(among):.2f} s | {p95(among) / p95(alone):.2f}× | "
                  f"{run['load_before']:.2f} → {run['load_after']:.2f} | {run['app_cpu_s']:.1f} s | "
                  f"{run['rss_peak_mb']:,.0f} MB |")
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"session-under-load-{args.db}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps({"db": args.db, "national": args.national, "runs": runs}, indent=1))
    print(f"\n{path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
