"""Time helpers: always timezone-aware UTC."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now in UTC, truncated to milliseconds (MongoDB's date precision)."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def as_utc(value: datetime) -> datetime:
    """PyMongo returns naive UTC datetimes by default; make them aware."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def month_key(moment: datetime) -> str:
    """'2026-12': the calendar month quotas are counted in."""
    return f"{moment.year:04d}-{moment.month:02d}"


def start_of_next_month(moment: datetime) -> datetime:
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    return datetime(year, month, 1, tzinfo=UTC)
