"""Handling actions (penanganan) for a share of the demo incidents, plus region-level prevention."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from data_access.demo import profile as prof

_ACTION_P = {"ringan": 0.28, "sedang": 0.65, "berat": 0.95}   # heavier incidents are almost always handled
_TYPES = {
    "penghentian": ("patroli", "cooling_down", "dialog_mediasi", "penegakan_hukum"),
    "pemulihan": ("rekonsiliasi", "rehabilitasi", "deklarasi_damai", "rekonstruksi"),
    "pencegahan": ("sosialisasi", "dialog_mediasi", "patroli"),
}
_AGENCIES = {
    "patroli": ("polri", "tni"), "cooling_down": ("polri", "kesbangpol", "tokoh_adat_agama"),
    "dialog_mediasi": ("kesbangpol", "fkub", "tokoh_adat_agama", "pemda"), "penegakan_hukum": ("polri", "kejaksaan"),
    "patroli_siber": ("kominfo", "polri"), "rekonsiliasi": ("kesbangpol", "fkub", "tokoh_adat_agama"),
    "rehabilitasi": ("pemda",), "rekonstruksi": ("pemda",), "deklarasi_damai": ("kesbangpol", "fkub", "pemda"),
    "sosialisasi": ("kesbangpol", "fkdm"),
}
OVERDUE_SHARE = 0.05   # of running actions, deliberately past due so the overdue list is not empty
_CYBER_OUTCOME = {
    "selesai": ("Konten diturunkan (take down) atas permintaan Diskominfo; klarifikasi dipublikasikan.",),
    "berjalan": ("Akun penyebar dipantau; permintaan take down diajukan ke platform.",),
    "direncanakan": ("Penelusuran akun penyebar dijadwalkan bersama Polres.",),
}
_DAYS = {"penghentian": (3, 21), "pemulihan": (30, 120), "pencegahan": (7, 30)}
_OUTCOME = {
    ("penghentian", "selesai"): ("Situasi kembali kondusif; kedua pihak menahan diri.",
                                 "Massa dibubarkan tanpa korban tambahan; lokasi dijaga.",
                                 "Pelaku diamankan dan diproses hukum; warga tenang."),
    ("penghentian", "berjalan"): ("Patroli gabungan masih disiagakan di lokasi.",
                                  "Mediasi antarpihak berlangsung; situasi waspada.",
                                  "Penyelidikan berjalan; tokoh masyarakat dilibatkan."),
    ("penghentian", "direncanakan"): ("Dijadwalkan pertemuan dengan tokoh masyarakat dan aparat desa.",
                                      "Rencana penyekatan dan patroli malam disusun bersama Polsek."),
    ("pemulihan", "selesai"): ("Deklarasi damai ditandatangani kedua pihak.",
                               "Rumah warga yang rusak telah diperbaiki.",
                               "Rekonsiliasi adat dilaksanakan dan disaksikan Forkopimda."),
    ("pemulihan", "berjalan"): ("Pendampingan psikososial korban masih berlangsung.",
                                "Perbaikan fasilitas umum yang rusak sedang dikerjakan."),
    ("pemulihan", "direncanakan"): ("Rapat persiapan rekonsiliasi dijadwalkan.",),
    ("pencegahan", "selesai"): ("Sosialisasi kepada pemuda dan tokoh masyarakat telah dilaksanakan.",),
    ("pencegahan", "berjalan"): ("Penyuluhan berkala sedang berlangsung.",),
    ("pencegahan", "direncanakan"): ("Kegiatan penyuluhan dijadwalkan bulan ini.",),
}


def _plan(status: str, severity: str, draw: float) -> list[tuple[str, str]]:
    """(stage, action status) steps consistent with the incident's handling status."""
    if status == "baru":
        return [("penghentian", "direncanakan" if draw < 0.6 else "berjalan")]
    if status == "ditangani":
        steps = [("penghentian", "berjalan")]
        return steps + [("penghentian", "direncanakan")] if severity != "ringan" and draw < 0.4 else steps
    if status == "pemulihan":
        return [("penghentian", "selesai"), ("pemulihan", "berjalan" if draw < 0.8 else "direncanakan")]
    steps = [("penghentian", "selesai")]
    if severity == "berat" or draw < 0.15:
        steps.append(("pemulihan", "selesai"))
    if draw > 0.9:
        steps.append(("pencegahan", "selesai"))
    return steps


