"""jobbot: job discovery and career FAQ for chat platforms. The platform-neutral core.

Import what you need from its modules (`jobbot.engine.Engine`, `jobbot.models.Request`);
the package itself imports nothing, so `import jobbot.models` stays cheap.
"""
