"""Codes and Bahasa Indonesia labels of everything SIPKS classifies.

Loaded once from ``taxonomy.toml`` beside this file, so the list is configurable
without touching code. Codes are what the database stores; labels are for people.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

TAXONOMY_FILE = Path(__file__).with_name("taxonomy.toml")


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    description: str


@dataclass(frozen=True)
class Taxonomy:
    version: str
    categories: tuple[Category, ...]
    vocabularies: Mapping[str, Mapping[str, str]]  # name -> {code: label}, in file order

    def codes(self, vocabulary: str) -> tuple[str, ...]:
        """Codes of one vocabulary (``"category"``, ``"arena"``, ``"severity"``, …) in display order."""
        return tuple(self.labels(vocabulary))

    def labels(self, vocabulary: str) -> Mapping[str, str]:
        """``{code: label}`` of one vocabulary."""
        if vocabulary == "category":
            return MappingProxyType({c.code: c.label for c in self.categories})
        return self.vocabularies[vocabulary]

    def label(self, vocabulary: str, code: str | None) -> str:
        """Label of a code, or the code itself when unknown (never raises on display)."""
        if code is None:
            return "—"
        return self.labels(vocabulary).get(code, code)


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    """The taxonomy, parsed once per process (the file is read-only at run time)."""
    raw = tomllib.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    categories = tuple(Category(c["code"], c["label"], c.get("description", "")) for c in raw["category"])
    vocabularies = {
        name: MappingProxyType(dict(values))
        for name, values in raw.items()
        if isinstance(values, dict)
    }
    return Taxonomy(raw["version"], categories, MappingProxyType(vocabularies))


SENSITIVITY_ORDER = ("umum", "terbatas", "rahasia")


def sensitivity_allowed(clearance: str) -> tuple[str, ...]:
    """Sensitivity levels a user with ``clearance`` may read (their level and below)."""
    return SENSITIVITY_ORDER[: SENSITIVITY_ORDER.index(clearance) + 1]
