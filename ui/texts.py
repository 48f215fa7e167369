"""Every Bahasa Indonesia string the app shows, in one place.

Group by screen; name constants by what they say, not where they appear first.
Domain labels (categories, severities, …) come from ``domain/taxonomy.toml``.
"""

from domain.briefing import ALERT_RULES

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

# ---------------------------------------------------------------------------------------------
# Dashboard pages (issue 4): Ringkasan, Peta Risiko, Tren, Profil Wilayah, Insiden, Metodologi
# ---------------------------------------------------------------------------------------------
# Shared pieces
RISK_NONE = "Tanpa skor"
RESTRICTED = "[Terbatas]"
SCORES_NOT_READY = "Skor risiko belum tersedia: mesin penilaian belum terpasang pada versi ini."
NO_SCORES = "Belum ada skor risiko untuk cakupan dan periode ini (data indikator/insiden belum cukup)."
SCORE_AXIS = "Skor risiko (0–100)"
CONTRIBUTION_AXIS = "Kontribusi terhadap skor (poin)"
UNCERTAINTY_AXIS = "Peringkat (median dan interval 90%)"
PERIOD_CAPTION = "Periode {month} · cakupan {scope} · metodologi versi {version}"
PERIOD_CAPTION_NO_SCORE = "Periode {month} · cakupan {scope}"
INCOMPLETE_FLAG = "(!) data belum lengkap"

# Incident filter bar
FILTER_SEARCH = "Cari"
FILTER_SEARCH_HINT = "kata dalam deskripsi, aktor, sumber atau kode wilayah"
FILTER_DATES = "Rentang tanggal"
FILTER_REGIONS = "Kabupaten/kota"
FILTER_CATEGORY = "Kategori"
FILTER_ARENA = "Arena"
FILTER_SOURCE = "Sumber"
FILTER_SEVERITY = "Tingkat keparahan"
FILTER_HANDLING = "Status penanganan"
FILTER_ALL = "Semua"
FILTER_BAD_DATES = "Rentang tanggal belum lengkap atau terbalik: pilih tanggal awal lalu tanggal akhir (awal ≤ akhir)."

# Incident columns (table, details and export)
COL_ID = "No."
COL_DATE = "Tanggal"
COL_REPORTED = "Dilaporkan"
COL_REGION = "Kab/kota"
COL_KECAMATAN = "Kecamatan"
COL_CATEGORY = "Kategori"
COL_ARENA = "Arena"
COL_SEVERITY = "Keparahan"
COL_DEATHS = "Meninggal"
COL_INJURIES = "Luka"
COL_DISPLACED = "Mengungsi"
COL_DESCRIPTION = "Deskripsi"
COL_ACTORS = "Aktor"
COL_SOURCE = "Sumber"
COL_SOURCE_REF = "Referensi sumber"
COL_VERIFICATION = "Verifikasi"
COL_SENSITIVITY = "Sensitivitas"
COL_HANDLING = "Penanganan"
COL_PROFILE = "Profil"
COL_PROFILE_LINK = "buka profil"
COL_LAT = "Lintang"
COL_LON = "Bujur"
COL_UPDATED = "Diubah"

# Insiden
INSIDEN_TITLE = "Insiden"
INSIDEN_INTRO = "Cari dan saring insiden dalam cakupan Anda. Pilih satu baris untuk melihat rinciannya."
INSIDEN_COUNT = "**{count}** insiden cocok dengan filter · halaman {page} dari {pages}"
INSIDEN_PAGE = "Halaman"
INSIDEN_DETAILS = "Rincian insiden"
INSIDEN_PICK_ROW = "Pilih satu baris pada tabel untuk melihat rincian insiden."
INSIDEN_NOT_FOUND = "Insiden ini tidak ada atau di luar cakupan Anda."
INSIDEN_ACTIONS = "Tindakan penanganan"
INSIDEN_NO_ACTIONS = "Belum ada tindakan penanganan untuk insiden ini."
INSIDEN_EDIT = "Ubah insiden"
INSIDEN_EXPORT = "Unduh tampilan terfilter"
INSIDEN_EXPORT_NOTE = "Berkas berisi seluruh {count} baris hasil filter (semua halaman). Setiap unduhan dicatat di log audit."
INSIDEN_EXPORT_TOO_MANY = "Hasil filter terlalu besar untuk diunduh sekaligus ({count} baris; maksimum {limit}). Persempit filter."
INSIDEN_EXPORT_SHEET = "Insiden"
INSIDEN_RESTRICTED_NOTE = "Sebagian kolom bertanda [Terbatas] karena tingkat akses Anda."

# Tren
TREN_TITLE = "Tren"
TREN_COUNTS = "Jumlah insiden per bulan menurut kategori"
TREN_PER_100K = "Per 100.000 penduduk"
TREN_Y_COUNT = "Jumlah insiden"
TREN_Y_RATE = "Insiden per 100.000 penduduk"
TREN_TOTAL = "Total insiden pada filter ini"
TREN_CASUALTIES = "Korban meninggal / luka"
TREN_SCORES = "Skor risiko wilayah terpilih"
TREN_SCORES_SERIES_NOTE = ("Garis utama: skor yang terbit saat itu (hanya data yang sudah dilaporkan pada akhir "
                           "bulan itu). Garis putus-putus: skor yang dihitung ulang dengan semua data yang ada sekarang.")
TREN_SHOW_RECOMPUTED = "Tampilkan juga skor dihitung ulang"
SCORE_RECOMPUTED_LINE = "{region} (dihitung ulang)"
TREN_SCORE_PICK = "Pilih satu atau beberapa kabupaten/kota pada filter untuk melihat skor risikonya."
TREN_EVENT_KINDS = "Peristiwa yang ditandai"
TREN_EVENTS_NONE = "Tidak ada"
TREN_EVENTS = "Garis putus-putus menandai peristiwa dari kalender (pilih jenisnya di atas grafik)."
TREN_NO_POPULATION = "Data penduduk tidak tersedia untuk wilayah ini; angka per 100.000 tidak bisa dihitung."
TREN_TABLE = "Tabel data"

# Ringkasan
RINGKASAN_TITLE = "Ringkasan"
KPI_INCIDENTS = "Insiden bulan ini"
KPI_VS_LAST_MONTH = "vs bulan lalu"
KPI_VS_LAST_YEAR = "Vs bulan yang sama tahun lalu"
KPI_LAST_YEAR_VALUE = "{value} insiden pada {month}"
KPI_DEATHS_INJURIES = "Meninggal / luka (bulan ini)"
KPI_CASUALTIES_BEFORE = "Bulan lalu (hari yang sama): {deaths} meninggal / {injuries} luka."
KPI_OPEN_CASES = "Kasus penanganan terbuka"
KPI_OPEN_CASES_HELP = "Insiden dalam cakupan yang status penanganannya belum selesai."
KPI_REGIONS = "Wilayah {category}"
KPI_REGIONS_DELTA = "vs bulan lalu"
TOP10_TITLE = "10 wilayah paling rawan"
TOP10_RANK = "Peringkat"
TOP10_REGION = "Wilayah"
TOP10_SCORE = "Skor"
TOP10_CATEGORY = "Kategori"
TOP10_CHANGE = "Perubahan peringkat"
TOP10_DRIVER = "Pendorong utama"
CHANGES_TITLE = "Perubahan status"
CHANGES_NONE = "Tidak ada wilayah yang berubah kategori pada {month}."
CHANGES_UP = "▲ naik"
CHANGES_DOWN = "▼ turun"
SERIOUS_TITLE = "Insiden serius terbaru"
SERIOUS_NONE = "Tidak ada insiden berat atau berkorban dalam 90 hari sampai akhir periode ini."
RANK_NEW = "baru"

