"""Writes of the budget domain: one transaction each, an audit event, nothing half-written."""
