"""Typed reading of a YAML mapping, collecting a located problem for every mistake.

Each reader method returns a clean value or None and never raises for bad
content, so one pass over a file reports everything wrong with it.
"""

from __future__ import annotations

import calendar
import re
from datetime import datetime, timedelta, timezone, tzinfo
from urllib.parse import urlsplit

from .problems import Problem
from .text import SLUG_MAX_BYTES, SLUG_PATTERN, did_you_mean, nearest
from .vocabulary import Term, Vocabulary
from .yamlfile import Located

# ASCII digits only: Python's \\d would also take Arabic-Indic or full-width digits.
_DATE = re.compile(
    r"^(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})"
    r"(?:[T ](?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2})(?:\.(?P<fraction>[0-9]{1,6}))?)?"
    r" ?(?P<zone>Z|[+-][0-9]{2}:?[0-9]{2})?)?$"
)
DATE_HELP = "write it as YYYY-MM-DD (e.g. 2024-05-20) or with a time, e.g. 2024-05-20T09:30 or 2024-05-20T09:30+08:00"
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100


def _describe(value) -> str:
    if value is None:
        return "empty"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "text"


def parse_date(text: str, default_zone: tzinfo) -> tuple[datetime | None, str | None]:
    """An aware datetime from ISO 8601 text, or None and what is wrong with it."""
    match = _DATE.match(text.strip())
    if not match:
        return None, f'"{text}" is not an ISO 8601 date; {DATE_HELP}'
    parts = {key: int(value) for key, value in match.groupdict().items() if value and key not in ("zone", "fraction")}
    year, month, day = parts["year"], parts["month"], parts["day"]
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None, f'"{text}" has the year {year}; check the year ({DATE_HELP})'
    if not 1 <= month <= 12:
        return None, f'"{text}" is not a real date: there is no month {month}; {DATE_HELP}'
    days_in_month = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days_in_month:
        month_name = calendar.month_name[month]
        return None, f'"{text}" is not a real date: {month_name} {year} has {days_in_month} days'
    hour, minute, second = parts.get("hour", 0), parts.get("minute", 0), parts.get("second", 0)
    if hour > 23 or minute > 59 or second > 59:
        return None, f'"{text}" is not a real time of day; use 24-hour time, e.g. 09:30 or 17:05'
    microsecond = int((match["fraction"] or "0").ljust(6, "0"))
    zone = default_zone
    if match["zone"]:
        zone_text = match["zone"]
        if zone_text == "Z":
            zone = timezone.utc
        else:
            sign = -1 if zone_text[0] == "-" else 1
            digits = zone_text[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:])
            offset = hours * 60 + minutes
            if minutes % 15 or offset > (14 * 60 if sign > 0 else 12 * 60):
                return None, (f'"{text}" has the time-zone offset {zone_text}, which no time zone has (they run from '
                              "-12:00 to +14:00 in steps of 15 minutes); write it as +HH:MM, e.g. +08:00")  # fmt: skip
            zone = timezone(sign * timedelta(hours=hours, minutes=minutes))
    return datetime(year, month, day, hour, minute, second, microsecond, tzinfo=zone), None