# Peta Risiko
PETA_TITLE = "Peta Risiko"
PETA_COLOUR_BY = "Warnai menurut"
PETA_BY_CATEGORY = "Kategori risiko"
PETA_BY_SCORE = "Skor risiko"
PETA_BY_INDICATOR = "Indikator"
PETA_INDICATOR = "Indikator"
PETA_LEVEL = "Tingkat wilayah"
PETA_LEVEL_KABKOTA = "Kabupaten/kota"
PETA_LEVEL_PROVINSI = "Provinsi"
PETA_LEVEL_KECAMATAN = "Kecamatan (jumlah insiden)"
PETA_CLICK_HINT = "Klik sebuah wilayah di peta (atau pilih di bawah) untuk membuka profilnya."
PETA_CHOOSE = "Buka profil wilayah"
PETA_CHOOSE_PLACEHOLDER = "Pilih wilayah…"
PETA_OPEN = "Buka profil"
PETA_LEGEND_TABLE = "Wilayah pada peta"
PETA_NO_GEOMETRY = "Batas wilayah untuk cakupan ini tidak tersedia."
PETA_INCIDENTS = "Sebaran insiden (agregasi grid di server)"
PETA_INCIDENT_WINDOW = "Rentang waktu insiden"
PETA_WINDOW_MONTH = "Bulan periode"
PETA_WINDOW_3M = "3 bulan terakhir"
PETA_WINDOW_12M = "12 bulan terakhir"
PETA_GRID_CAPTION = "{count} insiden bertitik koordinat dalam {cells} sel grid ±{km} km · {period}"
PETA_KECAMATAN_VALUE = "Insiden {period}"
PETA_INDICATOR_NONE = "Belum ada nilai indikator untuk wilayah dalam cakupan ini."
MAP_HOVER_SCORE = "Skor"
MAP_HOVER_CATEGORY = "Kategori"
MAP_HOVER_DRIVER = "Pendorong utama"
MAP_GRID_TOOLTIP = "<b>{label}</b> insiden<br/>Meninggal / luka: {casualties}"

# Profil Wilayah
PROFIL_TITLE = "Profil Wilayah"
PROFIL_PICK = "Pilih wilayah"
PROFIL_UNKNOWN = "Wilayah “{code}” tidak dikenal atau di luar cakupan akses Anda. Tidak ada data yang ditampilkan."
PROFIL_NO_REGION = "Pilih kabupaten/kota untuk melihat profilnya, atau buka dari Peta Risiko."
PROFIL_SCORE = "Skor risiko"
PROFIL_RANK = "Peringkat"
PROFIL_RANK_OF = "{rank} dari {total}"
PROFIL_CATEGORY = "Kategori"
PROFIL_COMPLETENESS = "Kelengkapan data"
PROFIL_TREND = "Skor 12 bulan terakhir"
PROFIL_EXPLANATION = "Penjelasan"
PROFIL_CONTRIBUTIONS = "Kontribusi setiap indikator terhadap skor"
PROFIL_INDICATORS = "Indikator (persentil di antara kab/kota se-provinsi)"
PROFIL_IND_NAME = "Indikator"
PROFIL_IND_VALUE = "Nilai"
PROFIL_IND_UNIT = "Satuan"
PROFIL_IND_PERIOD = "Periode"
PROFIL_IND_PCT = "Persentil"
PROFIL_IND_DIRECTION = "Makin tinggi makin rawan"
PROFIL_IND_SOURCE = "Sumber"
PROFIL_IND_NONE = "Belum ada nilai indikator untuk wilayah ini."
PROFIL_INCIDENTS = "Insiden di wilayah ini"
PROFIL_HANDLING = "Linimasa penanganan"
PROFIL_HANDLING_SHOWN = "{shown} tindakan terbaru dari {total} (lihat halaman Penanganan untuk semuanya)."
PROFIL_HANDLING_NONE = "Belum ada tindakan penanganan tercatat untuk wilayah ini."
PROFIL_OPEN_CASES = "Kasus terbuka"
PROFIL_LAST_ACTION = "Tindakan terakhir"
PROFIL_TRANSITIONS = "Riwayat status (perubahan kategori)"
PROFIL_TRANSITIONS_NONE = "Kategori wilayah ini tidak berubah dalam 24 bulan terakhir."
PROFIL_CHILDREN = "Kecamatan: jumlah insiden 12 bulan terakhir"
PROFIL_CHILDREN_NONE = "Peta kecamatan tidak tersedia untuk wilayah ini."
PROFIL_PROVINCE_NOTE = "Ini tingkat provinsi: pilih salah satu kabupaten/kota di bawah untuk profil rinci."
PROFIL_KECAMATAN_NOTE = "Profil kecamatan menampilkan insiden dan penanganan; skor risiko dihitung per kabupaten/kota."
TRANSITION_FROM = "Dari"
TRANSITION_TO = "Ke"
TRANSITION_PERIOD = "Periode"
TRANSITION_DIRECTION = "Arah"

# Metodologi
METODOLOGI_TITLE = "Metodologi Indeks Kerawanan"
METODOLOGI_VERSION = "Versi metodologi: **{version}** — {name}"
METODOLOGI_INTRO = (
    "Skor risiko 0–100 per kabupaten/kota dan per bulan disusun dari tiga komponen. Setiap angka dapat "
    "dijelaskan: halaman ini dibaca langsung dari berkas metodologi yang sama dengan yang dipakai mesin "
    "penilaian, dan versinya disimpan bersama setiap hasil."
)
METODOLOGI_COMPONENTS = "Komponen dan bobot"
METODOLOGI_AGGREGATION = "Agregasi skor: **{aggregation}**; hasil ditandai belum lengkap bila kelengkapan data < {min}."
AGG_ARITHMETIC = "rata-rata aritmetika berbobot (kompensasi penuh)"
AGG_GEOMETRIC = "rata-rata geometrik berbobot (kompensasi sebagian, seperti INFORM)"
METODOLOGI_STRUCTURAL = "Kerentanan struktural: indikator, kelompok dan normalisasi"
METODOLOGI_PRESSURE = "Tekanan insiden"
METODOLOGI_PRESSURE_TEXT = (
    "Setiap insiden diberi bobot keparahan (ringan {ringan}, sedang {sedang}, berat {berat}) ditambah "
    "{deaths} per korban meninggal, {injuries} per korban luka dan {displaced} per pengungsi; bobot meluruh "
    "dengan waktu paruh {half_life} hari. Jumlahnya per {per_pop} penduduk diskalakan logaritmik terhadap "
    "laju acuan {reference}. Arena nyata berbobot {nyata}, arena maya {maya}."
)
METODOLOGI_ESCALATION = "Eskalasi"
METODOLOGI_THRESHOLDS = "Ambang kategori"
METODOLOGI_FIXED = "Tetap: **merah** bila skor ≥ {merah}, **kuning** bila skor ≥ {kuning}, selain itu **hijau**."
METODOLOGI_OVERRIDES = "Aturan pengganti (override)"
METODOLOGI_OVERRIDE_DEATHS = "Insiden dengan korban meninggal dalam {days} hari terakhir → minimal **{category}**."
METODOLOGI_OVERRIDE_DECLARATION = "Status keadaan konflik yang sedang berlaku (UU 7/2012) → **{category}**."
METODOLOGI_UNCERTAINTY = "Ketidakpastian peringkat"
METODOLOGI_UNCERTAINTY_TEXT = (
    "Bobot diacak (Dirichlet, konsentrasi {conc}) dan pilihan normalisasi ({norms}) serta agregasi ({aggs}) "
    "diganti-ganti dalam {draws} simulasi Monte Carlo. Titik = median peringkat; garis = interval 90% "
    "(persentil 5–95). Titik biru: wilayah yang tetap masuk 10 besar secara robust."
)
METODOLOGI_UNCERTAINTY_NONE = "Analisis ketidakpastian belum tersedia untuk cakupan dan periode ini."
METH_COL_COMPONENT = "Komponen"
METH_COL_WEIGHT = "Bobot"
METH_COL_GROUP = "Kelompok"
METH_COL_GROUP_WEIGHT = "Bobot kelompok"
METH_COL_INDICATOR = "Indikator"
METH_COL_IND_WEIGHT = "Bobot dalam kelompok"
METH_COL_EFFECTIVE = "Bobot efektif dalam skor"
METH_COL_METHOD = "Normalisasi"
METH_COL_DIRECTION = "Arah"
DIRECTION_UP = "makin tinggi makin rawan"
DIRECTION_DOWN = "makin rendah makin rawan"
NORMALISATION_LABELS = {
    "minmax": "min–maks", "zscore": "skor-z", "rank": "persentil peringkat", "fixed_log": "log tetap",
    "identity": "apa adanya (0–100)",
}

