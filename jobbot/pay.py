"""Pay vocabulary shared by posting extraction and query parsing.

A posting's `$70/hr` and a query's `$60/hour+` must land on the same period, so the words
for pay periods are defined once.
"""

from __future__ import annotations

from typing import Final

from jobbot.models import SalaryPeriod

PERIOD_WORDS: Final[dict[str, SalaryPeriod]] = {
    "hour": "HOUR",
    "hr": "HOUR",
    "h": "HOUR",
    "hourly": "HOUR",
    "day": "DAY",
    "daily": "DAY",
    "week": "WEEK",
    "wk": "WEEK",
    "weekly": "WEEK",
    "month": "MONTH",
    "mo": "MONTH",
    "monthly": "MONTH",
    "year": "YEAR",
    "yr": "YEAR",
    "annum": "YEAR",
    "annually": "YEAR",
    "yearly": "YEAR",
    "annual": "YEAR",
    "pa": "YEAR",
    "stunde": "HOUR",
    "std": "HOUR",
    "tag": "DAY",
    "monat": "MONTH",
    "jahr": "YEAR",
    "hora": "HOUR",
    "mês": "MONTH",
    "mes": "MONTH",
    "año": "YEAR",
    "ano": "YEAR",
}
"""Every way a period is written (lowercase, no dots) → its schema.org unit."""
