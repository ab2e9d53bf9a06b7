"""The demo's accounts: who they are and their published password."""

from __future__ import annotations

DEMO_PASSWORD = "hyeopchi-demo-2026"  # noqa: S105 (published demo credentials)


ADMIN_USERNAME = "admin"


DEMO_ACCOUNTS = [
    ("admin", "platform administrator"),
    ("gwangju-admin", "administrator of 광주광역시"),
    ("gwangmyeong-admin", "administrator of 광명시"),
    ("innovation-secretary", "secretary of 광주혁신추진위원회"),
    ("innovation-member", "member of 광주혁신추진위원회"),
    ("citizen", "citizen"),
    ("evaluation-office", "secretary of 행정안전부, the office of the 2020 evaluations"),
    ("evaluator", "expert E01 of the 2020 innovation evaluation"),
    ("gwangju-evaluator", "stakeholder S01 of Gwangju's 2024 institutions evaluation"),
]
