"""Announcements: the store (subscriptions, postings seen, deliveries), the leader lock, the
scheduler's pass (sync → diff → match → claim → send → mark done), channel subscriptions as
a chat command, and the publisher protocol each platform implements."""
