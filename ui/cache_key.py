"""The key of a cached read: a digest of exactly the values its arguments hold.

Streamlit's own hasher turns every dataclass argument into a dict (``dataclasses.asdict``, a deep copy) and
hashes it field by field, inspecting the function's signature for each positional argument: a fifth of a cold
Profil Wilayah view's overhead went there (24 ``Month`` values for the status changes, a ``Principal`` and a
``Scope`` per read). The reads take plain values only, so their key is built directly, and anything else is
refused rather than keyed by an address that a later object could reuse.
"""
from __future__ import annotations

import dataclasses
import hashlib
from datetime import date
from enum import Enum
from typing import Any

PLAIN = (str, int, float, type(None), date)   # bool is an int; datetime is a date: both keep their type below


def plain(value: Any) -> Any:
    """``value`` as nested tuples of plain values, each tagged with its type, so equal keys mean equal values.

    Raises ``TypeError`` for a value with no such form (a DataFrame, an arbitrary object).
    """
    if isinstance(value, Enum):
        return type(value).__qualname__, value.value
    if isinstance(value, PLAIN):
        return type(value).__name__, value
    if isinstance(value, (tuple, list)):
        return (type(value).__name__, *(plain(v) for v in value))
    if isinstance(value, dict):
        return ("dict", *((plain(k), plain(v)) for k, v in sorted(value.items(), key=lambda kv: repr(kv[0]))))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__qualname__,
                *((f.name, plain(getattr(value, f.name))) for f in dataclasses.fields(value)))
    raise TypeError(f"argumen bacaan bertembolok bertipe {type(value).__name__} tidak punya kunci")


def digest(*parts: Any) -> str:
    """A short digest of :func:`plain` of ``parts`` (the function's name, access, data version, arguments)."""
    return hashlib.blake2b(repr(plain(parts)).encode(), digest_size=16).hexdigest()
