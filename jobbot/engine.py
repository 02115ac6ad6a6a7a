"""The engine: one function from a user's text to a platform-neutral `Answer`.

PLACEHOLDER: plain BM25 over title and description so adapters can be built against the
real interface; replaced by the full search and answers (issue 3).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path

from rank_bm25 import BM25Okapi

from jobbot.ingest import load_directories
from jobbot.models import Answer, Corpus, FAQHit, JobHit, Query, Request


def _tokens(text: str) -> list[str]:
    return [t for t in "".join(c.lower() if c.isalnum() else " " for c in text).split() if t]


class Engine:
    """Holds the loaded knowledge and answers requests."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        docs = [_tokens(f"{p.title} {p.description}") for p in corpus.postings] or [[""]]
        self._bm25 = BM25Okapi(docs)

    @classmethod
    def from_directories(cls, directories: Iterable[Path]) -> Engine:
        return cls(load_directories(directories))

    def ask(self, request: Request | str) -> Answer:
        """Answer a request (or bare text); never raises on any text."""
        if isinstance(request, str):
            request = Request(text=request)
        text = request.text.strip()
        if not text or text.lower() in {"help", "/help"}:
            return Answer(intent="help", text="Try `/jobs backend remote` or `/faq ...`.")
        query = Query(raw=text, keywords=_tokens(text))
        scores = self._bm25.get_scores(query.keywords) if self.corpus.postings else []
        ranked = sorted(
            ((s, p) for s, p in zip(scores, self.corpus.postings, strict=False) if s > 0),
            key=lambda pair: -pair[0],
        )
        start = (request.page - 1) * request.page_size
        hits = [
            JobHit(**p.model_dump(), score=float(s))
            for s, p in ranked[start : start + request.page_size]
        ]
        faq = [FAQHit(**f.model_dump(), score=0.0) for f in self.corpus.faq[:0]]
        lines = [f"**{h.title}**" for h in hits] or ["Nothing found."]
        return Answer(
            intent="jobs" if hits else "unknown",
            query=query,
            jobs=hits,
            faq=faq,
            text="\n".join(lines),
            total=len(ranked),
            page=request.page,
            pages=max(1, math.ceil(len(ranked) / request.page_size)),
            page_size=request.page_size,
        )
