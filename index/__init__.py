"""newsqa's index: a folder of Arabic and English articles kept in step with a Chroma collection.

Importing this package is cheap; the model and Chroma load on first use.

    >>> from index import sync
    >>> summary = sync("examples/articles")
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from index.folder_sync import SyncSummary, sync

__all__ = ["sync", "SyncSummary"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(importlib.import_module("index.folder_sync"), name)
    raise AttributeError(name)
