"""The file-system edge of ingestion: walking knowledge directories and decoding files.

Every problem with a file (unreadable, binary, not UTF-8, malformed front matter) becomes a
`FileError` naming the file and the reason; the other files still load.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from jobbot.ingest.errors import DocumentError
from jobbot.ingest.parse import parse_text
from jobbot.models import Corpus, FAQEntry, FileError, Posting

log = logging.getLogger(__name__)
ItemT = TypeVar("ItemT", Posting, FAQEntry)

SUFFIXES = frozenset({".md", ".markdown", ".txt"})
MAX_FILE_BYTES = 2 * 1024 * 1024


def _visible_files(root: Path) -> Iterator[Path]:
    """Files under `root` in a stable order, skipping hidden files and folders (`.git/`)."""
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if not any(part.startswith(".") for part in relative.parts) and path.is_file():
            yield path


def knowledge_files(root: Path) -> Iterator[Path]:
    """The knowledge files under `root`: `.md`, `.markdown` and `.txt`, in a stable order."""
    return (path for path in _visible_files(root) if path.suffix.lower() in SUFFIXES)


def decode(data: bytes) -> str:
    """Bytes as text, or `DocumentError` explaining why they are not a text file."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise DocumentError("starts like UTF-16 text but is not valid UTF-16") from None
    if b"\x00" in data:
        raise DocumentError("binary data (contains NUL bytes), not a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise DocumentError(
            f"not valid UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); "
            "save the file as UTF-8"
        ) from None


def load_file(path: Path, root: Path) -> tuple[list[Posting], list[FAQEntry], list[FileError]]:
    """One file's postings, FAQ entries and errors; for loading everything or one changed file."""
    source = path.relative_to(root).as_posix()
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DocumentError(
                f"too large for a knowledge file ({size // 1024} KiB; the limit is "
                f"{MAX_FILE_BYTES // 1024 // 1024} MiB)"
            )
        data = path.read_bytes()
        if not data.strip():
            raise DocumentError("the file is empty")
        parsed = parse_text(decode(data), source, hashlib.sha256(data).hexdigest()[:16])
    except DocumentError as exc:
        return [], [], [FileError(source=source, message=str(exc))]
    except OSError as exc:
        return [], [], [FileError(source=source, message=f"cannot read the file: {exc.strerror}")]
    return parsed.postings, parsed.faq, []


def load_directories(directories: Iterable[Path]) -> Corpus:
    """Every knowledge file under the directories; each bad file becomes a `FileError`.

    Ids must be unique across all directories: a later file reusing an id is reported
    rather than silently replacing the earlier one.
    """
    corpus = Corpus()
    posting_ids: dict[str, str] = {}
    faq_ids: dict[str, str] = {}
    for directory in directories:
        root = Path(directory)
        if not root.is_dir():
            corpus.errors.append(FileError(source=str(root), message="no such knowledge directory"))
            continue
        for path in _visible_files(root):
            if path.suffix.lower() not in SUFFIXES:
                corpus.errors.append(
                    FileError(
                        source=path.relative_to(root).as_posix(),
                        message="not read: only .md, .markdown and .txt files hold knowledge",
                    )
                )
                continue
            postings, faq, errors = load_file(path, root)
            corpus.errors.extend(errors)
            corpus.postings.extend(first_of_each_id(postings, posting_ids, corpus.errors))
            corpus.faq.extend(first_of_each_id(faq, faq_ids, corpus.errors))
    for error in corpus.errors:
        log.warning("knowledge file %s skipped: %s", error.source, error.message)
    return corpus


def first_of_each_id(
    items: Sequence[ItemT], seen: dict[str, str], errors: list[FileError]
) -> list[ItemT]:
    """Items whose id is new; a reused id becomes an error naming the file that has it."""
    kept: list[ItemT] = []
    for item in items:
        if item.id in seen:
            message = f"id {item.id!r} is already used by {seen[item.id]}; skipped"
            errors.append(FileError(source=item.source, message=message))
            continue
        seen[item.id] = item.source
        kept.append(item)
    return kept
