"""Long replies are split without losing text and within the limit."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from jobbot.chunking import split_text, truncate


@given(st.text(max_size=3000), st.integers(min_value=1, max_value=500))
def test_split_keeps_every_word_within_limit(text: str, limit: int) -> None:
    chunks = split_text(text, limit)
    assert all(0 < len(chunk) <= limit for chunk in chunks)
    assert "".join("".join(chunks).split()) == "".join(text.split())


def test_split_prefers_paragraphs() -> None:
    text = "first paragraph\n\nsecond paragraph"
    assert split_text(text, 20) == ["first paragraph", "second paragraph"]


def test_truncate_marks_cut() -> None:
    assert truncate("abcdefghij", 5) == "abcd…"
    assert truncate("abc", 5) == "abc"
