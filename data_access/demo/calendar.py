"""Calendar events and the one historical status-keadaan-konflik declaration of the demo."""
from __future__ import annotations

from datetime import date, timedelta

# National events that shape trends. Religious holidays follow the government's SKB dates.
_NATIONAL: tuple[tuple[date, str, str], ...] = (
    (date(2024, 2, 14), "Pemungutan suara Pemilu 2024", "pemilu"),
    (date(2024, 11, 27), "Pilkada serentak 2024", "pilkada"),
    *((d, "Hari Raya Idul Fitri", "hari_besar") for d in (
        date(2023, 4, 22), date(2024, 4, 10), date(2025, 3, 31), date(2026, 3, 20), date(2027, 3, 10))),
    *((d, "Hari Raya Idul Adha", "hari_besar") for d in (
        date(2023, 6, 29), date(2024, 6, 17), date(2025, 6, 6), date(2026, 5, 27), date(2027, 5, 17))),
    *((date(y, 12, 25), "Hari Raya Natal", "hari_besar") for y in range(2022, 2028)),
    *((d, "Hari Raya Nyepi", "hari_besar") for d in (
        date(2023, 3, 22), date(2024, 3, 11), date(2025, 3, 29), date(2026, 3, 19), date(2027, 3, 8))),
    *((d, "Hari Raya Waisak", "hari_besar") for d in (
        date(2023, 6, 4), date(2024, 5, 23), date(2025, 5, 12), date(2026, 5, 31), date(2027, 5, 20))),
)

# Local Sulsel events: (start, end, name, kind, region, description).
_LOCAL: tuple[tuple[date, date | None, str, str, str, str], ...] = (
    (date(2024, 12, 16), None, "Penetapan hasil Pilkada Gubernur Sulawesi Selatan", "pilkada", "73",
     "Rapat pleno KPU Provinsi Sulawesi Selatan (data contoh)."),
    (date(2025, 2, 20), None, "Pelantikan kepala daerah hasil Pilkada 2024", "pilkada", "73",
     "Pelantikan serentak gubernur dan bupati/wali kota (data contoh)."),
    *((date(y, 12, 1), date(y, 12, 31), "Toraja Lovely December", "lokal", "73.26",
       "Festival budaya dan pariwisata Toraja; arus pengunjung tinggi.") for y in range(2023, 2027)),
)


def event_rows(start: date, today: date, *, include_local: bool) -> list[dict]:
    """Events dated within the window (its first day to the end of today's month)."""
    end = (date(today.year + today.month // 12, today.month % 12 + 1, 1) - timedelta(days=1))
    rows = [{"event_on": d, "end_on": None, "name": name, "kind": kind, "region_code": None,
             "description": ""} for d, name, kind in _NATIONAL]
    if include_local:
        rows += [{"event_on": d, "end_on": e, "name": name, "kind": kind, "region_code": region,
                  "description": text} for d, e, name, kind, region, text in _LOCAL]
    return sorted((r for r in rows if start <= r["event_on"] <= end), key=lambda r: (r["event_on"], r["name"]))


DECLARATION_REGION = "73.24"
_DECLARATION_START = date(2024, 8, 12)
_DECLARATION_DAYS = 60


def declaration_rows(start: date, today: date) -> list[dict]:
    """One past kab/kota declaration (Luwu Timur land conflict, 2024); moved inside the window when
    2024 is not in it, and never left active unless today falls inside its original dates."""
    begin = _DECLARATION_START
    if begin < start or begin > today:
        begin = max(start, today - timedelta(days=300))
    end = begin + timedelta(days=_DECLARATION_DAYS - 1)
    return [{
        "region_code": DECLARATION_REGION, "scale": "kabkota", "declared_by": "Bupati Luwu Timur",
        "start_on": begin, "end_on": end,
        "decree_ref": f"Keputusan Bupati Luwu Timur Nomor 300.2/{begin.month:02d}/KESBANGPOL/{begin.year} "
                      "tentang Penetapan Status Keadaan Konflik Skala Kabupaten",
        "notes": "Bentrok warga dan perusahaan tambang nikel di Kec. Nuha dan Towuti; penghentian "
                 "dikoordinasikan Polres Luwu Timur dengan bantuan TNI. Data contoh (sintetis).",
    }]
