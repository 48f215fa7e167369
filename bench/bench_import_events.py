"""Import benchmark for public event exports: an ACLED-shaped CSV with coordinates, imported with the
``acled`` preset (value maps, derivations, point-in-polygon placement, cross-check with names).

``.venv/bin/python bench/bench_import_events.py [ROWS] [--stream]``
  100,000 rows, in memory (prepare → commit): target ≤ 30 s.
  1,000,000 rows with --stream (chunks in one transaction): target ≤ 5 min and peak RSS ≤ 1.5 GB.
Prints the machine load beside the figures.
"""
from __future__ import annotations

import csv
import json
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import shapely  # noqa: E402

from data_access.db import make_engine, upgrade  # noqa: E402
from data_access.imports import commit, prepare_file  # noqa: E402
from data_access.imports.presets import load_preset  # noqa: E402
from data_access.imports.stream import stream_import  # noqa: E402
from data_access.reference import load_regions  # noqa: E402
from domain.access import SYSTEM  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ["event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
           "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
           "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
           "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp"]
SUBTYPES = [("Protests", "Peaceful protest"), ("Riots", "Mob violence"), ("Riots", "Violent demonstration"),
            ("Battles", "Armed clash"), ("Violence against civilians", "Attack"),
            ("Strategic developments", "Arrests")]


def _places() -> list[tuple[str, str, float, float]]:
    """(province, kab/kota name, lat, lon) of a point inside every kab/kota polygon."""
    features = json.loads((ROOT / "assets" / "geo" / "idn_kabkota.geojson").read_text(encoding="utf-8"))["features"]
    out = []
    for f in features:
        point = shapely.geometry.shape(f["geometry"]).representative_point()
        name = f["properties"]["nama"].replace("Kabupaten ", "").replace("Kota ", "")
        out.append((f["properties"]["nama_prov"], name, point.y, point.x))
    return out


def build_csv(path: Path, rows: int, seed: int = 13) -> None:
    rng = random.Random(seed)
    places = _places()
    start = date(1997, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for i in range(rows):
            province, name, lat, lon = rng.choice(places)
            day = start + timedelta(days=rng.randrange(9000))
            event_type, sub = rng.choice(SUBTYPES)
            deaths = rng.choice((0, 0, 0, 1, 2, 5))
            written = f"{day.day} {day:%B %Y}" if i % 2 else day.isoformat()
            writer.writerow([f"IDN{i}", written, day.year, 1, "Political violence", event_type, sub,
                             "Rioters (Indonesia)", "", 5, "Civilians (Indonesia)", "", 7, 57, "", 360,
                             "Southeast Asia", "Indonesia", province, name, "", name, f"{lat:.4f}", f"{lon:.4f}",
                             1, "Kompas", "National", f"On {written}, {sub.lower()} in {name}.", deaths, "",
                             1710500000])


def main(rows: int, stream: bool) -> None:
    load = Path("/proc/loadavg").read_text().split()[:3]
    preset = load_preset("acled")
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        upgrade(engine)
        with engine.begin() as conn:
            load_regions(conn)
        path = Path(tmp) / "acled.csv"
        build_csv(path, rows)
        print(f"berkas: {rows:,} baris, {path.stat().st_size / 1e6:.1f} MB; load {' '.join(load)}")
        t0, c0 = time.perf_counter(), time.process_time()
        if stream:
            outcome = stream_import(engine, SYSTEM, "incidents", path, preset=preset, skip_invalid=True)
            result = outcome.result
            t1 = t2 = time.perf_counter()
        else:
            with engine.connect() as conn:
                prepared = prepare_file(conn, SYSTEM, "incidents", path.name, path.read_bytes(), preset=preset,
                                        max_bytes=1 << 30)
            t1 = time.perf_counter()
            result = commit(engine, SYSTEM, prepared, skip_rows=prepared.error_rows)
            t2 = time.perf_counter()
        cpu = time.process_time() - c0
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"ditambahkan {result.added:,}, dilewati {result.skipped:,}")
        print(f"baca + validasi + penempatan: {t1 - t0:.1f} s; simpan: {t2 - t1:.1f} s; total {t2 - t0:.1f} s; "
              f"CPU proses {cpu:.1f} s; RSS puncak {rss_mb:.0f} MB; load sesudah {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
        engine.dispose()


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else 100_000, "--stream" in sys.argv)
