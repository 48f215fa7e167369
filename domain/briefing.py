"""The vocabulary of a Laporan Situasi (situation report): its sections in order and their words.

Shared by the briefing page and the PPTX/PDF pack, so a screen and its slide say the same.
"""
from __future__ import annotations

from domain.taxonomy import SENSITIVITY_ORDER

# Sections in the order of an Indonesian situation report.
SECTIONS = ("situasi", "peta", "perubahan", "kejadian", "tren", "penanganan", "prakiraan", "analisa")
SECTION_TITLES = {
    "situasi": "Situasi Umum",
    "peta": "Peta Risiko",
    "perubahan": "Perubahan Status & Peringatan",
    "kejadian": "Kejadian Menonjol",
    "tren": "Tren",
    "penanganan": "Penanganan",
    "prakiraan": "Prakiraan",
    "analisa": "Analisa & Rekomendasi",
}
FACT_LABEL = "FAKTA"
ANALYSIS_LABEL = "ANALISA — penilaian analis, bukan fakta"
REPORT_TITLE = "Laporan Situasi Kerawanan Konflik Sosial"

# The six questions of a notable incident (apa, bilamana, di mana, siapa, bagaimana, mengapa).
W_FIELDS = (("apa", "Apa"), ("bilamana", "Bilamana"), ("di_mana", "Di mana"), ("siapa", "Siapa"),
            ("bagaimana", "Bagaimana"), ("mengapa", "Mengapa"))
RESTRICTED_TEXT = "[disamarkan: di atas tingkat akses]"

KPI_INCIDENTS = "Insiden"
KPI_CASUALTIES = "Meninggal / luka"
KPI_OPEN = "Kasus terbuka"
KPI_MERAH = "Wilayah merah"
MERAH_LIST = "Wilayah merah"
RAISED_LIST = "Naik status"
NONE = "tidak ada"
TRANSITION_UP = "naik"
TRANSITION_DOWN = "turun"
HANDLING_STARTED = "Tindakan dimulai"
HANDLING_FINISHED = "Tindakan selesai"
HANDLING_OVERDUE = "Tindak lanjut terlambat"
FOLLOW_UPS = "Tindak lanjut terbuka (terlama)"
TREND_INCIDENTS = "Insiden per bulan"
TREND_CASUALTIES = "Korban (meninggal + luka)"
NO_NOTE = "Belum ada Analisa & Rekomendasi tersimpan untuk cakupan dan periode ini."
NOTE_RESTRICTED = "Analisa ini berklasifikasi di atas tingkat akses Anda."
ANALYSIS = "Analisa"
RECOMMENDATIONS = "Rekomendasi"
NO_TRANSITIONS = "Tidak ada perubahan status dibanding bulan sebelumnya."
NO_INCIDENTS = "Tidak ada kejadian menonjol pada periode ini."
NO_FOLLOW_UPS = "Tidak ada tindak lanjut terbuka."

COVER_SCOPE = "Cakupan"
COVER_PERIOD = "Periode"
COVER_AS_OF = "Data per"
COVER_AUTHOR = "Disusun oleh"
COVER_GENERATED = "Dibuat"
COVER_METHOD = "Metodologi indeks"
DISTRIBUTION_TITLE = "Daftar Distribusi"
DISTRIBUTION = ("Gubernur / Bupati / Wali Kota (Ketua Forkopimda)", "Kapolda / Kapolres", "Pangdam / Dandim",
                "Kajati / Kajari", "Kepala Badan/Kantor Kesbangpol", "Arsip")
DISTRIBUTION_NOTE = "Tidak untuk diedarkan di luar daftar ini tanpa izin penyusun."
DEMO_NOTE = "Data contoh — sintetis. Bukan data kejadian sebenarnya."
SLIDE_NUMBER = "{n} / {total}"
WIB = "WIB"


# Early-warning rules (issue 11) as the report names them.
ALERT_RULES = {
    "lonjakan": "Lonjakan insiden", "kemunculan": "Kemunculan kategori", "kategori": "Kategori risiko naik",
    "korban_jiwa": "Korban jiwa", "lonjakan_maya": "Lonjakan ruang maya", "prakiraan_tinggi": "Prakiraan tinggi",
}
ALERTS_TITLE = "Peringatan aktif"
NO_ALERTS = "Tidak ada peringatan aktif."
FORECAST_COLUMNS = ("Wilayah", "Bulan", "Prakiraan insiden", "Rentang 80 %", "P(insiden serius)")
RISK_LABELS = {"merah": "Merah", "kuning": "Kuning", "hijau": "Hijau"}
BORDERLINE = "◆ dekat ambang"


def badge(category: str | None, probability: float | None, borderline: bool = False) -> str:
    """``"Merah · 72 %"``; without a probability just ``"Merah"``; missing → ``"Tanpa skor"``."""
    if category not in RISK_LABELS:
        return "Tanpa skor"
    text = RISK_LABELS[category] + ("" if probability is None else f" · {round(100 * probability)} %")
    return text + (" " + BORDERLINE if borderline else "")


def classification_label(code: str) -> str:
    """``"terbatas"`` → ``"TERBATAS"`` (the marking on the cover and every page)."""
    return code.upper()


def highest(levels: list[str] | tuple[str, ...]) -> str:
    """The most restricted of ``levels`` (``umum`` when empty)."""
    ranked = [SENSITIVITY_ORDER.index(x) for x in levels if x in SENSITIVITY_ORDER]
    return SENSITIVITY_ORDER[max(ranked)] if ranked else SENSITIVITY_ORDER[0]
