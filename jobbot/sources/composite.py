"""Several sources read as one: merged, with one duplicate-id rule and last-good fallbacks.

The composite owns what no single source can judge: an id used by two sources is reported
and the first one kept. A source that fails after it once loaded keeps its last good postings
(its failure is logged and listed in `failures`, beside those a source reports of its own
parts), so one broken directory or job board never
empties the index or makes its postings look removed; one that never loaded fails the load.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

from jobbot.ingest.files import first_of_each_id
from jobbot.models import Corpus
from jobbot.sources.base import Source, SourceError
from jobbot.sources.dedup import collapse

log = logging.getLogger(__name__)


class CompositeSource:
    """The union of `sources`, in order; earlier sources win a reused id."""

    def __init__(self, sources: Iterable[Source]) -> None:
        self.sources: list[Source] = list(sources)
        self._good: dict[str, Corpus] = {}
        self._merged: tuple[tuple[int, ...], Corpus] | None = None
        self.failures: dict[str, str] = {}
        """Sources that failed on the last load and are served from their last good corpus."""

    @property
    def key(self) -> str:
        if len(self.sources) == 1:
            return self.sources[0].key
        return "all(" + ",".join(s.key for s in self.sources) + ")"

    def __repr__(self) -> str:
        return f"CompositeSource({self.sources!r})"

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for source in self.sources:
            digest.update(f"{source.key}\0{source.fingerprint()}\n".encode())
        return digest.hexdigest()

    def load(self) -> Corpus:
        parts: list[Corpus] = []
        failures: dict[str, str] = {}
        ahead = self._read_remote_ahead()
        for source in self.sources:
            try:
                corpus = ahead.pop(id(source)).result() if id(source) in ahead else source.load()
            except SourceError as exc:
                last = self._good.get(source.key)
                if last is None:
                    raise
                log.warning("%s; keeping its last good postings", exc)
                failures[source.key] = str(exc)
                corpus = last
            else:
                self._good[source.key] = corpus
                failures.update(getattr(source, "failures", None) or {})  # e.g. stored boards
            parts.append(corpus)
        self.failures = failures
        identity = tuple(id(part) for part in parts)
        if self._merged is not None and self._merged[0] == identity:
            return self._merged[1]  # nothing was re-read: the same object, as sources promise
        merged = merge(parts)
        self._merged = (identity, merged)
        return merged

    def _read_remote_ahead(self) -> dict[int, Future[Corpus]]:
        """Job boards read over the network (`remote = True`) load side by side, so several
        boards take as long as the slowest, not their sum; their results are used in order."""
        remote = [s for s in self.sources if getattr(s, "remote", False)]
        if len(remote) < 2:
            return {}
        with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL, len(remote))) as pool:
            return {id(source): pool.submit(source.load) for source in remote}


MAX_PARALLEL = 8


def merge(parts: Sequence[Corpus]) -> Corpus:
    """One corpus from several; a reused id becomes an error naming the file that has it, and
    a job listed by several sources is kept once (`jobbot.sources.dedup`)."""
    if len(parts) == 1:
        postings = collapse(parts[0].postings)
        if len(postings) == len(parts[0].postings):
            return parts[0]
        return Corpus(postings=postings, faq=parts[0].faq, errors=parts[0].errors)
    merged = Corpus()
    posting_ids: dict[str, str] = {}
    faq_ids: dict[str, str] = {}
    for part in parts:
        merged.postings.extend(first_of_each_id(part.postings, posting_ids, merged.errors))
        merged.faq.extend(first_of_each_id(part.faq, faq_ids, merged.errors))
        merged.errors.extend(part.errors)
    merged.postings = collapse(merged.postings)
    return merged
