"""The application layer: the `jobbot` command line, the platform registry, and the one
place that opens a running bot's services. Adapters build on it; the core below never
imports it."""
