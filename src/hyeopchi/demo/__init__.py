"""The seed-based demo: offices, bodies, meetings, proposals, tasks and evaluation rounds from the
seed articles, with invented people. It writes only through the domains' services; only the CLI,
the tests and the benchmarks import it.

``data/`` holds the seed data, one plain module per domain (no Django, no domain imports);
``loader`` the shared loader (idempotent building blocks, the order of the steps);
``organizations``, ``meetings``, ``proposals`` and ``evaluations`` the steps of their domains.
"""
