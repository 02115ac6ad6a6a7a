"""jobbot: job discovery and career FAQ for chat platforms. The platform-neutral core."""

from jobbot.engine import Engine
from jobbot.models import Answer, Posting, Request

__all__ = ["Answer", "Engine", "Posting", "Request"]
