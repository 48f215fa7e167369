"""Every Bahasa Indonesia string the app shows, in one place.

Group by screen; name constants by what they say, not where they appear first.
Domain labels (categories, severities, …) come from ``domain/taxonomy.toml``.
"""

APP_TITLE = "SIPKS — Sistem Informasi Penanganan Konflik Sosial"
APP_SHORT = "SIPKS"

# Navigation
PAGE_RINGKASAN = "Ringkasan"
PAGE_PETA = "Peta Risiko"
PAGE_TREN = "Tren"
PAGE_PROFIL = "Profil Wilayah"
PAGE_INSIDEN = "Insiden"
PAGE_PENANGANAN = "Penanganan"
PAGE_IMPOR = "Data & Impor"
PAGE_METODOLOGI = "Metodologi"
PAGE_PENGGUNA = "Pengguna"
PAGE_AUDIT = "Log Audit"
NAV_SECTION_DASHBOARD = "Dasbor"
NAV_SECTION_DATA = "Data"
NAV_SECTION_ADMIN = "Administrasi"

# Shared view selector (sidebar)
SCOPE_LABEL = "Cakupan wilayah"
SCOPE_NATIONAL = "Nasional (seluruh Indonesia)"
PERIOD_LABEL = "Periode (bulan)"
DEMO_DATA_BANNER = "Data contoh — sintetis. Bukan data kejadian sebenarnya."
NO_DATA = "Tidak ada data untuk pilihan ini."
NO_INCIDENTS_FOR_FILTER = "Tidak ada insiden untuk filter ini."
FRIENDLY_ERROR = "Terjadi kesalahan saat memuat halaman. Silakan muat ulang; bila berulang, hubungi admin."
