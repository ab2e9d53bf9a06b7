"""The seed-based demo: offices, bodies, meetings, proposals, tasks and evaluation rounds from the
seed articles, with invented people. It writes only through the domains' services; only the CLI,
the tests and the benchmarks import it.

``loader`` holds the shared loader and the organizations; ``meetings``, ``proposals`` and
``evaluations`` load their domains.
"""