class Fields:
    """Reads the values of one YAML mapping, recording a Problem for each mistake."""

    def __init__(
        self,
        located: Located,
        path: str,
        allowed: tuple[str, ...],
        required: tuple[str, ...] = (),
        missing_line: int | None = None,
        problems: list[Problem] | None = None,
        what: str = "",
    ):
        self.path = path
        self.problems = problems if problems is not None else []
        self.prefix = f"{what}: " if what else ""
        self.values: dict[str, Located] = {}
        if not isinstance(located.value, dict):
            self.problems.append(
                Problem(path, located.line, f"{self.prefix}expected keys and values (key: value), found {_describe(located.value)}")
            )
            return
        self.values = located.value
        misspelt = set()
        for key, value in self.values.items():
            if key not in allowed:
                misspelt.update(nearest(key, allowed, 1))
                self.problems.append(
                    Problem(
                        path,
                        value.line,
                        f'{self.prefix}unknown key "{key}".{did_you_mean(key, allowed)} '
                        f"Allowed keys: {', '.join(allowed)}",
                    )
                )
        line = missing_line if missing_line is not None else located.line
        for key in required:
            if key in misspelt and key not in self.values:
                continue  # already reported as the misspelt key
            if self.values.get(key) is None or self.values[key].value is None:
                where = self.values[key].line if key in self.values else line
                self.problems.append(Problem(path, where, f'{self.prefix}required key "{key}" is missing or empty'))

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, self.prefix + message))

    def line(self, key: str) -> int:
        return self.values[key].line

    def text(self, key: str, max_length: int | None = None, multiline: bool = False) -> str | None:
        located = self.values.get(key)
        if located is None or located.value is None:
            return None
        if not isinstance(located.value, str):
            self.problem(located.line, f"{key}: must be text, found {_describe(located.value)}; put the value in quotes if it contains [ ] {{ }} or a colon")
            return None
        value = located.value.strip()
        if not multiline and "\n" in value:
            self.problem(located.line, f"{key}: must be one line of text")
            return None
        if max_length is not None and len(value) > max_length:
            self.problem(located.line, f"{key}: is {len(value)} characters long; keep it to {max_length}")
            return None
        if not value:
            self.problem(located.line, f"{key}: is empty")
            return None
        return value

    def text_list(self, key: str) -> list[tuple[str, int]]:
        """A list of (text, line); a single value is accepted as a one-item list."""
        located = self.values.get(key)
        if located is None or located.value is None:
            return []
        items = located.value if isinstance(located.value, list) else [located]
        if isinstance(located.value, dict):
            self.problem(located.line, f"{key}: must be a name or a list of names, found a mapping")
            return []
        result = []
        for item in items:
            if not isinstance(item.value, str) or not item.value.strip():
                self.problem(item.line, f"{key}: each entry must be a name, found {_describe(item.value)}")
                continue
            result.append((item.value.strip(), item.line))
        return result

    def strings(self, key: str) -> tuple[str, ...]:
        return tuple(text for text, _ in self.text_list(key))

    def choice(self, key: str, vocabulary: Vocabulary) -> Term | None:
        text = self.text(key)
        if text is None:
            return None
        term = vocabulary.lookup(text)
        if term is None:
            slugs = [term.slug for term in vocabulary]
            self.problem(
                self.line(key),
                f'{key}: "{text}" is not a known {vocabulary.name}.{did_you_mean(text, slugs)} '
                f"Use one of: {', '.join(slugs)}",
            )
        return term

    def date(self, key: str, default_zone: tzinfo) -> datetime | None:
        text = self.text(key)
        if text is None:
            return None
        value, error = parse_date(text, default_zone)
        if error:
            self.problem(self.line(key), f"{key}: {error}")
        return value

    def url(self, key: str) -> str | None:
        text = self.text(key)
        if text is None:
            return None
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in text):
            self.problem(self.line(key), f'{key}: "{text}" is not a web address; write the full URL starting with https://')
            return None
        return text

    def slug(self, key: str, max_bytes: int = SLUG_MAX_BYTES) -> str | None:
        text = self.text(key)
        if text is None:
            return None
        if not SLUG_PATTERN.match(text) or len(text.encode()) > max_bytes:
            self.problem(
                self.line(key),
                f'{key}: "{text}" is not a valid slug; use lowercase letters a-z, digits and single '
                f"hyphens, at most {max_bytes} characters, e.g. vum02-aclf-trial-approval",
            )
            return None
        return text

    def nested(self, key: str, allowed: tuple[str, ...], required: tuple[str, ...] = ()) -> Fields | None:
        located = self.values.get(key)
        if located is None or located.value is None:
            return None
        return Fields(located, self.path, allowed, required, problems=self.problems, what=key)
