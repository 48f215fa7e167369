"""Every validation message of the import, in Bahasa Indonesia, in one place.

data_access cannot import ``ui.texts``, so the import's own wording lives here.
A :class:`Problem` always carries file, row (as the user sees it in the
spreadsheet: the header is row 1), column, value and reason.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

MESSAGES: dict[str, str] = {
    # --- the file as a whole
    "empty_file": "Berkas kosong: tidak ada isi sama sekali.",
    "no_rows": "Berkas hanya berisi judul kolom, tidak ada baris data.",
    "too_large": "Berkas terlalu besar ({size}); batas {limit}.",
    "too_many_rows": "Berkas berisi lebih dari {limit} baris data; pecah menjadi beberapa berkas.",
    "binary_as_csv": "Berkas ini bukan teks CSV (isinya tampak seperti {what}). Simpan ulang sebagai CSV atau XLSX.",
    "bad_encoding": "Pengodean karakter tidak dikenali (bukan UTF-8 atau Windows-1252). Simpan ulang sebagai CSV UTF-8.",
    "control_chars": "Berkas berisi karakter kendali yang tidak sah; kemungkinan bukan CSV atau pengodeannya salah.",
    "not_xlsx": "Berkas berakhiran .xlsx tetapi bukan buku kerja Excel yang sah ({detail}).",
    "xlsx_macros": "Buku kerja berisi makro (VBA). Demi keamanan berkas bermakro ditolak; simpan ulang sebagai .xlsx tanpa makro.",
    "xlsx_too_large": "Isi buku kerja terlalu besar setelah dibuka ({size}); batas {limit}.",
    "unsupported_type": "Jenis berkas '{ext}' tidak didukung; gunakan .csv atau .xlsx.",
    "bad_csv": "Berkas CSV tidak dapat dibaca: {detail}.",
    "ragged_row": "Jumlah kolom baris ini ({found}) berbeda dari judul ({expected}).",
    "blank_header": "Judul kolom ke-{index} kosong.",
    "duplicate_header": "Judul kolom '{value}' muncul lebih dari sekali.",
    "duplicate_normalised_header": "Judul kolom '{first}' dan '{second}' sama setelah dinormalkan; ganti salah satunya.",
    "hidden_sheets_only": "Buku kerja tidak punya lembar kerja yang terlihat; lembar tersembunyi tidak pernah diimpor.",
    "choose_sheet": "Buku kerja punya lebih dari satu lembar berisi data ({sheets}); pilih lembar yang diimpor.",
    "unknown_sheet": "Lembar '{sheet}' tidak ada atau tersembunyi; pilihan: {sheets}.",
    "cell_too_large": "Sel terlalu besar ({size}; batas {limit}).",
    "nul_byte": "Sel berisi karakter NUL (bita nol) pada posisi bita {offset}; berkas mungkin rusak.",
    "undecodable": "Bita tidak dapat dibaca sebagai teks pada posisi bita {offset} (baris {line}); simpan ulang sebagai CSV UTF-8.",
    "xlsx_xml_attack": "Buku kerja berisi XML berbahaya ({detail}); berkas ditolak.",
    "missing_column": "Kolom wajib '{field}' ({label}) tidak ada di berkas atau belum dipetakan.",
    "unknown_mapping_field": "Pemetaan menunjuk ke bidang '{field}' yang tidak dikenal untuk jenis impor ini.",
    "mapping_column_absent": "Pemetaan menyebut kolom '{value}' yang tidak ada di berkas.",
    "field_mapped_twice": "Bidang '{field}' dipetakan dari lebih dari satu kolom.",
    # --- cells
    "required": "Wajib diisi.",
    "formula": "Sel berisi rumus spreadsheet; rumus tidak dijalankan dan ditolak. Ganti dengan nilainya.",
    "bad_date": "Tanggal tidak dikenali; gunakan 2024-02-14, 14/02/2024 atau 14 Februari 2024.",
    "impossible_date": "Tanggal tidak mungkin (tidak ada di kalender).",
    "future_date": "Tanggal di masa depan (setelah {today}).",
    "too_old_date": "Tanggal terlalu lama (sebelum {minimum}); periksa tahunnya.",
    "reported_before_occurred": "Tanggal lapor lebih awal dari tanggal kejadian ({occurred}).",
    "bad_time": "Jam tidak dikenali; gunakan 14:30.",
    "bad_period": "Periode tidak dikenali; gunakan 2024-02, Februari 2024 atau 2024.",
    "bad_number": "Bukan angka.",
    "bad_integer": "Harus bilangan bulat.",
    "negative": "Tidak boleh negatif.",
    "too_big": "Terlalu besar (lebih dari {limit}); periksa angkanya.",
    "out_of_range": "Di luar rentang indikator {indicator} ({minimum} sampai {maximum}).",
    "out_of_range_thousands": "Di luar rentang indikator {indicator} ({minimum} sampai {maximum}): titik dibaca sebagai pemisah ribuan ({read}); bila maksudnya desimal, tulis {decimal}.",
    "bad_latlon": "Koordinat di luar wilayah Indonesia.",
    "outside_indonesia": "Titik ({lat}; {lon}) di luar wilayah Indonesia.",
    "coarse_point_outside": "Titik ({lat}; {lon}) hanya kasar (presisi {precision}) dan jatuh di luar daratan Indonesia; koordinat tidak disimpan, wilayah dari nama.",
    "point_near_boundary": "Titik sedikit di luar batas wilayah (batas yang disederhanakan); ditempatkan di wilayah terdekat, {region}.",
    "value_not_in_map": "Nilai ini tidak ada dalam peta nilai untuk {field}; dicatat sebagai '{default}' ({count} baris). Tambahkan ke preset bila perlu kategori lain.",
    "other_country": "Peristiwa di negara lain ({country}), bukan Indonesia; baris ditolak.",
    "date_too_coarse": "Tanggal hanya diketahui dalam rentang lebih dari sebulan ({column} = {precision}); bulan kejadian tidak pasti, baris ditolak.",
    "outside_indonesia_name": "Tempat ini di luar wilayah Indonesia ({country}).",
    "old_region": "Nama wilayah lama ({note}); mungkin maksudnya: {suggestions}. Tulis wilayah sekarang atau isi koordinat.",
    "place_mismatch": "Koordinat berada di {point}, sedangkan nama menyebut {named}; dipakai wilayah dari koordinat.",
    "place_from_coordinates": "Nama tidak dapat dipakai ({reason}); wilayah dari koordinat: {region}.",
    "province_mismatch": "Provinsi yang ditulis tidak memuat {region}; periksa kolom provinsi.",
    "coordinates_too_coarse": "Koordinat hanya kasar (presisi {precision}) dan tidak ada nama kabupaten/kota; isi kabupaten/kota.",
    "latlon_pair": "Lintang dan bujur harus diisi keduanya atau tidak sama sekali.",
    "unknown_region": "Wilayah tidak dikenal.",
    "unknown_region_suggest": "Wilayah tidak dikenal; mungkin maksudnya: {suggestions}.",
    "ambiguous_region": "Nama wilayah ambigu: {suggestions}. Tulis lengkap (Kab./Kota) atau gunakan kode.",
    "not_kabkota": "Harus kabupaten/kota, bukan {level}.",
    "kecamatan_mismatch": "Kecamatan ini tidak berada di {kabkota}.",
    "unknown_kecamatan": "Kecamatan tidak dikenal di {kabkota}.",
    "out_of_scope": "Wilayah {region} di luar cakupan Anda.",
    "existing_out_of_scope": "Baris dengan kunci ini sudah ada di wilayah {region}, di luar cakupan Anda.",
    "unknown_code": "Nilai tidak dikenal untuk {vocabulary}; pilihan: {choices}.",
    "unknown_code_suggest": "Nilai tidak dikenal untuk {vocabulary}; mungkin maksudnya: {suggestions}.",
    "unknown_indicator": "Indikator tidak dikenal; tambahkan definisinya dulu (impor jenis definisi indikator).",
    "unknown_indicator_suggest": "Indikator tidak dikenal; mungkin maksudnya: {suggestions}.",
    "duplicate_row": "Duplikat dari baris {first} (kunci yang sama: {key}).",
    "bad_bool": "Gunakan ya atau tidak.",
    "bad_code": "Kode hanya huruf kecil, angka dan garis bawah (mis. ikp_bawaslu), paling banyak 40 karakter.",
    "min_above_max": "Nilai minimum lebih besar dari maksimum.",
    "too_long": "Terlalu panjang ({length} karakter; batas {limit}).",
    "unknown_incident": "Insiden dengan sumber dan rujukan ini tidak ditemukan (atau di luar cakupan Anda).",
    "due_before_start": "Tenggat lebih awal dari tanggal mulai.",
    "finished_before_start": "Tanggal selesai lebih awal dari tanggal mulai.",
    # --- commit / rollback
    "has_errors": "Masih ada {count} baris bermasalah yang tidak dilewati; perbaiki berkas atau pilih baris yang dilewati.",
    "nothing_to_import": "Tidak ada baris untuk diimpor.",
    "concurrent_conflict": "Baris yang sama sedang diimpor bersamaan; tidak ada yang tersimpan. Silakan coba lagi.",
    "rollback_unknown": "Impor #{import_id} tidak ditemukan atau di luar cakupan Anda.",
    "rollback_done": "Impor #{import_id} sudah dibatalkan sebelumnya.",
    "rollback_superseded": "Baris dari impor #{import_id} telah diubah oleh impor #{later}; batalkan impor #{later} dulu.",
    "rollback_definition_in_use": "Definisi indikator '{code}' sudah dipakai oleh nilai indikator; batalkan impor nilainya dulu.",
    "no_permission": "Anda tidak berhak {action}.",
}


def message(code: str, **params: object) -> str:
    """The Bahasa Indonesia text of a message code, with its parameters filled in."""
    return MESSAGES[code].format(**params)


@dataclass(frozen=True)
class Problem:
    """One validation problem: where it is (file, spreadsheet row, column), the value, and why."""

    file: str
    row: int | None          # spreadsheet row number, header = 1; None for problems of the whole file
    column: str | None       # the column name as written in the file
    value: str | None
    reason: str              # Bahasa Indonesia
    code: str                # message code (stable, for tests and the manifest)
    warning: bool = False    # a warning is reported but does not block the row

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


PROBLEM_HEADERS = {"file": "Berkas", "row": "Baris", "column": "Kolom", "value": "Nilai", "reason": "Masalah"}


def human_size(n_bytes: int) -> str:
    """``12_582_912`` → ``"12,0 MB"`` (Indonesian decimal comma)."""
    for unit, factor in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n_bytes >= factor:
            return f"{n_bytes / factor:.1f}".replace(".", ",") + f" {unit}"
    return f"{n_bytes} B"


def describe(problem: Problem) -> str:
    """One line for the command line: ``berkas.csv baris 5 kolom 'tanggal' ('31/02/2024'): …``."""
    where = problem.file
    if problem.row is not None:
        where += f" baris {problem.row}"
    if problem.column:
        where += f" kolom '{problem.column}'"
    if problem.value not in (None, ""):
        shown = problem.value if len(problem.value) <= 60 else problem.value[:57] + "…"
        where += f" ({shown!r})"
    return f"{where}: {problem.reason}"
