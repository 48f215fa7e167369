"""What each kind of import accepts: its fields (template columns), natural keys and permission.

Field keys are the template's column names (Bahasa Indonesia). Files from other
systems are mapped onto them (:mod:`data_access.imports.mapping`). Each row
validator (:mod:`data_access.imports.validators`) turns the texts of one row into database values, reporting every
problem it finds (not only the first), so the user can fix the file in one pass.
"""
from __future__ import annotations

from dataclasses import dataclass

from domain.access import Permission
from domain.taxonomy import taxonomy

INCIDENTS = "incidents"
INDICATOR_VALUES = "indicator_values"
HANDLING_ACTIONS = "handling_actions"
INDICATOR_DEFINITIONS = "indicator_definitions"


@dataclass(frozen=True)
class Field:
    key: str                 # column name in the template
    label: str               # what it is, in Bahasa Indonesia
    required: bool
    guide: str               # one line of the column guide
    example: str             # the template's example value
    synonyms: tuple[str, ...] = ()   # other headers recognised automatically


@dataclass(frozen=True)
class KindSpec:
    kind: str
    label: str
    table: str
    fields: tuple[Field, ...]
    key_columns: tuple[str, ...]       # database columns of the natural key (upsert key)
    permission: Permission

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.fields if f.required)


def _vocab_guide(vocabulary: str) -> str:
    return ", ".join(taxonomy().codes(vocabulary))


INCIDENT_FIELDS = (
    Field("ref_sumber", "Nomor/rujukan laporan di sumbernya", True,
          "Kunci unik per sumber (mis. nomor laporan). Impor ulang dengan rujukan yang sama memperbarui baris, tidak menggandakan.",
          "LP-2024-0001", ("source_ref", "no_laporan", "nomor_laporan", "id_laporan", "no", "rujukan", "id", "event_id")),
    Field("sumber", "Sumber laporan", True,
          f"Kode atau nama sumber: {_vocab_guide('source')}. Boleh dikosongkan bila sumber impor diisi.",
          "polri", ("source", "sumber_data", "asal_laporan")),
    Field("tanggal_kejadian", "Tanggal kejadian", True,
          "2024-02-14, 14/02/2024, 14 Februari 2024, 15 March 2024 atau 1989-07-26 00:00:00.000; tidak boleh di masa depan atau sebelum tanggal paling awal (bawaan 17-08-1945).",
          "2024-02-14", ("occurred_on", "tanggal", "tgl_kejadian", "tgl", "waktu_kejadian", "date", "event_date")),
    Field("jam_kejadian", "Jam kejadian", False, "Opsional, format 14:30.", "14:30",
          ("occurred_time", "jam", "pukul")),
    Field("tanggal_lapor", "Tanggal lapor", False, "Opsional; bila kosong = tanggal kejadian.",
          "2024-02-15", ("reported_on", "tgl_lapor", "tanggal_laporan")),
    Field("kabupaten_kota", "Kabupaten/kota", True,
          "Kode (73.06) atau nama: Kab. Gowa, GOWA, Kabupaten Gowa, Gowa Regency, singkatan umum (Mks, Pangkep, Sidrap, Lutim…). Boleh kosong bila lintang/bujur diisi.",
          "Kota Makassar", ("kabkota_code", "kabkota", "kab_kota", "kabupaten", "kota", "wilayah", "daerah",
                            "kode_kabkota", "kabupaten_kota_", "lokasi")),
    Field("provinsi", "Provinsi (pembantu)", False,
          "Opsional; nama, singkatan (Sulsel, NTB, DIY) atau kode provinsi. Membantu mengenali kab/kota bernama sama; tidak disimpan.",
          "Sulawesi Selatan", ("province", "prov", "propinsi", "adm_1", "admin1")),
    Field("kecamatan", "Kecamatan", False, "Opsional; kode atau nama kecamatan di kabupaten/kota tersebut.",
          "Tamalate", ("kecamatan_code", "kode_kecamatan", "kec")),
    Field("lintang", "Lintang (latitude)", False, "Opsional, desimal, mis. -5,1477; diisi bersama bujur.",
          "-5,1477", ("lat", "latitude", "y")),
    Field("bujur", "Bujur (longitude)", False, "Opsional, desimal, mis. 119,4327.", "119,4327",
          ("lon", "lng", "longitude", "long", "x")),
    Field("kategori", "Kategori konflik", True, f"Kode atau nama kategori: {_vocab_guide('category')}.",
          "bentrok_antarwarga", ("category", "jenis_konflik", "jenis", "kategori_konflik")),
    Field("arena", "Arena", False, "nyata (luring) atau maya (siber); bila kosong = nyata.", "nyata", ("ranah",)),
    Field("tingkat", "Tingkat keparahan", True, "ringan, sedang atau berat.", "sedang",
          ("severity", "keparahan", "tingkat_keparahan", "eskalasi")),
    Field("meninggal", "Korban meninggal", False, "Bilangan bulat ≥ 0; kosong = 0.", "0",
          ("deaths", "korban_meninggal", "tewas", "md", "fatalities", "killed")),
    Field("luka", "Korban luka", False, "Bilangan bulat ≥ 0; kosong = 0.", "3",
          ("injuries", "korban_luka", "luka_luka")),
    Field("mengungsi", "Pengungsi", False, "Bilangan bulat ≥ 0; kosong = 0.", "0",
          ("displaced", "pengungsi", "jumlah_pengungsi")),
    Field("aktor", "Pihak yang terlibat", False, "Opsional, teks bebas.", "Warga kampung A dan B",
          ("actors", "pelaku", "pihak", "pihak_terlibat")),
    Field("uraian", "Uraian/kronologi", False, "Opsional, teks bebas (tanpa rumus).",
          "Bentrok antarkelompok pemuda setelah pertandingan sepak bola.",
          ("description", "kronologi", "keterangan", "deskripsi", "uraian_kejadian", "notes")),
    Field("verifikasi", "Status verifikasi", False, f"{_vocab_guide('verification')}; kosong = belum.",
          "terverifikasi", ("verification", "status_verifikasi")),
    Field("sensitivitas", "Sensitivitas", False, f"{_vocab_guide('sensitivity')}; kosong = umum.", "umum",
          ("sensitivity", "klasifikasi")),
    Field("status_penanganan", "Status penanganan", False,
          f"{_vocab_guide('handling_status')}; kosong = baru.", "baru", ("handling_status",)),
)

