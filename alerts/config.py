"""The `[alerts]` channels and `[[rule]]` tables of the sources file (`sources.toml`), checked with errors naming the key.

Other top-level tables (`[[source]]` of `etl sync`) are not read here. Secrets (SMTP login, webhook URL or token)
come only from environment variables the file names (`password_env = "WM_SMTP_PASSWORD"`).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indicators.checks import ANY_KIND, PARAMS, RULES, Rule, default_rules

WEBHOOK_FORMATS = ("slack", "teams", "matrix", "json")
ENV_FILE = "WM_SOURCES_FILE"
DEFAULT_FILE = Path("sources.toml")


class ConfigError(Exception):
    """The sources file is unreadable or names an unknown key or value (exit code 2)."""


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    sender: str
    to: tuple[str, ...]
    starttls: bool = True
    user: str | None = None  # from the environment variable `user_env`
    password: str | None = field(default=None, repr=False)  # from `password_env`
    timeout: float = 30.0
    cafile: Path | None = None  # CA certificates to trust for STARTTLS (a city's own CA); None: the system's


@dataclass(frozen=True)
class Webhook:
    url: str = field(repr=False)  # may carry a token (Slack, Teams): from `url_env` or the file
    format: str = "json"
    token: str | None = field(default=None, repr=False)  # `Authorization: Bearer …` (Matrix), from `token_env`
    timeout: float = 10.0


@dataclass(frozen=True)
class Config:
    rules: list[Rule]
    smtp: Smtp | None = None
    webhook: Webhook | None = None
    source: Path | None = None  # the file read, None: defaults

    @property
    def channels(self) -> tuple[str, ...]:
        return tuple(name for name, ch in (("smtp", self.smtp), ("webhook", self.webhook)) if ch is not None)


def sources_path(explicit: Path | None, env: Mapping[str, str]) -> Path:
    """Explicit argument > `WM_SOURCES_FILE` > `./sources.toml`."""
    return explicit or (Path(env[ENV_FILE]) if env.get(ENV_FILE) else DEFAULT_FILE)


def load_config(path: Path | None = None, *, env: Mapping[str, str] | None = None) -> Config:
    """Read the file (explicit path, `WM_SOURCES_FILE`, `./sources.toml`); absent: the default rules, no channels.

    A named file that does not exist is an error only when it was named (argument or environment)."""
    env = os.environ if env is None else env
    file = sources_path(path, env)
    if not file.exists():
        if path is not None or env.get(ENV_FILE):
            raise ConfigError(f"Quellendatei {file} existiert nicht")
        return Config(default_rules())
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{file}: {e}") from None
    return parse_config(data, env=env, source=file)


def parse_config(data: Mapping[str, Any], *, env: Mapping[str, str], source: Path | None = None) -> Config:
    where = str(source or "Konfiguration")
    alerts = data.get("alerts", {})
    if not isinstance(alerts, dict):
        raise ConfigError(f"{where}: [alerts] muss eine Tabelle sein")
    _known(alerts, {"smtp", "webhook"}, f"{where}: [alerts]")
    smtp = _smtp(alerts["smtp"], env, where) if "smtp" in alerts else None
    webhook = _webhook(alerts["webhook"], env, where) if "webhook" in alerts else None
    rules = data.get("rule", [])
    if not isinstance(rules, list):
        raise ConfigError(f"{where}: rule muss eine Liste von [[rule]]-Tabellen sein")
    return Config(_merge_rules([_rule(r, i, where) for i, r in enumerate(rules, 1)]), smtp, webhook, source)


def _merge_rules(configured: list[Rule]) -> list[Rule]:
    """The defaults, each replaced by a configured rule of the same name (and kind); configured ones added."""
    key = {(r.rule, r.kind): r for r in default_rules()}
    for r in configured:
        key[(r.rule, r.kind)] = r
    return list(key.values())


def _known(table: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ConfigError(f"{where}: unbekannter Schlüssel {unknown[0]!r} (bekannt: {', '.join(sorted(allowed))})")


def _rule(table: Any, i: int, where: str) -> Rule:
    here = f"{where}: [[rule]] Nr. {i}"
    if not isinstance(table, dict):
        raise ConfigError(f"{here}: keine Tabelle")
    name = table.get("rule")
    if name not in PARAMS:
        raise ConfigError(f"{here}: rule = {name!r} ist unbekannt (bekannt: {', '.join(RULES)})")
    params = set(PARAMS[name])
    _known(table, {"rule", "enabled"} | params | ({"kind"} if name == "station_silent" else set()), f"{here} ({name})")
    values: dict[str, float] = {}
    for p in params & set(table):
        v = table[p]
        if isinstance(v, bool) or not isinstance(v, int | float) or v < 0:
            raise ConfigError(f"{here} ({name}): {p} muss eine Zahl ≥ 0 sein, nicht {v!r}")
        values[p] = float(v)
    enabled = table.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError(f"{here} ({name}): enabled muss true oder false sein")
    kind = table.get("kind", ANY_KIND)
    if not isinstance(kind, str) or not kind:
        raise ConfigError(f"{here} ({name}): kind muss eine Stationsart sein")
    return Rule(name, values, kind=kind, enabled=enabled)


def _secret(table: Mapping[str, Any], key: str, env: Mapping[str, str], here: str, *, required: bool) -> str | None:
    """The value of the environment variable the file names under `key` (e.g. `password_env`)."""
    var = table.get(key)
    if var is None:
        if required:
            raise ConfigError(f"{here}: {key} fehlt (Name einer Umgebungsvariablen)")
        return None
    if not isinstance(var, str):
        raise ConfigError(f"{here}: {key} muss der Name einer Umgebungsvariablen sein")
    value = env.get(var)
    if not value:
        raise ConfigError(f"{here}: Umgebungsvariable {var} ({key}) ist nicht gesetzt")
    return value


def _smtp(t: Any, env: Mapping[str, str], where: str) -> Smtp:
    here = f"{where}: [alerts.smtp]"
    if not isinstance(t, dict):
        raise ConfigError(f"{here}: keine Tabelle")
    _known(t, {"host", "port", "starttls", "from", "to", "user_env", "password_env", "timeout", "cafile"}, here)
    for key in ("host", "from", "to"):
        if key not in t:
            raise ConfigError(f"{here}: {key} fehlt")
    to = [t["to"]] if isinstance(t["to"], str) else t["to"]
    if not isinstance(to, list) or not to or not all(isinstance(a, str) and "@" in a for a in to):
        raise ConfigError(f"{here}: to muss eine Adresse oder eine Liste von Adressen sein")
    port = t.get("port", 587)
    if not isinstance(port, int) or isinstance(port, bool) or not 0 < port < 65536:
        raise ConfigError(f"{here}: port muss eine Zahl von 1 bis 65535 sein")
    starttls = t.get("starttls", True)
    if not isinstance(starttls, bool):
        raise ConfigError(f"{here}: starttls muss true oder false sein")
    user = _secret(t, "user_env", env, here, required=False)
    password = _secret(t, "password_env", env, here, required=user is not None)
    return Smtp(
        host=str(t["host"]),
        port=port,
        sender=str(t["from"]),
        to=tuple(to),
        starttls=starttls,
        user=user,
        password=password,
        timeout=float(t.get("timeout", 30.0)),
        cafile=Path(t["cafile"]) if t.get("cafile") else None,
    )


def _webhook(t: Any, env: Mapping[str, str], where: str) -> Webhook:
    here = f"{where}: [alerts.webhook]"
    if not isinstance(t, dict):
        raise ConfigError(f"{here}: keine Tabelle")
    _known(t, {"url", "url_env", "format", "token_env", "timeout"}, here)
    if ("url" in t) == ("url_env" in t):
        raise ConfigError(f"{here}: genau eines von url und url_env angeben")
    url = str(t["url"]) if "url" in t else _secret(t, "url_env", env, here, required=True)
    assert url is not None
    if not url.startswith(("https://", "http://")):
        raise ConfigError(f"{here}: url muss mit https:// beginnen")
    fmt = t.get("format", "json")
    if fmt not in WEBHOOK_FORMATS:
        raise ConfigError(f"{here}: format = {fmt!r} ist unbekannt (bekannt: {', '.join(WEBHOOK_FORMATS)})")
    token = _secret(t, "token_env", env, here, required=False)
    return Webhook(url=url, format=fmt, token=token, timeout=float(t.get("timeout", 10.0)))
