"""The seed data of the demo, one plain module per domain; the loading steps live beside it."""