INDICATOR_VALUE_FIELDS = (
    Field("wilayah", "Wilayah (kab/kota atau provinsi)", True, "Kode atau nama, seperti pada impor insiden.",
          "Kab. Gowa", ("region_code", "kode_wilayah", "kabupaten_kota", "kabkota", "kab_kota", "daerah",
                        "kabupaten", "kota", "provinsi")),
    Field("periode", "Periode", True, "Bulan yang dirujuk: 2024-02, Februari 2024; atau tahun (2023 = Januari 2023).",
          "2024-01", ("period", "bulan", "tahun", "periode_data")),
    Field("indikator", "Kode indikator", True, "Kode indikator yang sudah didefinisikan (mis. ikp_bawaslu).",
          "ikp_bawaslu", ("indicator_code", "kode_indikator")),
    Field("nilai", "Nilai", True, "Angka; koma desimal boleh (82,4). Harus di dalam rentang indikator.", "62,5",
          ("value", "skor", "angka", "nilai_indikator")),
    Field("sumber", "Sumber data", False, "Opsional; bila kosong = nama sumber impor atau sumber indikator.",
          "Bawaslu", ("source",)),
)

HANDLING_FIELDS = (
    Field("ref_tindakan", "Rujukan tindakan", True, "Kunci unik tindakan; impor ulang memperbarui baris yang sama.",
          "TDK-2024-001", ("source_ref", "no_tindakan", "id_tindakan", "id")),
    Field("sumber_insiden", "Sumber insiden terkait", False, "Opsional, bersama ref_insiden.", "polri",
          ("incident_source",)),
    Field("ref_insiden", "Rujukan insiden terkait", False, "Opsional: ref_sumber insiden yang ditangani.",
          "LP-2024-0001", ("incident_ref",)),
    Field("wilayah", "Wilayah", False, "Kabupaten/kota; wajib bila tidak terkait insiden.", "Kota Makassar",
          ("region_code", "kabupaten_kota", "kabkota", "daerah")),
    Field("tahap", "Tahap penanganan", True, f"{_vocab_guide('stage')} (UU 7/2012).", "penghentian", ("stage",)),
    Field("jenis_tindakan", "Jenis tindakan", True, f"{_vocab_guide('action_type')}.", "dialog_mediasi",
          ("action_type", "tindakan", "jenis")),
    Field("instansi", "Instansi penanggung jawab", True, f"{_vocab_guide('agency')}.", "polri",
          ("agency", "penanggung_jawab", "pelaksana")),
    Field("tanggal_mulai", "Tanggal mulai", False, "Opsional.", "2024-02-15", ("started_on", "mulai")),
    Field("tenggat", "Tenggat", False, "Opsional; lewat tenggat dan belum selesai = terlambat.", "2024-03-15",
          ("due_on", "batas_waktu")),
    Field("tanggal_selesai", "Tanggal selesai", False, "Opsional.", "", ("finished_on", "selesai")),
    Field("status", "Status tindakan", False, f"{_vocab_guide('action_status')}; kosong = direncanakan.",
          "berjalan", ("action_status",)),
    Field("hasil", "Hasil/catatan", False, "Opsional, teks bebas.", "Kedua pihak sepakat berdamai.",
          ("outcome", "catatan", "keterangan")),
)

