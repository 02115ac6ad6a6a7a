"""Currencies, defined once: how each is written in postings and queries, and how it is shown.

Extraction (`$`, `CA$`, `EUR`), query parsing (`over €90k`), Discord's salary option and
every renderer's money all read this table, so a currency added here is understood and
shown the same everywhere.
"""

from __future__ import annotations

from typing import Final

SYMBOLS: Final[dict[str, str]] = {"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$"}
"""How an amount in each currency is shown; codes not listed are shown after the amount."""

CODES: Final[tuple[str, ...]] = (
    "USD",
    "EUR",
    "GBP",
    "CAD",
    "AUD",
    "NZD",
    "CHF",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "INR",
    "JPY",
    "CZK",
    "HUF",
    "RON",
    "BGN",
    "ILS",
    "SGD",
    "HKD",
    "BRL",
    "MXN",
    "ZAR",
    "UAH",
    "TRY",
)
"""ISO 4217 codes understood when written out (`EUR 90k`, `232 000 PLN`)."""

SIGNS: Final[dict[str, str]] = {
    "CA$": "CAD",
    "C$": "CAD",
    "CAD$": "CAD",
    "US$": "USD",
    "AU$": "AUD",
    "A$": "AUD",
    "NZ$": "NZD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "S$": "SGD",
    "SG$": "SGD",
    "HK$": "HKD",
    "R$": "BRL",
    "MX$": "MXN",
    "zł": "PLN",
    "₪": "ILS",
    "₺": "TRY",
    "₴": "UAH",
    "円": "JPY",
}
"""Currency signs as written before or after an amount; a bare `$` is read as USD."""


def currency_code(token: str | None) -> str | None:
    """The ISO code a sign or code names (`€` → EUR, `cad` → CAD), else None."""
    if not token:
        return None
    upper = token.upper()
    return SIGNS.get(upper) or SIGNS.get(token) or (upper if upper in CODES else None)
