"""`jobbot questions`: what the FAQ should learn next, from the shared database.

Lists the most-asked questions it declined or was unsure about (every platform together),
and the answers people rated 👎 most. Exit 2 when the database cannot be opened.
"""

from __future__ import annotations

import argparse
import sys

from jobbot.announce.database import StoreError
from jobbot.announce.feedback import Feedback
from jobbot.announce.learning import report
from jobbot.announce.store import Store
from jobbot.app.options import StartupError, fail, knowledge_source
from jobbot.models import FAQEntry
from jobbot.settings import Settings
from jobbot.sources import SourceError


def cmd_questions(args: argparse.Namespace, settings: Settings) -> int:
    """Print the report; the knowledge only names entries, so it may be missing."""
    try:
        store = Store(settings.database_url)
    except StoreError as exc:
        return fail(str(exc))
    entries: list[FAQEntry] = []
    try:
        entries = list(knowledge_source(args, settings).load().faq)
    except (StartupError, SourceError) as exc:
        print(f"jobbot: {exc} (entries are shown by id only)", file=sys.stderr)
    try:
        print(report(Feedback(store), entries, limit=max(1, args.limit)))
    except StoreError as exc:
        return fail(str(exc))
    finally:
        store.close()
    return 0
