"""schema.org `JobPosting` objects: found in pages (JSON-LD or microdata), read into postings.

Career sites and job boards embed the posting they show as structured data for search
engines. `jobpostings_in_html` finds every `JobPosting` a page holds; `jsonld_hints` maps one
to the fields ingestion reads (title, hiringOrganization, jobLocation, jobLocationType
TELECOMMUTE, applicantLocationRequirements, employmentType, baseSalary, datePosted,
validThrough, url, ...); `posting_from_jsonld` builds the posting, its description's text
filling whatever the structured fields leave out. Walks over the data are bounded in depth
and in size, however the page nests it.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from jobbot.models import Posting

MAX_DEPTH = 12
MAX_NODES = 20_000
_TYPE = re.compile(r"(?:^|[/:#])JobPosting$")
_SCRIPT_NOISE = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$|^\s*<!--|-->\s*$")
_TAG = re.compile(r"<[A-Za-z/!][^<>]{0,500}>")


def is_job_posting(value: Any) -> bool:
    """True for a mapping whose `@type` is (or includes) `JobPosting`."""
    if not isinstance(value, Mapping):
        return False
    kind = value.get("@type", value.get("type"))
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and _TYPE.search(k.strip()) for k in kinds)


def find_job_postings(data: Any) -> list[dict[str, Any]]:
    """Every `JobPosting` mapping inside `data` (a JSON-LD document: an object, a list, an
    `@graph`, or a page object whose `mainEntity` is the posting), outermost first."""
    found: list[dict[str, Any]] = []
    named: dict[str, Mapping[str, Any]] = {}  # `@id` → node, for references in a `@graph`
    stack: list[tuple[Any, int]] = [(data, 0)]
    visited = 0
    while stack and visited < MAX_NODES:
        value, depth = stack.pop()
        visited += 1
        if depth > MAX_DEPTH:
            continue
        if is_job_posting(value):
            found.append(dict(value))
            continue  # a posting's own parts (its organisation, its place) hold no postings
        if isinstance(value, Mapping):
            node_id = value.get("@id")
            if isinstance(node_id, str) and len(value) > 1:
                named.setdefault(node_id, value)
            children = list(value.values())
        elif isinstance(value, list):
            children = value
        else:
            continue
        stack.extend((child, depth + 1) for child in reversed(children[:MAX_NODES]))
    if named:
        for posting in found:
            _resolve_references(posting, named)
    return found


_REFERENCED = ("hiringOrganization", "jobLocation", "applicantLocationRequirements")


def _resolve_references(posting: dict[str, Any], named: Mapping[str, Mapping[str, Any]]) -> None:
    """`"hiringOrganization": {"@id": "#org"}` replaced by the `#org` node of the graph."""
    for key in _REFERENCED:
        value = posting.get(key)
        items = value if isinstance(value, list) else [value]
        resolved = []
        for item in items[:50]:
            if isinstance(item, Mapping) and set(item) == {"@id"}:
                item = named.get(str(item["@id"]), item)
            resolved.append(item)
        if value is not None:
            posting[key] = resolved if isinstance(value, list) else resolved[0]


def jobpostings_in_html(html_text: str | LexborHTMLParser) -> list[dict[str, Any]]:
    """The `JobPosting` objects a page embeds, from JSON-LD scripts and from microdata.

    A script that is not valid JSON is skipped (pages ship broken ones). `DocumentError`
    only for a page nested absurdly deep (see `html.parse_html`)."""
    from jobbot.ingest.html import parse_html

    tree = parse_html(html_text) if isinstance(html_text, str) else html_text
    found: list[dict[str, Any]] = []
    for script in tree.css("script"):
        kind = (script.attributes.get("type") or "").lower()
        if "ld+json" not in kind:
            continue
        data = _loads(script.text(deep=True) or "")
        if data is not None:
            found.extend(find_job_postings(data))
    found.extend(microdata_job_postings(tree))
    return found


def _loads(text: str) -> Any:
    text = _SCRIPT_NOISE.sub("", text.strip())
    if not text:
        return None
    try:
        return json.loads(text, strict=False)
    except (ValueError, RecursionError):
        return None


# --- microdata -------------------------------------------------------------------------------


def microdata_job_postings(tree: LexborHTMLParser) -> list[dict[str, Any]]:
    """`itemscope itemtype=".../JobPosting"` elements as JSON-LD-shaped mappings."""
    items = []
    for node in tree.css("[itemscope][itemtype]")[:100]:
        if _TYPE.search((node.attributes.get("itemtype") or "").strip()):
            items.append(_microdata_item(node))
    return items


def _microdata_item(root: LexborNode) -> dict[str, Any]:
    """An item's properties, nested items included, read with an explicit stack: the value
    of `itemprop` elements per the HTML spec (content, href, datetime, else text)."""
    top: dict[str, Any] = {"@type": (root.attributes.get("itemtype") or "").rsplit("/", 1)[-1]}
    stack: list[tuple[LexborNode, dict[str, Any], int]] = []
    _push_children(stack, root, top, 0)
    visited = 0
    while stack and visited < MAX_NODES:
        node, item, depth = stack.pop()
        visited += 1
        attrs = node.attributes
        prop = (attrs.get("itemprop") or "").strip()
        if prop and "itemscope" in attrs and depth < MAX_DEPTH:
            nested = {"@type": (attrs.get("itemtype") or "").rsplit("/", 1)[-1]}
            for name in prop.split():
                _add(item, name, nested)
            _push_children(stack, node, nested, depth + 1)
            continue
        if prop:
            value = _microdata_value(node)
            for name in prop.split():
                _add(item, name, value)
            if node.tag not in {"meta", "link", "time", "data", "a", "img"}:
                continue
        if "itemscope" in attrs:
            continue  # an unrelated item inside this one keeps its properties
        _push_children(stack, node, item, depth + 1)
    return top


def _push_children(
    stack: list[tuple[LexborNode, dict[str, Any], int]],
    node: LexborNode,
    item: dict[str, Any],
    depth: int,
) -> None:
    if depth > MAX_DEPTH * 4:
        return
    children = []
    child = node.child
    while child is not None:
        if child.tag and not child.tag.startswith("-"):
            children.append(child)
        child = child.next
    stack.extend((c, item, depth) for c in reversed(children))


def _microdata_value(node: LexborNode) -> str:
    attrs = node.attributes
    tag = node.tag
    for name, tags in (
        ("content", None),
        ("datetime", {"time"}),
        ("href", {"a", "link", "area"}),
        ("src", {"img", "audio", "video", "source"}),
        ("value", {"data", "meter"}),
    ):
        if (tags is None or tag in tags) and attrs.get(name):
            return str(attrs[name])
    if node.attributes.get("itemprop", "").strip() == "description":
        return node.html or ""
    return " ".join((node.text(deep=True) or "").split())


def _add(item: dict[str, Any], name: str, value: Any) -> None:
    if name not in item:
        item[name] = value
    elif isinstance(item[name], list):
        item[name].append(value)
    else:
        item[name] = [item[name], value]


# --- JobPosting → fields ---------------------------------------------------------------------


def _text(value: Any) -> str | None:
    """A schema.org text value: a string, a number, a `{"@value": ...}` or `{"name": ...}`."""
    if isinstance(value, list):
        value = next((v for v in value if _text(v)), None)
    if isinstance(value, Mapping):
        value = value.get("@value", value.get("name", value.get("value")))
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = " ".join(_TAG.sub(" ", str(value)).split())
        return text or None
    return None


def _names(value: Any) -> list[str]:
    """Names in a value that may be a string, a `{"name": ...}`, or a list of either."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items[:50]:
        name = _text(item)
        if name and name not in names:
            names.append(name)
    return names


