"""BM25 indexes: an inverted index whose scores equal rank-bm25's, but cost O(matches).

`rank_bm25.BM25Okapi.get_scores` walks every document for every query term. Here each term
keeps its (document ids, term frequencies) once, and a query weighs only the documents that
contain its terms, with rank-bm25's own formula and parameters. Weights are computed when a
term is looked up, as Lucene does, not stored: they all move whenever the average document
length does (any edit), so storing them would mean recomputing and holding a second copy of
the largest array on every reload.

IDF: BM25Okapi floors the IDF of any term found in more than half the documents at
`epsilon * average_idf`, which can exceed the IDF of a term found in a third of them: in a
backend job board, "backend" would then outweigh "kafka". `MonotoneBM25` keeps rank-bm25's
scoring and swaps in the Lucene IDF, log(1 + (N - n + 0.5) / (n + 0.5)), which is positive
and strictly falls as a term gets more common.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from rank_bm25 import BM25Okapi

K1 = 1.5
B = 0.75
SPLICE_LIMIT = 20_000
"""A reload changing at most this many (term, document) entries splices them into the old
arrays; more, and the entries are sorted again (a bulk change: many files at once)."""


def idf(n_docs: int, doc_freq: float) -> float:
    """Lucene's BM25 IDF: never negative, smaller for more common terms."""
    return math.log(1.0 + (n_docs - doc_freq + 0.5) / (doc_freq + 0.5))


class MonotoneBM25(BM25Okapi):
    """rank-bm25's BM25Okapi with an IDF that cannot rank a common term above a rare one."""

    def _calc_idf(self, nd: dict[str, int]) -> None:
        for word, freq in nd.items():
            self.idf[word] = idf(self.corpus_size, freq)
        self.average_idf = sum(self.idf.values()) / max(1, len(self.idf))


def _view(values: array, dtype: type[np.generic]) -> np.ndarray:
    return np.frombuffer(values, dtype=dtype) if len(values) else np.zeros(0, dtype)


class _Entries:
    """(term id, doc row, tf) triples collected compactly while documents are counted."""

    def __init__(self) -> None:
        self.terms = array("i")
        self.docs = array("i")
        self.tfs = array("H")

    def add(self, row: int, doc: Sequence[str], vocab: dict[str, int]) -> None:
        counts = Counter(doc)
        self.terms.extend([vocab.setdefault(term, len(vocab)) for term in counts])
        self.docs.extend([row] * len(counts))
        self.tfs.extend([min(tf, 65535) for tf in counts.values()])

    def __len__(self) -> int:
        return len(self.terms)

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        # Views on the collected buffers, not copies (each is 10-20 MB at 100k postings);
        # handing them over lets the caller free each as soon as it is used.
        terms = _view(self.terms, np.int32)
        docs = _view(self.docs, np.int32)
        tfs = _view(self.tfs, np.uint16)
        self.terms, self.docs, self.tfs = array("i"), array("i"), array("H")
        return terms, docs, tfs


def _splice(
    old: np.ndarray,
    drop: np.ndarray,
    at: np.ndarray,
    values: np.ndarray,
    remap: np.ndarray | None = None,
) -> np.ndarray:
    """`old` without the entries at the (ascending) positions `drop`, with `values` inserted
    before the old positions `at` (ascending), every kept value passed through `remap` when
    given; written straight into the result, one slice copy per change, so that nothing but
    the result is as large as `old`."""
    out = np.empty(len(old) - len(drop) + len(values), dtype=old.dtype)
    drops, ats = drop.tolist(), at.tolist()
    n_old, n_drop, n_new = len(old), len(drops), len(ats)
    src = dst = d = v = 0
    while src < n_old or v < n_new:
        stop = min(drops[d] if d < n_drop else n_old, ats[v] if v < n_new else n_old)
        if stop > src:  # a run of kept entries
            part = out[dst : dst + stop - src]
            if remap is None:
                part[:] = old[src:stop]
            else:
                np.take(remap, old[src:stop], out=part)
            dst += stop - src
            src = stop
        if v < n_new and ats[v] == src:  # new entries before this old one
            end = v + 1
            while end < n_new and ats[end] == src:
                end += 1
            out[dst : dst + end - v] = values[v:end]
            dst += end - v
            v = end
        elif d < n_drop and drops[d] == src:
            src += 1
            d += 1
    return out