# --- Keamanan: login, sesi, akses, pengguna, audit (issue 6) ---
LOGIN_HEADING = "Masuk"
LOGIN_USERNAME = "Nama pengguna"
LOGIN_PASSWORD = "Kata sandi"
LOGIN_SUBMIT = "Masuk"
LOGIN_MISSING = "Isi nama pengguna dan kata sandi."
LOGIN_INVALID = "Nama pengguna atau kata sandi salah."
LOGIN_LOCKED = ("Akun dikunci sementara karena terlalu banyak percobaan masuk yang gagal. "
                "Coba lagi setelah pukul {time} ({day}) atau hubungi admin.")
AUTH_SESSION_ENDED = "Sesi Anda telah berakhir (tidak aktif terlalu lama, keluar, atau akun dinonaktifkan). Silakan masuk lagi."
AUTH_LOGGED_OUT = "Anda telah keluar."
LOGOUT_BUTTON = "Keluar"
ACCOUNT_SIGNED_IN_AS = "Masuk sebagai **{user}** · {role} · cakupan {scope} · izin {clearance}"
DEMO_CREDENTIALS_BANNER = ("Akun demo dengan kata sandi yang dipublikasikan masih aktif. Nonaktifkan akun demo "
                           "atau ganti kata sandinya sebelum memakai data sungguhan.")
ACCESS_DENIED_PAGE = "Anda tidak berwenang membuka halaman ini."
ACCESS_DENIED_REGION = "Akses ditolak: wilayah ini berada di luar cakupan akun Anda."
USERS_INTRO = ("Kelola akun: peran, cakupan wilayah dan izin akses data terbatas/rahasia. Setiap perubahan "
               "tercatat di log audit; menonaktifkan akun atau mengganti kata sandi langsung mengakhiri sesinya.")
USERS_COL_USERNAME = "Nama pengguna"
USERS_COL_NAME = "Nama lengkap"
USERS_COL_ROLE = "Peran"
USERS_COL_SCOPE = "Cakupan"
USERS_COL_CLEARANCE = "Izin akses"
USERS_COL_ACTIVE = "Aktif"
USERS_COL_DEMO = "Akun demo"
USERS_COL_LOCKED = "Dikunci sampai"
USERS_TAB_CREATE = "Tambah pengguna"
USERS_TAB_EDIT = "Ubah peran/cakupan"
USERS_TAB_PASSWORD = "Atur ulang kata sandi"
USERS_TAB_STATUS = "Aktifkan/nonaktifkan"
USERS_USERNAME_HELP = "3–80 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung."
USERS_PASSWORD = "Kata sandi"
USERS_PASSWORD_REPEAT = "Ulangi kata sandi"
USERS_PASSWORD_HELP = "Minimal 10 karakter."
USERS_PASSWORD_MISMATCH = "Kedua kata sandi tidak sama."
USERS_PICK = "Pengguna"
USERS_CREATE_SUBMIT = "Buat akun"
USERS_EDIT_SUBMIT = "Simpan perubahan"
USERS_PASSWORD_SUBMIT = "Atur ulang kata sandi"
USERS_STATUS_SUBMIT = "Simpan status"
USERS_ACTIVE = "Aktif"
USERS_INACTIVE = "Nonaktif"
USERS_DISABLE_NOTE = "Menonaktifkan akun langsung mengakhiri semua sesinya yang sedang berjalan."
USERS_CREATED = "Akun {user} dibuat."
USERS_UPDATED = "Akun {user} diperbarui."
USERS_PASSWORD_DONE = "Kata sandi {user} diatur ulang; sesi yang berjalan diakhiri."
USERS_STATUS_DONE = "Status akun {user} disimpan."
AUDIT_INTRO = ("Catatan yang tidak dapat diubah atau dihapus: masuk/keluar, penguncian akun, impor, perubahan "
               "insiden dan penanganan, ekspor/unduhan, perubahan pengguna dan metodologi.")
AUDIT_PERIOD = "Rentang tanggal"
AUDIT_ACTIONS = "Tindakan"
AUDIT_USER = "Pengguna (memuat)"
AUDIT_TARGET = "Sasaran (memuat)"
AUDIT_EMPTY = "Tidak ada catatan audit untuk filter ini."
AUDIT_PAGE = "Halaman"
AUDIT_COUNT = "**{count}** catatan · halaman {page} dari {pages}"
AUDIT_COL_AT = "Waktu"
AUDIT_COL_USER = "Pengguna"
AUDIT_COL_ACTION = "Tindakan"
AUDIT_COL_TARGET = "Sasaran"
AUDIT_COL_SCOPE = "Cakupan"
AUDIT_COL_DETAIL = "Rincian"
AUDIT_DOWNLOAD = "Unduh CSV (tercatat di log audit)"
# --- akhir bagian Keamanan ---

# --- Data masuk: impor, lapor insiden, penanganan (issue 5) ---
IMPOR_TITLE = "Data & Impor"
IMPOR_INTRO = ("Impor berkas CSV/XLSX dari Bawaslu, Polri, intelijen daerah atau Kesbangpol, laporkan insiden "
               "langsung, dan lihat riwayat impor. Tidak ada yang ditulis sebelum Anda menyimpan; satu berkas "
               "masuk utuh atau tidak sama sekali, dan setiap impor dapat dibatalkan.")
IMPOR_TAB_FILE = "Impor berkas"
IMPOR_TAB_REPORT = "Lapor insiden"
IMPOR_TAB_HISTORY = "Riwayat impor"
IMPOR_KIND = "Jenis data"
IMPOR_TEMPLATES = "Templat"
IMPOR_TEMPLATE_CSV = "Unduh templat CSV"
IMPOR_TEMPLATE_XLSX = "Unduh templat Excel"
IMPOR_TEMPLATE_GUIDE = "Unduh panduan kolom"
IMPOR_SOURCE = "Nama sumber berkas"
IMPOR_SOURCE_HELP = ("Mis. 'Bawaslu Sulsel' atau 'Polres Gowa'. Pemetaan kolom disimpan per sumber dan dipakai lagi "
                     "pada impor berikutnya. Untuk insiden, bila berkas tidak punya kolom sumber, nama ini (polri, "
                     "bawaslu, media, …) menjadi sumbernya.")
