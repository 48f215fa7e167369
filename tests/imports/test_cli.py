"""CLI: import, dry run, history, rollback; clear errors and exit codes."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from cli.app import main
from data_access.models import Incident

CORPUS = Path(__file__).resolve().parents[1] / "data" / "malformed"
GOOD = ("ref_sumber;sumber;tanggal_kejadian;kabupaten_kota;kategori;tingkat\n"
        "K-1;polri;2024-02-14;Gowa;ormas;ringan\nK-2;polri;2024-02-15;Mks;sara;berat\n"
        "K-3;polri;2024-02-16;Atlantis;sara;berat\n")


def _count(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(Incident).where(Incident.deleted_at.is_(None))).scalar_one()


def test_cli_import_dry_run_skip_history_rollback(db, tmp_path, capsys):
    url = db.url.render_as_string(hide_password=False)
    path = tmp_path / "laporan.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert main(["--database-url", url, "import", "incidents", str(path)]) == 1
    err = capsys.readouterr().err
    assert "laporan.csv baris 4 kolom 'kabupaten_kota' ('Atlantis'): Wilayah tidak dikenal" in err
    assert _count(db) == 0
    assert main(["--database-url", url, "import", "incidents", str(path), "--skip-invalid", "--dry-run"]) == 0
    assert "tidak ada yang ditulis" in capsys.readouterr().out and _count(db) == 0
    assert main(["--database-url", url, "import", "incidents", str(path), "--skip-rows", "4"]) == 0
    assert "2 baru" in capsys.readouterr().out and _count(db) == 2
    assert main(["--database-url", url, "imports"]) == 0
    history = capsys.readouterr().out
    assert "laporan.csv" in history and "aktif" in history
    import_id = int(history.split()[0].lstrip("#"))
    assert main(["--database-url", url, "rollback", str(import_id)]) == 0
    assert _count(db) == 0
    assert main(["--database-url", url, "rollback", str(import_id)]) == 2
    assert "sudah dibatalkan" in capsys.readouterr().err


def test_cli_rejects_binary_and_unknown_user(db, capsys):
    url = db.url.render_as_string(hide_password=False)
    assert main(["--database-url", url, "import", "incidents", str(CORPUS / "png_renamed.csv")]) == 1
    assert "bukan teks CSV" in capsys.readouterr().err
    assert main(["--database-url", url, "import", "incidents", str(CORPUS / "png_renamed.csv"), "--user", "hantu"]) == 2
    assert main(["--database-url", url, "import", "incidents", "/tidak/ada.csv"]) == 2
