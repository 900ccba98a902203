"""Bringing an index made by the previous newsqa up to date in place, without re-embedding.

An index of thousands of articles takes hours to embed on a small machine, so a format
change that only adds metadata must not ask for `--rebuild`. Format 3 → 4 added `date_num`
(the article date as YYYYMMDD, which Chroma's `$gte`/`$lte` filters compare): it is derived
from the `date` every chunk already holds, so the upgrade is a metadata update of each chunk
and then of the catalog. Chroma merges updated metadata into the row, and the step is
idempotent, so a crash midway or two processes upgrading at once leave a correct index; the
catalog's format is written last.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from core.errors import NewsqaIndexError
from index.chroma_calls import when_unlocked
from index.date_numbers import DATE_FIELD, date_number

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

log = logging.getLogger(__name__)

PAGE = 1000


def add_date_numbers(part: Collection) -> int:
    """Give every dated chunk of one collection its `date_num`; returns chunks updated."""
    updated, offset = 0, 0
    while True:
        got = part.get(include=["metadatas"], limit=PAGE, offset=offset)  # type: ignore[list-item]
        ids, metas = got["ids"], got.get("metadatas") or []
        todo = [
            (cid, number)
            for cid, meta in zip(ids, metas, strict=True)
            if meta and DATE_FIELD not in meta and (number := date_number(meta.get("date")))
        ]
        if todo:
            when_unlocked(
                part.update,
                ids=[c for c, _ in todo],
                metadatas=[{DATE_FIELD: n} for _, n in todo],
            )
            updated += len(todo)
        if len(ids) < PAGE:
            return updated
        offset += PAGE


def upgradable(catalog_metadata: dict, to_format: int) -> bool:
    """Whether an index of this catalog can be brought to `to_format` in place."""
    return catalog_metadata.get("format") == 3 and to_format == 4


def refuse_older(catalog_metadata: dict, to_format: int, where: str) -> None:
    """Refuse an index of another format that cannot be upgraded in place."""
    if catalog_metadata.get("format") != to_format and not upgradable(catalog_metadata, to_format):
        raise NewsqaIndexError(
            f"The index in {where} was made by an older newsqa. "
            "Rebuild it: newsqa index <folder> --rebuild"
        )


def upgrade(
    client: ClientAPI, catalog: Collection, parts: dict[str, Collection], to_format: int
) -> bool:
    """Upgrade a format-3 index to `to_format` (4); False when it is of another format."""
    if not upgradable(dict(catalog.metadata or {}), to_format):
        return False
    updated = sum(add_date_numbers(part) for part in parts.values())
    # read again: a sync may have moved the generation on while the chunks were updated
    meta = dict(client.get_collection(catalog.name, embedding_function=None).metadata or {})
    meta["format"] = to_format
    when_unlocked(catalog.modify, metadata=meta)
    log.info("Index upgraded to format %d: %d chunks given a numeric date", to_format, updated)
    return True
