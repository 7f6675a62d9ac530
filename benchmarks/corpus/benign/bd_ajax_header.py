# lookalike: backdoor
from flask import jsonify, render_template, request

from .models import Product


def product_list():
    products = Product.query.order_by(Product.name).all()
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        return jsonify([p.to_dict() for p in products])
    return render_template("products.html", products=products)
