"""What each kind of import accepts: its fields (template columns), keys and row validation.

Field keys are the template's column names (Bahasa Indonesia). Files from other
systems are mapped onto them (:mod:`data_access.imports.mapping`). Each row
validator turns the texts of one row into database values, reporting every
problem it finds (not only the first), so the user can fix the file in one pass.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

from data_access.imports.parsing import (
    MIN_DATE, CellError, normalise_name, parse_bool, parse_code, parse_count, parse_date, parse_number,
    parse_period, parse_time,
)
from data_access.imports.region_match import KABKOTA, RegionMatcher
from domain.access import Permission, Principal
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
          "LP-2024-0001", ("source_ref", "no_laporan", "nomor_laporan", "id_laporan", "no", "rujukan", "id")),
    Field("sumber", "Sumber laporan", True,
          f"Kode atau nama sumber: {_vocab_guide('source')}. Boleh dikosongkan bila sumber impor diisi.",
          "polri", ("source", "sumber_data", "asal_laporan")),
    Field("tanggal_kejadian", "Tanggal kejadian", True,
          "2024-02-14, 14/02/2024 atau 14 Februari 2024; tidak boleh di masa depan.",
          "2024-02-14", ("occurred_on", "tanggal", "tgl_kejadian", "tgl", "waktu_kejadian")),
    Field("jam_kejadian", "Jam kejadian", False, "Opsional, format 14:30.", "14:30",
          ("occurred_time", "jam", "pukul")),
    Field("tanggal_lapor", "Tanggal lapor", False, "Opsional; bila kosong = tanggal kejadian.",
          "2024-02-15", ("reported_on", "tgl_lapor", "tanggal_laporan")),
    Field("kabupaten_kota", "Kabupaten/kota", True,
          "Kode (73.06) atau nama: Kab. Gowa, GOWA, Kabupaten Gowa, singkatan umum (Mks, Pangkep, Sidrap, Lutim…).",
          "Kota Makassar", ("kabkota_code", "kabkota", "kab_kota", "kabupaten", "kota", "wilayah", "daerah",
                            "kode_kabkota", "kabupaten_kota_", "lokasi")),
    Field("kecamatan", "Kecamatan", False, "Opsional; kode atau nama kecamatan di kabupaten/kota tersebut.",
          "Tamalate", ("kecamatan_code", "kode_kecamatan", "kec")),
    Field("lintang", "Lintang (latitude)", False, "Opsional, desimal, mis. -5,1477; diisi bersama bujur.",
          "-5,1477", ("lat", "latitude")),
    Field("bujur", "Bujur (longitude)", False, "Opsional, desimal, mis. 119,4327.", "119,4327",
          ("lon", "lng", "longitude")),
    Field("kategori", "Kategori konflik", True, f"Kode atau nama kategori: {_vocab_guide('category')}.",
          "bentrok_antarwarga", ("category", "jenis_konflik", "jenis", "kategori_konflik")),
    Field("arena", "Arena", False, "nyata (luring) atau maya (siber); bila kosong = nyata.", "nyata", ("ranah",)),
    Field("tingkat", "Tingkat keparahan", True, "ringan, sedang atau berat.", "sedang",
          ("severity", "keparahan", "tingkat_keparahan", "eskalasi")),
    Field("meninggal", "Korban meninggal", False, "Bilangan bulat ≥ 0; kosong = 0.", "0",
          ("deaths", "korban_meninggal", "tewas", "md")),
    Field("luka", "Korban luka", False, "Bilangan bulat ≥ 0; kosong = 0.", "3",
          ("injuries", "korban_luka", "luka_luka")),
    Field("mengungsi", "Pengungsi", False, "Bilangan bulat ≥ 0; kosong = 0.", "0",
          ("displaced", "pengungsi", "jumlah_pengungsi")),
    Field("aktor", "Pihak yang terlibat", False, "Opsional, teks bebas.", "Warga kampung A dan B",
          ("actors", "pelaku", "pihak", "pihak_terlibat")),
    Field("uraian", "Uraian/kronologi", False, "Opsional, teks bebas (tanpa rumus).",
          "Bentrok antarkelompok pemuda setelah pertandingan sepak bola.",
          ("description", "kronologi", "keterangan", "deskripsi", "uraian_kejadian")),
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

TEXT_LIMITS = {"source_ref": 120, "actors": 2000, "description": 10000, "outcome": 5000, "name": 160,
               "unit": 40, "source": 120, "incident_ref": 120}
MAX_COUNT = 100_000


@dataclass
class Context:
    """Reference data and the caller, shared by all rows of one import."""

    principal: Principal
    matcher: RegionMatcher
    today: date
    default_source: str | None = None                       # incident source code when the file has none
    source_name: str | None = None                         # the import's source (for indicator values)
    definitions: dict[str, tuple[float | None, float | None, str]] = field(default_factory=dict)
    incidents: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)  # (source, ref) -> (id, kabkota)

    @property
    def province(self) -> str | None:
        code = self.principal.scope.code
        return code.split(".")[0] if code else None


Report = Callable[..., None]  # report(field_key, code, **params)


VOCABULARY_NAMES = {
    "category": "kategori", "severity": "tingkat keparahan", "arena": "arena", "source": "sumber",
    "verification": "verifikasi", "sensitivity": "sensitivitas", "handling_status": "status penanganan",
    "stage": "tahap", "action_type": "jenis tindakan", "agency": "instansi", "action_status": "status tindakan",
}


class _Vocab:
    """Code-or-label lookup for one taxonomy vocabulary, with suggestions."""

    def __init__(self, vocabulary: str):
        labels = taxonomy().labels(vocabulary)
        self.vocabulary = VOCABULARY_NAMES.get(vocabulary, vocabulary)
        self.name = vocabulary
        self.index = {normalise_name(code): code for code in labels}
        self.index.update({normalise_name(label): code for code, label in labels.items()})
        self.index.update({normalise_name(code.replace("_", " ")): code for code in labels})

    def __call__(self, text: str) -> str:
        key = normalise_name(text)
        if key in self.index:
            return self.index[key]
        close = difflib.get_close_matches(key, list(self.index), n=3, cutoff=0.6)
        if close:
            raise CellError("unknown_code_suggest", vocabulary=self.vocabulary,
                            suggestions=", ".join(dict.fromkeys(self.index[c] for c in close)))
        raise CellError("unknown_code", vocabulary=self.vocabulary,
                        choices=", ".join(taxonomy().codes(self.name)))


_VOCABS: dict[str, _Vocab] = {}


def vocab(name: str) -> _Vocab:
    if name not in _VOCABS:
        _VOCABS[name] = _Vocab(name)
    return _VOCABS[name]


def _cell(cells: dict[str, str], key: str) -> str:
    return cells.get(key, "").strip()


def _apply(report: Report, key: str, fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except CellError as exc:
        report(key, exc.code, **exc.params)
        return None


def _check_date(ctx: Context, value: date) -> date:
    if value > ctx.today:
        raise CellError("future_date", today=ctx.today.isoformat())
    if value < MIN_DATE:
        raise CellError("too_old_date", minimum=MIN_DATE.isoformat())
    return value


def _text(report: Report, cells: dict[str, str], key: str, column: str) -> str | None:
    text = _cell(cells, key)
    limit = TEXT_LIMITS.get(column)
    if limit and len(text) > limit:
        report(key, "too_long", length=len(text), limit=limit)
        return None
    return text


def _region_in_scope(ctx: Context, report: Report, key: str, code: str | None) -> str | None:
    if code is not None and not ctx.principal.scope.contains(code):
        report(key, "out_of_scope", region=ctx.matcher.label(code))
        return None
    return code


def validate_incident(cells: dict[str, str], ctx: Context, report: Report) -> dict[str, Any]:
    """Database values of one incident row (only the fields present in the file)."""
    out: dict[str, Any] = {}
    present = cells.keys()
    out["source_ref"] = _text(report, cells, "ref_sumber", "source_ref") or None
    if out["source_ref"] is None and not _cell(cells, "ref_sumber"):
        report("ref_sumber", "required")
    source_text = _cell(cells, "sumber")
    if source_text:
        out["source"] = _apply(report, "sumber", lambda: vocab("source")(source_text))
    elif ctx.default_source:
        out["source"] = ctx.default_source
    else:
        report("sumber", "required")
    occurred_text = _cell(cells, "tanggal_kejadian")
    occurred = None
    if occurred_text:
        occurred = _apply(report, "tanggal_kejadian", lambda: _check_date(ctx, parse_date(occurred_text)))
    else:
        report("tanggal_kejadian", "required")
    out["occurred_on"] = occurred
    if "jam_kejadian" in present:
        text = _cell(cells, "jam_kejadian")
        out["occurred_time"] = _apply(report, "jam_kejadian", lambda: parse_time(text)) if text else None
    reported_text = _cell(cells, "tanggal_lapor")
    if reported_text:
        reported = _apply(report, "tanggal_lapor", lambda: _check_date(ctx, parse_date(reported_text)))
        if reported and occurred and reported < occurred:
            report("tanggal_lapor", "reported_before_occurred", occurred=occurred.isoformat())
        out["reported_on"] = reported
    elif "tanggal_lapor" in present or occurred is not None:
        out["reported_on"] = occurred
    region_text = _cell(cells, "kabupaten_kota")
    kabkota = None
    if region_text:
        kabkota = _apply(report, "kabupaten_kota",
                         lambda: ctx.matcher.region(region_text, levels=KABKOTA, province=ctx.province))
        kabkota = _region_in_scope(ctx, report, "kabupaten_kota", kabkota)
    else:
        report("kabupaten_kota", "required")
    out["kabkota_code"] = kabkota
    out["province_code"] = kabkota.split(".")[0] if kabkota else None
    if "kecamatan" in present:
        text = _cell(cells, "kecamatan")
        out["kecamatan_code"] = (_apply(report, "kecamatan", lambda: ctx.matcher.kecamatan(text, kabkota))
                                 if text and kabkota else None)
    if "lintang" in present or "bujur" in present:
        lat_text, lon_text = _cell(cells, "lintang"), _cell(cells, "bujur")
        if bool(lat_text) != bool(lon_text):
            report("lintang" if not lat_text else "bujur", "latlon_pair")
        lat = _apply(report, "lintang", lambda: parse_number(lat_text)) if lat_text else None
        lon = _apply(report, "bujur", lambda: parse_number(lon_text)) if lon_text else None
        if lat is not None and not -11.5 <= lat <= 6.5:
            report("lintang", "bad_latlon")
            lat = None
        if lon is not None and not 94.5 <= lon <= 141.5:
            report("bujur", "bad_latlon")
            lon = None
        out["lat"], out["lon"] = lat, lon
    for key, column, vocabulary, required in (
        ("kategori", "category", "category", True), ("tingkat", "severity", "severity", True),
        ("arena", "arena", "arena", False), ("verifikasi", "verification", "verification", False),
        ("sensitivitas", "sensitivity", "sensitivity", False),
        ("status_penanganan", "handling_status", "handling_status", False),
    ):
        text = _cell(cells, key)
        if text:
            out[column] = _apply(report, key, lambda v=vocabulary, t=text: vocab(v)(t))
        elif required:
            report(key, "required")
        elif key in present:
            out[column] = {"arena": "nyata", "verification": "belum", "sensitivity": "umum",
                           "handling_status": "baru"}[column]
    for key, column in (("meninggal", "deaths"), ("luka", "injuries"), ("mengungsi", "displaced")):
        if key in present:
            text = _cell(cells, key)
            out[column] = _apply(report, key, lambda t=text: parse_count(t, MAX_COUNT)) if text else 0
    if "aktor" in present:
        out["actors"] = _text(report, cells, "aktor", "actors") or None
    if "uraian" in present:
        out["description"] = _text(report, cells, "uraian", "description") or ""
    return out


INCIDENT_INSERT_DEFAULTS = {
    "occurred_time": None, "kecamatan_code": None, "lat": None, "lon": None, "arena": "nyata",
    "deaths": 0, "injuries": 0, "displaced": 0, "actors": None, "description": "", "verification": "belum",
    "sensitivity": "umum", "handling_status": "baru",
}


def validate_indicator_value(cells: dict[str, str], ctx: Context, report: Report) -> dict[str, Any]:
    out: dict[str, Any] = {}
    region_text = _cell(cells, "wilayah")
    if region_text:
        code = _apply(report, "wilayah", lambda: ctx.matcher.region(region_text, province=ctx.province))
        out["region_code"] = _region_in_scope(ctx, report, "wilayah", code)
    else:
        report("wilayah", "required")
    period_text = _cell(cells, "periode")
    if period_text:
        period = _apply(report, "periode", lambda: parse_period(period_text))
        if period is not None and period > ctx.today.replace(day=1):
            report("periode", "future_date", today=ctx.today.isoformat())
            period = None
        elif period is not None and period < MIN_DATE:
            report("periode", "too_old_date", minimum=MIN_DATE.isoformat())
            period = None
        out["period"] = period
    else:
        report("periode", "required")
    code_text = _cell(cells, "indikator")
    definition = None
    if code_text:
        code = code_text.strip().lower()
        if code in ctx.definitions:
            out["indicator_code"] = code
            definition = ctx.definitions[code]
        else:
            close = difflib.get_close_matches(code, list(ctx.definitions), n=3, cutoff=0.6)
            if close:
                report("indikator", "unknown_indicator_suggest", suggestions=", ".join(close))
            else:
                report("indikator", "unknown_indicator")
    else:
        report("indikator", "required")
    value_text = _cell(cells, "nilai")
    if value_text:
        value = _apply(report, "nilai", lambda: parse_number(value_text))
        if value is not None and definition is not None:
            low, high, _ = definition
            if (low is not None and value < low) or (high is not None and value > high):
                report("nilai", "out_of_range", indicator=out["indicator_code"],
                       minimum="—" if low is None else _num(low), maximum="—" if high is None else _num(high))
                value = None
        out["value"] = value
    else:
        report("nilai", "required")
    source = _text(report, cells, "sumber", "source")
    out["source"] = source or ctx.source_name or (definition[2] if definition else None) or "impor"
    return out


def _num(value: float) -> str:
    return (f"{value:g}").replace(".", ",")


def validate_handling_action(cells: dict[str, str], ctx: Context, report: Report) -> dict[str, Any]:
    out: dict[str, Any] = {}
    out["source_ref"] = _text(report, cells, "ref_tindakan", "source_ref") or None
    if not _cell(cells, "ref_tindakan"):
        report("ref_tindakan", "required")
    incident_region = None
    ref = _cell(cells, "ref_insiden")
    if "ref_insiden" in cells or "sumber_insiden" in cells:
        out["incident_id"] = None
    if ref:
        source_text = _cell(cells, "sumber_insiden")
        source = _apply(report, "sumber_insiden", lambda: vocab("source")(source_text)) if source_text else \
            ctx.default_source
        if source is None and not source_text:
            report("sumber_insiden", "required")
        found = ctx.incidents.get((source, ref)) if source else None
        if source and found is None:
            report("ref_insiden", "unknown_incident")
        elif found:
            out["incident_id"], incident_region = found
    region_text = _cell(cells, "wilayah")
    region = incident_region
    if region_text:
        region = _apply(report, "wilayah", lambda: ctx.matcher.region(region_text, province=ctx.province))
    elif incident_region is None and not ref:
        report("wilayah", "required")
    region = _region_in_scope(ctx, report, "wilayah", region)
    out["region_code"] = region
    out["province_code"] = region.split(".")[0] if region else None
    for key, column, vocabulary in (("tahap", "stage", "stage"), ("jenis_tindakan", "action_type", "action_type"),
                                    ("instansi", "agency", "agency")):
        text = _cell(cells, key)
        if text:
            out[column] = _apply(report, key, lambda v=vocabulary, t=text: vocab(v)(t))
        else:
            report(key, "required")
    dates: dict[str, date | None] = {}
    for key, column in (("tanggal_mulai", "started_on"), ("tenggat", "due_on"), ("tanggal_selesai", "finished_on")):
        if key in cells:
            text = _cell(cells, key)
            value = _apply(report, key, lambda t=text: parse_date(t)) if text else None
            if value is not None and (column != "due_on") and value > ctx.today:
                report(key, "future_date", today=ctx.today.isoformat())
                value = None
            dates[column] = value
            out[column] = value
    start = dates.get("started_on")
    if start and dates.get("due_on") and dates["due_on"] < start:
        report("tenggat", "due_before_start")
    if start and dates.get("finished_on") and dates["finished_on"] < start:
        report("tanggal_selesai", "finished_before_start")
    if "status" in cells:
        text = _cell(cells, "status")
        out["status"] = _apply(report, "status", lambda: vocab("action_status")(text)) if text else "direncanakan"
    if "hasil" in cells:
        out["outcome"] = _text(report, cells, "hasil", "outcome") or ""
    return out


HANDLING_INSERT_DEFAULTS = {"incident_id": None, "started_on": None, "due_on": None, "finished_on": None,
                            "status": "direncanakan", "outcome": ""}


def validate_definition(cells: dict[str, str], ctx: Context, report: Report) -> dict[str, Any]:
    out: dict[str, Any] = {}
    text = _cell(cells, "kode")
    out["code"] = _apply(report, "kode", lambda: parse_code(text.lower())) if text else None
    if not text:
        report("kode", "required")
    for key, column in (("nama", "name"), ("satuan", "unit"), ("sumber", "source")):
        value = _text(report, cells, key, column)
        if not _cell(cells, key):
            report(key, "required")
        out[column] = value
    text = _cell(cells, "tinggi_berisiko")
    out["higher_is_riskier"] = _apply(report, "tinggi_berisiko", lambda: parse_bool(text)) if text else None
    if not text:
        report("tinggi_berisiko", "required")
    if "keterangan" in cells:
        out["description"] = _cell(cells, "keterangan")
    for key, column in (("nilai_min", "min_value"), ("nilai_maks", "max_value")):
        if key in cells:
            text = _cell(cells, key)
            out[column] = _apply(report, key, lambda t=text: parse_number(t)) if text else None
    low, high = out.get("min_value"), out.get("max_value")
    if low is not None and high is not None and low > high:
        report("nilai_min", "min_above_max")
    return out


DEFINITION_INSERT_DEFAULTS = {"description": "", "min_value": None, "max_value": None}

VALIDATORS: dict[str, Callable[[dict[str, str], Context, Report], dict[str, Any]]] = {
    INCIDENTS: validate_incident,
    INDICATOR_VALUES: validate_indicator_value,
    HANDLING_ACTIONS: validate_handling_action,
    INDICATOR_DEFINITIONS: validate_definition,
}

INSERT_DEFAULTS: dict[str, dict[str, Any]] = {
    INCIDENTS: INCIDENT_INSERT_DEFAULTS,
    INDICATOR_VALUES: {},
    HANDLING_ACTIONS: HANDLING_INSERT_DEFAULTS,
    INDICATOR_DEFINITIONS: DEFINITION_INSERT_DEFAULTS,
}
