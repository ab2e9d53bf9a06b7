"""Writing many rows fast, for batch services (an import of 100,000 rows).

Django's ``bulk_create`` compiles every value of every row through the field machinery and, on
SQLite, splits the rows at 999 parameters: for an import that is most of the time spent. Here
the primary keys are reserved first, so the caller can link new rows to each other (a sub-task to
its parent, a report to its task) before anything is written, and the database is handed all the
rows at once (PostgreSQL's COPY; on SQLite one INSERT repeated over them). Foreign keys are checked at commit (both databases defer
them), so the rows may go in any order. No ``save()`` runs and no signal is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

# Rows handed to one executemany call.
CHUNK = 5000


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` primary keys no row of ``model`` has or will be given.

    Call it before the batch's transaction: the reservation commits at once (on SQLite it takes
    the write lock for a moment), so the rows can be built with their keys, and linked, while
    nothing is locked. A batch that is refused later leaves a gap in the keys, nothing else.
    """
    if count <= 0:
        return []
    connection = transaction.get_connection()
    table, column = model._meta.db_table, model._meta.pk.column
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
            )
            return sorted(row[0] for row in cursor.fetchall())
        # AUTOINCREMENT gives a new row a key above both the highest ever given (its sequence)
        # and the highest present; moving the sequence past the reserved keys keeps them ours.
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        sequence = cursor.fetchone()
        cursor.execute(f"SELECT max({quote(column)}) FROM {quote(table)}")  # noqa: S608
        start = max(sequence[0] if sequence else 0, cursor.fetchone()[0] or 0) + 1
        last = start + count - 1
        if sequence:
            cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [last, table])
        else:
            cursor.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, last])
    return list(range(start, last + 1))


def _converter(field: models.Field[Any, Any], connection: Any) -> Callable[[Any], Any] | None:
    """How a field's Python value becomes the value the driver is given, where it is not as is."""
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value  # type: ignore[no-any-return]
    if isinstance(field, models.DecimalField | models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    if isinstance(field, models.CharField | models.TextField):
        # A choices member is a str subclass some drivers would adapt as an enum.
        return lambda value: value if value is None or type(value) is str else str(value)
    return None


@dataclass
class PreparedInsert:
    """Rows for one table, built before the batch's transaction."""

    table: str
    columns: list[str]
    rows: list[list[Any]]
    objects: Sequence[models.Model] = ()

    def run(self) -> None:
        """Insert the rows, inside the caller's transaction; the objects are then saved ones."""
        connection = transaction.get_connection()
        if not connection.in_atomic_block:
            raise RuntimeError("a prepared insert runs inside the service's transaction")
        write_rows(self.table, self.columns, self.rows)
        for obj in self.objects:
            obj._state.adding = False
            obj._state.db = connection.alias


def write_rows(table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Put ``rows`` into ``table`` as fast as the database takes them: PostgreSQL's COPY, or one
    INSERT that SQLite repeats over the rows."""
    if not rows:
        return
    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, rows[start : start + CHUNK])


def prepare_insert(objects: Sequence[models.Model]) -> PreparedInsert:
    """The INSERT of ``objects``, all of one model and each with its primary key set (see
    `reserve_ids`). Fields set on save (``auto_now``, ``auto_now_add``) take the present time."""
    if not objects:
        return PreparedInsert("", [], [], ())
    model = type(objects[0])
    connection = transaction.get_connection()
    now = timezone.now()
    fields = list(model._meta.concrete_fields)
    stamped = [f.attname for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    converters = [(f.attname, _converter(f, connection)) for f in fields]
    rows = []
    for obj in objects:
        if obj.pk is None:
            raise ValueError("a prepared insert needs every primary key set; reserve them first")
        for name in stamped:
            setattr(obj, name, now)
        rows.append(
            [
                value if convert is None or value is None else convert(value)
                for value, convert in ((getattr(obj, name), convert) for name, convert in converters)
            ]
        )
    return PreparedInsert(model._meta.db_table, [f.column for f in fields], rows, objects)