IMPOR_SAVED_SOURCES = "Sumber dengan pemetaan tersimpan: {names}"
IMPOR_UPLOAD = "Pilih berkas (.csv atau .xlsx, paling besar {limit})"
IMPOR_FILE_REJECTED = "Berkas ditolak; tidak ada yang ditulis."
IMPOR_MAPPING = "Pemetaan kolom"
IMPOR_MAPPING_HELP = "Pilih bidang SIPKS untuk setiap kolom berkas; kolom yang tidak dipakai dibiarkan « tidak dipakai »."
IMPOR_MAPPING_SKIP = "— tidak dipakai —"
IMPOR_MAPPING_SAVE = "Simpan pemetaan ini untuk sumber tersebut"
IMPOR_MAPPING_SAVED = "Pemetaan untuk sumber {source} disimpan."
IMPOR_CHECK = "Hasil pemeriksaan"
IMPOR_SUMMARY = "**{rows}** baris data · **{valid}** siap · **{bad}** bermasalah"
IMPOR_PLAN = "Bila disimpan: **{inserts}** baru, **{updates}** diperbarui, **{unchanged}** tidak berubah, **{skipped}** dilewati."
IMPOR_PROBLEMS = "Masalah per baris (baris sesuai nomor di spreadsheet; judul = baris 1)"
IMPOR_NO_PROBLEMS = "Tidak ada masalah ditemukan."
IMPOR_SKIP = "Baris yang dilewati"
IMPOR_SKIP_HELP = "Baris bermasalah harus diperbaiki di berkas atau dilewati. Baris yang dilewati dicatat di riwayat impor."
IMPOR_SKIP_MORE = "Lewati juga baris lain (nomor dipisah koma)"
IMPOR_SKIP_BAD = "Nomor baris tidak sah: {value}. Tulis angka dipisah koma, mis. 5, 7, 12."
IMPOR_PREVIEW = "Pratinjau (200 baris pertama yang siap)"
IMPOR_COMMIT = "Simpan ke basis data"
IMPOR_BLOCKED = "Masih ada {count} baris bermasalah yang belum dilewati."
IMPOR_PROGRESS = "Mengimpor…"
IMPOR_DONE = "Impor #{id} tersimpan: {added} baru, {updated} diperbarui, {unchanged} tidak berubah, {skipped} dilewati."
IMPOR_FAILED = "Impor dibatalkan; tidak ada yang ditulis."
IMPOR_UNUSED = "Kolom yang tidak dipakai: {columns}"
IMPOR_HISTORY_EMPTY = "Belum ada impor."
IMPOR_HISTORY_SCOPE = "Pengguna bercakupan daerah melihat impor yang mereka lakukan sendiri."
IMPOR_ROLLBACK = "Batalkan impor"
IMPOR_ROLLBACK_PICK = "Impor yang dibatalkan"
IMPOR_ROLLBACK_CONFIRM = "Saya paham: baris baru dari impor ini ditarik dan baris yang diubahnya dikembalikan."
IMPOR_ROLLBACK_DONE = "Impor #{id} dibatalkan: {withdrawn} baris ditarik, {restored} dipulihkan."
IMPOR_SKIPPED_ROWS = "Baris yang dilewati pada impor #{id}"
IMPOR_STATUS = {"committed": "Aktif", "rolled_back": "Dibatalkan"}
IMPOR_HISTORY_COLUMNS = {
    "id": "No.", "kind": "Jenis", "file_name": "Berkas", "source": "Sumber", "status": "Status",
    "rows_added": "Baru", "rows_updated": "Diperbarui", "rows_unchanged": "Tetap", "rows_skipped": "Dilewati",
    "imported_by": "Oleh", "imported_at": "Waktu", "rolled_back_by": "Dibatalkan oleh", "rolled_back_at": "Waktu batal",
}
IMPOR_NO_PERMISSION_KIND = "Anda tidak berhak mengimpor jenis data ini."

FORM_TITLE_NEW = "Lapor insiden baru"
FORM_TITLE_EDIT = "Ubah insiden #{id} (versi {version})"
FORM_KABKOTA = "Kabupaten/kota"
FORM_KECAMATAN = "Kecamatan (opsional)"
FORM_KECAMATAN_NONE = "— tidak diketahui —"
FORM_OCCURRED = "Tanggal kejadian"
FORM_TIME = "Jam kejadian (opsional, mis. 14:30)"
FORM_REPORTED = "Tanggal lapor"
FORM_POINT = "Tandai titik lokasi (opsional)"
FORM_LAT = "Lintang"
FORM_LON = "Bujur"
FORM_CATEGORY = "Kategori"
FORM_ARENA = "Arena"
FORM_SEVERITY = "Tingkat keparahan"
FORM_DEATHS = "Meninggal"
FORM_INJURIES = "Luka"
FORM_DISPLACED = "Mengungsi"
FORM_SOURCE = "Sumber"
FORM_SOURCE_REF = "Nomor/rujukan laporan (opsional)"
FORM_SENSITIVITY = "Sensitivitas"
FORM_VERIFICATION = "Verifikasi"
FORM_ACTORS = "Pihak yang terlibat"
FORM_DESCRIPTION = "Uraian/kronologi"
FORM_SUBMIT_NEW = "Kirim laporan"
FORM_SUBMIT_EDIT = "Simpan perubahan"
FORM_CREATED = "Insiden #{id} tersimpan."
FORM_SAVED = "Perubahan tersimpan (versi {version})."
FORM_UNCHANGED = "Tidak ada perubahan."
FORM_INVALID = "Laporan belum bisa disimpan:"
FORM_DENIED = "Ditolak: {reason}"
FORM_BAD_TIME = "Jam tidak dikenali; gunakan 14:30."
FORM_NOT_EDITABLE = "Insiden ini tidak dapat Anda ubah (di luar cakupan atau izin akses)."
FORM_DELETE = "Hapus insiden"
FORM_DELETE_REASON = "Alasan penghapusan (wajib)"
FORM_DELETE_SUBMIT = "Hapus (dapat dipulihkan dari riwayat)"
FORM_DELETED = "Insiden dihapus. Versi sebelumnya tetap tersimpan."
FORM_HISTORY = "Versi sebelumnya"
FORM_HISTORY_EMPTY = "Belum ada versi sebelumnya."
FORM_RESTORE = "Pulihkan versi"
FORM_RESTORE_SUBMIT = "Pulihkan"
FORM_RESTORED = "Versi {version} dipulihkan (sekarang versi {new})."
FORM_FIELD_NAMES = {
    "occurred_on": "Tanggal kejadian", "reported_on": "Tanggal lapor", "kabkota_code": "Kabupaten/kota",
    "kecamatan_code": "Kecamatan", "lat": "Titik lokasi", "category": "Kategori", "arena": "Arena",
    "severity": "Tingkat keparahan", "deaths": "Meninggal", "injuries": "Luka", "displaced": "Mengungsi",
    "source": "Sumber", "source_ref": "Rujukan", "description": "Uraian", "actors": "Pihak",
    "delete_reason": "Alasan", "version": "Versi", "sensitivity": "Sensitivitas",
}
CHANGE_KINDS = {"edit": "Diubah", "delete": "Dihapus", "restore": "Dipulihkan", "import": "Impor",
                "rollback": "Pembatalan impor"}

