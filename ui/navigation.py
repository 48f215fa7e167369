"""The page list and which permission each page needs.

Pages a role may not use are not registered in ``st.navigation`` at all, so they
cannot be reached by URL either.

The menu is drawn by the app (``st.page_link`` in the sidebar), never by Streamlit:
``client.showSidebarNavigation = false`` in .streamlit/config.toml switches Streamlit's
own menu off, because before the script has called ``st.navigation`` Streamlit would
list every file of ``pages/`` to someone who has not signed in (seen under load).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from domain.access import Permission, Principal
from ui import texts as T

PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"
MENU_KEY = "sipks_menu"  # the menu's container; the browser finds it as `.st-key-sipks_menu`
BRIEFING_PATH = "briefing"   # presentation mode: app.py draws no sidebar or banners around it


@dataclass(frozen=True)
class PageSpec:
    file: str
    title: str
    icon: str          # Streamlit's bundled Material Symbols (served by the app itself, no emoji font needed)
    url_path: str
    permission: Permission
    section: str


PAGE_SPECS: tuple[PageSpec, ...] = (
    PageSpec("ringkasan.py", T.PAGE_RINGKASAN, ":material/dashboard:", "ringkasan", Permission.VIEW_DASHBOARD, T.NAV_SECTION_DASHBOARD),
    PageSpec("peringatan.py", T.PAGE_PERINGATAN, ":material/notifications_active:", "peringatan",
             Permission.VIEW_DASHBOARD, T.NAV_SECTION_DASHBOARD),
    PageSpec("peta_risiko.py", T.PAGE_PETA, ":material/map:", "peta", Permission.VIEW_DASHBOARD, T.NAV_SECTION_DASHBOARD),
    PageSpec("tren.py", T.PAGE_TREN, ":material/trending_up:", "tren", Permission.VIEW_DASHBOARD, T.NAV_SECTION_DASHBOARD),
    PageSpec("profil_wilayah.py", T.PAGE_PROFIL, ":material/location_on:", "profil", Permission.VIEW_DASHBOARD, T.NAV_SECTION_DASHBOARD),
    PageSpec("insiden.py", T.PAGE_INSIDEN, ":material/list_alt:", "insiden", Permission.VIEW_INCIDENTS, T.NAV_SECTION_DATA),
    PageSpec("penanganan.py", T.PAGE_PENANGANAN, ":material/handshake:", "penanganan", Permission.VIEW_HANDLING, T.NAV_SECTION_DATA),
    PageSpec("data_impor.py", T.PAGE_IMPOR, ":material/upload_file:", "impor", Permission.IMPORT_DATA, T.NAV_SECTION_DATA),
    PageSpec("briefing.py", T.PAGE_BRIEFING, ":material/co_present:", "briefing", Permission.VIEW_BRIEFING,
             T.NAV_SECTION_DASHBOARD),
    PageSpec("metodologi.py", T.PAGE_METODOLOGI, ":material/functions:", "metodologi", Permission.VIEW_DASHBOARD, T.NAV_SECTION_DASHBOARD),
    PageSpec("pengguna.py", T.PAGE_PENGGUNA, ":material/group:", "pengguna", Permission.MANAGE_USERS, T.NAV_SECTION_ADMIN),
    PageSpec("audit.py", T.PAGE_AUDIT, ":material/receipt_long:", "audit", Permission.VIEW_AUDIT, T.NAV_SECTION_ADMIN),
)


def allowed_specs(principal: Principal) -> list[PageSpec]:
    """The pages this principal may open, in menu order.

    A page file that is missing is not dropped: ``st.Page`` then fails loudly, as a broken build must.
    """
    return [s for s in PAGE_SPECS if principal.can(s.permission)]


def build_navigation(principal: Principal):
    """``st.navigation`` with only the allowed pages, and the sidebar menu of them, grouped by section."""
    sections: dict[str, list] = {}
    for i, spec in enumerate(allowed_specs(principal)):
        page = st.Page(str(PAGES_DIR / spec.file), title=spec.title, icon=spec.icon, url_path=spec.url_path,
                       default=(i == 0))
        sections.setdefault(spec.section, []).append(page)
    navigation = st.navigation(sections, position="hidden")
    with st.sidebar.container(key=MENU_KEY):
        for section, pages in sections.items():
            st.caption(section)
            for page in pages:
                st.page_link(page)
    return navigation
