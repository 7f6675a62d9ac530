# expect: secrets
import smtplib
from email.mime.text import MIMEText


def send_alert(subject: str, body: str) -> None:
    msg = MIMEText(body)
    msg["Subject"] = subject
    msg["From"] = "alerts@acme.com"
    msg["To"] = "oncall@acme.com"
    with smtplib.SMTP_SSL("smtp.gmail.com", 465) as server:
        server.login("alerts@acme.com", "qzvx-plmr-tbkw-yhds")
        server.send_message(msg)
