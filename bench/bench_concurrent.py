"""Concurrent browser sessions against ONE Streamlit app process (issue 15: "10 concurrent browser sessions:
p95 time-to-idle ≤ 2× a single session, server RSS ≤ 1 GB").

    .venv/bin/python bench/bench_concurrent.py [--sessions 1,5,10] [--db sqlite|postgresql] [--national N]

A throw-away database (SQLite file in a temp dir, or a PostgreSQL database on 127.0.0.1 created and dropped
here) is set up with `python -m data_access setup` (Sulsel demo), or with ``--national N`` migrated (`upgrade`),
seeded with the national demo of N incidents, given README's admin account and run through `refresh-scores`. For each session count, a fresh app process is started (so every
count starts cold), N browser contexts of Debian's Chromium sign in as the demo admin, and then — all at the same
moment — every context opens Ringkasan, and once all are idle, Peta Risiko (both at ``cakupan=nasional``). That
is the cold round; the same again is the warm round.

Time-to-idle is measured in the page: from navigation start (``performance.timeOrigin``) to the start of the
quiet window after which Streamlit stayed idle (the same test as ``tests/e2e/helpers.wait_for_app``), and only
once the page's heading is on screen. Server memory: peak of the app process tree's summed RSS (sampled every
0.2 s) and the app process's ``VmHWM``. CPU seconds of the app and of Chromium per round show who was busy.

Before each session count the script waits (polling every 20 s, at most ``--max-wait`` s) for the 1-minute load
average to drop below ``--load-below``, and runs itself under ``nice``. JSON of each run goes to bench/out/.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.async_api import async_playwright

from scripts.chromium import ARGS as CHROMIUM_ARGS
from scripts.chromium import chromium_missing, chromium_path
from tests.e2e.helpers import _IDLE_JS  # the suite's idle test, so both agree on "idle"
from ui import texts as T

ADMIN = ("admin", "demo-admin-2024")  # README's demo admin: national scope, clearance rahasia
PAGES = ((T.RINGKASAN_TITLE, "/ringkasan?cakupan=nasional"), (T.PETA_TITLE, "/peta?cakupan=nasional"))
PG_ADMIN = os.environ.get("SIPKS_BENCH_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
QUIET_MS = 400
OUT = ROOT / "bench" / "out"


def load1() -> float:
    return os.getloadavg()[0]


def wait_for_low_load(below: float, max_wait: float) -> tuple[float, bool]:
    """Poll the 1-minute load every 20 s until it is below ``below`` (at most ``max_wait`` s): (load, reached)."""
    deadline = time.monotonic() + max_wait
    while load1() >= below and time.monotonic() < deadline:
        print(f"  load {load1():.2f} ≥ {below}: waiting", flush=True)
        time.sleep(20)
    return load1(), load1() < below


# ----------------------------------------------------------------------------- database

@contextmanager
def throwaway_database(kind: str) -> Iterator[str]:
    """The URL of an empty database that is removed afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="sipks-conc-") as tmp:
            yield f"sqlite:///{Path(tmp) / 'bench.db'}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"sipks_conc_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def add_database_options(parser: argparse.ArgumentParser) -> None:
    """--db, --national and --load-below, shared with bench_server_sessions.py."""
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--national", type=int, default=None, metavar="N",
                        help="seed the national demo with N incidents, then refresh-scores")
    parser.add_argument("--load-below", type=float, default=3.0)


def prepare_database(url: str, national: int | None) -> None:
    """The Sulsel demo (`setup`), or with ``national`` the national demo of that many incidents, README's
    admin account and `refresh-scores`."""
    if national:
        # `upgrade`, not `setup`: `seed-demo --replace` over the Sulsel demo fails on SQLite (FOREIGN KEY
        # constraint failed on DELETE FROM incidents), so the national demo goes into an empty database and
        # the admin account (which only `setup` creates) is made here, as README's demo admin.
        cli(url, "upgrade")
        seed = cli(url, "seed-demo", "--scale", "national", "--incidents", str(national))
        cli(url, "create-user", "--username", ADMIN[0], "--role", "admin", "--scope", "nasional",
            "--clearance", "rahasia", "--password-stdin", stdin=ADMIN[1] + "\n")
        print(f"seed-demo national {national:,}: {seed:.1f} s; refresh-scores: "
              f"{cli(url, 'refresh-scores'):.1f} s", flush=True)
    else:
        print(f"setup: {cli(url, 'setup'):.1f} s", flush=True)


