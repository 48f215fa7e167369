"""Bahasa Indonesia description and actor templates per category for synthetic incidents.

``{lokasi}`` is "Kec. X, Kab. Y" (or the kab/kota alone), ``{korban}`` a casualty
phrase built from the numeric columns so the text never contradicts them.
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

NYATA: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "sengketa_lahan_sda": (
        "Warga menghadang alat berat perusahaan tambang di {lokasi} terkait ganti rugi lahan; {korban}.",
        "Sengketa batas lahan perkebunan sawit antara warga dan perusahaan di {lokasi} memanas; {korban}.",
        "Klaim tanah ulayat oleh masyarakat adat atas areal HGU di {lokasi}; {korban}.",
        "Saling klaim lahan garapan antarkelompok petani di {lokasi} berujung keributan; {korban}.",
    ),
    "politik_pemilu": (
        "Ketegangan antarpendukung calon saat kampanye di {lokasi}; {korban}.",
        "Massa pendukung paslon mendatangi kantor PPK di {lokasi} memprotes rekapitulasi suara; {korban}.",
        "Perusakan alat peraga kampanye memicu adu mulut antartim sukses di {lokasi}; {korban}.",
        "Dugaan politik uang memicu keributan warga di {lokasi}; {korban}.",
    ),
    "sara": (
        "Penolakan kegiatan ibadah kelompok tertentu oleh sebagian warga di {lokasi}; {korban}.",
        "Ketegangan antarkelompok etnis pascaperkelahian perorangan di {lokasi}; {korban}.",
        "Perselisihan pembangunan rumah ibadah di {lokasi}; {korban}.",
    ),
    "batas_wilayah": (
        "Sengketa tapal batas antardesa di {lokasi} memicu saling hadang warga; {korban}.",
        "Pemasangan patok batas oleh desa tetangga ditolak warga di {lokasi}; {korban}.",
        "Perselisihan batas wilayah tangkap nelayan antardusun di {lokasi}; {korban}.",
    ),
    "ekonomi_kesenjangan": (
        "Protes pekerja atas upah yang belum dibayar berujung ricuh di {lokasi}; {korban}.",
        "Keributan pembagian bantuan sosial di kantor desa di {lokasi}; {korban}.",
        "Pedagang pasar menolak relokasi dan bersitegang dengan petugas di {lokasi}; {korban}.",
    ),
    "bentrok_antarwarga": (
        "Bentrok antarkelompok pemuda di {lokasi} dipicu saling ejek; {korban}.",
        "Tawuran antarkampung di {lokasi} menggunakan busur dan batu; {korban}.",
        "Perkelahian kelompok remaja usai pesta hiburan malam di {lokasi}; {korban}.",
        "Tawuran pelajar antarsekolah di {lokasi}; {korban}.",
    ),
    "main_hakim_sendiri": (
        "Terduga pencuri ternak dihakimi massa di {lokasi}; {korban}.",
        "Warga mengamuk dan menganiaya terduga pelaku begal di {lokasi}; {korban}.",
        "Massa merusak rumah terduga pelaku penganiayaan di {lokasi}; {korban}.",
    ),
    "ormas": (
        "Gesekan antaranggota dua ormas saat pengamanan acara di {lokasi}; {korban}.",
        "Ormas melakukan sweeping tempat hiburan di {lokasi}; {korban}.",
        "Perebutan lahan parkir antarormas di {lokasi}; {korban}.",
    ),
    "ujaran_kebencian_hoaks": (
        "Selebaran provokatif bernada SARA ditemukan di {lokasi}; {korban}.",
        "Ceramah bernada provokatif memicu keresahan warga di {lokasi}; {korban}.",
    ),
    "unjuk_rasa": (
        "Unjuk rasa mahasiswa di depan kantor DPRD di {lokasi} berujung ricuh; {korban}.",
        "Aksi unjuk rasa menolak kenaikan harga BBM di {lokasi}; {korban}.",
        "Demonstrasi warga menuntut perbaikan jalan di {lokasi} memblokade jalan poros; {korban}.",
        "Aksi buruh menuntut kenaikan upah di {lokasi}; {korban}.",
    ),
    "lainnya": (
        "Keributan warga terkait pengelolaan dana desa di {lokasi}; {korban}.",
        "Penolakan warga atas pembangunan menara telekomunikasi di {lokasi}; {korban}.",
    ),
})

MAYA: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "ujaran_kebencian_hoaks": (
        "Unggahan hoaks tentang kecurangan penghitungan suara di {wilayah} beredar luas di media sosial.",
        "Video lama kerusuhan disebarkan ulang seolah terjadi di {wilayah}; diklarifikasi Diskominfo.",
        "Ujaran kebencian bernada SARA terhadap kelompok warga di {wilayah} di grup percakapan.",
        "Hoaks penculikan anak di {wilayah} memicu keresahan warga.",
        "Akun anonim menyebarkan provokasi jelang pemungutan suara di {wilayah}.",
    ),
    "politik_pemilu": (
        "Serangan kampanye hitam terhadap calon kepala daerah {wilayah} di media sosial.",
        "Disinformasi jadwal pemungutan suara di {wilayah} beredar di grup percakapan.",
    ),
    "sara": ("Konten penistaan agama oleh akun warga {wilayah} memicu kecaman.",),
    "ormas": ("Perang komentar antaranggota ormas di media sosial terkait kejadian di {wilayah}.",),
    "lainnya": ("Petisi daring bernada provokatif terkait kebijakan pemda {wilayah}.",),
    "ekonomi_kesenjangan": ("Unggahan provokatif soal rekrutmen tenaga kerja lokal di {wilayah}.",),
})

ACTORS: Mapping[str, tuple[str, ...]] = MappingProxyType({   # position i belongs to NYATA template i
    "sengketa_lahan_sda": ("Warga desa vs perusahaan tambang", "Kelompok tani vs perusahaan perkebunan",
                           "Masyarakat adat vs pemegang HGU", "Dua kelompok petani penggarap"),
    "politik_pemilu": ("Pendukung paslon 01 vs pendukung paslon 02", "Massa pendukung calon vs penyelenggara pemilu",
                       "Tim sukses dua calon", "Warga vs tim sukses caleg"),
    "sara": ("Kelompok warga vs jemaat", "Dua kelompok etnis pendatang dan setempat",
             "Warga vs panitia pembangunan rumah ibadah"),
    "batas_wilayah": ("Warga dua desa bertetangga", "Warga vs aparat desa tetangga", "Nelayan dua dusun"),
    "ekonomi_kesenjangan": ("Pekerja vs manajemen perusahaan", "Warga penerima bansos vs aparat desa",
                            "Pedagang pasar vs Satpol PP"),
    "bentrok_antarwarga": ("Kelompok pemuda dua kelurahan", "Warga dua kampung bertetangga", "Kelompok remaja",
                           "Pelajar dua sekolah"),
    "main_hakim_sendiri": ("Massa vs terduga pencuri ternak", "Warga vs terduga begal",
                           "Massa vs keluarga terduga pelaku"),
    "ormas": ("Anggota dua ormas", "Ormas vs pengelola tempat hiburan", "Dua ormas pengelola parkir"),
    "ujaran_kebencian_hoaks": ("Orang tak dikenal", "Penceramah dan jemaah"),
    "unjuk_rasa": ("Aliansi mahasiswa vs aparat keamanan", "Aliansi mahasiswa dan warga", "Warga vs pemda",
                   "Serikat buruh"),
    "lainnya": ("Warga vs pemerintah desa", "Warga vs pengembang"),
})


ACTORS_MAYA: tuple[str, ...] = ("Akun anonim media sosial", "Pengelola grup percakapan", "Akun tokoh lokal",
                                 "Jaringan akun pendengung")


def actor_for(category: str, maya: bool, index: int) -> str:
    """The actor matching template ``index`` of ``category`` (same position in ``ACTORS``)."""
    if maya:
        return ACTORS_MAYA[index % len(ACTORS_MAYA)]
    options = ACTORS[category]
    return options[(index % len(NYATA[category])) % len(options)]


def casualty_phrase(deaths: int, injuries: int, displaced: int) -> str:
    """E.g. "1 orang meninggal dunia dan 4 orang luka; 35 warga mengungsi"."""
    if deaths and injuries:
        text = f"{deaths} orang meninggal dunia dan {injuries} orang luka"
    elif deaths:
        text = f"{deaths} orang meninggal dunia"
    elif injuries:
        text = f"{injuries} orang luka ringan" if injuries <= 3 else f"{injuries} orang luka-luka"
    else:
        text = "tidak ada korban jiwa"
    if displaced:
        text += f"; {displaced} warga mengungsi"
    return text


def short_region_name(name: str) -> str:
    """"Kabupaten Luwu Timur" -> "Kab. Luwu Timur" (the form used in reports)."""
    return "Kab. " + name[len("Kabupaten "):] if name.startswith("Kabupaten ") else name