PENANGANAN_TITLE = "Penanganan"
PENANGANAN_INTRO = ("Kasus terbuka (belum selesai) per wilayah, umur dan instansi. Terlambat = ada tindakan lewat "
                    "tenggat yang belum selesai, atau kasus baru tanpa tindakan lebih dari {days} hari.")
PENANGANAN_KPI_OPEN = "Kasus terbuka"
PENANGANAN_KPI_OVERDUE = "Terlambat"
PENANGANAN_KPI_NO_ACTION = "Belum ada tindakan"
PENANGANAN_KPI_MEDIAN_AGE = "Median umur (hari)"
PENANGANAN_FILTER_REGION = "Kabupaten/kota"
PENANGANAN_FILTER_AGENCY = "Instansi tindakan terakhir"
PENANGANAN_FILTER_OVERDUE = "Hanya yang terlambat"
PENANGANAN_EMPTY = "Tidak ada kasus terbuka untuk pilihan ini."
PENANGANAN_BY_REGION = "Kasus terbuka per kabupaten/kota"
PENANGANAN_CASES = "Daftar kasus terbuka"
PENANGANAN_COLUMNS = {
    "incident_id": "No. insiden", "occurred_on": "Tanggal", "region": "Wilayah", "category": "Kategori",
    "severity": "Keparahan", "handling_status": "Status", "age_days": "Umur (hari)", "action_count": "Tindakan",
    "last_action_type": "Tindakan terakhir", "last_agency": "Instansi", "last_status": "Status tindakan",
    "last_due_on": "Tenggat", "overdue": "Terlambat",
}
PENANGANAN_OVERDUE_MARK = "(!) terlambat"
PENANGANAN_OK_MARK = "—"
PENANGANAN_DETAIL = "Kelola kasus"
PENANGANAN_PICK = "Insiden"
PENANGANAN_ACTIONS = "Tindakan untuk insiden ini"
PENANGANAN_NO_ACTIONS = "Belum ada tindakan."
PENANGANAN_STATUS = "Status penanganan insiden"
PENANGANAN_STATUS_SUBMIT = "Ubah status"
PENANGANAN_STATUS_DONE = "Status diubah dari {old} ke {new}."
PENANGANAN_ADD = "Tambah tindakan"
PENANGANAN_UPDATE = "Perbarui tindakan"
PENANGANAN_ACTION_PICK = "Tindakan"
PENANGANAN_STAGE = "Tahap"
PENANGANAN_TYPE = "Jenis tindakan"
PENANGANAN_AGENCY = "Instansi"
PENANGANAN_START = "Tanggal mulai"
PENANGANAN_DUE = "Tenggat"
PENANGANAN_FINISHED = "Tanggal selesai"
PENANGANAN_SET_FINISHED = "Isi tanggal selesai"
PENANGANAN_ACTION_STATUS = "Status tindakan"
PENANGANAN_OUTCOME = "Hasil/catatan"
PENANGANAN_ADD_SUBMIT = "Simpan tindakan"
PENANGANAN_UPDATE_SUBMIT = "Simpan perubahan tindakan"
PENANGANAN_SAVED = "Tindakan tersimpan."
PENANGANAN_FAILED = "Belum tersimpan: {reason}"
PENANGANAN_READ_ONLY = "Anda dapat melihat penanganan; perubahan dilakukan oleh operator atau admin."
PENANGANAN_REGION_ACTIONS = "Tindakan terbaru di wilayah (termasuk tindakan tanpa insiden)"
# --- akhir bagian Data masuk ---

# --- Briefing: presentation mode and the Laporan Situasi pack (issue 12) ---
# Section titles and report words live in domain/briefing.py (shared with the PPTX/PDF pack).
PAGE_BRIEFING = "Briefing (presentasi)"
BRIEFING_PREV = "Sebelumnya"
BRIEFING_NEXT = "Berikutnya"
BRIEFING_POSITION = "{n} / {total}"
BRIEFING_AUTO = "Putar otomatis"
BRIEFING_AUTO_HELP = "Maju sendiri setiap {seconds} detik (tanpa memuat ulang halaman)."
BRIEFING_EXIT = "Keluar"
BRIEFING_PACK_PPTX = "Paket PPTX"
BRIEFING_PACK_PDF = "Paket PDF"
BRIEFING_PACK_HELP = "Laporan Situasi (cakupan dan periode ini), sesuai tingkat akses Anda; tercatat di log audit."
BRIEFING_MORE = "… dan {n} lainnya"
BRIEFING_OTHER_INCIDENTS = "Kejadian lain"
BRIEFING_WRITE_NOTE = "Tulis analisa"
BRIEFING_NOTE_DIALOG = "Analisa & Rekomendasi"
BRIEFING_NOTE_ANALYSIS = "Analisa (penilaian analis)"
BRIEFING_NOTE_RECS = "Rekomendasi"
BRIEFING_NOTE_SENSITIVITY = "Klasifikasi analisa"
BRIEFING_NOTE_SAVE = "Simpan versi baru"
BRIEFING_NOTE_SAVED = "Analisa tersimpan sebagai versi {version}."
BRIEFING_NOTE_VERSION = "Versi {version} · {author} · {day}"
BRIEFING_CATEGORY_COUNT = "{mark} {label}: {count}"
DEMO_CREDENTIALS_SHORT = "Akun demo (kata sandi publik) masih aktif: nonaktifkan sebelum memakai data sungguhan."
# --- akhir bagian Briefing ---

# --- Impor data nyata (preset sumber, lembar kerja, daftar masalah) ---
IMPOR_PRESET = "Preset sumber"
IMPOR_PRESET_NONE = "— tanpa preset (pemetaan manual) —"
IMPOR_PRESET_HELP = ("Cara membaca ekspor yang dikenal (UCDP GED, ACLED, berkas berkoordinat, templat Kesbangpol). "
                     "Preset adalah berkas TOML di assets/import_presets/ yang dapat disalin dan diubah.")
IMPOR_PRESET_BROKEN = "Preset tidak dapat dibaca: {reason}"
IMPOR_EARLIEST = "Tanggal paling awal yang diterima"
IMPOR_EARLIEST_HELP = "Tanggal kejadian sebelum ini ditolak (bawaan 17/08/1945; preset UCDP: 01/01/1989)."
IMPOR_SHEET = "Lembar kerja yang diimpor"
IMPOR_SHEET_CHOOSE = "Buku kerja ini punya lebih dari satu lembar berisi data; pilih satu. Lembar tersembunyi tidak pernah diimpor."
IMPOR_SHEET_READ = "Lembar kerja yang dibaca: {sheet}"
IMPOR_HXL_SKIPPED = "Baris tag HXL (#…) di bawah judul dikenali dan dilewati; data mulai baris 3."
IMPOR_FIXED = "Nilai tetap"
IMPOR_FIXED_HELP = "Bidang yang diisi sama untuk setiap baris (dipakai bila kolomnya kosong atau tidak ada)."
IMPOR_FIXED_FIELDS = "Bidang dengan nilai tetap"
IMPOR_RULES = "Peta nilai dan turunan"
IMPOR_RULES_HELP = ("JSON: value_maps (nilai kolom → kode SIPKS, mis. type_of_violence → kategori) dan derive "
                    "(how = bands/join/template/sum/first, mis. tingkat dari jumlah korban).")
