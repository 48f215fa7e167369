"""compute-scores CLI: stores snapshots for the months asked, is audited, refuses bad input."""
from sqlalchemy import func, select

from cli.app import main
from data_access.models import AuditLog, ScoreSnapshot


def test_compute_scores_stores_snapshots_and_audits(db, capsys):
    url = db.url.render_as_string(hide_password=False)
    assert main(["--database-url", url, "compute-scores", "--scope", "73", "--from", "2024-01", "--to", "2024-03"]) == 0
    # both series (recomputed and published) for the 24 kab/kota of Sulsel and the 38 provinces they are ranked with
    with db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(ScoreSnapshot)).scalar_one() == (24 + 38) * 3 * 2
        row = conn.execute(select(AuditLog).where(AuditLog.action == "compute_scores")).one()._mapping
    assert row["target"] == "73" and row["detail"] == {"from": "2024-01", "to": "2024-03", "rows": 372}
    assert "372 baris" in capsys.readouterr().out


def test_compute_scores_rejects_bad_months(db, capsys):
    url = db.url.render_as_string(hide_password=False)
    assert main(["--database-url", url, "compute-scores", "--from", "2024-13"]) == 2
    assert "bulan tidak valid" in capsys.readouterr().err
    assert main(["--database-url", url, "compute-scores", "--from", "2024-05", "--to", "2024-01"]) == 2
    assert main(["--database-url", url, "compute-scores", "--scope", "73.71.01"]) == 2
