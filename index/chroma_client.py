"""Which Chroma newsqa talks to: the embedded database, or a `chroma run` server."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlparse

from core.errors import NewsqaIndexError
from index.settings import IndexSettings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI


def make_client(settings: IndexSettings) -> ClientAPI:
    """Embedded `PersistentClient` by default; an `HttpClient` when NEWSQA_CHROMA_URL is set."""
    import chromadb

    chroma_settings = chromadb.Settings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if not url.hostname:
            raise NewsqaIndexError(f"NEWSQA_CHROMA_URL is not a URL: {settings.chroma_url!r}")
        ssl = url.scheme == "https"
        port = url.port or (443 if ssl else 8000)
        try:
            return chromadb.HttpClient(
                host=url.hostname, port=port, ssl=ssl, settings=chroma_settings
            )
        except Exception as exc:  # chromadb checks the server on connect
            raise NewsqaIndexError(
                f"Cannot reach the Chroma server at {settings.chroma_url} ({exc}). "
                "Is `chroma run` up? Unset NEWSQA_CHROMA_URL to use the embedded database."
            ) from exc
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


def where_is(settings: IndexSettings) -> str:
    return settings.chroma_url or str(settings.chroma_path)
