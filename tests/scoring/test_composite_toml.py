"""TOML index specs and values files: what is accepted, and the Bahasa Indonesia message for what is not."""
import math

import pytest

from scoring.composite_io import node_scores, read_values, write_scores
from scoring.spec_toml import SpecError, load_spec_file

SPEC = """\
[index]
name = "Uji"
root = "Total"
unit_column = "kode"
missing = ["x", "NA"]
value_range = [0, 10]

[[group]]
name = "Total"
aggregation = "arithmetic"
children = ["Bahaya", "c"]

[[group]]
name = "Bahaya"
aggregation = "max"
round = 1
children = ["a", "b"]

[[indicator]]
name = "a"
method = "identity"

[[indicator]]
name = "b"
column = "kolom b"
factor = 0.5

[[indicator]]
name = "c"
weight = 3
"""


def write(tmp_path, name, text):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_spec_round_trip_with_missing_tokens(tmp_path):
    sf = load_spec_file(write(tmp_path, "s.toml", SPEC))
    assert sf.node_order == ("Bahaya", "Total") and sf.columns == {"a": "a", "b": "kolom b", "c": "c"}
    values = write(tmp_path, "v.csv", "kode,a,kolom b,c,lain\nU1,2,9,4,?\nU2,x,NA,,abc\nU3,1, 3 ,x,\n")
    table = read_values(values, sf)
    assert table.index.tolist() == ["U1", "U2", "U3"]
    s = node_scores(table, sf)
    # U1: max(2, 9·0.5) = 4.5; total = (1·4.5 + 3·4)/4.  U2: nothing available → missing.  U3: max(1, 1.5) = 1.5
    assert s.loc["U1"].tolist() == [4.5, pytest.approx(4.125)]
    assert math.isnan(s.loc["U2", "Total"]) and s.loc["U3"].tolist() == [1.5, 1.5]
    out = tmp_path / "o.csv"
    write_scores(s, sf, out)
    assert out.read_text().splitlines() == ["kode,Bahaya,Total", "U1,4.5,4.125", "U2,x,x", "U3,1.5,1.5"]


@pytest.mark.parametrize("change, message", [
    (('aggregation = "max"', 'aggregation = "median"'), "baris 14: kelompok 'Bahaya': agregasi 'median' tidak dikenal"),
    (('aggregation = "max"', 'aggregation = "reverse_geometric"'), "baris 14: kelompok 'Bahaya': agregasi "
                                                                   "reverse_geometric butuh 'anchor'"),
    (('children = ["a", "b"]', 'children = ["a", "z"]'), "baris 14: kelompok 'Bahaya': anak 'z' tidak didefinisikan"),
    (('children = ["a", "b"]', 'children = ["a", "b", "Total"]'), "siklus"),
    (('children = ["a", "b"]', 'children = ["a", "b", "c"]'), "'c' menjadi anak dua kelompok"),
    (('children = ["a", "b"]', 'children = ["a"]'), "baris 24: 'b' tidak dipakai di pohon indeks"),
    (('factor = 0.5', 'factor = -1'), "baris 24: indikator 'b': 'factor' harus ≥ 0"),
    (('weight = 3', 'bobot = 3'), "baris 29: indikator 'c': kunci tidak dikenal bobot"),
    (('round = 1', 'round = 1.5'), "kelompok 'Bahaya': 'round' harus bilangan bulat"),
    (('root = "Total"', 'root = "Semua"'), "[index]: 'root' harus nama salah satu [[group]]"),
    (('unit_column = "kode"', 'unit_column = "b"'), None),  # a unit column named like an indicator *name* is fine
    (('unit_column = "kode"', 'unit_column = "kolom b"'), "kolom unit 'kolom b' juga dipakai sebagai kolom indikator"),
    (('value_range = [0, 10]', 'value_range = [10, 0]'), "'value_range' harus [bawah, atas]"),
    (('name = "c"\nweight = 3', 'name = "a"'), "nama 'a' dipakai dua kali"),
    (('[[indicator]]\nname = "a"', '[[indicator]]\nname = "Bahaya"'), "dipakai untuk indikator dan kelompok"),
    (('missing = ["x", "NA"]', 'missing = "x'), "baris 5 kolom"),
])
def test_bad_specs_are_named_with_file_and_line(tmp_path, change, message):
    path = write(tmp_path, "s.toml", SPEC.replace(*change))
    if message is None:
        load_spec_file(path)
        return
    with pytest.raises(SpecError) as err:
        load_spec_file(path)
    assert str(err.value).startswith(str(path)) and message in str(err.value)


def test_missing_spec_file(tmp_path):
    with pytest.raises(SpecError, match="berkas spesifikasi tidak ditemukan"):
        load_spec_file(tmp_path / "tidak_ada.toml")


@pytest.mark.parametrize("csv_text, message", [
    ("kode,a,kolom b\nU1,1,2\n", "baris 1: kolom 'c' tidak ada"),
    ("kode;a;kolom b;c\nU1;1;2;3\n", "(pemisah kolom harus koma)"),
    ("kode,a,kolom b,c\nU1,1,2,3\nU2,1,dua,3\n", "baris 3, kolom 'kolom b': nilai 'dua' bukan angka "
                                                  "(data hilang ditulis 'x' atau 'NA')"),
    ("kode,a,kolom b,c\nU1,1,2,3\nU1,1,2,3\n", "baris 3, kolom 'kode': unit 'U1' sudah ada di baris 2"),
    ("kode,a,kolom b,c\n,1,2,3\n", "baris 2, kolom 'kode': nama unit kosong"),
    ("kode,a,kolom b,c\nU1,1,2,11\n", "baris 2, kolom 'c': nilai 11 di luar rentang 0–10"),
    ("kode,a,kolom b,c\nU1,1,2\n", "baris 2: 3 kolom, judul punya 4"),
    ("kode,a,kolom b,c\nU1,1,inf,3\n", "baris 2, kolom 'kolom b': nilai 'inf' bukan angka"),
    ("kode,a,kolom b,c\n", "tidak ada baris data"),
    ("", "berkas nilai kosong"),
])
def test_bad_values_are_named_with_row_and_column(tmp_path, csv_text, message):
    sf = load_spec_file(write(tmp_path, "s.toml", SPEC))
    path = write(tmp_path, "v.csv", csv_text)
    with pytest.raises(SpecError) as err:
        read_values(path, sf)
    assert str(err.value).startswith(str(path)) and message in str(err.value)
