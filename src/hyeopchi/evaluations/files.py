"""A round from files alone: framework and rules (YAML or XLSX), ratings and data (CSV or XLSX).

The formats are documented with a complete example in ``docs/evaluation/``. Every refusal names
the file and the place (row and column, or the key in the framework), and nothing is computed
from a file with any bad cell.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from hyeopchi.core.errors import ValidationFailedError
from hyeopchi.core.tabular import Table, TableError, read_table, write_csv
from hyeopchi.core.transfer import CellError, Column, ImportRefusedError, refuse_if_any, rows_of
from hyeopchi.evaluations import compute, engine
from hyeopchi.evaluations.engine import EngineError, to_decimal
from hyeopchi.evaluations.errors import EvaluationErrorCode as Code
from hyeopchi.evaluations.messages import engine_message

RATING_COLUMNS = [
    Column("panel", "평가단", "panel", required=True),
    Column("evaluator", "평가위원", "evaluator", required=True),
    Column("target", "대상", "target", required=True),
    Column("indicator", "지표", "indicator", required=True),
    Column("value", "점수", "value", required=True),
    Column("comment", "의견", "comment"),
]
TARGET_COLUMNS = [
    Column("target", "대상", "target", required=True),
    Column("name", "이름", "name"),
    Column("group", "비교군", "group"),
    Column("size_factor", "규모계수", "size_factor"),
    Column("previous_total", "전년도 총점", "previous_total"),
]
FRAMEWORK_COLUMNS = [
    "field",
    "field_name",
    "field_name_en",
    "field_points",
    "key",
    "name",
    "name_en",
    "points",
    "mode",
    "panel",
    "weight",
    "levels",
    "scale",
    "maximum",
    "floor",
    "target",
    "direction",
    "items",
    "aggregation",
    "trim",
    "trim_share",
    "min_raters",
    "min_score",
    "not_applicable",
    "descriptors",
]
BIG = Decimal("1e15")


class _PlainLoader(yaml.SafeLoader):
    """Safe YAML without anchors and aliases: a framework never needs them, and a few aliases
    nested in each other expand into billions of nodes once the mapping is walked or stored."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(None, None, "aliases are not accepted", event.start_mark)
        return super().compose_node(parent, index)


class FileRefusedError(ValidationFailedError):
    default_message = gettext_lazy("The files were refused: nothing was computed.")


@dataclass(frozen=True)
class RoundFiles:
    framework: engine.Framework
    rules: compute.Rules
    targets: list[compute.TargetInput]
    ratings: list[compute.Rating]
    comments: dict[tuple[str, str, str], list[str]]


def refused(name: str, message: str) -> FileRefusedError:
    return FileRefusedError(Code.FILE_REFUSED, fields={"file": [f"{name}: {message}"]})


def load_spec(path: Path, kind: str) -> dict[str, Any]:
    """A framework or rules mapping from YAML, or from the documented XLSX layout."""
    if not path.is_file():
        raise refused(path.name, _("There is no such file."))
    return spec_from_bytes(path.name, path.read_bytes(), kind)


