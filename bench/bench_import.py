"""Import benchmark: 100,000 incident rows from one CSV into an empty SQLite database (target < 30 s).

``.venv/bin/python bench/bench_import.py [ROWS]`` — builds a synthetic Sulawesi Selatan file (names
as people write them, Indonesian dates and numbers), then times read → validate → commit, then a
re-import of the same file (every row unchanged) and a rollback.
"""
from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data_access.db import make_engine, upgrade  # noqa: E402
from data_access.imports import commit, prepare_file, rollback  # noqa: E402
from data_access.reference import load_regions  # noqa: E402
from domain.access import SYSTEM  # noqa: E402

REGIONS = ["Kota Makassar", "Kab. Gowa", "GOWA", "Mks", "Pangkep", "Sidrap", "Bone", "Luwu Timur", "Lutra", "Tator",
           "Torut", "Selayar", "Parepare", "Jeneponto", "Kabupaten Maros", "73.13", "Kota Palopo", "Bulukumba"]
# The kab/kota each name means: coordinates are placed inside it, since imports now check points
# against the boundaries (a point at sea is outside Indonesia; a point elsewhere disagrees with the name).
CODES = ["73.71", "73.06", "73.06", "73.71", "73.10", "73.14", "73.08", "73.24", "73.22", "73.18", "73.26", "73.01",
         "73.72", "73.04", "73.09", "73.13", "73.73", "73.02"]


def _points() -> dict[str, tuple[float, float]]:
    import json

    import shapely

    path = Path(__file__).resolve().parent.parent / "assets" / "geo" / "idn_kabkota.geojson"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    inside = {f["properties"]["kode"]: shapely.geometry.shape(f["geometry"]).representative_point() for f in features
              if f["properties"]["kode"] in CODES}
    return {code: (p.y, p.x) for code, p in inside.items()}
CATEGORIES = ["bentrok_antarwarga", "Sengketa lahan & SDA", "politik_pemilu", "sara", "unjuk_rasa", "ormas"]


def build_csv(rows: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    points = _points()
    start = date(2022, 1, 1)
    lines = ["ref_sumber;sumber;tanggal_kejadian;kabupaten_kota;kategori;tingkat;meninggal;luka;mengungsi;"
             "lintang;bujur;uraian"]
    for i in range(rows):
        day = start + timedelta(days=rng.randrange(1000))
        written = day.strftime("%d/%m/%Y") if i % 2 else day.isoformat()
        which = rng.randrange(len(REGIONS))
        lat, lon = points[CODES[which]]
        lat_text, lon_text = f"{lat:.4f}".replace(".", ","), f"{lon:.4f}".replace(".", ",")
        lines.append(f"B-{i:06d};polri;{written};{REGIONS[which]};{rng.choice(CATEGORIES)};"
                     f"{rng.choice(['ringan', 'sedang', 'berat'])};{rng.choice([0, 0, 0, 1])};{rng.randrange(12)};0;"
                     f"{lat_text};{lon_text};Kejadian uji {i}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def main(rows: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        upgrade(engine)
        with engine.begin() as conn:
            load_regions(conn)
        data = build_csv(rows)
        print(f"berkas: {rows:,} baris, {len(data) / 1e6:.1f} MB")
        t0 = time.perf_counter()
        with engine.connect() as conn:
            prepared = prepare_file(conn, SYSTEM, "incidents", "bench.csv", data)
        t1 = time.perf_counter()
        assert not prepared.all_problems(), prepared.all_problems()[:3]
        result = commit(engine, SYSTEM, prepared)
        t2 = time.perf_counter()
        assert result.added == rows
        print(f"baca + validasi: {t1 - t0:.1f} s; simpan (satu transaksi): {t2 - t1:.1f} s; total {t2 - t0:.1f} s")
        with engine.connect() as conn:
            again = prepare_file(conn, SYSTEM, "incidents", "bench.csv", data)
        second = commit(engine, SYSTEM, again)
        t3 = time.perf_counter()
        assert second.unchanged == rows and second.added == second.updated == 0
        print(f"impor ulang berkas yang sama (semua tidak berubah): {t3 - t2:.1f} s")
        rollback(engine, SYSTEM, result.import_id)
        t4 = time.perf_counter()
        print(f"pembatalan impor pertama: {t4 - t3:.1f} s")
        engine.dispose()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
