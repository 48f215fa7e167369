"""Region codes and names as people write them."""
from __future__ import annotations

import re

_PREFIXES = (("Kabupaten ", "Kab. "),)


def display_name(official_name: str, level: str | None = None) -> str:
    """``"Kabupaten Gowa"`` → ``"Kab. Gowa"``; ``"Kota Makassar"`` stays; kecamatan get ``"Kec. "``."""
    for long, short in _PREFIXES:
        if official_name.startswith(long):
            return short + official_name[len(long):]
    if level == "kecamatan" and not official_name.startswith("Kec. "):
        return "Kec. " + official_name
    return official_name


def region_level_of(code: str) -> str:
    """Administrative depth of a Kemendagri code: provinsi, kabkota or kecamatan."""
    return ("provinsi", "kabkota", "kecamatan", "desa")[code.count(".")]


def parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def province_of(code: str) -> str:
    return code.split(".", 1)[0]


_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2})?)?$")


def is_region_code(text: str) -> bool:
    return bool(_CODE.match(text))
