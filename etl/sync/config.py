"""The sources file (`sources.toml`): `[sync]` settings and one `[[source]]` table per source, checked at start.

Other top-level tables (`[alerts]`, `[[rule]]` of `etl check`) belong to other commands and are not read here. Secrets
never stand in the file: a source names the environment variable that holds its token (`token_env`).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, Protocol

from etl.errors import EtlError, UsageError
from etl.sync.http import HttpSettings

ENV_SOURCES_FILE = "WM_SOURCES_FILE"
DEFAULT_SOURCES_FILE = Path("sources.toml")
NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")

# keys every [[source]] may have, whatever its kind (the kinds' own keys: etl/sync/<kind>.py `KEYS`)
COMMON_KEYS = frozenset(
    {
        "name",
        "kind",
        "enabled",
        "overlap_hours",
        "min_interval_minutes",
        "start",
        "initial_days",
        "max_mb",
        "token_env",
        "token_header",
    }
)


def default_sources_file(env: Mapping[str, str] | None = None) -> Path:
    """`WM_SOURCES_FILE` if set, else `./sources.toml`."""
    value = (os.environ if env is None else env).get(ENV_SOURCES_FILE, "").strip()
    return Path(value) if value else DEFAULT_SOURCES_FILE


class SourceError(EtlError):
    """A source cannot be pulled (bad answer, missing secret): reported as `ERROR <source>: <reason>`."""


class KindSpec(Protocol):
    """What the sources file needs to know of a kind (`etl.sync.base.Kind`): its keys, defaults and checks."""

    @property
    def keys(self) -> frozenset[str]: ...
    @property
    def overlap_hours(self) -> float: ...
    @property
    def min_interval_minutes(self) -> float: ...
    @property
    def initial_days(self) -> float: ...
    @property
    def needs_token(self) -> bool: ...
    def check(self, raw: Mapping[str, Any]) -> dict[str, Any]: ...


@dataclass(frozen=True)
class SourceConfig:
    """One `[[source]]`: its name (the key of `sync_state`), kind, the common options and the kind's own (`options`)."""

    name: str
    kind: str
    enabled: bool
    overlap_hours: float
    min_interval_minutes: float
    start: datetime | None
    initial_days: float
    max_mb: float | None
    token_env: str | None
    token_header: str | None
    options: Mapping[str, Any] = field(default_factory=dict)

    def token(self, env: Mapping[str, str] | None = None) -> str | None:
        """The secret from the environment variable `token_env`; `SourceError` when it is named but not set."""
        if self.token_env is None:
            return None
        value = (os.environ if env is None else env).get(self.token_env, "").strip()
        if not value:
            raise SourceError(f"Umgebungsvariable {self.token_env} (token_env) ist nicht gesetzt")
        return value


@dataclass(frozen=True)
class SyncConfig:
    path: Path
    http: HttpSettings
    sources: list[SourceConfig]


