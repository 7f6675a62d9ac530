# lookalike: secrets
"""Example configuration; copy to settings_local.py and fill in real values."""

API_KEY = "YOUR_API_KEY_HERE"
API_SECRET = "<your-api-secret>"
DATABASE_PASSWORD = ""
SMTP_PASSWORD = None
WEBHOOK_URL = "https://hooks.example.com/services/XXX/YYY/ZZZ"
