# expect: insecure-config
from flask import Flask
from flask_login import LoginManager


def create_app() -> Flask:
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY="f3b1c9e27a6d4e0b8c5f2a9d7e1b3c6a",
        SQLALCHEMY_DATABASE_URI="sqlite:///acme.db",
    )
    LoginManager(app)
    return app
