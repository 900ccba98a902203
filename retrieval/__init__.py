"""newsqa's answers: question in, a short answer with verbatim quotes and their articles out.

    >>> from retrieval import ask
    >>> a = ask("What did the ministers agree on?")
    >>> a.answer, a.found, a.sources[0].title

`ask` keeps one `QAService` per process (the model stays loaded); make your own `QAService`
for other settings, or `QAService().conversation()` for follow-up questions. Importing this
package is cheap: the model loads on the first question.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from retrieval.answer import Answer, Source

if TYPE_CHECKING:
    from retrieval.service import QAService

__all__ = ["ask", "Answer", "Source", "QAService", "default_service"]

_default: QAService | None = None
_default_lock = threading.Lock()


def default_service() -> QAService:
    """The process-wide service on the default settings (environment and `.env`)."""
    global _default
    with _default_lock:
        if _default is None:
            from retrieval.service import QAService

            _default = QAService()
        return _default


def ask(question: str, history: list[tuple[str, str]] | None = None) -> Answer:
    """Answer one question from the default index."""
    return default_service().ask(question, history or ())


def __getattr__(name: str) -> Any:
    if name == "QAService":
        from retrieval.service import QAService

        return QAService
    raise AttributeError(name)
