"""The remote sources as every bot process sees them: what the database holds.

Bots never fetch: the scheduler's leader does (`jobbot.announce.syncer`). `StoredSource`
reads the postings it stored, and its fingerprint is one small query over the sources'
revisions, so a bot's watcher reloads within seconds of a sync that changed something and
costs nothing otherwise. A bot therefore starts and answers with no network at all.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from jobbot.announce import database
from jobbot.announce.database import StoreError, normalize_url
from jobbot.announce.fetched import revisions, statuses, stored_postings
from jobbot.announce.store import Store
from jobbot.models import Corpus, FileError
from jobbot.sources import SourceError
from jobbot.sources.specs import SourceSpec

log = logging.getLogger(__name__)

UNAVAILABLE = "unavailable"


def safe_url(url: str) -> str:
    """The database URL without its secrets (password and password parameters), for keys
    and messages."""
    return database.safe_url(normalize_url(url))


class StoredSource:
    """The stored postings of the sources in `specs`, in the sources file's order."""

    def __init__(
        self, database_url: str, specs: Sequence[SourceSpec], *, store: Store | None = None
    ) -> None:
        self.specs = list(specs)
        self.keys = [spec.key for spec in self.specs]
        self._url = database_url
        self._store = store
        self._last: tuple[str, Corpus] | None = None
        self.failures: dict[str, str] = {}
        """Sources whose last sync failed: they are served from their last good sync."""

    @property
    def key(self) -> str:
        return f"stored:{safe_url(self._url)}:{','.join(self.keys)}"

    @property
    def origins(self) -> list[str]:
        """The keys its postings carry (`Posting.origin`): one per job board, for the rule
        that closes a posting its board stopped listing (`jobbot.announce.scheduler`)."""
        return self.keys

    def sync_marks(self) -> dict[str, int]:
        """Per job board, its count of successful syncs: a posting missing from it counts
        one miss per sync, however often the scheduler looks."""
        return {key: status.syncs for key, status in statuses(self._engine(), self.keys).items()}

    def __repr__(self) -> str:
        return f"StoredSource({self.keys!r})"

    def _engine(self):
        if self._store is None:
            self._store = Store(self._url)
        return self._store.engine

    def fingerprint(self) -> str:
        try:
            return revisions(self._engine(), self.keys)
        except StoreError:
            return UNAVAILABLE

    def load(self) -> Corpus:
        try:
            engine = self._engine()
            stamp = revisions(engine, self.keys)
            if self._last is not None and self._last[0] == stamp:
                self._refresh_failures(engine)
                return self._last[1]
            postings = stored_postings(engine, self.keys)
            self._refresh_failures(engine)
        except StoreError as exc:
            message = f"stored job-board postings are unavailable: {exc}"
            if self._last is not None:
                raise SourceError(message) from None
            log.warning("%s; answering without them", message)
            return Corpus(errors=[FileError(source="database", message=message)])
        corpus = Corpus(postings=postings)
        self._last = (stamp, corpus)
        return corpus

    def _refresh_failures(self, engine: object) -> None:
        found = statuses(engine, self.keys)  # type: ignore[arg-type]
        self.failures = {
            key: f"{status.last_error or 'failed'} (serving its last good postings)"
            for key, status in found.items()
            if status.failing
        }
