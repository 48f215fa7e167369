"""Issue 16 finding 5: no user input reaches markdown unescaped. Every page is opened with hostile
query parameters (the shared view's scope and period, the profile's region, every bound search
box) and every markdown-rendering element is checked for live markup."""
from __future__ import annotations

import pytest

from domain.access import Principal, Role, Scope
from tests.pages.conftest import no_exception
from ui.markup import escape_markdown
from ui.navigation import PAGE_SPECS

ADMIN_73 = Principal("admin", Role.ADMIN, Scope.for_region("73"), clearance="rahasia")
PAYLOADS = {
    "image": "![](http://127.0.0.2/a)",                          # the finding: a request to another host
    "link": "[klik](javascript:alert(1)) <img src=x onerror=alert(1)> http://127.0.0.2/b :red[x] $y$",
}
# Query parameters the app reads: shared view, profile region, and the search boxes bound to the URL.
PARAMS = ("cakupan", "periode", "region", "ins_cari", "tren_cari", "profil_cari", "peta_cari")
# Raw forms that would be live markup; escaped text never contains them.
LIVE = ("](", "![", "<img", "javascript:", "//127.0.0.2", ":red[", "$y$")
MARKDOWN_ELEMENTS = ("markdown", "caption", "error", "warning", "info", "success", "title", "header", "subheader",
                     "toast", "exception")


def _unescaped(source: str, live: str) -> bool:
    """``live`` occurs in ``source`` without a backslash escaping its first character."""
    start = source.find(live)
    while start != -1:
        if start == 0 or source[start - 1] != "\\":
            return True
        start = source.find(live, start + 1)
    return False


def _markdown_sources(at) -> list[str]:
    sources = []
    for kind in MARKDOWN_ELEMENTS:
        for element in at.get(kind):
            value = getattr(element, "value", None)
            if isinstance(value, str):
                sources.append(value)
    return sources


@pytest.mark.parametrize("payload", list(PAYLOADS), ids=list(PAYLOADS))
@pytest.mark.parametrize("spec", PAGE_SPECS, ids=lambda s: s.url_path)
def test_hostile_query_parameters_never_become_markup(page, spec, payload):
    hostile = PAYLOADS[payload]
    at = page(spec.file.removesuffix(".py"), ADMIN_73, query={name: hostile for name in PARAMS})
    no_exception(at)
    for source in _markdown_sources(at):
        for live in LIVE:
            assert not _unescaped(source, live), f"{spec.url_path}: {live!r} hidup di markdown: {source[:200]!r}"


def test_the_profile_echoes_the_region_escaped(page):
    """The finding as reported: /profil?region=![](http://127.0.0.2/a) drew an image link into the error box."""
    at = page("profil_wilayah", ADMIN_73, query={"region": PAYLOADS["image"]})
    no_exception(at)
    [error] = [e.value for e in at.error]
    assert escape_markdown(PAYLOADS["image"][:20]) in error and "![" not in error


def test_escape_markdown_leaves_only_literal_text():
    for text in (*PAYLOADS.values(), "*tebal* _miring_ `kode` # judul\n- butir | tabel | ~coret~ &amp; 1. a"):
        escaped = escape_markdown(text)
        assert "\n" not in escaped
        unescaped = escaped.replace("\\", "")
        assert unescaped == text.replace("\\", "").replace("\n", " ")
        assert all(escaped[i - 1] == "\\" for i, ch in enumerate(escaped) if ch in "![]()<>*_`#|~&:$" and i)
