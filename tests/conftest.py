"""The test world lives in tests/support/; this file only registers it."""

pytest_plugins = [
    "tests.support.worlds",
    "tests.support.proposals",
    "tests.support.evaluations",
    "tests.support.demo",
    "tests.support.browser",
    "tests.support.budgets",
    "tests.support.eligibility",
    "tests.support.search",
]
