"""Flat records (a CSV row, an object in a JSON export) read by their usual column names.

Exports name the same facts many ways: `title` / `job_title` / `position`, `company` /
`company_name` / `employer`, `salary` or `salary_min` + `salary_max` + `currency` +
`salary_period`, `url` / `apply_link`, `date` / `posted_at`, `remote` / `work_from_home`,
`employment_type` / `schedule_type`. `record_parts` maps a record onto the fields front matter
would give and gathers its text; a column it does not know goes into the description as a
`Name: value` line, so nothing a row says is lost. An empty or false cell states nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

# fmt: off
_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title", "job_title", "jobtitle", "position", "position_title", "role", "job",
              "job_name", "name", "posting_title"),
    "company": ("company", "company_name", "companyname", "employer", "employer_name",
                "organization", "organisation", "hiring_organization", "hiring_company",
                "hiringorganization"),
    "location": ("location", "job_location", "locations", "location_name", "office",
                 "candidate_required_location", "work_location", "joblocation", "place",
                 "offices", "job_location_text", "location_text"),
    # Parts of a place in their own columns (`job_city`, `job_state`, `job_country`).
    "city": ("city", "town", "location_city", "address_locality"),
    "region": ("state", "region", "province", "state_code", "location_state",
               "address_region"),
    "country": ("country", "country_code", "location_country", "address_country"),
    "salary": ("salary", "salary_range", "compensation", "pay", "pay_range", "salary_text",
               "estimated_salary", "basesalary", "base_salary"),
    "salary_min": ("salary_min", "min_salary", "salary_from", "minimum_salary",
                   "salary_minimum", "min_amount", "salary_low", "pay_min", "min_pay"),
    "salary_max": ("salary_max", "max_salary", "salary_to", "maximum_salary", "salary_maximum",
                   "max_amount", "salary_high", "pay_max", "max_pay"),
    "currency": ("currency", "salary_currency", "currency_code", "pay_currency"),
    "salary_period": ("salary_period", "pay_period", "salary_interval", "salary_unit",
                      "interval", "period", "pay_interval", "salary_type", "pay_frequency",
                      "salary_frequency", "pay_unit"),
    "description": ("description", "job_description", "description_text", "body", "text",
                    "details", "summary", "content", "description_html", "jobdescription",
                    "html"),
    "url": ("url", "apply_link", "apply_url", "link", "job_url", "application_url", "apply",
            "job_link", "posting_url", "redirect_url", "absolute_url", "hosted_url",
            "job_post_url", "posting_link", "apply_options"),
    "date_posted": ("date", "posted_at", "date_posted", "dateposted", "posted", "posted_on",
                    "created_at", "published_at", "publication_date", "date_published",
                    "posted_date", "posted_at_datetime_utc", "first_published", "created",
                    "published"),
    "valid_through": ("valid_through", "validthrough", "expires", "expires_at", "closes",
                      "closing_date", "deadline", "expiry_date", "application_deadline"),
    "remote": ("remote", "work_from_home", "is_remote", "remote_ok", "telecommute", "wfh",
               "remote_work"),
    "workplace": ("workplace", "workplace_type", "remote_type", "location_type", "work_model",
                  "work_arrangement", "joblocationtype", "job_location_type"),
    "employment_type": ("employment_type", "schedule_type", "job_type", "type", "contract_type",
                        "employment", "schedule", "commitment", "employmenttype"),
    "experience": ("years_of_experience", "experience", "experience_years", "min_experience",
                   "years_experience"),
    "seniority": ("seniority", "level", "experience_level", "seniority_level"),
    "skills": ("skills", "technologies", "tech_stack", "stack"),
    "tags": ("tags", "keywords"),
    "department": ("department", "category", "team", "function"),
    "id": ("id", "job_id", "posting_id", "jobid", "identifier", "req_id", "requisition_id",
           "reference"),
    "visa_sponsorship": ("visa_sponsorship", "visa", "sponsorship", "visa_sponsor"),
}
# fmt: on
_COLUMN_OF = {name: field for field, names in _COLUMNS.items() for name in names}
_NOTHING = frozenset({"", "0", "0.0", "false", "no", "none", "null", "nan", "n/a", "[]", "{}"})
_TRUE = frozenset({"1", "true", "yes", "y", "t"})
_PAIR = re.compile(
    r"""['"](?P<key>\w[\w ]{0,40})['"]\s?:\s?"""
    r"""(?:'(?P<s1>[^'\n]{0,2000})'|"(?P<s2>[^"\n]{0,2000})"|"""
    r"""(?P<bare>True|False|None|true|false|null|-?\d{1,12}(?:\.\d{1,6})?))"""
)
_QUOTED = re.compile(r"""'(?P<a>[^'\n]{1,2000})'|"(?P<b>[^"\n]{1,2000})\"""")
_HTML_HINT = re.compile(r"<(?:p|br|li|div|ul|ol|h[1-6]|strong|b|span)\b", re.I)
MAX_CELL = 200_000


def column_key(name: str) -> str:
    """A column name as looked up: lower case, words joined by `_`."""
    return re.sub(r"[^a-z0-9]+", "_", str(name).strip().lower()).strip("_")


_PREFIX = re.compile(r"^(?:job|jobs|posting|vacancy|position)_(?=.)")