def _is_telecommute(value: Any) -> bool:
    kinds = value if isinstance(value, list) else [value]
    return any(isinstance(k, str) and "telecommute" in k.lower() for k in kinds)


def jsonld_hints(posting: Mapping[str, Any]) -> dict[str, Any]:
    """A `JobPosting` mapping as the fields ingestion reads (keyed as front matter is), plus
    `description` (HTML or text) under its own key. Missing or odd values are left out."""
    data = {str(k).split(":")[-1]: v for k, v in posting.items()}
    hints: dict[str, Any] = {}
    title = _text(data.get("title")) or _text(data.get("name"))
    if title:
        hints["title"] = title
    company = _names(data.get("hiringOrganization"))
    if company:
        hints["company"] = company[0]
    location = data.get("jobLocation")
    remote = _is_telecommute(data.get("jobLocationType"))
    regions = _names(data.get("applicantLocationRequirements"))
    if location:
        hints["location"] = location
    elif regions:
        hints["location"] = " / ".join(regions)
    if remote:
        hints["workplace"] = ["remote"]
    for key, target in (
        ("employmentType", "employment_type"),
        ("datePosted", "date_posted"),
        ("validThrough", "valid_through"),
        ("industry", "department"),
        ("occupationalCategory", "department"),
    ):
        value = data.get(key)
        if value is not None and target not in hints:
            hints[target] = value if key == "employmentType" else _text(value)
    salary = data.get("baseSalary") or data.get("estimatedSalary")
    if isinstance(salary, list):
        salary = next((s for s in salary if isinstance(s, Mapping)), salary[0] if salary else None)
    if salary is not None:
        hints["salary"] = salary
        if (
            isinstance(salary, Mapping)
            and not salary.get("currency")
            and data.get("salaryCurrency")
        ):
            hints["salary"] = {**salary, "currency": data["salaryCurrency"]}
    experience = data.get("experienceRequirements")
    if isinstance(experience, Mapping) and experience.get("monthsOfExperience") is not None:
        with contextlib.suppress(TypeError, ValueError):
            hints["experience"] = int(float(experience["monthsOfExperience"]) // 12)
    elif _text(experience):
        hints["experience"] = _text(experience)
    skills = data.get("skills")
    if isinstance(skills, str | list):
        hints["skills"] = _names(skills) if isinstance(skills, list) else skills
    url = _text(data.get("url")) or _text(data.get("sameAs"))
    if url:
        hints["url"] = url
    identifier = _text(data.get("identifier"))
    if identifier:
        hints["identifier"] = identifier
    description = data.get("description")
    if isinstance(description, str):
        if "&lt;" in description and "<" not in description:
            description = html.unescape(description)  # Greenhouse escapes its markup once
        hints["description"] = description
    return hints


def posting_from_jsonld(
    posting: Mapping[str, Any],
    *,
    source: str,
    content_hash: str = "",
    page_text: str = "",
    posting_id: str | None = None,
) -> Posting:
    """One schema.org `JobPosting` as a `Posting`: its structured fields first, the text of
    its `description` (else `page_text`) for everything they leave out (skills, experience,
    visa, a salary only the text states). `DocumentError` when it has no title."""
    from jobbot.ingest.assemble import posting_from_parts
    from jobbot.ingest.html import html_to_text

    hints = jsonld_hints(posting)
    description = hints.pop("description", "")
    hints.pop("identifier", None)
    text = html_to_text(description) if description else page_text
    return posting_from_parts(
        text, hints=hints, source=source, content_hash=content_hash, posting_id=posting_id
    )


def iter_strings(value: Any, depth: int = 0) -> Iterator[str]:
    """Every string inside a JSON value, depth-bounded (for a record's text fallback)."""
    if depth > MAX_DEPTH:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in list(value.values())[:200]:
            yield from iter_strings(item, depth + 1)
    elif isinstance(value, list):
        for item in value[:200]:
            yield from iter_strings(item, depth + 1)
