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


def idf(n_docs: int, doc_freq: float) -> float:
    """Lucene's BM25 IDF: never negative, smaller for more common terms."""
    return math.log(1.0 + (n_docs - doc_freq + 0.5) / (doc_freq + 0.5))


class MonotoneBM25(BM25Okapi):
    """rank-bm25's BM25Okapi with an IDF that cannot rank a common term above a rare one."""

    def _calc_idf(self, nd: dict[str, int]) -> None:
        for word, freq in nd.items():
            self.idf[word] = idf(self.corpus_size, freq)
        self.average_idf = sum(self.idf.values()) / max(1, len(self.idf))


@dataclass(frozen=True)
class BM25Index:
    """Term → (doc ids, weights) in CSR form; immutable once built."""

    vocab: dict[str, int]
    indptr: np.ndarray  # int64, len(vocab) + 1
    doc_ids: np.ndarray  # int32, grouped by term
    weights: np.ndarray  # float64, BM25 contribution of that term to that doc
    idf: np.ndarray  # float64 per term id
    doc_len: np.ndarray  # int32 per doc
    n_docs: int
    avgdl: float

    @classmethod
    def build(cls, docs: Iterable[Sequence[str]], k1: float = K1, b: float = B) -> BM25Index:
        """Index tokenized documents, consumed one at a time so that a 100k-posting corpus
        never holds every token list at once; no documents gives an index matching nothing."""
        vocab: dict[str, int] = {}
        term_ids = array("i")  # one (term, tf) entry per distinct term per document
        tf_values = array("f")
        sizes = array("i")
        lengths = array("i")
        for doc in docs:
            counts = Counter(doc)
            lengths.append(len(doc))
            sizes.append(len(counts))
            term_ids.extend([vocab.setdefault(term, len(vocab)) for term in counts])
            tf_values.extend(counts.values())
        n_docs = len(lengths)
        doc_len = np.array(lengths, dtype=np.int32)
        terms = np.frombuffer(term_ids, dtype=np.int32) if term_ids else np.zeros(0, np.int32)
        df = np.bincount(terms, minlength=len(vocab))
        idfs = np.log1p((n_docs - df + 0.5) / (df + 0.5))
        avgdl = float(doc_len.sum()) / n_docs if n_docs else 0.0
        # Group entries by term first, then compute weights in that order, freeing each
        # intermediate as soon as possible: at 100k postings each one is 20-40 MB.
        order = np.argsort(terms, kind="stable")
        del terms, term_ids
        doc_ids = np.repeat(np.arange(n_docs, dtype=np.int32), np.array(sizes, np.int32))[order]
        tf_sorted = np.frombuffer(tf_values, dtype=np.float32)[order] if len(order) else None
        del order, tf_values
        weights = np.zeros(0) if tf_sorted is None else tf_sorted.astype(np.float64)
        del tf_sorted
        if len(weights):
            # idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))
            denominator = (k1 * (1 - b + b * doc_len / avgdl))[doc_ids]
            denominator += weights
            weights *= k1 + 1
            weights /= denominator
            del denominator
            weights *= np.repeat(idfs, df)
        indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        return cls(
            vocab=vocab,
            indptr=indptr,
            doc_ids=doc_ids,
            weights=weights,
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