def load_config(path: Path, kinds: Mapping[str, KindSpec]) -> SyncConfig:
    """Read and check the sources file against the known `kinds` (`etl.sync.kinds.KINDS`); `UsageError` naming the
    file, the source and the key for anything wrong."""
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"Quellendatei nicht gefunden: {path} (--sources oder {ENV_SOURCES_FILE})") from None
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"Quellendatei nicht lesbar: {path}: {e}") from None
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"{path}: kein gültiges TOML: {e}") from None
    http = _http_settings(path, doc.get("sync", {}))
    raw_sources = doc.get("source", [])
    if not isinstance(raw_sources, list) or not all(isinstance(s, dict) for s in raw_sources):
        raise UsageError(f"{path}: 'source' muss eine Liste von Tabellen sein ([[source]])")
    sources: list[SourceConfig] = []
    for i, raw in enumerate(raw_sources, start=1):
        where = f"{path}: [[source]] Nr. {i}"
        name = raw.get("name")
        if not isinstance(name, str) or not NAME.match(name):
            raise UsageError(f"{where}: 'name' fehlt oder ist ungültig (Kleinbuchstaben, Ziffern, _ . -; höchstens 64 Zeichen)")
        where = f"{path}: Quelle {name!r}"
        if any(s.name == name for s in sources):
            raise UsageError(f"{where}: Name doppelt vergeben")
        kind_name = raw.get("kind")
        if not isinstance(kind_name, str) or kind_name not in kinds:
            raise UsageError(f"{where}: unbekannte Art kind = {kind_name!r}; bekannt sind: {', '.join(sorted(kinds))}")
        kind = kinds[kind_name]
        unknown = sorted(set(raw) - COMMON_KEYS - set(kind.keys))
        if unknown:
            allowed = ", ".join(sorted((COMMON_KEYS | set(kind.keys)) - {"name", "kind"}))
            raise UsageError(f"{where}: unbekannter Schlüssel {unknown[0]!r} (erlaubt: {allowed})")
        try:
            options = kind.check(raw)
        except ValueError as e:
            raise UsageError(f"{where}: {e}") from None
        token_env = _opt_str(raw, "token_env", where)
        if token_env is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", token_env):
            raise UsageError(f"{where}: token_env muss der Name einer Umgebungsvariable sein, nicht das Geheimnis selbst")
        if kind.needs_token and token_env is None:
            raise UsageError(f"{where}: token_env fehlt (Name der Umgebungsvariable mit dem API-Token)")
        sources.append(
            SourceConfig(
                name=name,
                kind=kind_name,
                enabled=_bool(raw, "enabled", True, where),
                overlap_hours=_number(raw, "overlap_hours", kind.overlap_hours, where),
                min_interval_minutes=_number(raw, "min_interval_minutes", kind.min_interval_minutes, where),
                start=_start(raw.get("start"), where),
                initial_days=_number(raw, "initial_days", kind.initial_days, where),
                max_mb=_number(raw, "max_mb", None, where, positive=True),
                token_env=token_env,
                token_header=_opt_str(raw, "token_header", where),
                options=options,
            )
        )
    return SyncConfig(path, http, sources)


def _http_settings(path: Path, raw: Any) -> HttpSettings:
    if not isinstance(raw, dict):
        raise UsageError(f"{path}: [sync] muss eine Tabelle sein")
    known = {f.name: f for f in fields(HttpSettings)}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key not in known:
            raise UsageError(f"{path}: [sync] unbekannter Schlüssel {key!r} (erlaubt: {', '.join(known)})")
        default = getattr(HttpSettings(), key)
        if isinstance(default, str):
            if not isinstance(value, str):
                raise UsageError(f"{path}: [sync] {key} muss Text sein")
        elif isinstance(default, int) and not isinstance(default, bool) and key == "retries":
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 20:
                raise UsageError(f"{path}: [sync] retries muss eine ganze Zahl von 0 bis 20 sein")
        elif not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
            raise UsageError(f"{path}: [sync] {key} muss eine Zahl ≥ 0 sein")
        values[key] = float(value) if isinstance(default, float) else value
    return HttpSettings(**values)


def _bool(raw: Mapping[str, Any], key: str, default: bool, where: str) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise UsageError(f"{where}: {key} muss true oder false sein")
    return value


def _number(raw: Mapping[str, Any], key: str, default: Any, where: str, *, positive: bool = False) -> Any:
    value = raw.get(key, default)
    if value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool) or value < 0 or (positive and value == 0):
        raise UsageError(f"{where}: {key} muss eine Zahl {'> 0' if positive else '≥ 0'} sein")
    return float(value)


def _opt_str(raw: Mapping[str, Any], key: str, where: str) -> str | None:
    value = raw.get(key)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise UsageError(f"{where}: {key} muss Text sein")
    return value


def _start(value: Any, where: str) -> datetime | None:
    """`start` as a TOML date (midnight UTC) or date-time (local date-times are read as UTC)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(0), tzinfo=UTC)
    raise UsageError(f"{where}: start muss ein TOML-Datum sein (z. B. start = 2026-01-01)")