def spec_from_bytes(name: str, data: bytes, kind: str) -> dict[str, Any]:
    """``load_spec`` for a file's content (an upload): ``kind`` is "framework" or "rules"."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
            raise refused(name, _("This is not a readable XLSX file.")) from error
        sheets = {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}
        return (
            framework_from_sheets(name, sheets)
            if kind == "framework"
            else rules_from_sheet(name, next(iter(sheets.values()), []))
        )
    if suffix not in (".yaml", ".yml"):
        raise refused(name, _("Give a YAML (.yaml) or XLSX (.xlsx) file."))
    try:
        spec = yaml.load(data.decode("utf-8-sig"), Loader=_PlainLoader)  # noqa: S506 (a SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        where = _("line %(line)s") % {"line": mark.line + 1} if mark else ""
        raise refused(name, _("This is not valid YAML %(where)s.") % {"where": where}) from error
    if not isinstance(spec, dict):
        raise refused(name, _("The file must hold a mapping of keys."))
    return spec


def framework_from_sheets(name: str, sheets: Mapping[str, list[tuple[Any, ...]]]) -> dict[str, Any]:
    """Sheet ``indicators``: one row per indicator and panel (FRAMEWORK_COLUMNS); optional sheet
    ``extras``: key, name, cap, kind (bonus or penalty); optional sheet ``settings``: key, value."""
    rows = sheets.get("indicators")
    if not rows:
        raise refused(name, _("The sheet “indicators” is missing or empty."))
    header = [str(h or "").strip() for h in rows[0]]
    for required in ("field", "field_points", "key", "points", "panel", "weight"):
        if required not in header:
            raise refused(name, _("The column “%(column)s” is missing.") % {"column": required})
    fields: dict[str, dict[str, Any]] = {}
    indicators: dict[str, dict[str, Any]] = {}
    for raw in rows[1:]:
        row = {h: v for h, v in zip(header, raw, strict=False) if h and v not in (None, "")}
        if not row:
            continue
        field = fields.setdefault(
            str(row["field"]),
            {
                "key": str(row["field"]),
                "name": row.get("field_name", row["field"]),
                "name_en": row.get("field_name_en", ""),
                "points": row.get("field_points"),
                "indicators": [],
            },
        )
        key = str(row["key"])
        if key not in indicators:
            indicators[key] = {k: row[k] for k in ("key", "name", "name_en", "points", "mode", "min_score") if k in row}
            indicators[key]["key"] = key
            indicators[key]["panels"] = {}
            field["indicators"].append(indicators[key])
        indicators[key]["panels"][str(row["panel"])] = {
            k: row[k] for k in ("mode", *FRAMEWORK_COLUMNS[10:]) if k in row
        } | {"weight": row["weight"]}
    spec: dict[str, Any] = {"fields": list(fields.values())}
    for raw in sheets.get("extras", [])[1:]:
        if raw and raw[0]:
            kind = "penalties" if str(raw[3] if len(raw) > 3 else "").strip() == "penalty" else "bonuses"
            spec.setdefault(kind, []).append({"key": str(raw[0]), "name": raw[1], "cap": raw[2]})
    for raw in sheets.get("settings", [])[1:]:
        if raw and raw[0]:
            spec[str(raw[0])] = raw[1]
    return spec


def rules_from_sheet(name: str, rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    """Two columns, key and value; dotted keys nest (``grading.shares``), commas make lists."""
    spec: dict[str, Any] = {}
    list_keys = {"grades", "shares", "counts", "thresholds", "tie_chain"}
    for raw in rows[1:]:
        if not raw or raw[0] in (None, ""):
            continue
        path = str(raw[0]).strip().split(".")
        value: Any = raw[1] if len(raw) > 1 else None
        if path[-1] in list_keys and isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        node = spec
        for part in path[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise refused(name, _("The key “%(key)s” is used twice.") % {"key": raw[0]})
        node[path[-1]] = value
    return spec


def _table(path: Path) -> Table:
    if not path.is_file():
        raise refused(path.name, _("There is no such file."))
    try:
        return read_table(path.read_bytes(), path.name)
    except TableError as error:
        raise refused(path.name, str(error.message)) from error


def _in_file(name: str, error: ImportRefusedError) -> ImportRefusedError:
    return ImportRefusedError(error.code, [CellError(p.row, f"{name} {p.column}", p.message) for p in error.problems])


def load(
    framework_path: Path, ratings_path: Path | None, data_path: Path | None = None, rules_path: Path | None = None
) -> RoundFiles:
    """A round's files read and checked, every problem named by file, row and column.

    A framework whose indicators are all scored from data (published management-evaluation tables:
    points = weight × raw score / 100) needs no ratings: ``ratings_path`` may be ``None`` or a file
    with its header only; the data file then lists the targets."""
    try:
        framework = compute.parse_framework(load_spec(framework_path, "framework"))
    except EngineError as error:
        raise refused(framework_path.name, engine_message(error)) from error
    try:
        rules = compute.parse_rules(load_spec(rules_path, "rules") if rules_path else {}, framework)
    except EngineError as error:
        raise refused(rules_path.name if rules_path else "rules", engine_message(error)) from error
    targets: dict[str, compute.TargetInput] = {}
    ratings: list[compute.Rating] = []
    comments: dict[tuple[str, str, str], list[str]] = {}
    data_panels = {i.key: p for i in framework.indicators for p in i.panels if rules.panels[p].kind == "data"}
    if data_path is not None:
        extra_keys = [*data_panels, *(b.key for b in framework.bonuses), *(d.key for d in framework.penalties)]
        columns = TARGET_COLUMNS + [Column(k, k, k) for k in extra_keys]
        try:
            readers = rows_of(_table(data_path), columns, Code.DATA_REFUSED)
        except ImportRefusedError as error:
            raise _in_file(data_path.name, error) from error
        for reader in readers:
            key = reader.text("target", max_length=100)
            if key in targets:
                reader.fail("target", _("This target appears twice."))
            size = reader.number("size_factor", low=Decimal(0), high=BIG)
            previous = reader.number("previous_total", low=Decimal(-1000), high=Decimal(1000))
            extras: dict[str, Fraction] = {}
            for extra in extra_keys:
                value = reader.number(extra, low=-BIG, high=BIG)
                if value is None:
                    continue
                if extra in data_panels:
                    ratings.append(compute.Rating(data_panels[extra], "data", key, extra, value))
                else:
                    extras[extra] = Fraction(value)
            targets[key] = compute.TargetInput(
                key=key,
                name=reader.text("name", max_length=200) or key,
                group=reader.text("group", max_length=100) or "-",
                size_factor=Fraction(size) if size is not None else Fraction(1),
                previous_total=previous,
                extras=extras,
            )
        try:
            refuse_if_any(readers, Code.DATA_REFUSED)
        except ImportRefusedError as error:
            raise _in_file(data_path.name, error) from error
    rated = [i.key for i in framework.indicators if any(rules.panels[p].kind != "data" for p in i.panels)]
    if ratings_path is None or (not rated and not _table(ratings_path).rows):
        if rated:
            raise refused(
                "ratings", _("Give a ratings file: raters score %(indicators)s.") % {"indicators": ", ".join(rated)}
            )
        if data_path is None:
            raise refused("data", _("Give a data file: it lists the targets and their figures."))
        return RoundFiles(framework, rules, list(targets.values()), ratings, {})
    try:
        readers = rows_of(_table(ratings_path), RATING_COLUMNS, Code.RATINGS_REFUSED)
    except ImportRefusedError as error:
        raise _in_file(ratings_path.name, error) from error
    indicator_keys = {i.key: i for i in framework.indicators}
    for reader in readers:
        panel = reader.text("panel", max_length=100)
        evaluator = reader.text("evaluator", max_length=100)
        target = reader.text("target", max_length=100)
        indicator = reader.text("indicator", max_length=100)
        value = reader.number("value", low=-BIG, high=BIG)
        comment = reader.text("comment")
        if indicator and indicator not in indicator_keys:
            reader.fail("indicator", _("There is no indicator “%(value)s”.") % {"value": indicator})
            continue
        if indicator and panel and panel not in indicator_keys[indicator].panels:
            reader.fail("panel", _("The panel “%(value)s” does not rate this indicator.") % {"value": panel})
            continue
        if data_path is not None and target and target not in targets:
            reader.fail("target", _("“%(value)s” is not in the data file.") % {"value": target})
            continue
        if value is None or reader.problems:
            continue
        try:
            indicator_keys[indicator].panels[panel].check(value, "")
        except EngineError as error:
            reader.fail(
                "value",
                _("Outside the scale %(low)s–%(high)s.") % {"low": error.params["low"], "high": error.params["high"]},
            )
            continue
        if data_path is None and target not in targets:
            targets[target] = compute.TargetInput(key=target, name=target, group="-")
        ratings.append(compute.Rating(panel, evaluator, target, indicator, value))
        if comment:
            comments.setdefault((target, indicator, panel), []).append(comment)
    try:
        refuse_if_any(readers, Code.RATINGS_REFUSED)
    except ImportRefusedError as error:
        raise _in_file(ratings_path.name, error) from error
    return RoundFiles(framework, rules, list(targets.values()), ratings, comments)


RESULT_HEADER = [
    "target",
    "name",
    "group",
    "rank",
    "grade",
    "total",
    "bonus",
    "penalty",
    "amount",
    "improvement",
    "disqualified",
]


def result_rows(framework: engine.Framework, outcome: compute.Outcome) -> tuple[list[str], list[list[Any]]]:
    """One row per target, by group and rank: the totals and every indicator's points (2 places)."""
    header = [*RESULT_HEADER, *(i.key for i in framework.indicators)]
    rows = []
    for t in sorted(outcome.targets.values(), key=lambda t: (t.group, t.rank, t.key)):
        rows.append(
            [
                t.key,
                t.name,
                t.group,
                t.rank,
                t.grade,
                t.total,
                to_decimal(t.bonus),
                to_decimal(t.penalty),
                t.amount,
                "Y" if t.improvement else "",
                " ".join(t.disqualified),
                *(to_decimal(t.points[i.key]) for i in framework.indicators),
            ]
        )
    return header, rows


