"""A `Source` over one entry of the sources file: the connector for its kind, read over HTTP.

Used directly by `jobbot index --sources FILE` (read now, print), and by the scheduler's
sync (`jobbot.announce.syncer`), which stores what it reads for every bot process. Its
fingerprint moves once per `every` interval, so a watcher reading it directly re-reads the
board at most that often; within an interval `load` hands back the same corpus.
"""

from __future__ import annotations

import logging
from typing import Any, Final

from jobbot.clock import Clock, SystemClock
from jobbot.models import Corpus, FileError
from jobbot.sources import (
    ashby,
    feed,
    greenhouse,
    hn,
    jsonld,
    lever,
    personio,
    recruitee,
    smartrecruiters,
    workable,
)
from jobbot.sources.base import SourceError
from jobbot.sources.fetch import Fetcher, FetchError, hide_secrets
from jobbot.sources.harvest import Connector, Harvest
from jobbot.sources.specs import SourceSpec

log = logging.getLogger(__name__)

CONNECTORS: Final[dict[str, Connector]] = {
    "greenhouse": greenhouse.harvest,
    "lever": lever.harvest,
    "ashby": ashby.harvest,
    "smartrecruiters": smartrecruiters.harvest,
    "workable": workable.harvest,
    "recruitee": recruitee.harvest,
    "personio": personio.harvest,
    "jsonld": jsonld.harvest,
    "feed": feed.harvest,
    "hn": hn.harvest,
}


class RemoteSource:
    """One job board, career site, feed or thread."""

    remote = True
    """Read over the network: a `CompositeSource` loads several side by side."""

    def __init__(self, spec: SourceSpec, http: Fetcher, *, clock: Clock | None = None) -> None:
        self.spec = spec
        self.http = http
        self.clock = clock or SystemClock()
        self.memo: dict[str, Any] = {}
        self.failures: dict[str, str] = {}
        self._last: tuple[str, Corpus] | None = None

    @property
    def key(self) -> str:
        return self.spec.key

    def __repr__(self) -> str:
        return f"RemoteSource({self.spec.key!r})"

    def fingerprint(self) -> str:
        return f"{self.spec.key}@{int(self.clock.now().timestamp() // self.spec.every)}"

    def harvest(self) -> Harvest:
        """Read the source now; `SourceError` naming it when it cannot be read at all."""
        key = self.spec.key
        try:
            result = CONNECTORS[self.spec.kind](self.spec, self.http, self.memo)
        except FetchError as exc:
            raise FetchError(hide_secrets(f"{key}: {exc}"), retry_after=exc.retry_after) from None
        except SourceError as exc:
            raise SourceError(hide_secrets(f"{key}: {exc}")) from None
        except Exception as exc:  # a connector bug must not take other sources down
            log.error("reading %s failed: %s", key, hide_secrets(f"{type(exc).__name__}: {exc}"))
            log.debug("reading %s failed", key, exc_info=True)
            raise SourceError(hide_secrets(f"{key}: {type(exc).__name__}: {exc}")) from None
        result.problems = [hide_secrets(problem) for problem in result.problems]
        return result

    def load(self) -> Corpus:
        """Postings and per-item problems. A source that has never been read and fails now
        gives an empty corpus and is listed in `failures` (one broken board never stops a
        load); one that was read before raises, so the composite keeps its last postings."""
        stamp = self.fingerprint()
        if self._last is not None and self._last[0] == stamp:
            return self._last[1]
        try:
            result = self.harvest()
        except SourceError as exc:
            if self._last is not None:
                raise
            log.warning("%s", exc)
            self.failures = {self.spec.key: str(exc)}
            message = str(exc).removeprefix(f"{self.spec.key}: ")  # `source` names it
            return Corpus(errors=[FileError(source=self.spec.key, message=message)])
        self.failures = {}
        corpus = Corpus(
            postings=result.postings,
            errors=[FileError(source=self.spec.key, message=p) for p in result.problems],
        )
        self._last = (stamp, corpus)
        return corpus
