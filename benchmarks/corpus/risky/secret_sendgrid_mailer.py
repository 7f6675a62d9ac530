# expect: secrets
from sendgrid import SendGridAPIClient
from sendgrid.helpers.mail import Mail

SENDGRID_API_KEY = "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"


def send_welcome(to_email: str) -> None:
    message = Mail(from_email="hello@acme.com", to_emails=to_email, subject="Welcome", html_content="<p>Hi!</p>")
    SendGridAPIClient(SENDGRID_API_KEY).send(message)