IMPOR_RULES_BAD = "Aturan peta nilai/turunan tidak sah: {reason}"
IMPOR_RULES_NOT_OBJECT = "harus objek JSON dengan value_maps dan derive"
IMPOR_PROBLEMS_CSV = "Unduh semua masalah (CSV)"
IMPOR_PROBLEMS_XLSX = "Unduh semua masalah (Excel)"

# --- Indeks risiko v2 (issue 10): tanggal hitung, peluang kategori, dekat ambang, pendorong konkret ---
RISK_BADGE = "{label} · {p}"
RISK_BORDERLINE = "◆ dekat ambang"
RISK_BORDERLINE_MARK = "◆"
RISK_BORDERLINE_NOTE = "◆ = dekat ambang batas kategori (skor di sekitar batas; kategori bisa berubah dengan sedikit data baru)."
RISK_HELD = "tertahan; bulan ini sendiri: {raw}"
RISK_AS_OF = "Dihitung per {as_of} · data masuk s.d. {data}"
RISK_CATEGORY_HELP = (
    "Persentase = peluang kategori ini dalam simulasi Monte Carlo yang mengacak jumlah insiden dan bobot. "
    "◆ dekat ambang: kategori bulan ini bertahan di kurang dari 80% simulasi."
)
RISK_WHY = "Mengapa"
RISK_P_MERAH = "P(merah)"
RISK_P_HIJAU = "P(hijau)"
PROFIL_DRIVERS = "Pendorong skor (dengan angka)"
PROFIL_DRIVER_POINTS = "{points} poin skor"
METODOLOGI_V2_TITLE = "Yang baru di versi {version}"
METODOLOGI_AS_OF = (
    "**Tanggal hitung.** Bulan berjalan dihitung per hari ini (atau tanggal yang dipilih); bulan yang sudah "
    "lewat per hari terakhirnya. Semua jendela (korban meninggal {deaths} hari, eskalasi {window} hari, "
    "peluruhan) berakhir pada tanggal itu. Riwayat yang *terbit* hanya memakai insiden yang sudah dilaporkan "
    "pada tanggal itu; *dihitung ulang* memakai semua data yang diketahui sekarang."
)
METODOLOGI_SHRINK = (
    "**Angka kecil.** Laju insiden per 100.000 penduduk ditarik ke laju provinsi dengan empirical Bayes "
    "(Gamma–Poisson): laju = (x + n₀·μ) / (n + n₀), dengan μ laju provinsi dan kekuatan n₀ diperkirakan dari "
    "{lookback} bulan sebelumnya, sekurang-kurangnya {pmin} dan paling banyak {pmax} penduduk. Satu insiden "
    "tidak dapat lagi melonjakkan wilayah berpenduduk sedikit."
)
METODOLOGI_NB = (
    "**Eskalasi.** Jumlah insiden {window} hari terakhir dibandingkan dengan rata-rata {baseline} bulan "
    "sebelumnya memakai sebaran binomial negatif (dispersi dari riwayat wilayah sendiri, atau dari wilayah "
    "sekitarnya bila riwayatnya kurang dari {active} bulan aktif). Karena semua wilayah diuji setiap bulan, "
    "nilai-p dikoreksi {correction}; sinyal bila q ≤ {alpha}. Komponen = 100 × min(−log₁₀ q, {cap}) / {cap}."
)
MULTIPLE_TESTING_LABELS = {"benjamini_hochberg": "Benjamini–Hochberg (tingkat penemuan palsu)",
                           "bonferroni": "Bonferroni", "none": "(tanpa koreksi)"}
METODOLOGI_CATEGORIES_V2 = (
    "**Kategori.** Aturan relatif IKP Bawaslu: merah bila skor > rata-rata + {k}·SD, hijau bila skor < "
    "rata-rata − {k}·SD, dengan SD sampel (n − {ddof_text}) dari {reference}. Ditambah ambang mutlak: merah "
    "juga harus ≥ **{floor_merah}**, kuning harus ≥ **{floor_kuning}** (di bawahnya hijau), sehingga bulan yang "
    "tenang bisa seluruhnya hijau. **Histeresis:** kategori baru berlaku bila skor melewati ambang sedikitnya "
    "{margin} poin atau bila aturan memberi kategori itu dua bulan berturut-turut; aturan pengganti (override) "
    "langsung berlaku."
)
REFERENCE_LABELS = {"provinsi": "kabupaten/kota se-provinsi pada bulan yang sama",
                    "nasional": "seluruh kabupaten/kota pada bulan yang sama"}
METODOLOGI_MISSING = (
    "**Data kosong.** Indikator struktural yang tidak tersedia diisi median kabupaten/kota se-provinsi "
    "(ditandai dan disebut dalam penjelasan; tidak dihitung dalam kelengkapan), bukan dibuang lalu bobotnya "
    "dipindah ke indikator lain."
)
METODOLOGI_PROBABILITY = (
    "**Peluang kategori.** {draws} simulasi Monte Carlo mengacak jumlah insiden (laju dari sebaran posterior "
    "Gamma, jumlah 30 hari dari binomial negatif) dan bobot; halaman menampilkan peluang kategori yang tampil "
    "(mis. \"Merah · 72 %\"). Wilayah yang kategorinya bertahan di kurang dari {border} simulasi ditandai "
    "◆ dekat ambang. Riwayat panjang dihitung ulang dengan {history_draws} simulasi per bulan."
)
METODOLOGI_WHY = (
    "**Mengapa.** Penjelasan menyebut pendorong terbesar dengan angkanya terhadap pembandingnya, mis. "
    "\"12 insiden bentrok antarwarga/tawuran dalam 30 hari terakhir, 3,0× rata-rata 12 bulan\" atau "
    "\"tingkat kemiskinan 14,2 (1,6× median provinsi 9,1)\"."
)
METODOLOGI_PROBABILITY_TABLE = "Peluang kategori per wilayah (bulan ini)"
# --- akhir bagian Indeks risiko v2 ---

# ---------------------------------------------------------------------------------------------
# Peringatan dini (issue 11): alerts, forecasts, backtest
# ---------------------------------------------------------------------------------------------
PAGE_PERINGATAN = "Peringatan Dini"
EW_TITLE = "Peringatan Dini"
EW_INTRO = ("Peringatan dari aturan yang tercatat di konfigurasi versi {version} (lonjakan terhadap rerata "
            "bergerak, kemunculan kategori baru, kategori naik, korban jiwa 14 hari, lonjakan ruang maya, prakiraan "
            "tinggi), dihitung ulang setiap data berubah. Tujuannya: kuning kembali hijau sebelum menjadi merah.")