def cli(url: str, *args: str, stdin: str | None = None) -> float:
    """Run `python -m data_access ARGS` against ``url``; its wall time."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "data_access", *args], check=False, cwd=ROOT, input=stdin,
                          capture_output=True, text=True, env={**os.environ, "SIPKS_DATABASE_URL": url})
    if done.returncode:
        raise SystemExit(f"data_access {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return time.perf_counter() - start


# ----------------------------------------------------------------------------- app process and /proc

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(url: str, secret: str, log: Path) -> tuple[subprocess.Popen, str]:
    """One Streamlit process on a free port (as tests/e2e/test_two_processes.py starts them)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless",
         "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, "SIPKS_DATABASE_URL": url, "SIPKS_SECRET_KEY": secret},
        stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process, base
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.3)
    stop_app(process)
    raise SystemExit(f"Streamlit did not start:\n{log.read_text()[-2000:]}")


def stop_app(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _proc_table() -> dict[int, tuple[int, float]]:
    """pid → (parent pid, CPU seconds user+system) for every process readable now."""
    tick = os.sysconf("SC_CLK_TCK")
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        table[int(entry)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    return table


def descendants(root: int, table: dict[int, tuple[int, float]]) -> set[int]:
    """``root`` and every process below it."""
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, (ppid, _) in table.items() if ppid in tree} - tree
        tree |= more
        grew = bool(more)
    return tree & set(table)


def cpu_seconds(app_pid: int) -> tuple[float, float]:
    """CPU seconds so far of (the app's process tree, everything else below this script: Chromium, driver)."""
    table = _proc_table()
    app = descendants(app_pid, table)
    mine = descendants(os.getpid(), table) - app - {os.getpid()}
    return sum(table[p][1] for p in app), sum(table[p][1] for p in mine)


def status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class RssSampler(threading.Thread):
    """Peak summed RSS of a process tree, sampled every 0.2 s."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self._stop_event = pid, 0, threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            tree = descendants(self.pid, _proc_table())
            self.peak_kb = max(self.peak_kb, sum(status_kb(p, "VmRSS") for p in tree))
            self._stop_event.wait(0.2)

    def stop(self) -> int:
        self._stop_event.set()
        self.join()
        return self.peak_kb


# ----------------------------------------------------------------------------- browser

async def wait_idle(page, heading: str | None, timeout_ms: float) -> float:
    """Wait until Streamlit is idle with ``heading`` on screen; ms from navigation start to the idle start."""
    deadline = time.monotonic() + timeout_ms / 1000
    await page.wait_for_selector("[data-testid='stApp']", timeout=timeout_ms)
    while True:
        await page.evaluate("() => { window.__sipksIdleSince = null; }")
        left = max(1_000.0, (deadline - time.monotonic()) * 1000)
        await page.wait_for_function(_IDLE_JS, arg=QUIET_MS, timeout=left, polling=50)
        since = await page.evaluate("() => window.__sipksIdleSince")
        if heading is None or await page.get_by_role("heading", name=heading, exact=True).count():
            return since
        if time.monotonic() > deadline:  # idle without the page: the run did not show it
            raise RuntimeError(f"idle without the heading {heading!r} at {page.url}")


async def sign_in(page, base: str, timeout_ms: float) -> None:
    await page.goto(base)
    await wait_idle(page, None, timeout_ms)
    await page.get_by_label(T.LOGIN_USERNAME, exact=True).fill(ADMIN[0])
    await page.get_by_label(T.LOGIN_PASSWORD, exact=True).fill(ADMIN[1])
    await page.get_by_role("button", name=T.LOGIN_SUBMIT, exact=True).click()
    await wait_idle(page, T.RINGKASAN_TITLE, timeout_ms)


async def open_timed(page, url: str, heading: str, timeout_ms: float) -> tuple[float, bool]:
    """Open ``url`` (a new page load, as a typed or shared link) → (seconds to idle, an error box shown)."""
    await page.goto(url)
    ms = await wait_idle(page, heading, timeout_ms)
    failed = await page.locator("[data-testid='stException']").count() > 0
    return ms / 1000, failed


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile (the maximum for fewer than 20 values)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


async def measure(n: int, url: str, secret: str, logs: Path, timeout_ms: float) -> dict:
    """One app process, ``n`` signed-in contexts, a cold and a warm round of Ringkasan then Peta Risiko."""
    process, base = start_app(url, secret, logs / f"app-{n}.log")
    sampler = RssSampler(process.pid)
    sampler.start()
    result: dict = {"sessions": n, "rounds": {}}
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=str(chromium_path()), args=CHROMIUM_ARGS,
                                               headless=True)
            contexts = [await browser.new_context(viewport={"width": 1920, "height": 1080}, locale="id-ID")
                        for _ in range(n)]
            pages = [await c.new_page() for c in contexts]
            start = time.perf_counter()
            await asyncio.gather(*(sign_in(p, base, timeout_ms) for p in pages))
            result["sign_in_s"] = time.perf_counter() - start
            result["rss_after_sign_in_mb"] = sum(status_kb(p, "VmRSS") for p in descendants(
                process.pid, _proc_table())) / 1024
            for label in ("cold", "warm"):
                round_: dict = {"load_before": load1()}
                app_cpu, client_cpu = cpu_seconds(process.pid)
                wall = time.perf_counter()
                for heading, path in PAGES:
                    timed = await asyncio.gather(*(open_timed(p, base + path, heading, timeout_ms) for p in pages))
                    times = [t for t, _ in timed]
                    round_[heading] = {"times": times, "p50": statistics.median(times), "p95": p95(times),
                                       "errors": sum(f for _, f in timed)}
                app_after, client_after = cpu_seconds(process.pid)
                round_.update(wall_s=time.perf_counter() - wall, load_after=load1(),
                              app_cpu_s=app_after - app_cpu, client_cpu_s=client_after - client_cpu)
                result["rounds"][label] = round_
                print(f"  N={n} {label}: " + ", ".join(
                    f"{h} p50 {round_[h]['p50']:.2f} s p95 {round_[h]['p95']:.2f} s" for h, _ in PAGES)
                    + f" (load {round_['load_before']:.2f} → {round_['load_after']:.2f})", flush=True)
            await browser.close()
    finally:
        result["rss_peak_mb"] = sampler.stop() / 1024
        result["vmhwm_mb"] = status_kb(process.pid, "VmHWM") / 1024
        stop_app(process)
    return result


# ----------------------------------------------------------------------------- report

def report(runs: list[dict], db: str, national: int | None) -> None:
    data = f"national demo, {national:,} incidents" if national else "Sulsel demo (`setup`)"
    print(f"\n{db}, {data}; every figure with the 1-minute load before → after its round\n")
    print("| Sessions | Round | Load | Ringkasan p50 / p95 | Peta Risiko p50 / p95 | App CPU / Chromium CPU"
          " | Server RSS peak (VmHWM) |")
    print("|---|---|---|---|---|---|---|")
    for run in runs:
        for label, r in run["rounds"].items():
            cells = [f"{r[h]['p50']:.2f} / {r[h]['p95']:.2f} s" + (f" ({r[h]['errors']} errors)" if r[h]["errors"]
                                                                  else "") for h, _ in PAGES]
            print(f"| {run['sessions']} | {label} | {r['load_before']:.2f} → {r['load_after']:.2f} | "
                  + " | ".join(cells) + f" | {r['app_cpu_s']:.1f} / {r['client_cpu_s']:.1f} s | "
                  f"{run['rss_peak_mb']:,.0f} MB ({run['vmhwm_mb']:,.0f} MB) |")
    one = next((r for r in runs if r["sessions"] == 1), None)
    if one:
        for run in runs:
            if run is one:
                continue
            for label in ("cold", "warm"):
                ratios = ", ".join(f"{h} {run['rounds'][label][h]['p95'] / one['rounds'][label][h]['p95']:.2f}×"
                                   for h, _ in PAGES)
                print(f"p95(N={run['sessions']}) / p95(N=1), {label}: {ratios}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="1,5,10", help="session counts, comma-separated")
    add_database_options(parser)
    parser.add_argument("--max-wait", type=float, default=900.0, help="seconds to wait for the load, per count")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds one page may take to go idle")
    args = parser.parse_args()
    if problem := chromium_missing():
        raise SystemExit(problem)
    if os.nice(0) == 0:
        os.nice(10)  # shared machine: the app and Chromium inherit this
    counts = [int(s) for s in args.sessions.split(",")]
    runs: list[dict] = []
    with throwaway_database(args.db) as url, tempfile.TemporaryDirectory(prefix="sipks-conc-logs-") as logs:
        prepare_database(url, args.national)
        secret = secrets.token_hex(32)
        for n in counts:
            load, reached = wait_for_low_load(args.load_below, args.max_wait)
            print(f"N={n}: load {load:.2f}" + ("" if reached else f" (never below {args.load_below}: measured anyway)"),
                  flush=True)
            run = asyncio.run(measure(n, url, secret, Path(logs), args.timeout * 1000))
            run.update(load_at_start=load, load_reached=reached)
            runs.append(run)
    report(runs, args.db, args.national)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"concurrent-{args.db}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps({"db": args.db, "national": args.national, "runs": runs}, indent=1))
    print(f"\n{path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
