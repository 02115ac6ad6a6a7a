"""Platform adapters: each translates a platform's events into `Request`s and `Answer`s into
that platform's messages. Adapters import the core, never each other."""
