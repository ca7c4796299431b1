"""Sending one notice: e-mail over SMTP (STARTTLS, login from the environment) or a JSON POST to a webhook."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

import httpx

from alerts.config import Smtp, Webhook
from alerts.messages import Notice


class SendFailed(Exception):
    """A channel did not take the notice; it is sent again at the next check."""


def send_smtp(cfg: Smtp, notice: Notice) -> None:
    msg = EmailMessage()
    msg["Subject"] = notice.title
    msg["From"] = cfg.sender
    msg["To"] = ", ".join(cfg.to)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=cfg.sender.rpartition("@")[2] or None)
    msg["Content-Language"] = "de, en"
    msg.set_content(notice.text)
    try:
        with smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout) as smtp:
            if cfg.starttls:
                smtp.starttls(context=ssl.create_default_context(cafile=cfg.cafile))
            if cfg.user is not None:
                smtp.login(cfg.user, cfg.password or "")
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as e:
        raise SendFailed(f"SMTP {cfg.host}:{cfg.port}: {type(e).__name__}: {e}") from None


def webhook_body(fmt: str, notice: Notice) -> dict[str, Any]:
    """The JSON body: every format has `text` (Slack incoming webhooks, Teams connectors, Matrix hookshot webhooks)."""
    text = notice.text
    if fmt == "slack":
        return {"text": text}
    if fmt == "teams":  # Office 365 connector card: `text` is shown, `summary` in the notification
        return {"@type": "MessageCard", "@context": "https://schema.org/extensions", "summary": notice.title, "text": text}
    if fmt == "matrix":  # hookshot's generic webhook reads `text`; `msgtype`/`body` make it a valid m.room.message too
        return {"text": text, "msgtype": "m.text", "body": text}
    return {
        "text": text,
        "event": notice.event,
        "alert_id": notice.alert_id,
        "rule": notice.rule,
        "subject": notice.subject,
        "message": notice.message,
        "first_seen": notice.first_seen.isoformat() + "Z",
        "resolved_at": notice.resolved_at.isoformat() + "Z" if notice.resolved_at else None,
    }


def send_webhook(cfg: Webhook, notice: Notice) -> None:
    headers = {"Authorization": f"Bearer {cfg.token}"} if cfg.token else {}
    try:
        r = httpx.post(cfg.url, json=webhook_body(cfg.format, notice), headers=headers, timeout=cfg.timeout)
    except httpx.HTTPError as e:
        raise SendFailed(f"Webhook: {type(e).__name__}: {e}") from None
    if r.status_code >= 300:
        raise SendFailed(f"Webhook: HTTP {r.status_code} {r.text[:200]}")
