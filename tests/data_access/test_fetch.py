"""The fast typed fetch (scoring inputs): every column typed as declared, on both backends."""
from datetime import date

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import case, func, literal, select

from data_access.fetch import frame, typed_frame
from data_access.incidents import T as INCIDENTS
from data_access.scoring_inputs import load_scoring_frames
from domain.access import Scope
from tests.data_access.factories import incident, insert_incidents

I = INCIDENTS.c


@pytest.fixture
def rows_db(db):
    with db.begin() as conn:
        insert_incidents(conn, [
            incident(occurred_on=date(2024, 2, 10), reported_on=date(2024, 2, 11), deaths=2),
            incident(occurred_on=date(2024, 2, 10), reported_on=date(2024, 2, 11), deaths=1, injuries=4),
            incident(occurred_on=date(2024, 3, 1), reported_on=date(2024, 3, 2), kabkota_code="73.06", arena="maya"),
        ])
    return db


def test_columns_get_the_declared_types(rows_db):
    known_on = case((I.arena == "maya", None), else_=I.reported_on)   # a NULL date
    stmt = (select(I.kabkota_code.label("code"), I.occurred_on.label("day"), known_on.label("known_on"),
                   func.count().label("n"), func.sum(I.deaths).label("deaths"))
            .group_by(I.kabkota_code, I.occurred_on, known_on).order_by(I.kabkota_code.desc()))
    with rows_db.connect() as conn:
        out = typed_frame(conn, stmt, text=("code",), dates=("day", "known_on"), ints=("n", "deaths"))
    assert list(out.columns) == ["code", "day", "known_on", "n", "deaths"]
    assert out["code"].dtype == object and out["code"].tolist() == ["73.71", "73.06"]
    assert out["day"].dtype == "datetime64[ns]"
    assert out["day"].tolist() == [pd.Timestamp("2024-02-10"), pd.Timestamp("2024-03-01")]
    assert out["known_on"].iloc[0] == pd.Timestamp("2024-02-11") and pd.isna(out["known_on"].iloc[1])
    assert out["n"].dtype == np.int64 and out["n"].tolist() == [2, 1]
    assert out["deaths"].tolist() == [3, 0]


def test_an_empty_result_keeps_columns_and_types(rows_db):
    stmt = select(I.kabkota_code.label("code"), I.occurred_on.label("day"), I.deaths).where(I.deaths > 99)
    with rows_db.connect() as conn:
        out = typed_frame(conn, stmt, text=("code",), dates=("day",), ints=("deaths",))
    assert out.empty and list(out.columns) == ["code", "day", "deaths"]
    assert out["day"].dtype == "datetime64[ns]" and out["deaths"].dtype == np.int64


def test_an_undeclared_column_is_refused(rows_db):
    with rows_db.connect() as conn, pytest.raises(ValueError, match="undeclared"):
        typed_frame(conn, select(I.kabkota_code, literal(1).label("one")), text=("kabkota_code",))


def test_scoring_frames_hold_the_same_values_as_the_general_fetch(rows_db):
    with rows_db.connect() as conn:
        frames = load_scoring_frames(conn, Scope.for_region("73"), day_from=date(2024, 1, 1),
                                     day_to=date(2024, 12, 31))
        stmt = (select(I.kabkota_code, func.count()).group_by(I.kabkota_code).order_by(I.kabkota_code))
        counts = frame(conn, stmt)
    daily = frames.incident_daily.sort_values(["region_code", "day"]).reset_index(drop=True)
    assert daily.groupby("region_code")["incidents"].sum().tolist() == counts.iloc[:, 1].tolist()
    assert daily["region_code"].dtype == object and daily["category"].dtype == object
    assert daily[["incidents", "deaths", "injuries"]].to_numpy().tolist() == [[1, 0, 0], [2, 3, 4]]