def field_of(column: str) -> str | None:
    """The posting field a column holds (`job_title` → `title`; an API's `job_` prefix, as
    in `job_city` or `job_is_remote`, is read past), or None."""
    key = column_key(column)
    found = _COLUMN_OF.get(key)
    if found is None and "_" in key:
        found = _COLUMN_OF.get(_PREFIX.sub("", key))
    return found


def states_nothing(value: Any) -> bool:
    """Empty, false or null cells (`""`, `0`, `False`, `nan`, `[]`) say nothing."""
    if value is None or value is False:
        return True
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value == 0 or value != value  # zero, NaN
    if isinstance(value, list | dict):
        return not value
    return str(value).strip().lower() in _NOTHING


def dict_cell(value: str) -> dict[str, Any] | None:
    """A cell holding a JSON object or a Python-literal dict (`{'salary': '60–70 an hour',
    'work_from_home': True}`) as its key/value pairs; None when it is not one."""
    text = value.strip()
    if not (text.startswith("{") and text.endswith("}")) or len(text) > MAX_CELL:
        return None
    try:
        data = json.loads(text)
        return data if isinstance(data, dict) else None
    except (ValueError, RecursionError):
        pass
    pairs: dict[str, Any] = {}
    for match in _PAIR.finditer(text):
        bare = match.group("bare")
        if bare is not None:
            lowered = bare.lower()
            parsed: Any = {"true": True, "false": False, "none": None, "null": None}.get(
                lowered, bare
            )
        else:
            parsed = match.group("s1") if match.group("s1") is not None else match.group("s2")
        pairs.setdefault(match.group("key"), parsed)
    return pairs or None


def _list_cell(value: str) -> list[str] | None:
    """A cell holding a list of strings (`['At least 4 years', ...]`), else None."""
    text = value.strip()
    if not (text.startswith("[") and text.endswith("]")) or len(text) > MAX_CELL:
        return None
    items = [m.group("a") or m.group("b") for m in _QUOTED.finditer(text)]
    return [item.strip() for item in items if item.strip()] or None


def _label(column: str) -> str:
    words = column_key(column).replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else "Field"


def record_parts(record: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    """(fields keyed as front matter is, the record's text) for one flat record.

    The text is the description column, then every unknown column as a `Name: value` line
    (a list cell as bullet lines), so the extractors can still read them."""
    cells: dict[str, Any] = {}
    for column, value in record.items():
        cells.setdefault(str(column), value)
    for value in list(cells.values()):  # `extensions`: a dict in a cell fills empty columns
        if isinstance(value, str) and value.lstrip().startswith("{"):
            extra = dict_cell(value)
            for key, inner in (extra or {}).items():
                if states_nothing(cells.get(key)) and not states_nothing(inner):
                    cells[key] = inner
    hints: dict[str, Any] = {}
    pay: dict[str, Any] = {}
    place: dict[str, str] = {}
    description = ""
    extras: list[str] = []
    for column, value in cells.items():
        if states_nothing(value):
            continue
        field = field_of(column)
        if field is None:
            if isinstance(value, str) and value.lstrip().startswith("{") and dict_cell(value):
                continue  # already read into the columns above
            extras.append(_extra_line(column, value))
        elif field == "description":
            description = description or _as_text(value)
        elif field in {"salary_min", "salary_max", "currency", "salary_period"}:
            pay.setdefault(field, value)
        elif field in {"city", "region", "country"}:
            place.setdefault(field, " ".join(str(value).split()))
        elif field == "remote":
            if isinstance(value, bool) or str(value).strip().lower() in _TRUE:
                hints.setdefault("workplace", ["remote"])
            else:
                hints.setdefault("workplace", str(value))
        else:
            hints.setdefault(field, value)
    if place and "location" not in hints:
        parts = [place[key] for key in ("city", "region", "country") if key in place]
        hints["location"] = ", ".join(dict.fromkeys(parts))
    if pay and "salary" not in hints:
        hints["salary"] = {
            "min": pay.get("salary_min"),
            "max": pay.get("salary_max"),
            "currency": pay.get("currency"),
            "period": pay.get("salary_period"),
        }
    elif pay.get("currency") and isinstance(hints.get("salary"), str):
        hints["salary"] = f"{hints['salary']} {pay['currency']}"
    text = description
    if extras:
        text = f"{text}\n\n" + "\n".join(extras) if text else "\n".join(extras)
    return hints, text


def _as_text(value: Any) -> str:
    text = str(value)
    if _HTML_HINT.search(text):
        from jobbot.ingest.html import html_to_text

        return html_to_text(text)
    return text


def _extra_line(column: str, value: Any) -> str:
    """An unknown column as text: `Via: via LinkedIn`, a list as bullet lines."""
    if isinstance(value, list):
        items = [str(v) for v in value[:200] if not states_nothing(v)]
    elif isinstance(value, str):
        items = _list_cell(value) or []
    else:
        items = []
    if items:
        return f"{_label(column)}:\n" + "\n".join(f"- {item}" for item in items)
    if isinstance(value, dict):
        value = ", ".join(f"{k}: {v}" for k, v in list(value.items())[:50])
    return f"{_label(column)}: {' '.join(str(value).split())}"
