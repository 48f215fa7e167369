from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from domain import fmt
from domain.period import Month


def test_numbers_use_indonesian_separators():
    assert fmt.number(1234.5, 1) == "1.234,5"
    assert fmt.number(1234567) == "1.234.567"
    assert fmt.number(float("nan")) == "—"
    assert fmt.percent(0.125) == "12,5%"
    assert fmt.signed(-2) == "−2" and fmt.signed(3) == "+3"


@given(st.integers(min_value=-10**7, max_value=10**7))
def test_small_integers_take_the_short_path_to_the_same_text(value):
    # below 1.000 an integer is written without a separator; the general path must agree everywhere
    general = f"{float(value):,.0f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    assert fmt.number(value) == general
    assert fmt.number(value) == fmt.number(float(value))
    assert fmt.number(True) == "1"


def test_dates_use_indonesian_month_names():
    assert fmt.day(date(2024, 2, 14)) == "14 Feb 2024"
    assert fmt.month(Month(2024, 10)) == "Okt 2024"
    assert fmt.month("2024-08", long=True) == "Agustus 2024"
    assert Month(2024, 11).shift(3) == Month(2025, 2)


def test_formula_cells_are_neutralised_numbers_untouched():
    import pandas as pd

    from domain.spreadsheet import neutralise_frame

    frame = pd.DataFrame({"a": ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "aman"], "n": [-1, 2, 3, 4, 5]})
    out = neutralise_frame(frame)
    assert out["a"].tolist() == ["'=HYPERLINK(\"x\")", "'+1", "'-2", "'@SUM(A1)", "aman"]
    assert out["n"].tolist() == [-1, 2, 3, 4, 5]


def test_badges_write_the_category_probability_and_the_borderline_mark():
    from ui import risk_text as RT
    from ui import texts as T

    assert RT.badge("merah", 0.56, 0.1) == "Merah · 56 %"
    assert RT.badge("kuning", 0.25, 0.15, True) == f"Kuning · 60 % {T.RISK_BORDERLINE}"
    assert RT.compact_badge("kuning", 0.25, 0.15, True) == "Kuning · 60 % ◆"
    assert RT.compact_badge("hijau", 0.05, 0.9, False) == "Hijau · 90 %"
    assert RT.compact_badge(None, float("nan"), float("nan"), True) == RT.badge(None, float("nan"), float("nan"))