EW_KPI_OPEN = "Peringatan terbuka"
EW_KPI_HIGH = "Tingkat tinggi"
EW_KPI_NEW = "Belum dilihat"
EW_NONE = "Tidak ada peringatan terbuka dalam cakupan ini."
EW_LIST_TITLE = "Peringatan terbuka (terbaru dan paling parah lebih dulu)"
EW_SHOW_ENDED = "Tampilkan juga yang kondisinya sudah berakhir"
EW_MORE = "{count} peringatan lain ada di tabel di bawah."
EW_TABLE_TITLE = "Semua peringatan terbuka"
EW_RULES = ALERT_RULES   # one wording for the page and the briefing pack (domain/briefing.py)
EW_SEVERITIES = {"tinggi": "● Tinggi", "sedang": "○ Sedang"}
EW_STATES = {"baru": "Baru", "dilihat": "Dilihat", "ditindaklanjuti": "Ditindaklanjuti", "selesai": "Selesai"}
EW_SENTENCES = {
    "lonjakan": "{count} insiden dalam 30 hari terakhir, {ratio}× rata-rata {baseline} per 30 hari pada {blocks} "
                "periode sebelumnya.",
    "kemunculan": "Insiden {category} pertama setelah {quiet_blocks} periode 30 hari tanpa kejadian: {count} "
                  "insiden dalam 30 hari terakhir.",
    "kategori_naik": "Kategori risiko naik dari {from_label} ({previous_period}) ke {to_label} ({period}).",
    "kategori_p": "P(merah) {p_merah} melewati ambang {threshold} (sebelumnya {p_merah_before}) pada {period}.",
    "korban_jiwa": "{deaths} korban meninggal dalam {days} hari terakhir ({incidents} insiden; terakhir {latest_on}).",
    "lonjakan_maya": "{count} insiden di ruang maya dalam 30 hari terakhir, {ratio}× rata-rata {baseline} per 30 "
                     "hari pada {blocks} periode sebelumnya.",
    "prakiraan_tinggi": "Prakiraan {target_month}: {expected} insiden (batas atas interval 90%: {hi90}), di atas "
                        "persentil ke-90 bulanan wilayah ini ({q90}).",
}
EW_DETAIL = "Insiden terakhir: {text}"
EW_DETAIL_RESTRICTED = "Uraian insiden terakhir: [Terbatas]"
EW_FIRST_LAST = "Pertama {first} · terakhir {last} · status {state}"
EW_ENDED = "kondisi sudah berakhir"
EW_BY = " oleh {user}"
EW_PROFILE_LINK = "Profil wilayah"
EW_MARK_SEEN = "Tandai dilihat"
EW_CLOSE = "Selesai"
EW_FOLLOW_UP = "Tindak lanjuti"
EW_FOLLOW_UP_TITLE = "Tindak lanjut: buat tindakan pencegahan untuk {region}"
EW_FOLLOW_UP_TYPE = "Jenis tindakan"
EW_FOLLOW_UP_AGENCY = "Instansi"
EW_FOLLOW_UP_DUE = "Tenggat"
EW_FOLLOW_UP_NOTE = "Catatan"
EW_FOLLOW_UP_SUBMIT = "Simpan tindak lanjut"
EW_FOLLOW_UP_DONE = "Tindakan #{action_id} dibuat di Penanganan; peringatan #{alert_id} ditindaklanjuti."
EW_FOLLOW_UP_LINKED = "Ditindaklanjuti: tindakan #{action_id} (lihat Penanganan)"
EW_STATE_DONE = "Peringatan #{alert_id}: {state}."
EW_STATE_FAILED = "Status belum diubah: {reason}"
EW_READ_ONLY = "Tindak lanjut dan penutupan dilakukan oleh operator atau admin."
EW_COL_SEVERITY = "Tingkat"
EW_COL_RULE = "Aturan"
EW_COL_REGION = "Kab/kota"
EW_COL_EVIDENCE = "Bukti"
EW_COL_FIRST = "Pertama"
EW_COL_LAST = "Terakhir"
EW_COL_STATE = "Status"
EW_COL_ACTIVE = "Kondisi"
EW_ACTIVE = "berlangsung"
EW_INACTIVE = "berakhir"
EW_FORECAST_TITLE = "Prakiraan insiden per kab/kota"
EW_FORECAST_CAPTION = ("Prakiraan #{run} · model {model} · data sampai {as_of} · asal {origin} · benih {seed}. "
                       "Interval 80% dan 90% dari sebaran binomial negatif; P(serius) = peluang ≥ 1 insiden berat "
                       "atau dengan korban meninggal.")
EW_FORECAST_NONE = ("Belum ada prakiraan tersimpan untuk cakupan ini. Jalankan "
                    "`python -m data_access forecast --scope {scope}`.")
EW_FC_REGION = "Kab/kota"
EW_FC_EXPECTED = "Perkiraan {month}"
EW_FC_I80 = "Interval 80%"
EW_FC_I90 = "Interval 90%"
EW_FC_PSERIOUS = "P(serius) {month}"
EW_BACKTEST_TITLE = "Seberapa akurat prakiraan? Uji mundur (asal bergulir)"
EW_BACKTEST_CAPTION = ("Uji mundur #{run} · cakupan {scope} · asal {first}–{last} ({origins} asal) · model {model} · "
                       "benih {seed} · data sampai {as_of}. Setiap asal hanya memakai data yang sudah dilaporkan "
                       "saat itu. Brier dan CRPS: makin kecil makin baik; AUPR: makin besar makin baik; cakupan "
                       "interval idealnya 80% dan 90%. MAE dihitung dari median prakiraan.")
EW_BACKTEST_NONE = ("Belum ada uji mundur tersimpan. Jalankan `python -m data_access backtest --scope {scope} "
                    "--from YYYY-MM --to YYYY-MM --horizons 1,3 --json hasil.json`.")
EW_BT_HORIZON = "Horizon {h} bulan · {n} prakiraan"
EW_BT_MODEL = "Model"
EW_BT_MODELS = {"model": "Model SIPKS", "persistence": "Persistensi (bulan lalu)",
                "historical_mean": "Rerata 12 bulan (Poisson)", "bootstrap": "Bootstrap 12 bulan"}
EW_BT_METRICS = {"brier": "Brier", "aupr": "AUPR", "mae": "MAE", "crps": "CRPS", "coverage80": "Cakupan 80%",
                 "coverage90": "Cakupan 90%"}
EW_BT_BEATS = ("Horizon {h} bulan: model **mengungguli persistensi** (CRPS {crps_skill} dan Brier {brier_skill} "
               "lebih baik).")
EW_BT_NOT_BEATS = ("Horizon {h} bulan: model **tidak mengungguli persistensi** (skill CRPS {crps_skill}, Brier "
                   "{brier_skill}). Prakiraan ini jangan dipakai melebihi tebakan \"sama seperti bulan lalu\".")
EW_BT_VS_MEAN_WORSE = ("Horizon {h} bulan: model **lebih buruk daripada rerata 12 bulan** (skill CRPS {crps_skill}, "
                       "Brier {brier_skill}): rerata sederhana memprakirakan lebih baik pada data ini.")
EW_BT_VS_MEAN_BETTER = "Horizon {h} bulan: model juga mengungguli rerata 12 bulan (skill CRPS {crps_skill})."
EW_RELIABILITY_TITLE = "Keandalan P(serius): prakiraan vs kenyataan"
EW_RELIABILITY_X = "Peluang yang diprakirakan"
EW_RELIABILITY_Y = "Frekuensi yang terjadi"
EW_RELIABILITY_IDEAL = "Ideal"
EW_RELIABILITY_SERIES = "{model}, horizon {h}"
EW_RINGKASAN_KPI = "Peringatan dini terbuka"
EW_RINGKASAN_TOP = "Tiga peringatan teratas"
EW_RINGKASAN_ALL = "Semua peringatan"
EW_MAP_LAYER = "Tampilkan peringatan dini di peta"
EW_MAP_LEGEND = "Peringatan ({count})"
EW_MAP_HOVER = "<b>%{customdata[1]}</b><br>%{customdata[2]} peringatan terbuka<br>%{customdata[3]}<extra></extra>"
EW_PROFILE_TITLE = "Riwayat peringatan dini"
EW_PROFILE_NONE = "Belum pernah ada peringatan untuk wilayah ini."
EW_METHOD_TITLE = "Peringatan dini dan prakiraan"
EW_METHOD_TEXT = ("Aturan peringatan dan model prakiraan tercatat di `scoring/early_warning.toml` versi {version}. "
                  "Model: gradient boosting dengan loss Poisson untuk rata-rata dan dispersi binomial negatif "
                  "(ditaksir di luar sampel) untuk interval; fitur hanya yang diketahui pada asal prakiraan "
                  "(riwayat insiden berpeluruhan per kategori dan arena, bulan sejak insiden terakhir, aktivitas "
                  "tetangga dari batas poligon, musim, kalender pemilu, indikator struktural).")
