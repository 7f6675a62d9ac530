# lookalike: injection
import re

from flask import jsonify, request

from .data import PRODUCTS


def search_products():
    pattern = re.compile(re.escape(request.args.get("q", "")), re.IGNORECASE)
    return jsonify([p for p in PRODUCTS if pattern.search(p["name"])])
