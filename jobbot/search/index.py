"""BM25 indexes: an inverted index whose scores equal rank-bm25's, but cost O(matches).

`rank_bm25.BM25Okapi.get_scores` walks every document for every query term. Here each term
keeps its (document ids, BM25 weights) once, computed with rank-bm25's own formula and
parameters, so a query only touches the documents that contain its terms.

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
_SLICE = 1 << 20  # entries weighted at a time (8 MB temporaries at most)


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
        self._prefix: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def add(self, row: int, doc: Sequence[str], vocab: dict[str, int]) -> None:
        counts = Counter(doc)
        self.terms.extend([vocab.setdefault(term, len(vocab)) for term in counts])
        self.docs.extend([row] * len(counts))
        self.tfs.extend([min(tf, 65535) for tf in counts.values()])

    def prepend(self, terms: np.ndarray, docs: np.ndarray, tfs: np.ndarray) -> None:
        self._prefix = (terms, docs, tfs)

    @property
    def in_doc_order(self) -> bool:
        """Whether entries were added in ascending document order (a plain build)."""
        return self._prefix is None

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        # Views on the collected buffers, not copies (each is 10-20 MB at 100k postings);
        # handing them over lets the caller free each as soon as it is used.
        terms = _view(self.terms, np.int32)
        docs = _view(self.docs, np.int32)
        tfs = _view(self.tfs, np.uint16)
        self.terms, self.docs, self.tfs = array("i"), array("i"), array("H")
        if self._prefix is not None:
            terms = np.concatenate([self._prefix[0], terms])
            docs = np.concatenate([self._prefix[1], docs])
            tfs = np.concatenate([self._prefix[2], tfs])
            self._prefix = None
        return terms, docs, tfs


@dataclass(frozen=True)
class BM25Index:
    """Term → (doc ids, weights) in CSR form; immutable once built."""

    vocab: dict[str, int]
    indptr: np.ndarray  # int64, len(vocab) + 1
    doc_ids: np.ndarray  # int32, grouped by term
    weights: np.ndarray  # float64, BM25 contribution of that term to that doc
    tfs: np.ndarray  # uint16 term frequency per entry, kept so a reload re-tokenizes nothing
    idf: np.ndarray  # float64 per term id
    doc_len: np.ndarray  # int32 per doc
    n_docs: int
    avgdl: float

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
        return cls._assemble(vocab, entries, np.array(lengths, dtype=np.int32), k1, b)

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
        doc_len[new_row_of_old[kept]] = old.doc_len[kept]
        entries = _Entries()
        for row, doc in new_docs:
            entries.add(row, doc, vocab)
            doc_len[row] = len(doc)
        if np.all(np.diff(new_row_of_old[kept]) > 0):
            return cls._merged(old, new_row_of_old, entries, vocab, doc_len, k1, b)
        old_terms = np.repeat(np.arange(len(old.vocab), dtype=np.int32), np.diff(old.indptr))
        old_rows = new_row_of_old[old.doc_ids]
        keep = old_rows >= 0
        entries.prepend(old_terms[keep], old_rows[keep], old.tfs[keep])
        return cls._assemble(vocab, entries, doc_len, k1, b)

    @classmethod
    def _merged(
        cls,
        old: BM25Index,
        new_row_of_old: np.ndarray,
        entries: _Entries,
        vocab: dict[str, int],
        doc_len: np.ndarray,
        k1: float,
        b: float,
    ) -> BM25Index:
        """A rebuild where the kept documents keep their order (the usual reload: a file
        edited, added or removed). Old entries then stay sorted by (term, document), so the
        few new ones are inserted where they belong instead of sorting everything again."""
        remapped = new_row_of_old[old.doc_ids]
        keep = remapped >= 0
        rows = remapped[keep]
        del remapped
        tfs = old.tfs[keep]
        # Entries kept before each term's start: its old start less the (few) dropped before.
        dropped = np.flatnonzero(~keep)
        kept_indptr = old.indptr - np.searchsorted(dropped, old.indptr)
        del dropped, keep
        new_terms, new_docs, new_tfs = entries.arrays()
        order = np.lexsort((new_docs, new_terms))
        new_terms, new_docs, new_tfs = new_terms[order], new_docs[order], new_tfs[order]
        n_old_terms = len(old.vocab)
        at = np.empty(len(new_terms), dtype=np.int64)
        for i, (term, row) in enumerate(zip(new_terms.tolist(), new_docs.tolist(), strict=True)):
            if term >= n_old_terms:
                at[i] = len(rows)  # a new word: after every old one, in (term, doc) order
                continue
            start, end = kept_indptr[term], kept_indptr[term + 1]
            at[i] = start + np.searchsorted(rows[start:end], row)
        df = np.zeros(len(vocab), dtype=np.int64)
        df[:n_old_terms] = np.diff(kept_indptr)
        df += np.bincount(new_terms, minlength=len(vocab))
        doc_ids = np.insert(rows, at, new_docs).astype(np.int32, copy=False)
        tf_sorted = np.insert(tfs, at, new_tfs).astype(np.uint16, copy=False)
        return cls._weighted(vocab, doc_ids, tf_sorted, df, doc_len, k1, b)

    @classmethod
    def _assemble(
        cls, vocab: dict[str, int], entries: _Entries, doc_len: np.ndarray, k1: float, b: float
    ) -> BM25Index:
        """CSR arrays and BM25 weights from (term, doc, tf) entries, freeing each intermediate
        as soon as possible: at 100k postings each one is 20-40 MB."""
        in_doc_order = entries.in_doc_order
        terms, docs, tfs = entries.arrays()
        df = np.bincount(terms, minlength=len(vocab))
        # By term, then document. Entries arrive in document order unless a rebuild
        # prepended remapped old ones, so a stable sort on the term alone usually suffices.
        order = np.argsort(terms, kind="stable") if in_doc_order else np.lexsort((docs, terms))
        del terms
        doc_ids = docs[order]
        del docs
        tf_sorted = tfs[order]
        del order, tfs
        return cls._weighted(vocab, doc_ids, tf_sorted, df, doc_len, k1, b)

    @classmethod
    def _weighted(
        cls,
        vocab: dict[str, int],
        doc_ids: np.ndarray,
        tf_sorted: np.ndarray,
        df: np.ndarray,
        doc_len: np.ndarray,
        k1: float,
        b: float,
    ) -> BM25Index:
        """The index from entries sorted by (term, document), weights computed in slices so
        that no temporary is as large as the index itself."""
        n_docs = len(doc_len)
        idfs = np.log1p((n_docs - df + 0.5) / (df + 0.5))
        avgdl = float(doc_len.sum()) / n_docs if n_docs else 0.0
        indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        weights = np.empty(len(doc_ids), dtype=np.float64)
        if len(weights):
            norm = k1 * (1 - b + b * doc_len / avgdl)
            term_of = np.repeat(np.arange(len(df), dtype=np.int32), df)
            for start in range(0, len(weights), _SLICE):
                end = min(start + _SLICE, len(weights))
                term = term_of[start:end]
                # idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))
                tf = tf_sorted[start:end].astype(np.float64)
                part = weights[start:end]
                np.add(norm[doc_ids[start:end]], tf, out=part)
                np.divide(tf * (k1 + 1), part, out=part)
                part *= idfs[term]
        return cls(
            vocab=vocab,
            indptr=indptr,
            doc_ids=doc_ids,
            weights=weights,
            tfs=tf_sorted,
            idf=idfs,
            doc_len=doc_len,
            n_docs=n_docs,
            avgdl=avgdl,
        )

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """(doc ids, weights) of one term; empty arrays for an unknown term."""
        t = self.vocab.get(term)
        if t is None:
            return self.doc_ids[:0], self.weights[:0]
        start, end = self.indptr[t], self.indptr[t + 1]
        return self.doc_ids[start:end], self.weights[start:end]

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
            ids = self.postings(term)[0]  # already ascending: built with a stable sort
            result = ids if result is None else np.intersect1d(result, ids, assume_unique=True)
            if not len(result):
                break
        return result if result is not None else np.zeros(0, np.int32)
