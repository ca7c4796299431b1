"""One typed settings object: explicit argument > environment variable (WM_*) > default, checked at start."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit

from indicators.presentation import DECKS_FILE
from indicators.store import DEFAULT_SNAPSHOT

ENV_PREFIX = "WM_"
# variables of the command-line tools that may share the app's environment file: not the app's, never refused by it
OTHER_TOOLS_ENV = frozenset({"WM_SOURCES_FILE"})  # etl sync's sources file (docs/configuration.md)
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]")


class SettingsError(ValueError):
    """A setting is unknown or invalid; the message names the key."""


@dataclass(frozen=True)
class Settings:
    """Settings of one app instance. Every field is documented in docs/configuration.md (a test checks it)."""

    db: Path = field(default=DEFAULT_SNAPSHOT, metadata={"help": "Snapshot, read-only geöffnet"})
    public: bool = field(default=False, metadata={"help": "öffentliche Instanz: nur öffentliche Seiten und Einbettungen"})
    host: str = field(default="127.0.0.1", metadata={"help": "Adresse, an die der Entwicklungsserver bindet"})
    port: int = field(default=8050, metadata={"help": "Port des Entwicklungsservers"})
    tile_url: str = field(default="", metadata={"help": "Kachel-URL der Karte ({z}/{x}/{y}); leer = ohne Hintergrundkarte"})
    tile_attribution: str = field(
        default="", metadata={"help": "Namensnennung der Hintergrundkarte, auf der Karte gezeigt (© GeoBasis-DE / BKG …)"}
    )
    licence: str = field(default="Datenlizenz Deutschland – Namensnennung – Version 2.0", metadata={"help": "Lizenz der Daten"})
    frame_ancestors: str = field(
        default="", metadata={"help": "Origins, die /embed/ einbetten dürfen, kommagetrennt (https://www.offenbach.de)"}
    )
    basic_auth_users: str = field(
        default="",
        repr=False,
        metadata={"help": "Anmeldung der internen Instanz: name:hash,… (werkzeug-Hashes; nur aus der Umgebung)"},
    )
    session_secret: str = field(
        default="",
        repr=False,
        metadata={
            "help": "Schlüssel, mit dem das Sitzungs-Cookie signiert wird (≥ 32 Zeichen, nur aus der Umgebung); nötig mit "
            "OpenID Connect; ohne ihn gilt bei Basic-Auth ein Schlüssel je Prozess"
        },
    )
    session_hours: int = field(default=8, metadata={"help": "Stunden, die eine Anmeldung gilt (Ablauf des Sitzungs-Cookies)"})
    login_attempts_per_minute: int = field(
        default=10, metadata={"help": "fehlgeschlagene Anmeldungen je Client und Minute, danach 429"}
    )
    proxy_hops: int = field(
        default=0,
        metadata={"help": "Zahl der Reverse-Proxys vor der App (nginx: 1): Client-Adresse und https aus X-Forwarded-For/-Proto"},
    )
    oidc_issuer: str = field(
        default="", metadata={"help": "OpenID-Connect-Anbieter (https://keycloak…/realms/stadt); leer = kein OIDC"}
    )
    oidc_client_id: str = field(default="", metadata={"help": "Client-ID der App beim OIDC-Anbieter"})
    oidc_client_secret: str = field(
        default="", repr=False, metadata={"help": "Client-Secret beim OIDC-Anbieter (nur aus der Umgebung)"}
    )
    oidc_allowed_groups: str = field(
        default="", metadata={"help": "Gruppen oder Rollen, die sich anmelden dürfen, kommagetrennt (Pflicht mit OIDC)"}
    )
    oidc_groups_claim: str = field(
        default="groups", metadata={"help": "Claim des ID-Tokens mit den Gruppen (Punkt für Verschachtelung: realm_access.roles)"}
    )
    oidc_scopes: str = field(default="openid profile email", metadata={"help": "angefragte Scopes (mit openid)"})
    public_url: str = field(
        default="",
        metadata={
            "help": "kanonische Adresse der Instanz (https://wirkung.offenbach.de) für jede absolute URL, die die App "
            "schreibt (Einbettungscode); leer = nur Pfade. Nie der Host der Anfrage."
        },
    )
    trusted_hosts: str = field(
        default="",
        metadata={
            "help": "Hosts, die die App beantwortet, kommagetrennt (.example.de = alle Subdomains); andere: 400. Leer = "
            "Host von WM_PUBLIC_URL, sonst jeder; die interne Instanz ohne Anmeldung nur 127.0.0.1/localhost"
        },
    )
    embeds_file: Path = field(default=Path("data/embeds.toml"), metadata={"help": "zusätzliche freigegebene Einbettungen"})
    redis_url: str = field(
        default="",
        metadata={
            "help": "Redis für den gemeinsamen Indikator-Cache (redis://host:6379/0); leer = Dateisystem-Cache in data/cache"
        },
    )
    decks_file: Path = field(default=DECKS_FILE, metadata={"help": "Präsentationen für den Rat (TOML)"})
    max_body_bytes: int = field(
        default=1_000_000,
        metadata={"help": "größter Anfragekörper in Bytes (Rückrufe sind wenige KB); größere Anfragen: 413"},
    )
    request_budget_seconds: int = field(
        default=10, metadata={"help": "Zeitbudget einer Anfrage (Rückruf, Download) in Sekunden; danach Abbruch mit 503"}
    )
    public_max_age: int = field(
        default=300,
        metadata={"help": "Sekunden, die Browser und Proxy Seiten, Einbettungen und Downloads der öffentlichen Instanz halten"},
    )
    contact_email: str = field(
        default="digital@offenbach.de", metadata={"help": "Kontakt für Barrierefreiheit und Rückmeldungen"}
    )

    @property
    def login_configured(self) -> bool:
        """The internal instance asks for a login (Basic auth or OpenID Connect)."""
        return bool(self.basic_auth_users or self.oidc_issuer)

    def oidc_allowed_groups_list(self) -> list[str]:
        return [g.strip().lstrip("/") for g in self.oidc_allowed_groups.split(",") if g.strip().lstrip("/")]

    def trusted_hosts_list(self) -> list[str]:
        """The hosts this instance answers (empty: any). Without a login the internal instance serves this machine
        only, whatever is set: a DNS name that an attacker points at 127.0.0.1 (DNS rebinding) gets 400."""
        if not self.public and not self.login_configured:
            return list(LOOPBACK_HOSTS)
        if self.trusted_hosts.strip():
            return [h.strip().lower() for h in self.trusted_hosts.split(",") if h.strip()]
        if self.public_url:
            return [urlsplit(self.public_url).hostname or ""]
        return []

    def frame_ancestors_list(self) -> list[str]:
        return [o.strip().rstrip("/") for o in self.frame_ancestors.split(",") if o.strip()]

    @classmethod
    def load(cls, env: dict[str, str] | None = None, **explicit: object) -> Settings:
        env = dict(os.environ if env is None else env)
        known = {f.name for f in fields(cls)}
        for key in env:
            if key.startswith(ENV_PREFIX) and key[len(ENV_PREFIX) :].lower() not in known and key not in OTHER_TOOLS_ENV:
                raise SettingsError(
                    f"unbekannte Einstellung {key} (bekannt: {', '.join(ENV_PREFIX + k.upper() for k in sorted(known))})"
                )
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = explicit.get(f.name)
            if raw is None:
                raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is None:
                continue
            values[f.name] = _convert(f.name, f.type, raw)
        s = cls(**values)  # type: ignore[arg-type]
        if not (0 < s.port < 65536):
            raise SettingsError(f"{ENV_PREFIX}PORT: {s.port} ist kein gültiger Port")
        if s.public_url:
            u = urlsplit(s.public_url)
            if u.scheme not in ("http", "https") or not u.hostname or u.query or u.fragment or u.username:
                raise SettingsError(f"{ENV_PREFIX}PUBLIC_URL: {s.public_url!r} ist keine Adresse wie https://host[/pfad]")
        if s.request_budget_seconds < 1:
            raise SettingsError(f"{ENV_PREFIX}REQUEST_BUDGET_SECONDS: {s.request_budget_seconds} ist zu klein (mindestens 1)")
        if s.max_body_bytes < 1024:
            raise SettingsError(f"{ENV_PREFIX}MAX_BODY_BYTES: {s.max_body_bytes} ist zu klein (mindestens 1024)")
        _check_login(s)
        return s


def _check_login(s: Settings) -> None:
    """Login settings that cannot work together stop the start, each with the key to fix."""
    if s.session_secret and len(s.session_secret) < 32:
        raise SettingsError(f"{ENV_PREFIX}SESSION_SECRET: zu kurz (mindestens 32 Zeichen, z. B. `openssl rand -hex 32`)")
    if s.session_hours < 1:
        raise SettingsError(f"{ENV_PREFIX}SESSION_HOURS: {s.session_hours} ist zu klein (mindestens 1)")
    if s.login_attempts_per_minute < 1:
        raise SettingsError(f"{ENV_PREFIX}LOGIN_ATTEMPTS_PER_MINUTE: {s.login_attempts_per_minute} ist zu klein")
    if s.proxy_hops < 0:
        raise SettingsError(f"{ENV_PREFIX}PROXY_HOPS: {s.proxy_hops} ist kleiner als 0")
    if not s.oidc_issuer:
        return
    issuer = urlsplit(s.oidc_issuer)
    if issuer.scheme != "https" and not (issuer.scheme == "http" and issuer.hostname in ("127.0.0.1", "localhost")):
        raise SettingsError(f"{ENV_PREFIX}OIDC_ISSUER: {s.oidc_issuer!r} muss mit https:// beginnen")
    if s.basic_auth_users:
        raise SettingsError(f"{ENV_PREFIX}BASIC_AUTH_USERS und {ENV_PREFIX}OIDC_ISSUER: nur eine Anmeldung setzen")
    # several workers must accept each other's cookies (the OIDC state lives in it): one secret for all of them
    needed = {
        "OIDC_CLIENT_ID": s.oidc_client_id,
        "OIDC_ALLOWED_GROUPS": s.oidc_allowed_groups_list(),  # an empty list would let every account of the city in
        "PUBLIC_URL": s.public_url,  # the redirect URI registered at the provider; never the request's Host
        "SESSION_SECRET": s.session_secret,
    }
    for key, value in needed.items():
        if not value:
            raise SettingsError(f"{ENV_PREFIX}{key} fehlt: mit {ENV_PREFIX}OIDC_ISSUER nötig (docs/configuration.md)")
    if "openid" not in s.oidc_scopes.split():
        raise SettingsError(f"{ENV_PREFIX}OIDC_SCOPES: muss openid enthalten")


def _convert(name: str, typ: object, raw: object) -> object:
    t = str(typ)
    try:
        if "bool" in t:
            if isinstance(raw, bool):
                return raw
            v = str(raw).strip().lower()
            if v in ("1", "true", "ja", "yes", "on"):
                return True
            if v in ("0", "false", "nein", "no", "off", ""):
                return False
            raise ValueError(v)
        if "int" in t:
            return int(raw)  # type: ignore[arg-type]
        if "Path" in t:
            return Path(str(raw))
        return str(raw)
    except (TypeError, ValueError):
        raise SettingsError(f"{ENV_PREFIX}{name.upper()}: ungültiger Wert {raw!r}") from None