def incident_actions(rng: np.random.Generator, incidents: pd.DataFrame, today: date) -> list[dict]:
    """Actions for ~40% of ``incidents`` (needs ``id``); dates never run past ``today`` for started work."""
    n = len(incidents)
    chosen = rng.random(n) < incidents["severity"].map(_ACTION_P).to_numpy()
    draws = rng.random((n, 6))
    rows: list[dict] = []
    cols = incidents[["id", "kabkota_code", "province_code", "severity", "handling_status", "arena",
                      "reported_on"]].itertuples(index=False)
    for i, inc in enumerate(cols):
        if not chosen[i]:
            continue
        d = draws[i]
        start = inc.reported_on.date() + timedelta(days=int(d[1] * 3))
        for k, (stage, status) in enumerate(_plan(inc.handling_status, inc.severity, d[0])):
            types = ("patroli_siber",) if inc.arena == "maya" and stage == "penghentian" else _TYPES[stage]
            kind = types[int(d[2 + k % 3] * len(types))]
            agencies = _AGENCIES[kind]
            lo, hi = _DAYS[stage]
            planned = lo + int(d[3] * (hi - lo))
            if status == "direncanakan":
                started = max(start, today + timedelta(days=1 + int(d[4] * 6)))
            elif status == "berjalan":
                # Open work is current: it began within its planned span, so it is not yet due…
                started = max(start, today - timedelta(days=int(d[3] * planned * 0.9)))
                if d[4] < OVERDUE_SHARE:   # …except a deliberate few that ran past their due date
                    started = today - timedelta(days=planned + 1 + int(d[5] * 20))
            else:
                started = min(start, today)
            finished = None
            if status == "selesai":
                finished = min(started + timedelta(days=max(1, int(planned * (0.6 + 0.6 * d[4])))), today)
            notes = _CYBER_OUTCOME[status] if kind == "patroli_siber" else _OUTCOME[(stage, status)]
            rows.append({
                "incident_id": int(inc.id), "region_code": inc.kabkota_code, "province_code": inc.province_code,
                "stage": stage, "action_type": kind, "agency": agencies[int(d[5] * len(agencies))],
                "started_on": started, "due_on": started + timedelta(days=planned), "finished_on": finished,
                "status": status, "outcome": notes[int(d[1] * len(notes))],
                "created_by": "demo", "created_at": datetime.combine(min(started, today), datetime.min.time())
                + timedelta(hours=9),
            })
            start = (finished or started) + timedelta(days=1)
    return rows


def prevention_actions(kabkota: tuple[str, ...], province: str, start: date, today: date) -> list[dict]:
    """Region-level pencegahan without an incident: election peace campaigns and an ongoing cyber patrol."""
    rows: list[dict] = []
    for code in kabkota:
        for election, label in ((prof.PEMILU, "Pemilu 2024"), (prof.PILKADA, "Pilkada 2024")):
            for days_before, kind, agency, text in (
                    (45, "sosialisasi", "bawaslu", f"Sosialisasi pemilu damai dan anti-hoaks jelang {label}."),
                    (20, "deklarasi_damai", "kesbangpol", f"Deklarasi damai peserta {label} bersama Forkopimda.")):
                begin = election - timedelta(days=days_before)
                if not (start <= begin <= today):
                    continue
                due = election - timedelta(days=3)
                rows.append(_region_row(code, province, kind, agency, begin, due,
                                        min(due, today) if due <= today else None, text, today))
    makassar_start = today - timedelta(days=20)
    if prof.MAKASSAR in kabkota:
        rows.append(_region_row(prof.MAKASSAR, province, "patroli_siber", "kominfo", makassar_start,
                                today + timedelta(days=40), None,
                                "Patroli siber terhadap akun penyebar provokasi; pemantauan berjalan.", today))
    for code in ("73.26", "73.18"):
        if code in kabkota:
            rows.append(_region_row(code, province, "dialog_mediasi", "fkub", today + timedelta(days=5),
                                    today + timedelta(days=25), None,
                                    "Dialog lintas agama FKUB jelang Natal dan tahun baru dijadwalkan.", today))
    return rows


def _region_row(code: str, province: str, kind: str, agency: str, begin: date, due: date,
                finished: date | None, text: str, today: date) -> dict:
    status = "selesai" if finished else ("berjalan" if begin <= today else "direncanakan")
    return {"incident_id": None, "region_code": code, "province_code": province, "stage": "pencegahan",
            "action_type": kind, "agency": agency, "started_on": begin, "due_on": due, "finished_on": finished,
            "status": status, "outcome": text, "created_by": "demo",
            "created_at": datetime.combine(min(begin, today), datetime.min.time()) + timedelta(hours=9)}


def with_refs(rows: list[dict]) -> list[dict]:
    """Unique ``TL-YYYY-NNNNN`` references, numbered per year of the start date in row order."""
    seq: dict[int, int] = {}
    for row in rows:
        year = row["started_on"].year
        seq[year] = seq.get(year, 0) + 1
        row["source_ref"] = f"TL-{year}-{seq[year]:05d}"
    return rows
