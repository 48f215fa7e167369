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


def test_seed_demo_scores_the_whole_national_demo(db, capsys):
    """seed-demo refreshes the whole database (as refresh-scores, in worker processes when it is large):
    every kab/kota and province has both series for every month of the demo window."""
    from data_access.models import Region

    url = db.url.render_as_string(hide_password=False)
    assert main(["--database-url", url, "seed-demo", "--scale", "national", "--incidents", "1500",
                 "--today", "2026-11-16"]) == 0
    with db.connect() as conn:
        units = conn.execute(select(func.count()).select_from(Region).where(
            Region.level.in_(("provinsi", "kabupaten", "kota")))).scalar_one()
        per_month = conn.execute(select(ScoreSnapshot.series, ScoreSnapshot.period, func.count())
                                 .group_by(ScoreSnapshot.series, ScoreSnapshot.period)).all()
    assert units == 552
    recomputed = {period: n for series, period, n in per_month if series == "dihitung_ulang"}
    assert len(recomputed) >= 34 and set(recomputed.values()) == {552}
    assert {n for series, _, n in per_month if series == "terbit"} == {552}
    assert "Snapshot skor diperbarui" in capsys.readouterr().out
