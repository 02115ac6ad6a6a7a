"""`.json` files: one posting object, a list of them, JSON Lines, or an export wrapping a list.

A posting object is a schema.org `JobPosting` (JSON-LD) or a flat record with the usual
column names (`title`, `company`, `location`, ...). Exports often wrap the list
(`{"jobs": [...]}`, `{"data": {"results": [...]}}`, a JSON-LD `@graph`): the first list of
objects found within a few levels is taken.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from jobbot.ingest.errors import DocumentError
from jobbot.ingest.jsonld import find_job_postings, is_job_posting
from jobbot.ingest.records import field_of

MAX_DEPTH = 4
MAX_ITEMS = 50_000


def _load(text: str) -> tuple[list[Any], list[str]]:
    """The file's JSON values, one document or one per line (JSON Lines), and a message for
    each line of JSON Lines that could not be read (the other lines still load)."""
    try:
        return [json.loads(text)], []
    except RecursionError:
        raise DocumentError("JSON nested too deeply") from None
    except ValueError as whole:
        values = []
        errors: list[str] = []
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                values.append(json.loads(line))
            except RecursionError:
                errors.append(f"line {number}: JSON nested too deeply")
            except ValueError:
                if not values and not errors:
                    raise DocumentError(f"not valid JSON: {_describe(whole)}") from None
                errors.append(f"line {number}: not valid JSON")
        if not values:
            raise DocumentError(f"not valid JSON: {errors[0]}") from None
        return values, errors


def _describe(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} (line {exc.lineno}, column {exc.colno})"
    return str(exc).split(";")[0]


def is_record(value: Any) -> bool:
    """A mapping that reads like one posting: a JobPosting, or a title plus another field."""
    if not isinstance(value, Mapping):
        return False
    if is_job_posting(value):
        return True
    fields = {field_of(str(key)) for key in value}
    return "title" in fields and len(fields - {None}) >= 2


def json_postings(text: str) -> list[Mapping[str, Any]]:
    """The posting objects in a JSON file, in order; `DocumentError` when it holds none."""
    return json_postings_and_errors(text)[0]


def json_postings_and_errors(text: str) -> tuple[list[Mapping[str, Any]], list[str]]:
    """The posting objects in a JSON file, in order, and why any line of JSON Lines was
    skipped; `DocumentError` when it holds none."""
    found: list[Mapping[str, Any]] = []
    values, errors = _load(text)
    for value in values:
        found.extend(_postings_in(value))
        if len(found) > MAX_ITEMS:
            raise DocumentError(f"more than {MAX_ITEMS:,} postings; split the file")
    if not found:
        raise DocumentError(
            "no job posting found in the JSON: expected a JobPosting object, a list of them, "
            "JSON Lines, or objects with a `title`"
            + (f" ({len(errors)} lines not valid JSON)" if errors else "")
        )
    return found, errors


def _postings_in(value: Any, depth: int = 0) -> list[Mapping[str, Any]]:
    if depth > MAX_DEPTH:
        return []
    if is_record(value):
        return [value]
    if isinstance(value, list):
        items = [item for item in value[: MAX_ITEMS + 1] if is_record(item)]
        if items:
            return items
        return [p for item in value[:100] for p in _postings_in(item, depth + 1)]
    if isinstance(value, Mapping):
        postings = find_job_postings(value.get("@graph")) if "@graph" in value else []
        if postings:
            return postings
        for inner in value.values():
            if isinstance(inner, list | Mapping):
                found = _postings_in(inner, depth + 1)
                if found:
                    return found
    return []
