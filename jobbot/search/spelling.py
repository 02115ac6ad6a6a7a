"""Typo correction against a known vocabulary, without a model: "responsibilites",
"microservces", "carrer" and "pyhton" are one edit away from a word the knowledge uses.

Candidates come from a delete index (SymSpell): every word is stored under each string one
deletion away, so a lookup costs a few dictionary probes, not a pass over the vocabulary.
A word is only corrected when it is unknown and long enough that one edit is unlikely to
turn one real word into another ("bake" is never read as "make").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

MIN_LENGTH = 5
"""Shorter words are left alone: at four letters one edit reaches too many other words."""
MAX_LENGTH = 30


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein plus adjacent transpositions)."""
    if a == b:
        return 0
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def _other_ending(word: str, candidate: str) -> bool:
    """Whether the one edit between them is only in how the word ends: a different last
    letter ("reach"/"react", "teacher"/"teaches", "tester"/"tested") or an agent's "-r"
    ("writer"/"write"). Typos happen inside words; English makes these endings on purpose."""
    if len(word) == len(candidate) and word[:-1] == candidate[:-1]:
        return True
    return word == candidate + "r"


@dataclass(frozen=True)
class Speller:
    """Known words (with how often they occur) and their one-deletion neighbours."""

    counts: dict[str, int] = field(default_factory=dict)
    neighbours: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def build(cls, words: Iterable[str]) -> Speller:
        counts = Counter(w for w in words if w.isalpha() and MIN_LENGTH - 1 <= len(w) <= MAX_LENGTH)
        neighbours: dict[str, set[str]] = {}
        for word in counts:
            for variant in _deletes(word):
                neighbours.setdefault(variant, set()).add(word)
        return cls(dict(counts), {k: tuple(sorted(v)) for k, v in neighbours.items()})

    def __contains__(self, word: str) -> bool:
        return word in self.counts

    def correct(
        self, word: str, min_length: int = MIN_LENGTH, within: Collection[str] | None = None
    ) -> str | None:
        """The known word one edit from `word` (the most frequent, if several), or None
        when `word` is known, too short, or nothing is that close. `within`: only these
        words may be the correction."""
        if word in self.counts or not word.isalpha() or not min_length <= len(word) <= MAX_LENGTH:
            return None
        candidates: set[str] = set()
        for variant in (word, *_deletes(word)):
            candidates.update(self.neighbours.get(variant, ()))
            if variant in self.counts:
                candidates.add(variant)
        close = [
            c
            for c in candidates
            if distance(word, c) == 1
            and c[0] == word[0]
            and (within is None or c in within)
            and not _other_ending(word, c)
        ]
        if not close:
            return None
        return max(close, key=lambda c: (self.counts[c], c))
