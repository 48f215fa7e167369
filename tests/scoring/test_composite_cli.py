"""``python -m scoring composite``: run as a user would, in a subprocess."""
import csv
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scoring", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_inform_happy_path_with_x_missing_values(tmp_path):
    out = tmp_path / "inform.csv"
    r = run("composite", "--spec", EXAMPLES / "inform_risk.toml", "--values", EXAMPLES / "inform_values.csv",
            "--out", out)
    assert r.returncode == 0, r.stderr
    assert r.stderr == "" and "3 unit, 10 simpul" in r.stdout
    got = rows(out)
    assert list(got[0]) == ["ISO3", "Natural", "Human", "HAZARD & EXPOSURE", "Socio-Economic Vulnerability",
                            "Vulnerable Groups", "VULNERABILITY", "Institutional", "Infrastructure",
                            "LACK OF COPING CAPACITY", "INFORM RISK"]
    assert [g["ISO3"] for g in got] == ["AAA", "BBB", "CCC"]
    assert got[0]["INFORM RISK"] == "4.6" and got[2]["INFORM RISK"] == "4.2"
    assert got[0]["Human"] == "8.0" and got[2]["Human"] == "4.3"  # max(CHVCI, 0.7 · PCR)
    assert got[1]["Natural"] == "x" and got[1]["HAZARD & EXPOSURE"] == "0.0"  # all natural hazards were 'x'


def test_hdi_happy_path(tmp_path):
    out = tmp_path / "hdi.csv"
    r = run("composite", "--spec", EXAMPLES / "hdi.toml", "--values", EXAMPLES / "hdi_values.csv", "--out", out)
    assert r.returncode == 0, r.stderr
    assert [(g["ISO3"], g["HDI"]) for g in rows(out)] == [("NOR", "0.957"), ("IDN", "0.718")]


def test_bad_spec_names_file_and_line_and_writes_nothing(tmp_path):
    spec = tmp_path / "rusak.toml"
    spec.write_text((EXAMPLES / "inform_risk.toml").read_text(encoding="utf-8")
                    .replace('name = "Human"\naggregation = "max"', 'name = "Human"\naggregation = "rata"'),
                    encoding="utf-8")
    out = tmp_path / "hasil.csv"
    out.write_text("lama\n")
    r = run("composite", "--spec", spec, "--values", EXAMPLES / "inform_values.csv", "--out", out)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith(f"galat: {spec}, baris ") and "kelompok 'Human': agregasi 'rata' tidak dikenal" in r.stderr
    assert "Traceback" not in r.stderr
    assert out.read_text() == "lama\n"  # an earlier result is left untouched


def test_bad_values_name_row_and_column(tmp_path):
    values = tmp_path / "nilai.csv"
    text = (EXAMPLES / "inform_values.csv").read_text(encoding="utf-8").replace("CCC,Synthetic C,8.1", "CCC,Synthetic C,8,1")
    values.write_text(text, encoding="utf-8")
    r = run("composite", "--spec", EXAMPLES / "inform_risk.toml", "--values", values, "--out", tmp_path / "o.csv")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip() == f"galat: {values}, baris 4: 21 kolom, judul punya 20"
    values.write_text(text.replace("8,1", "8.1").replace(",2.9,", ",dua koma sembilan,"), encoding="utf-8")
    r = run("composite", "--spec", EXAMPLES / "inform_risk.toml", "--values", values, "--out", tmp_path / "o.csv")
    assert r.returncode == 2
    assert r.stderr.strip() == (f"galat: {values}, baris 4, kolom 'Uprooted people': nilai 'dua koma sembilan' "
                                "bukan angka (data hilang ditulis 'x')")
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize("args, message", [
    ((), "perintah tidak dikenal atau kosong"),
    (("composite", "--spec", "a.toml"), "argumen --values, --out wajib diisi"),
    (("composite", "--spek", "a.toml"), "argumen tidak valid"),
    (("composite", "--spec", "tidak_ada.toml", "--values", "v.csv", "--out", "o.csv"),
     "tidak_ada.toml: berkas spesifikasi tidak ditemukan"),
])
def test_usage_errors_are_indonesian_and_never_a_traceback(args, message):
    r = run(*args)
    assert r.returncode == 2 and r.stderr.startswith("galat: ") and message in r.stderr
    assert "Traceback" not in r.stderr


def test_missing_output_folder(tmp_path):
    r = run("composite", "--spec", EXAMPLES / "hdi.toml", "--values", EXAMPLES / "hdi_values.csv",
            "--out", tmp_path / "tidak" / "ada.csv")
    assert r.returncode == 2 and "folder tujuan tidak ada" in r.stderr


def test_help_is_indonesian():
    r = run("composite", "--help")
    assert r.returncode == 0 and r.stdout.startswith("pemakaian: python -m scoring composite")
    assert "tampilkan bantuan ini lalu keluar" in r.stdout and "usage" not in r.stdout
