"""What every page shows around its content: banners and the shared view selector."""
from __future__ import annotations

import streamlit as st

from data_access.regions import list_regions
from domain.access import Principal
from ui import texts as T
from ui.data import by_access, demo_data_active, reader
from ui.state import View, render_view_selector


def render_banners(principal: Principal, *, demo_credentials: bool) -> None:
    """The demo notices (synthetic data, published demo passwords) folded into one line."""
    parts = ([T.DEMO_DATA_BANNER] if demo_data_active() else []) + ([T.DEMO_CREDENTIALS_SHORT] if demo_credentials
                                                                    else [])
    if parts:
        st.warning(" · ".join(parts), icon=":material/science:")


@by_access()
def scope_options(principal: Principal) -> list[tuple[str, str]]:
    """National (if allowed), provinces and kab/kota inside the user's scope, as (code, label)."""
    with reader().connect() as conn:
        regions = list_regions(conn, principal, levels=("provinsi", "kabupaten", "kota"))
    options = [("nasional", T.SCOPE_NATIONAL)] if principal.scope.code is None else []
    options += [(r.code, ("   " if r.level != "provinsi" else "") + r.display_name)
                for r in regions.itertuples()]
    return options


def render_sidebar_view(principal: Principal) -> View:
    return render_view_selector(principal, scope_options(principal))
