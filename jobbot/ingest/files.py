"""The file-system edge of ingestion: walking knowledge directories and decoding files.

Every problem with a file (unreadable, binary, not UTF-8, malformed front matter, a link
leading out of the knowledge directory, a pipe or device) becomes a `FileError` naming the
file and the reason; the other files still load. Names are shown escaped in logs, so a
newline in a file name cannot forge a log line.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple, TypeVar

from jobbot.ingest.errors import DocumentError
from jobbot.ingest.parse import SUFFIXES, parse_text
from jobbot.ingest.text import escape_name
from jobbot.models import Corpus, FAQEntry, FileError, Posting

log = logging.getLogger(__name__)
ItemT = TypeVar("ItemT", Posting, FAQEntry)

MAX_FILE_BYTES = 2 * 1024 * 1024
_SUFFIX_LIST = ", ".join(sorted(SUFFIXES))
FileResult = tuple[list[Posting], list[FAQEntry], list[FileError]]


class FileEntry(NamedTuple):
    """One file found under a knowledge directory, as the walk saw it (a tuple: a walk over
    100,000 files makes 100,000 of them)."""

    path: str
    source: str  # path relative to the knowledge directory, with `/`
    size: int = 0
    mtime_ns: int = 0
    problem: str | None = None  # why it will not be read, when it will not

    @property
    def stamp(self) -> tuple[int, int]:
        """What says the file changed: its size and modification time."""
        return self.size, self.mtime_ns


def scan(root: Path) -> list[FileEntry]:
    """Every visible file under `root` (hidden files and folders such as `.git/` skipped),
    sorted by path. Links are followed only while they stay inside `root`; a link leading out
    of it, a link to a folder, a pipe or a device is listed with the reason it is not read."""
    base = Path(os.path.realpath(root))
    found: list[FileEntry] = []
    stack: list[tuple[str, str]] = [(str(root), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listing = list(entries)
        except OSError as exc:
            found.append(FileEntry(folder, prefix.rstrip("/") or ".", problem=_os(exc)))
            continue
        for entry in listing:
            if entry.name.startswith("."):
                continue
            source = prefix + entry.name
            path = entry.path
            try:
                if entry.is_symlink():
                    found.append(_linked(path, source, base))
                elif entry.is_dir(follow_symlinks=False):
                    stack.append((path, source + "/"))
                else:
                    found.append(
                        _entry(path, source, entry.stat(follow_symlinks=False), entry.name)
                    )
            except OSError as exc:
                found.append(FileEntry(path, source, problem=_os(exc)))
    found.sort(key=lambda e: e.source)
    return found


def _os(exc: OSError) -> str:
    return f"cannot read the file: {exc.strerror or exc}"


def _linked(path: str, source: str, base: Path) -> FileEntry:
    """A symbolic link: read through only when its target stays inside the directory."""
    target = Path(os.path.realpath(path))
    if target != base and base not in target.parents:
        return FileEntry(
            path, source, problem="a link to outside the knowledge directory; not read"
        )
    info = os.stat(target)
    if stat.S_ISDIR(info.st_mode):
        return FileEntry(
            path, source, problem="a link to a folder; not followed (its files are read where "
            "they are)"
        )  # fmt: skip
    return _entry(path, source, info)


def _entry(path: str, source: str, info: os.stat_result, name: str = "") -> FileEntry:
    if not stat.S_ISREG(info.st_mode):
        return FileEntry(path, source, problem="not a regular file (a pipe, socket or device)")
    name = name or os.path.basename(path)
    dot = name.rfind(".")
    problem = None
    if dot <= 0 or name[dot:].lower() not in SUFFIXES:
        problem = f"not read: only {_SUFFIX_LIST} files hold knowledge"
    elif info.st_size > MAX_FILE_BYTES:
        problem = (
            f"too large for a knowledge file ({info.st_size // 1024} KiB; the limit is "
            f"{MAX_FILE_BYTES // 1024 // 1024} MiB)"
        )
    return FileEntry(path, source, info.st_size, info.st_mtime_ns, problem)


_make = FileEntry._make


def knowledge_files(root: Path) -> Iterator[Path]:
    """The knowledge files under `root` that will be read, in a stable order."""
    return (Path(entry.path) for entry in scan(root) if entry.problem is None)


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


def read_entry(entry: FileEntry) -> FileResult:
    """One listed file's postings, FAQ entries and errors."""
    source = entry.source
    if entry.problem is not None:
        return [], [], [FileError(source=source, message=entry.problem)]
    try:
        with open(entry.path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise DocumentError(
                f"too large for a knowledge file (over {MAX_FILE_BYTES // 1024 // 1024} MiB)"
            )
        if not data.strip():
            raise DocumentError("the file is empty")
        parsed = parse_text(decode(data), source, hashlib.sha256(data).hexdigest()[:16])
    except DocumentError as exc:
        return [], [], [FileError(source=source, message=str(exc))]
    except OSError as exc:
        return [], [], [FileError(source=source, message=_os(exc))]
    except RecursionError:
        return [], [], [FileError(source=source, message="nested too deeply to read")]
    errors = [FileError(source=source, message=message) for message in parsed.errors]
    return parsed.postings, parsed.faq, errors


def load_file(path: Path, root: Path) -> FileResult:
    """One file's postings, FAQ entries and errors; for loading everything or one changed file.

    The same rules as a directory walk: a link out of `root` or a pipe is refused by name."""
    path, root = Path(path), Path(root)
    source = path.relative_to(root).as_posix()
    try:
        if path.is_symlink():
            entry = _linked(str(path), source, Path(os.path.realpath(root)))
        else:
            entry = _entry(str(path), source, os.stat(path))
    except OSError as exc:
        return [], [], [FileError(source=source, message=_os(exc))]
    if entry.problem and entry.problem.startswith("not read: only"):
        entry = entry._replace(problem=None)  # asked for by name: read it
    return read_entry(entry)


def assemble(results: Iterable[FileResult]) -> Corpus:
    """One corpus from per-file results in order, the first of each id winning. (One pass
    with the id check inline: at 100,000 files it runs on every reload.)"""
    corpus = Corpus()
    postings_out, faq_out, errors_out = corpus.postings, corpus.faq, corpus.errors
    posting_ids: dict[str, str] = {}
    faq_ids: dict[str, str] = {}
    for postings, faq, errors in results:
        if errors:
            errors_out.extend(errors)
        for posting in postings:
            if posting.id in posting_ids:
                errors_out.append(_reused(posting, posting_ids))
            else:
                posting_ids[posting.id] = posting.source
                postings_out.append(posting)
        if faq:
            faq_out.extend(first_of_each_id(faq, faq_ids, errors_out))
    return corpus


def _reused(item: Posting | FAQEntry, seen: dict[str, str]) -> FileError:
    message = f"id {item.id!r} is already used by {seen[item.id]}; skipped"
    return FileError(source=item.source, message=message)


def log_errors(errors: Sequence[FileError]) -> None:
    for error in errors:
        log.warning(
            "knowledge file %s skipped: %s", escape_name(error.source), escape_name(error.message)
        )


def first_of_each_id(
    items: Sequence[ItemT], seen: dict[str, str], errors: list[FileError]
) -> list[ItemT]:
    """Items whose id is new; a reused id becomes an error naming the file that has it."""
    kept: list[ItemT] = []
    for item in items:
        if item.id in seen:
            errors.append(_reused(item, seen))
            continue
        seen[item.id] = item.source
        kept.append(item)
    return kept
