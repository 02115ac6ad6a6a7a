"""Reading knowledge directories into postings and FAQ entries.

PLACEHOLDER: a minimal loader so the rest of the system can run; replaced by the full
ingestion (issue 2).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import frontmatter

from jobbot.models import Corpus, FAQEntry, FileError, Posting

SUFFIXES = {".md", ".markdown", ".txt"}


def load_directories(directories: Iterable[Path]) -> Corpus:
    """Load every knowledge file under the directories; bad files become `FileError`s."""
    corpus = Corpus()
    for directory in directories:
        for path in sorted(p for p in Path(directory).rglob("*") if p.suffix in SUFFIXES):
            source = path.relative_to(directory).as_posix()
            try:
                post = frontmatter.loads(path.read_text(encoding="utf-8"))
            except Exception as exc:
                corpus.errors.append(FileError(source=source, message=str(exc)))
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
            if "question" in post.metadata:
                corpus.faq.append(
                    FAQEntry(
                        id=source,
                        question=str(post["question"]),
                        answer=post.content.strip(),
                        source=source,
                    )
                )
                continue
            first = (post.content.strip().splitlines() or [path.stem])[0].lstrip("# ")
            corpus.postings.append(
                Posting(
                    id=source,
                    title=str(post.metadata.get("title") or first),
                    description=post.content,
                    source=source,
                    content_hash=digest,
                )
            )
    return corpus
