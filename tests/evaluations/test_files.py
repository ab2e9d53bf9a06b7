"""The round from files: the documented example reproduces the worked example, and bad files are
refused with the place named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook, load_workbook

from hyeopchi.core.transfer import ImportRefusedError
from hyeopchi.evaluations import engine, files
from hyeopchi.evaluations.files import FileRefusedError
from tests.support.evaluations import EXAMPLE, WORKED, compute_files


@pytest.fixture
def example(tmp_path: Path) -> Path:
    for item in EXAMPLE.iterdir():
        shutil.copy(item, tmp_path / item.name)
    return tmp_path


def compute_command(folder: Path, rules: str = "rules.yaml") -> list[str]:
    """``hyeopchi evaluation compute`` over the files in ``folder``."""
    files = {"framework": "framework.yaml", "ratings": "ratings.csv", "data": "data.csv"}
    options = [part for key, name in files.items() for part in (f"--{key}", str(folder / name))]
    return ["evaluation", "compute", *options, "--rules", str(folder / rules)]


def test_the_documented_example_is_the_worked_example(example: Path) -> None:
    outcome = compute_files(example)
    got = {k: (str(t.total), t.rank, t.grade, t.amount) for k, t in outcome.targets.items()}
    assert got == WORKED
    t1 = outcome.targets["T1"]
    assert {k: str(engine.to_decimal(v)) for k, v in t1.points.items()} == {
        "I1": "13.00",
        "I2": "13.80",
        "I3": "15.40",
        "I4": "16.00",
        "I5": "21.75",
    }
    assert {k: str(engine.to_decimal(v)) for k, v in t1.subtotals.items()} == {
        "F1": "26.80",
        "F2": "31.40",
        "F3": "21.75",
    }
    assert outcome.events == [{"type": "INCENTIVES_ALLOCATED", "total": 100_000_000}]


def test_the_command_writes_csv_and_xlsx_and_prints_the_table(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = compute_command(example)
    call_command(*args, "--output", str(example / "out.xlsx"))
    printed = capsys.readouterr().out
    assert "88.18" in printed
    assert "54550000" in printed
    assert f"output hash {compute_files(example).output_hash}" in printed
    sheet = load_workbook(example / "out.xlsx").active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("target", "name", "group", "rank", "grade", "total")
    assert rows[1][:6] == ("T2", "나시", "기초", 1, "우수", 88.18)
    call_command(*args, "--output", str(example / "out.csv"))
    text = (example / "out.csv").read_bytes().decode("utf-8-sig").splitlines()
    assert text[2].startswith("T5,마시,기초,2,우수,81.77,0.50,0.00,45450000,,,12.00,14.25,17.57,17.00,20.45")


def test_xlsx_framework_and_rules_give_the_same_hash(example: Path) -> None:
    spec = yaml.safe_load((example / "framework.yaml").read_text(encoding="utf-8"))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "indicators"
    sheet.append(files.FRAMEWORK_COLUMNS)
    for field in spec["fields"]:
        for indicator in field["indicators"]:
            for panel, rule in indicator["panels"].items():
                merged = {k: v for k, v in indicator.items() if k != "panels"} | rule
                row = {
                    "field": field["key"],
                    "field_name": field["name"],
                    "field_name_en": field["name_en"],
                    "field_points": field["points"],
                    "panel": panel,
                } | merged
                sheet.append([row.get(c) for c in files.FRAMEWORK_COLUMNS])
    extras = book.create_sheet("extras")
    extras.append(["key", "name", "cap", "kind"])
    extras.append(["B1", "우수사례 확산", 5, "bonus"])
    book.save(example / "framework.xlsx")
    rules = Workbook()
    rsheet = rules.active
    assert rsheet is not None
    for row in [
        ("key", "value"),
        ("panels.online.kind", "public_online"),
        ("panels.online.incomplete", "renormalise"),
        ("tie_chain", "I5"),
        ("grading.grades", "우수,보통,미흡"),
        ("grading.shares", "0.30,0.60,0.10"),
        ("grading.min_total_first", 70),
        ("grading.floor_total", 50),
        ("incentives.pool", 100000000),
        ("incentives.unit", 10000),
        ("incentives.grade_weights.우수", 1),
    ]:
        rsheet.append(row)
    rules.save(example / "rules.xlsx")
    from_xlsx = compute_files(example, framework="framework.xlsx", rules="rules.xlsx")
    from_yaml = compute_files(example)
    assert {k: t.amount for k, t in from_xlsx.targets.items()} == {k: t.amount for k, t in from_yaml.targets.items()}
    assert from_xlsx.payload()["targets"] == from_yaml.payload()["targets"]


def refusal(example: Path, **names: str) -> list[str]:
    with translation.override("ko"), pytest.raises((ImportRefusedError, FileRefusedError)) as caught:
        compute_files(example, **names)
    return [m for ms in caught.value.field_messages().values() for m in ms]


def test_points_that_do_not_sum_are_refused_by_place(example: Path) -> None:
    text = (example / "framework.yaml").read_text(encoding="utf-8")
    (example / "bad.yaml").write_text(
        text.replace("points: 15\n        mode: rubric", "points: 14\n        mode: rubric"), encoding="utf-8"
    )
    assert refusal(example, framework="bad.yaml") == [
        "bad.yaml: fields[1] F1: 지표 배점의 합(29)이 분야 배점(30)과 다릅니다."
    ]


def test_a_rating_outside_the_scale_names_row_and_column(example: Path) -> None:
    lines = (example / "ratings.csv").read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",4,", ",6,", 1)
    (example / "bad.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert refusal(example, ratings="bad.csv") == ["4행 ‘bad.csv 점수’: 허용 범위(1–5) 밖입니다."]


def test_a_missing_column_is_named(example: Path) -> None:
    lines = (example / "ratings.csv").read_text(encoding="utf-8").splitlines()
    cut = [",".join(line.split(",")[:4]) for line in lines]
    (example / "bad.csv").write_text("\n".join(cut) + "\n", encoding="utf-8")
    assert refusal(example, ratings="bad.csv") == ["bad.csv 점수: 빠진 열입니다."]


def test_an_incentive_table_above_the_pool_is_refused(example: Path) -> None:
    rules = yaml.safe_load((example / "rules.yaml").read_text(encoding="utf-8"))
    rules["incentives"] = {"mode": "tiers", "pool": 100_000_000, "tiers": {"우수": 60_000_000}}
    (example / "tiers.yaml").write_text(yaml.safe_dump(rules, allow_unicode=True), encoding="utf-8")
    with translation.override("ko"), pytest.raises(CommandError) as caught:
        call_command(*compute_command(example, rules="tiers.yaml"))
    assert str(caught.value) == (
        "인센티브 표의 지급액 120,000,000이(가) 재원 100,000,000보다 많습니다. 아무것도 배분하지 않았습니다."
    )


MANAGEMENT_FRAMEWORK = """\
title: 경영평가 공시표
fields:
  - key: M
    name: 경영관리
    points: 100
    indicators:
      - {key: M1, name: 리더십, points: 40, mode: quantitative, floor: 0, target: 100, panels: {data: {weight: "1"}}}
      - {key: M2, name: 재무성과, points: 60, mode: quantitative, floor: 0, target: 100, panels: {data: {weight: "1"}}}
