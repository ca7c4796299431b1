"""A station goes silent and comes back: a local SMTP server (aiosmtpd) and a local webhook receiver each get exactly
one message for the start and one for the end; the checks in between send nothing; a failed send is retried without
sending again what went out."""

from __future__ import annotations

import email
import email.policy
import json
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from email.message import EmailMessage as Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from app_support import free_port

from alerts.check import run_check
from alerts.config import Config, parse_config
from alerts.messages import Notice
from alerts.notify import send_smtp, webhook_body
from etl.warehouse import connect

T0 = datetime(2026, 3, 10, 12, 0)


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.logins: list[tuple[bytes, bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (b"wm", b"geheim")
        if ok:
            self.logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=ok)


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    port = free_port()
    # plain SMTP with AUTH (STARTTLS itself: test_starttls_and_login_when_configured)
    ctl = Controller(box, hostname="127.0.0.1", port=port, authenticator=box.authenticate, auth_require_tls=False)
    ctl.start()
    yield box, port
    ctl.stop()


class Receiver:
    def __init__(self) -> None:
        self.bodies: list[dict[str, Any]] = []
        self.status = 200


@pytest.fixture
def webhook() -> Iterator[tuple[Receiver, str]]:
    rec = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if rec.status == 200:
                rec.bodies.append(json.loads(body))
            self.send_response(rec.status)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield rec, f"http://127.0.0.1:{server.server_port}/hook"
    server.shutdown()


def config(smtp_port: int, url: str) -> Config:
    return parse_config(
        {
            "alerts": {
                "smtp": {
                    "host": "127.0.0.1",
                    "port": smtp_port,
                    "starttls": False,
                    "from": "wirkungsmonitor@offenbach.example",
                    "to": ["digital@offenbach.example"],
                    "user_env": "WM_SMTP_USER",
                    "password_env": "WM_SMTP_PASSWORD",
                },
                "webhook": {"url_env": "WM_WEBHOOK_URL", "format": "matrix"},
            }
        },
        env={"WM_SMTP_USER": "wm", "WM_SMTP_PASSWORD": "geheim", "WM_WEBHOOK_URL": url},
    )


def reading(db: Path, at: datetime) -> None:
    con = connect(db)
    con.execute("insert into observation_hourly values ('rad-1', ?, 'bicycles', 4, 10, 1, 4, 2.5)", [at])
    con.close()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    con = connect(path)
    con.execute("insert into station values ('rad-1', 'bike_counter', 'Zählstelle Kaiserstraße', null, null, 'test', false, 1)")
    con.close()
    reading(path, T0 - timedelta(hours=1))
    return path


def test_one_message_when_silent_and_one_when_back(db: Path, mailbox: tuple[Mailbox, int], webhook: tuple[Receiver, str]) -> None:
    box, port = mailbox
    rec, url = webhook
    cfg = config(port, url)
    assert run_check(db, cfg, now=T0).standing == []
    assert box.messages == [] and rec.bodies == []

    # 49 hours without a reading (bike counters: 48): one mail, one webhook call
    silent = T0 + timedelta(hours=48)
    result = run_check(db, cfg, now=silent)
    assert [a.subject for a in result.started] == ["rad-1"] and not result.send_errors
    assert len(box.messages) == 1 and len(rec.bodies) == 1
    mail = box.messages[0]
    assert mail["Subject"] == "[Wirkungsmonitor] Alarm: Station sendet nicht – rad-1"
    body = mail.get_content()
    assert body.index("Zählstelle Kaiserstraße") < body.index("Alert started")  # German first
    assert box.logins == [(b"wm", b"geheim")]  # login from the environment
    assert rec.bodies[0]["text"].startswith("[Wirkungsmonitor] Alarm: Station sendet nicht – rad-1")

    # still silent: the alert stands, nothing is sent again
    for hours in (49, 60, 72):
        result = run_check(db, cfg, now=T0 + timedelta(hours=hours))
        assert [a.subject for a in result.standing] == ["rad-1"] and result.started == [] and result.sent == []
    assert len(box.messages) == 1 and len(rec.bodies) == 1

    # the station is back: one more of each, saying it ended
    back = T0 + timedelta(hours=73)
    reading(db, back)
    result = run_check(db, cfg, now=back)
    assert [a.subject for a in result.ended] == ["rad-1"] and result.standing == []
    assert len(box.messages) == 2 and len(rec.bodies) == 2
    assert box.messages[1]["Subject"] == "[Wirkungsmonitor] Entwarnung: Station sendet nicht – rad-1"
    assert "Entwarnung" in rec.bodies[1]["text"] and rec.bodies[1]["msgtype"] == "m.text"

    run_check(db, cfg, now=back + timedelta(hours=1))
    assert len(box.messages) == 2 and len(rec.bodies) == 2

    con = connect(db)
    rows = con.execute("select rule, subject, first_seen, last_seen, resolved_at from alert").fetchall()
    sent = con.execute("select event, channel, attempts, sent_at is not null from alert_notification order by all").fetchall()
    con.close()
    assert rows == [("station_silent", "rad-1", silent, T0 + timedelta(hours=72), back)]
    assert sent == [
        ("end", "smtp", 1, True),
        ("end", "webhook", 1, True),
        ("start", "smtp", 1, True),
        ("start", "webhook", 1, True),
    ]


def test_a_failed_send_is_retried_without_repeating_what_went_out(
    db: Path, mailbox: tuple[Mailbox, int], webhook: tuple[Receiver, str]
) -> None:
    box, port = mailbox
    rec, url = webhook
    cfg = config(port, url)
    rec.status = 500
    result = run_check(db, cfg, now=T0 + timedelta(hours=50))
    assert len(box.messages) == 1 and rec.bodies == []
    assert result.send_errors and result.send_errors[0].startswith("webhook: Webhook: HTTP 500")
    con = connect(db)
    assert con.execute("select attempts, sent_at, last_error from alert_notification where channel = 'webhook'").fetchall() == [
        (1, None, "Webhook: HTTP 500 ")
    ]
    con.close()
    result = run_check(db, cfg, now=T0 + timedelta(hours=51))  # still failing: tried again, the mail not resent
    assert len(box.messages) == 1 and len(result.send_errors) == 1
    rec.status = 200
    result = run_check(db, cfg, now=T0 + timedelta(hours=52))
    assert len(box.messages) == 1 and len(rec.bodies) == 1 and result.sent == [(1, "start", "webhook")]
    assert rec.bodies[0]["text"].startswith("[Wirkungsmonitor] Alarm")


def test_no_channels_stores_alerts_and_sends_nothing(db: Path) -> None:
    result = run_check(db, parse_config({}, env={}), now=T0 + timedelta(hours=50))
    assert [a.subject for a in result.standing] == ["rad-1"] and result.sent == []


def _self_signed(tmp: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 (its own CA) and its key, as PEM files."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp / "cert.pem", tmp / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


def test_real_starttls_with_login(db: Path, tmp_path: Path) -> None:
    """A server that requires STARTTLS before AUTH: the mail arrives encrypted, with the login from the environment;
    a server certificate the client does not trust is a failed send (due again), never a plain-text login."""
    import ssl

    cert_file, key_file = _self_signed(tmp_path)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert_file, key_file)
    box = Mailbox()
    port = free_port()
    ctl = Controller(
        box,
        hostname="127.0.0.1",
        port=port,
        authenticator=box.authenticate,
        tls_context=server_tls,
        require_starttls=True,
        auth_require_tls=True,
    )
    ctl.start()
    try:
        smtp = {
            "host": "127.0.0.1",
            "port": port,
            "from": "wirkungsmonitor@offenbach.example",
            "to": "digital@offenbach.example",
            "user_env": "WM_SMTP_USER",
            "password_env": "WM_SMTP_PASSWORD",
        }
        env = {"WM_SMTP_USER": "wm", "WM_SMTP_PASSWORD": "geheim"}
        untrusted = parse_config({"alerts": {"smtp": smtp}}, env=env)
        result = run_check(db, untrusted, now=T0 + timedelta(hours=50))
        assert box.messages == [] and box.logins == []
        assert "CERTIFICATE_VERIFY_FAILED" in result.send_errors[0]
        trusted = parse_config({"alerts": {"smtp": {**smtp, "cafile": str(cert_file)}}}, env=env)
        result = run_check(db, trusted, now=T0 + timedelta(hours=51))
        assert result.send_errors == [] and len(box.messages) == 1 and box.logins == [(b"wm", b"geheim")]
        assert box.messages[0]["Subject"] == "[Wirkungsmonitor] Alarm: Station sendet nicht – rad-1"
    finally:
        ctl.stop()


def test_starttls_and_login_when_configured() -> None:
    cfg = config(2525, "https://x").smtp
    assert cfg is not None
    tls = cfg.__class__(**{**cfg.__dict__, "starttls": True})
    notice = Notice("start", 1, "station_silent", "rad-1", "Station still.", T0, None)
    with mock.patch("smtplib.SMTP") as smtp:
        send_smtp(tls, notice)
    session = smtp.return_value.__enter__.return_value
    calls = [c[0] for c in session.method_calls]
    assert calls == ["starttls", "login", "send_message"]
    assert session.login.call_args.args == ("wm", "geheim")
    with mock.patch("smtplib.SMTP") as smtp:
        send_smtp(cfg, notice)
    assert "starttls" not in [c[0] for c in smtp.return_value.__enter__.return_value.method_calls]


@pytest.mark.parametrize("fmt", ["slack", "teams", "matrix", "json"])
def test_every_webhook_body_has_text(fmt: str) -> None:
    notice = Notice("end", 7, "indicator_stale", "rad_dtv", "Daten veraltet.", T0, T0 + timedelta(days=1))
    body = webhook_body(fmt, notice)
    assert body["text"].startswith("[Wirkungsmonitor] Entwarnung: Indikator veraltet – rad_dtv")
    json.dumps(body)
    if fmt == "json":
        assert body["rule"] == "indicator_stale" and body["resolved_at"] == "2026-03-11T12:00:00Z"


class Recorder:
    """A channel that records what it was given, or fails while `failing`."""

    def __init__(self) -> None:
        self.got: list[tuple[str, str]] = []
        self.failing = False

    def __call__(self, notice: Notice) -> None:
        if self.failing:
            from alerts.notify import SendFailed

            raise SendFailed("nicht erreichbar")
        self.got.append((notice.event, notice.subject))


def test_a_channel_added_later_hears_of_standing_alerts_and_a_pending_start_goes_before_its_end(db: Path) -> None:
    cfg = parse_config({}, env={})
    mail, hook = Recorder(), Recorder()
    run_check(db, cfg, now=T0 + timedelta(hours=50), channels={"smtp": mail})
    assert mail.got == [("start", "rad-1")]
    hook.failing = True  # the webhook is configured now, but down
    run_check(db, cfg, now=T0 + timedelta(hours=51), channels={"smtp": mail, "webhook": hook})
    assert hook.got == [] and mail.got == [("start", "rad-1")]
    reading(db, T0 + timedelta(hours=52))  # back before the webhook ever delivered the start
    hook.failing = False
    result = run_check(db, cfg, now=T0 + timedelta(hours=52), channels={"smtp": mail, "webhook": hook})
    assert hook.got == [("start", "rad-1"), ("end", "rad-1")]
    assert mail.got == [("start", "rad-1"), ("end", "rad-1")]
    assert result.send_errors == []


def test_a_failing_rule_keeps_its_alerts(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from indicators import checks

    cfg = parse_config({}, env={})
    assert [a.subject for a in run_check(db, cfg, now=T0 + timedelta(hours=50), channels={}).standing] == ["rad-1"]

    def broken(*args: Any) -> list[Any]:
        raise RuntimeError("Tabelle fehlt")

    monkeypatch.setitem(checks.CHECKS, "station_silent", broken)
    result = run_check(db, cfg, now=T0 + timedelta(hours=51), channels={})
    assert result.rule_errors == {"station_silent": "RuntimeError: Tabelle fehlt"}
    assert [a.subject for a in result.standing] == ["rad-1"] and result.ended == []