def export_version(snapshot: Mapping[str, Any], folder: Path) -> list[Path]:
    """Write one computation's inputs as the files ``hyeopchi evaluation compute`` reads:
    framework.yaml, rules.yaml, ratings.csv and data.csv (targets, groups, figures, extras)."""
    folder.mkdir(parents=True, exist_ok=True)
    framework = compute.parse_framework(snapshot["framework"])
    rules = compute.parse_rules(snapshot["rules"], framework)
    data_panels = {p for p, panel in rules.panels.items() if panel.kind == "data"}
    figures: dict[tuple[str, str], str] = {}
    ratings = []
    for line in snapshot["ratings"]:
        panel, evaluator, target, indicator, value = line.split("\x1f")
        if panel in data_panels:
            figures[(target, indicator)] = value
        else:
            ratings.append([panel, evaluator, target, indicator, value, ""])
    data_keys = sorted({i for _, i in figures})
    extra_keys = [*(b.key for b in framework.bonuses), *(d.key for d in framework.penalties)]
    rows = []
    for key, name, group, size, previous, extras in snapshot["targets"]:
        rows.append(
            [
                key,
                name,
                group,
                size,
                previous or "",
                *(extras.get(k, "") for k in extra_keys),
                *(figures.get((key, i), "") for i in data_keys),
            ]
        )
    paths = [folder / n for n in ("framework.yaml", "rules.yaml", "ratings.csv", "data.csv")]
    for path, spec in zip(paths[:2], (snapshot["framework"], snapshot["rules"]), strict=True):
        path.write_text(yaml.safe_dump(dict(spec), allow_unicode=True, sort_keys=False), encoding="utf-8")
    paths[2].write_bytes(write_csv([c.english for c in RATING_COLUMNS], ratings))
    header = [c.english for c in TARGET_COLUMNS] + extra_keys + data_keys
    paths[3].write_bytes(write_csv(header, rows))
    return paths