EW_WHY_SERIOUS = "Serius = keparahan {severities} atau ≥ {deaths} korban meninggal."

# --- Skor tersimpan & skala nasional (issue 15) ---
SCORES_MISSING = ("Skor risiko untuk {month} belum tersedia: snapshot skor belum dihitung untuk bulan ini. "
                  "Skor dihitung otomatis setiap kali data berubah; admin dapat menjalankan "
                  "`python -m data_access refresh-scores`.")
REFRESH_PROGRESS = "Menghitung ulang skor risiko untuk wilayah dan bulan yang berubah…"
REFRESH_DONE = "Skor risiko diperbarui ({rows} baris snapshot)."
REFRESH_OLDER_STALE = ("Data ini juga mengubah bulan {first} s.d. {last}. Skor bulan-bulan itu tidak dihitung ulang "
                       "di halaman ini (terlalu banyak bulan) dan ditandai belum tersedia; admin menghitungnya "
                       "dengan `python -m data_access refresh-scores`.")
# --- akhir bagian Skor tersimpan ---
# --- Alur kerja analis dan operator (issue 14) ---
PENANGANAN_SEARCH = "Cari kasus"
PENANGANAN_SEARCH_HINT = "nomor insiden, nama wilayah atau kata dalam uraian"
PENANGANAN_PICK_HINT = "Pilih kasus…"
PENANGANAN_CASE_STATUS = "Status kasus"
PENANGANAN_STATUS_MANUAL = "Ubah status secara manual"
PENANGANAN_SET_DUE = "Ada tenggat"
PENANGANAN_OUTCOME_HINT = "Apa yang dilakukan, hasilnya, tindak lanjut"
FORM_ADD_ACTION = "Tambah tindakan penanganan untuk insiden #{id}"
FILTER_ACTIVE = "Filter aktif: {filters}."
FILTER_RESET = "Atur ulang filter"
OPEN_PROFILE_HINT = "Pilih satu baris untuk membuka profil wilayahnya (di tab ini)."
KPI_MERAH_NAMES = "Wilayah merah: {names}"
KPI_MERAH_NONE = "Tidak ada wilayah merah."
OVERVIEW_TITLE = "Gambaran {region}"
OVERVIEW_DRIVERS = "Pendorong skor terbesar"
OVERVIEW_CASES = "Kasus terbuka paling mendesak (dari {count})"
OVERVIEW_OPEN_HANDLING = "Kelola penanganan"
OVERVIEW_OPEN_PROFILE = "Buka profil lengkap {region}"
EXPORT_CSV = "Unduh CSV"
EXPORT_XLSX = "Unduh Excel"
EXPORT_YES = "Ya"
EXPORT_NO = "Tidak"
EXPORT_INCIDENT_HEADERS = {
    "id": "No.", "occurred_on": "Tanggal kejadian", "occurred_time": "Jam kejadian", "reported_on": "Tanggal lapor",
    "province_code": "Kode provinsi", "kabkota_code": "Kode kab/kota", "kabkota_name": "Kabupaten/kota",
    "kecamatan_code": "Kode kecamatan", "kecamatan_name": "Kecamatan", "lat": "Lintang", "lon": "Bujur",
    "category_code": "Kode kategori", "category": "Kategori", "arena_code": "Kode arena", "arena": "Arena",
    "severity_code": "Kode keparahan", "severity": "Keparahan", "deaths": "Meninggal", "injuries": "Luka",
    "displaced": "Mengungsi", "actors": "Pihak terlibat", "description": "Uraian", "source_code": "Kode sumber",
    "source": "Sumber", "source_ref": "Rujukan sumber", "verification_code": "Kode verifikasi",
    "verification": "Verifikasi", "sensitivity_code": "Kode sensitivitas", "sensitivity": "Sensitivitas",
    "handling_status_code": "Kode status penanganan", "handling_status": "Status penanganan",
    "restricted": "Terbatas (disamarkan)", "created_by": "Dibuat oleh", "created_at": "Waktu dibuat",
    "updated_by": "Diubah oleh", "updated_at": "Waktu diubah", "version": "Versi",
}
TREN_EXPORT = "Unduh data grafik tren"
TREN_EXPORT_NOTE = "Berkas berisi angka bulanan per wilayah, kategori dan arena untuk filter ini. Setiap unduhan dicatat di log audit."
TREN_EXPORT_HEADERS = {
    "month": "Bulan", "region_code": "Kode wilayah", "region": "Wilayah", "category_code": "Kode kategori",
    "category": "Kategori", "arena_code": "Kode arena", "arena": "Arena", "incidents": "Jumlah insiden",
    "deaths": "Meninggal", "injuries": "Luka", "rate": "Insiden per 100.000 penduduk",
}
PETA_EXPORT = "Unduh data peta"
PETA_EXPORT_NOTE = "Berkas berisi wilayah pada peta beserta skor, kategori dan nilai yang diwarnai. Setiap unduhan dicatat di log audit."
PETA_EXPORT_HEADERS = {
    "region_code": "Kode wilayah", "region": "Wilayah", "period": "Periode", "score": "Skor risiko",
    "category_code": "Kode kategori risiko", "category": "Kategori risiko", "rank": "Peringkat",
    "top_driver": "Pendorong utama", "p_merah": "Peluang merah", "value": "Nilai yang diwarnai", "value_title": "Keterangan nilai",
}
TREN_OTHER = "Lainnya (kategori lain)"
TREN_TOP_NOTE = "{n} kategori terbanyak ditampilkan terpisah; sisanya digabung sebagai “Lainnya (kategori lain)”."
TREN_COMPARE = "Perbandingan wilayah (satu garis per kabupaten/kota)"
TREN_COMPARE_HINT = "Pilih 2 sampai {n} kabupaten/kota pada filter untuk membandingkannya berdampingan."
TREN_COMPARE_NO_POPULATION = "Data penduduk tidak tersedia untuk: {regions}; garis per 100.000 mereka tidak digambar."
TREN_ARENA = "Arena nyata dan maya per bulan"
TREN_SCORE_DEFAULT = "Tidak ada wilayah dipilih pada filter: ditampilkan tiga wilayah dengan skor tertinggi periode ini."
CHOOSE_ONE = "Pilih…"
CHOOSE_MANY = "Pilih satu atau lebih…"
CHOOSE_NONE_SKIPPED = "Tidak ada baris yang dilewati"
# --- Keamanan dan keandalan (issue 16) ---
DB_BUSY = ("**Basis data sedang sibuk.** Proses lain (mis. impor data) memegang kunci tulis lebih lama dari "
           "batas tunggu, sehingga permintaan ini dihentikan tanpa menulis apa pun. Coba lagi sebentar lagi.")
DB_UNAVAILABLE = ("**Basis data tidak dapat dihubungi.** Server basis data mati atau sedang dimulai ulang; "
                  "tidak ada data yang berubah. Aplikasi tersambung kembali dengan sendirinya begitu server "
                  "berjalan lagi: tekan Coba lagi.")
DB_RETRY = "Coba lagi"
# --- akhir bagian Keamanan dan keandalan ---
