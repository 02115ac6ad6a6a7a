"""`python -m jobbot` is the same as the `jobbot` console script."""

from jobbot.app.cli import main

raise SystemExit(main())
