"""The inverted BM25 index scores exactly like rank-bm25, without its IDF floor flaw."""

from __future__ import annotations

import itertools
import random
from unittest.mock import patch

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from rank_bm25 import BM25Okapi

from jobbot.search import index as index_module
from jobbot.search.index import BM25Index, MonotoneBM25

WORDS = [f"w{i}" for i in range(40)]


def random_corpus(seed: int, n_docs: int) -> list[list[str]]:
    rng = random.Random(seed)
    # Zipf-like: low word ids are frequent, so some terms sit in most documents.
    return [
        [WORDS[min(int(rng.paretovariate(0.8)) - 1, 39)] for _ in range(rng.randint(1, 30))]
        for _ in range(n_docs)
    ]


@settings(max_examples=40, deadline=None)
@given(
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=1, max_value=60),
    st.lists(st.sampled_from([*WORDS, "unseen"]), min_size=1, max_size=6),
)
def test_scores_equal_rank_bm25(seed: int, n_docs: int, query: list[str]) -> None:
    docs = random_corpus(seed, n_docs)
    expected = MonotoneBM25(docs).get_scores(query)
    assert np.allclose(BM25Index.build(docs).scores(query), expected, rtol=1e-12, atol=1e-12)


def test_idf_strictly_falls_as_terms_get_more_common() -> None:
    docs = random_corpus(7, 80)
    ours = MonotoneBM25(docs)
    df = {w: sum(w in d for d in docs) for w in ours.idf}
    by_df = sorted(ours.idf, key=lambda w: df[w])
    for rarer, commoner in itertools.pairwise(by_df):
        if df[rarer] < df[commoner]:
            assert ours.idf[rarer] > ours.idf[commoner] > 0


def job_board() -> list[list[str]]:
    """A backend job board: 'backend' is in 90 of 100 postings, 'kafka' in 30."""
    docs = []
    for i in range(100):
        doc = ["engineer", "team", f"filler{i}"]
        if i < 90:
            doc.append("backend")
        if i % 10 < 3:
            doc.append("kafka")
        docs.append(doc)
    return docs


def test_plain_bm25okapi_floor_lets_a_common_term_outweigh_a_rare_one() -> None:
    plain = BM25Okapi(job_board())
    # The flaw this index avoids: the floored IDF of a term in 90% of postings beats the
    # genuine IDF of a term in 30% of them.
    assert plain.idf["backend"] > plain.idf["kafka"]


def test_common_term_never_outweighs_a_rare_one() -> None:
    docs = job_board()
    index = BM25Index.build(docs)
    assert index.term_idf("backend") < index.term_idf("kafka")
    scores = index.scores(["backend", "kafka"])
    only_kafka = [i for i, d in enumerate(docs) if "kafka" in d and "backend" not in d]
    only_backend = [i for i, d in enumerate(docs) if "backend" in d and "kafka" not in d]
    assert min(scores[only_kafka]) > max(scores[only_backend])


def test_matches_count_distinct_terms_per_document() -> None:
    index = BM25Index.build([["a", "b", "a"], ["a"], ["c"]])
    scores, matched = index.scores_and_matches(["a", "b", "a"])
    assert matched.tolist() == [2, 1, 0]
    assert np.allclose(scores, index.scores(["a", "b"]))


def test_docs_with_all_terms() -> None:
    index = BM25Index.build([["a", "b"], ["a"], ["b", "c", "a"], []])
    assert index.docs_with_all(["a", "b"]).tolist() == [0, 2]
    assert index.docs_with_all(["a", "zzz"]).tolist() == []


def test_empty_collection_matches_nothing() -> None:
    index = BM25Index.build([])
    assert index.scores(["python"]).shape == (0,)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=1, max_value=40),
    st.lists(st.sampled_from(["keep", "drop", "change", "insert"]), min_size=1, max_size=40),
    st.integers(min_value=0, max_value=5),
)
def test_rebuild_equals_a_fresh_build(seed: int, n_docs: int, fate: list[str], added: int) -> None:
    old_docs = random_corpus(seed, n_docs)
    changed = random_corpus(seed + 1, 2 * n_docs + added)
    new_docs: list[list[str]] = []
    new_row_of_old = np.full(n_docs, -1, dtype=np.int32)
    fresh: list[tuple[int, list[str]]] = []
    for i, doc in enumerate(old_docs):
        what = fate[i % len(fate)]
        if what == "drop":
            continue
        if what == "insert":  # a new document before this kept one: the rest move down
            fresh.append((len(new_docs), changed[n_docs + i]))
            new_docs.append(changed[n_docs + i])
        if what in ("keep", "insert"):
            new_row_of_old[i] = len(new_docs)
        else:
            doc = changed[i]
            fresh.append((len(new_docs), doc))
        new_docs.append(doc)
    for doc in changed[2 * n_docs :]:
        fresh.append((len(new_docs), doc))
        new_docs.append(doc)
    full = BM25Index.build(new_docs)
    old = BM25Index.build(old_docs)
    # Both ways of rebuilding: splicing the few changes in, and sorting everything again.
    for limit in (index_module.SPLICE_LIMIT, 0):
        with patch.object(index_module, "SPLICE_LIMIT", limit):
            rebuilt = BM25Index.rebuild(old, new_row_of_old, fresh, len(new_docs))
        for term in {*WORDS, "unseen"}:
            ids, weights = rebuilt.postings(term)
            full_ids, full_weights = full.postings(term)
            assert ids.tolist() == full_ids.tolist()
            assert np.allclose(weights, full_weights, rtol=1e-12, atol=1e-12)
            assert rebuilt.term_idf(term) == full.term_idf(term) or term not in full.vocab
        assert rebuilt.doc_len.tolist() == full.doc_len.tolist()