DEFINITION_FIELDS = (
    Field("kode", "Kode indikator", True, "Huruf kecil, angka, garis bawah (mis. ikp_bawaslu).", "indeks_contoh",
          ("code", "kode_indikator")),
    Field("nama", "Nama", True, "Nama indikator.", "Indeks contoh", ("name", "nama_indikator")),
    Field("satuan", "Satuan", True, "Mis. skor 0-100, %, per 100.000 penduduk.", "skor 0-100", ("unit",)),
    Field("tinggi_berisiko", "Makin tinggi makin rawan?", True, "ya atau tidak.", "ya",
          ("higher_is_riskier", "arah")),
    Field("sumber", "Sumber", True, "Lembaga penerbit data.", "Kesbangpol", ("source",)),
    Field("keterangan", "Keterangan", False, "Opsional.", "Contoh definisi indikator.", ("description",)),
    Field("nilai_min", "Nilai minimum sah", False, "Opsional; nilai di bawahnya ditolak saat impor.", "0",
          ("min_value", "min")),
    Field("nilai_maks", "Nilai maksimum sah", False, "Opsional; nilai di atasnya ditolak saat impor.", "100",
          ("max_value", "max", "maks")),
)

KINDS: dict[str, KindSpec] = {
    INCIDENTS: KindSpec(INCIDENTS, "Insiden", "incidents", INCIDENT_FIELDS, ("source", "source_ref"),
                        Permission.IMPORT_DATA),
    INDICATOR_VALUES: KindSpec(INDICATOR_VALUES, "Nilai indikator", "indicator_values", INDICATOR_VALUE_FIELDS,
                               ("region_code", "period", "indicator_code"), Permission.IMPORT_DATA),
    HANDLING_ACTIONS: KindSpec(HANDLING_ACTIONS, "Tindakan penanganan", "handling_actions", HANDLING_FIELDS,
                               ("source_ref",), Permission.IMPORT_DATA),
    # New definitions change what the risk index can use: methodology managers only.
    INDICATOR_DEFINITIONS: KindSpec(INDICATOR_DEFINITIONS, "Definisi indikator", "indicator_definitions",
                                    DEFINITION_FIELDS, ("code",), Permission.MANAGE_METHODOLOGY),
}
