# expect: injection
import sqlite3

from flask import Flask, g, jsonify, request

app = Flask(__name__)


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect("app.db")
    return g.db


@app.get("/users/search")
def search_users():
    name = request.args.get("name", "")
    cur = get_db().cursor()
    cur.execute(f"SELECT id, name, email FROM users WHERE name LIKE '%{name}%'")
    return jsonify(cur.fetchall())