@dataclass(frozen=True)
class BM25Index:
    """Term → (doc ids, term frequencies) in CSR form; immutable once built."""

    vocab: dict[str, int]
    indptr: np.ndarray  # int64, len(vocab) + 1
    doc_ids: np.ndarray  # int32, grouped by term, ascending within a term
    tfs: np.ndarray  # uint16 term frequency per entry
    idf: np.ndarray  # float64 per term id
    doc_len: np.ndarray  # int32 per doc
    norm: np.ndarray  # float64 per doc: k1 * (1 - b + b * doc_len / avgdl)
    n_docs: int
    avgdl: float
    k1: float = K1

    @classmethod
    def build(cls, docs: Iterable[Sequence[str]], k1: float = K1, b: float = B) -> BM25Index:
        """Index tokenized documents, consumed one at a time so that a 100k-posting corpus
        never holds every token list at once; no documents gives an index matching nothing."""
        vocab: dict[str, int] = {}
        entries = _Entries()
        lengths = array("i")
        for doc in docs:
            entries.add(len(lengths), doc, vocab)
            lengths.append(len(doc))
        terms, doc_rows, tfs = entries.arrays()
        df = np.bincount(terms, minlength=len(vocab))
        order = np.argsort(terms, kind="stable")  # by term; rows arrive ascending
        del terms
        return cls._finish(
            vocab, doc_rows[order], tfs[order], df, np.array(lengths, dtype=np.int32), k1, b
        )

    @classmethod
    def rebuild(
        cls,
        old: BM25Index,
        new_row_of_old: np.ndarray,
        new_docs: Iterable[tuple[int, Sequence[str]]],
        n_docs: int,
        k1: float = K1,
        b: float = B,
    ) -> BM25Index:
        """The index `build` would give for a changed collection, re-tokenizing nothing old.

        `new_row_of_old[i]` is where old document i now sits (-1: gone); `new_docs` are the
        (row, tokens) of every other row. Only IDF and length normalisation are recomputed.
        """
        vocab = dict(old.vocab)
        doc_len = np.zeros(n_docs, dtype=np.int32)
        kept = np.flatnonzero(new_row_of_old >= 0)
        into = new_row_of_old[kept]
        doc_len[into] = old.doc_len[kept]
        entries = _Entries()
        for row, doc in new_docs:
            entries.add(row, doc, vocab)
            doc_len[row] = len(doc)
        in_order = bool(np.all(np.diff(into) > 0))
        identity = in_order and np.array_equal(into, kept)
        del into
        # Old entries of documents that left or changed, as positions in the old arrays.
        gone = np.ones(len(new_row_of_old), dtype=bool)
        gone[kept] = False
        drop = np.flatnonzero(gone[old.doc_ids])
        del gone
        if in_order and len(drop) + len(entries) <= SPLICE_LIMIT:
            return cls._spliced(old, new_row_of_old, entries, vocab, doc_len, drop, identity, k1, b)
        return cls._sorted(old, new_row_of_old, entries, vocab, doc_len, drop, k1, b)

    @classmethod
    def _spliced(
        cls,
        old: BM25Index,
        new_row_of_old: np.ndarray,
        entries: _Entries,
        vocab: dict[str, int],
        doc_len: np.ndarray,
        drop: np.ndarray,
        identity: bool,
        k1: float,
        b: float,
    ) -> BM25Index:
        """A few changed documents, the others in their old order (the usual reload: a file
        edited, added or removed). The old entries stay sorted by (term, document), so the
        new ones are spliced in where they belong instead of sorting everything again."""
        new_terms, new_rows, new_tfs = entries.arrays()
        order = np.lexsort((new_rows, new_terms))
        new_terms, new_rows, new_tfs = new_terms[order], new_rows[order], new_tfs[order]
        n_old_terms = len(old.vocab)
        # Each new entry goes before the first old entry of its term whose document now sits
        # after it (dropped entries may lie on either side; they are left out anyway).
        kept = np.flatnonzero(new_row_of_old >= 0)
        kept_rows = new_row_of_old[kept]
        first_after = np.searchsorted(kept_rows, new_rows)
        bound = np.append(kept, len(new_row_of_old))[first_after]  # an old row id
        at = np.empty(len(new_terms), dtype=np.int64)
        for i, (term, limit) in enumerate(zip(new_terms.tolist(), bound.tolist(), strict=True)):
            if term >= n_old_terms:
                at[i] = len(old.doc_ids)  # a new word: after every old one, in (term, doc) order
                continue
            start, end = int(old.indptr[term]), int(old.indptr[term + 1])
            at[i] = start + np.searchsorted(old.doc_ids[start:end], limit)
        df = np.zeros(len(vocab), dtype=np.int64)
        df[:n_old_terms] = np.diff(old.indptr)
        if len(drop):
            df[:n_old_terms] -= np.bincount(
                np.searchsorted(old.indptr, drop, side="right") - 1, minlength=n_old_terms
            )
        df += np.bincount(new_terms, minlength=len(vocab))
        remap = None if identity else new_row_of_old
        doc_ids = _splice(old.doc_ids, drop, at, new_rows, remap)
        tfs = _splice(old.tfs, drop, at, new_tfs)
        return cls._finish(vocab, doc_ids, tfs, df, doc_len, k1, b)

    @classmethod
    def _sorted(
        cls,
        old: BM25Index,
        new_row_of_old: np.ndarray,
        entries: _Entries,
        vocab: dict[str, int],
        doc_len: np.ndarray,
        drop: np.ndarray,
        k1: float,
        b: float,
    ) -> BM25Index:
        """Any change: the kept old entries, renumbered, and the new ones, sorted again."""
        keep = np.ones(len(old.doc_ids), dtype=bool)
        keep[drop] = False
        old_terms = np.repeat(np.arange(len(old.vocab), dtype=np.int32), np.diff(old.indptr))
        new_terms, new_rows, new_tfs = entries.arrays()
        terms = np.concatenate([old_terms[keep], new_terms])
        del old_terms, new_terms
        rows = np.concatenate([new_row_of_old[old.doc_ids[keep]], new_rows])
        tfs = np.concatenate([old.tfs[keep], new_tfs])
        del keep
        df = np.bincount(terms, minlength=len(vocab))
        order = np.lexsort((rows, terms))
        del terms
        return cls._finish(vocab, rows[order], tfs[order], df, doc_len, k1, b)

    @classmethod
    def _finish(
        cls,
        vocab: dict[str, int],
        doc_ids: np.ndarray,
        tfs: np.ndarray,
        df: np.ndarray,
        doc_len: np.ndarray,
        k1: float,
        b: float,
    ) -> BM25Index:
        """The index from entries sorted by (term, document) and each term's document count."""
        n_docs = len(doc_len)
        avgdl = float(doc_len.sum()) / n_docs if n_docs else 0.0
        indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        return cls(
            vocab=vocab,
            indptr=indptr,
            doc_ids=doc_ids.astype(np.int32, copy=False),
            tfs=tfs.astype(np.uint16, copy=False),
            idf=np.log1p((n_docs - df + 0.5) / (df + 0.5)),
            doc_len=doc_len,
            norm=k1 * (1 - b + b * doc_len / avgdl) if avgdl else np.full(n_docs, k1),
            n_docs=n_docs,
            avgdl=avgdl,
            k1=k1,
        )

    def docs(self, term: str) -> np.ndarray:
        """Ids of the documents containing a term, ascending; empty for an unknown term."""
        t = self.vocab.get(term)
        if t is None:
            return self.doc_ids[:0]
        return self.doc_ids[self.indptr[t] : self.indptr[t + 1]]

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(doc ids, BM25 weights) of one term; empty arrays for an unknown term.

        The weight is rank-bm25's idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl)),
        in the same order of operations."""
        t = self.vocab.get(term)
        if t is None:
            return self.doc_ids[:0], np.zeros(0)
        start, end = self.indptr[t], self.indptr[t + 1]
        ids = self.doc_ids[start:end]
        tf = self.tfs[start:end].astype(np.float64)
        weights = np.add(self.norm[ids], tf)
        np.divide(tf * (self.k1 + 1), weights, out=weights)
        weights *= self.idf[t]
        return ids, weights

    def scores(self, terms: Sequence[str]) -> np.ndarray:
        """BM25 score of every document, equal to `MonotoneBM25.get_scores(terms)`."""
        out = np.zeros(self.n_docs)
        for term in terms:
            ids, weights = self.postings(term)
            out[ids] += weights
        return out

    def scores_and_matches(self, terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """BM25 scores, and how many of the (distinct) terms each document contains."""
        scores = np.zeros(self.n_docs)
        matched = np.zeros(self.n_docs, dtype=np.int16)
        for term in dict.fromkeys(terms):
            ids, weights = self.postings(term)
            scores[ids] += weights
            matched[ids] += 1
        return scores, matched

    def term_idf(self, term: str) -> float:
        """IDF of a term; an unseen term counts as the rarest possible."""
        t = self.vocab.get(term)
        return float(self.idf[t]) if t is not None else idf(self.n_docs, 0)

    def docs_with_all(self, terms: Sequence[str]) -> np.ndarray:
        """Ids of documents containing every term, ascending."""
        result: np.ndarray | None = None
        for term in terms:
            ids = self.docs(term)
            result = ids if result is None else np.intersect1d(result, ids, assume_unique=True)
            if not len(result):
                break
        return result if result is not None else np.zeros(0, np.int32)