"""
MANAGEMENT_RULES = """\
panels: {data: {kind: data}}
grading: {mode: absolute, grades: [A, B, C], thresholds: [80, 60]}
"""
# Published raw scores out of 100; points = weight × raw / 100.
MANAGEMENT_DATA = "target,name,group,M1,M2\nP1,가공사,공사,90,85\nP2,나공단,공단,70,60\nP3,다재단,출연,50,40\n"


def management_files(folder: Path) -> list[str]:
    (folder / "framework.yaml").write_text(MANAGEMENT_FRAMEWORK, encoding="utf-8")
    (folder / "rules.yaml").write_text(MANAGEMENT_RULES, encoding="utf-8")
    (folder / "data.csv").write_text(MANAGEMENT_DATA, encoding="utf-8")
    names = ("framework", "data", "rules")
    return [
        "evaluation",
        "compute",
        *[p for n in names for p in (f"--{n}", str(folder / f"{n}.{'csv' if n == 'data' else 'yaml'}"))],
    ]


def test_a_data_only_framework_computes_without_ratings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    call_command(*management_files(tmp_path), "--output", str(tmp_path / "out.csv"))

    rows = (tmp_path / "out.csv").read_bytes().decode("utf-8-sig").splitlines()
    assert sorted(row.split(",")[:6] for row in rows[1:]) == [
        ["P1", "가공사", "공사", "1", "A", "87.00"],
        ["P2", "나공단", "공단", "1", "B", "64.00"],
        ["P3", "다재단", "출연", "1", "C", "44.00"],
    ]


def test_an_empty_ratings_file_is_accepted_when_nobody_rates(tmp_path: Path) -> None:
    args = management_files(tmp_path)
    (tmp_path / "ratings.csv").write_text("panel,evaluator,target,indicator,value\n", encoding="utf-8")

    call_command(*args, "--ratings", str(tmp_path / "ratings.csv"), "--output", str(tmp_path / "out.csv"))

    assert len((tmp_path / "out.csv").read_bytes().decode("utf-8-sig").splitlines()) == 4


def test_without_ratings_a_framework_with_raters_is_refused_by_name(example: Path) -> None:
    with translation.override("ko"), pytest.raises(FileRefusedError) as caught:
        files.load(example / "framework.yaml", None, example / "data.csv", example / "rules.yaml")

    assert [m for ms in caught.value.field_messages().values() for m in ms] == [
        "ratings: 평가위원이 채점하는 지표(I1, I3, I5)가 있으니 평점 파일을 주세요."
    ]
