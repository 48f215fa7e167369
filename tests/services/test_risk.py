"""services.risk: scores computed over the province, trimmed to the caller's scope; snapshots reproduce them."""
from datetime import date, timedelta

import pytest

from data_access.snapshots import load_snapshots
from domain.access import SYSTEM, Principal, Role, Scope
from domain.period import Month
from services import risk
from tests.data_access.factories import incident, insert_incidents

MONTH = Month(2024, 6)
OPERATOR_GOWA = Principal("opr", Role.OPERATOR, Scope.for_region("73.06"))


@pytest.fixture
def seeded(db):
    # Gowa (73.06) has a sudden spike in June 2024; Makassar a steady level all year.
    rows = [incident(kabkota_code="73.71", occurred_on=date(2023, 7, 1) + timedelta(days=7 * i)) for i in range(52)]
    rows += [incident(kabkota_code="73.06", occurred_on=date(2024, 6, 1) + timedelta(days=i), injuries=2)
             for i in range(12)]
    with db.begin() as conn:
        insert_incidents(conn, rows)
    return db


def test_province_scope_shows_its_24_kabkota_ranked(seeded):
    with seeded.connect() as conn:
        view = risk.scores_for(conn, SYSTEM, Scope.for_region("73"), MONTH)
    assert len(view.table) == 24 and set(view.table["level"]) == {"kabkota"}
    assert view.table.sort_values("rank").iloc[0]["region_code"] == "73.06"
    assert view.methodology_version == risk.methodology().version


def test_kabkota_scope_sees_only_itself_but_ranked_among_the_province(seeded):
    with seeded.connect() as conn:
        wide = risk.scores_for(conn, SYSTEM, Scope.for_region("73"), MONTH).table.set_index("region_code")
        # The operator asks for the whole province; the scope narrows it to Gowa.
        own = risk.scores_for(conn, OPERATOR_GOWA, Scope.for_region("73"), MONTH)
    assert own.table["region_code"].tolist() == ["73.06"]
    assert own.table.iloc[0]["rank"] == wide.loc["73.06", "rank"]
    assert own.table.iloc[0]["score"] == pytest.approx(wide.loc["73.06", "score"])
    assert set(own.contributions["region_code"]) == {"73.06"}


def test_national_scope_shows_provinces(seeded):
    with seeded.connect() as conn:
        view = risk.scores_for(conn, SYSTEM, Scope.national(), MONTH)
    assert len(view.table) == 38 and set(view.table["level"]) == {"provinsi"}


def test_history_has_every_month_and_transitions_are_consecutive_changes(seeded):
    months = Month(2024, 1).range_to(MONTH)
    with seeded.connect() as conn:
        history = risk.history_for(conn, SYSTEM, Scope.for_region("73"), months)
        moves = risk.transitions_for(conn, SYSTEM, Scope.for_region("73"), months)
    assert len(history) == 24 * len(months)
    gowa = history[history["region_code"] == "73.06"].set_index("period")
    for row in moves.itertuples():
        before = gowa if row.region_code == "73.06" else history[history["region_code"] == row.region_code].set_index("period")
        prev = str(Month.parse(row.period).shift(-1))
        assert before.loc[prev, "category"] == row.from_category
        assert before.loc[row.period, "category"] == row.to_category


def test_snapshots_reproduce_the_scores_with_the_methodology_version(seeded):
    with seeded.begin() as conn:
        written = risk.store_snapshots(conn, SYSTEM, Scope.for_region("73"), [MONTH])
        again = risk.store_snapshots(conn, SYSTEM, Scope.for_region("73"), [MONTH])  # replaces, never duplicates
    with seeded.connect() as conn:
        stored = load_snapshots(conn, SYSTEM, period_from=MONTH.first_day, period_to=MONTH.first_day)
        live = risk.scores_for(conn, SYSTEM, Scope.for_region("73"), MONTH).table.set_index("region_code")
        mine = load_snapshots(conn, OPERATOR_GOWA)
    assert written == again == 24 and len(stored) == 24
    for row in stored.itertuples():
        assert row.score == pytest.approx(live.loc[row.region_code, "score"])
        assert row.category == live.loc[row.region_code, "category"]
        assert row.methodology_version == risk.methodology().version
    assert mine["region_code"].tolist() == ["73.06"]


def test_inputs_carry_the_report_date_and_a_published_score_ignores_late_reports(db):
    # Two incidents in Gowa on 3 June 2024: one reported the next day, one only on 20 July
    rows = [incident(kabkota_code="73.06", occurred_on=date(2024, 6, 3), reported_on=date(2024, 6, 4), deaths=1),
            incident(kabkota_code="73.06", occurred_on=date(2024, 6, 3), reported_on=date(2024, 7, 20), deaths=1)]
    with db.begin() as conn:
        insert_incidents(conn, rows)
    with db.connect() as conn:
        inputs = risk.load_inputs(conn, Scope.for_region("73"), MONTH, MONTH)
    gowa = inputs.incident_daily[inputs.incident_daily["region_code"] == "73.06"]
    # grouped by report date too: one row per report day
    assert sorted(gowa["known_on"].dt.date) == [date(2024, 6, 4), date(2024, 7, 20)]
    from scoring import compute_scores
    now = compute_scores(inputs, "2024-06", draws=0).table.set_index("region_code")
    published = compute_scores(inputs, "2024-06", as_of=date(2024, 6, 10), known_by=date(2024, 6, 10),
                               draws=0).table.set_index("region_code")
    assert now.loc["73.06", "data_as_of"] == date(2024, 7, 20)
    assert published.loc["73.06", "data_as_of"] == date(2024, 6, 4)
    assert published.loc["73.06", "overrides"][0]["deaths"] == 1          # only the death known by the 10th
    assert published.loc["73.06", "as_of"] == date(2024, 6, 10)
