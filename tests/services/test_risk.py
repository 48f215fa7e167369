"""services.risk reads stored snapshots (computed over the province by services.refresh), trimmed to the caller's scope."""
from datetime import date, timedelta

import pytest

from data_access import snapshots as store
from domain.access import SYSTEM, Principal, Role, Scope
from domain.period import Month
from services import risk
from services.refresh import DataChange, after_change
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
        after_change(conn, DataChange(frozenset({"73.06", "73.71"}), Month(2023, 7)), today=TODAY)
    return db


TODAY = date(2024, 7, 10)


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


def test_a_page_read_never_computes_a_missing_month(seeded):
    with seeded.connect() as conn:
        view = risk.scores_for(conn, SYSTEM, Scope.for_region("73"), Month(2024, 8))  # after "today": none stored
    assert view.missing and view.table.empty and view.contributions.empty


def test_stored_contributions_add_up_to_the_score(seeded):
    with seeded.connect() as conn:
        view = risk.scores_for(conn, SYSTEM, Scope.for_region("73"), MONTH)
    sums = view.contributions.groupby("region_code")["contribution"].sum(min_count=1)
    for row in view.table.itertuples():
        assert sums[row.region_code] == pytest.approx(row.score)


def test_compute_scores_replaces_recomputed_rows_and_keeps_published_ones(seeded):
    with seeded.begin() as conn:
        before = store.load_month(conn, SYSTEM, Scope.for_region("73"), MONTH, series=store.TERBIT,
                                  methodology_version=risk.methodology().version, levels=("kabkota",))
        written = risk.store_snapshots(conn, SYSTEM, Scope.for_region("73"), [MONTH], today=TODAY)
        again = risk.store_snapshots(conn, SYSTEM, Scope.for_region("73"), [MONTH], today=TODAY)
        after = store.load_month(conn, SYSTEM, Scope.for_region("73"), MONTH, series=store.TERBIT,
                                 methodology_version=risk.methodology().version, levels=("kabkota",))
        mine = store.load_month(conn, OPERATOR_GOWA, Scope.for_region("73"), MONTH, series=store.DIHITUNG_ULANG,
                                methodology_version=risk.methodology().version)
    # June is closed: its published rows stay as written; the recomputed rows (24 kab/kota + 38 provinces) replace
    assert written == again == 24 + 38
    assert before["computed_at"].tolist() == after["computed_at"].tolist() and len(after) == 24
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
