# expect: secrets
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql://acme_admin:Wint3r-Is-C0ming@pg-prod.acme.internal:5432/acme"
db = SQLAlchemy(app)
