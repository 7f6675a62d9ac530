# expect: injection
from flask import Flask, jsonify, request
from pymongo import MongoClient

app = Flask(__name__)
db = MongoClient()["shop"]


@app.get("/orders")
def orders():
    customer = request.args["customer"]
    docs = db.orders.find({"$where": "this.customer == '" + customer + "'"})
    return jsonify([str(d["_id"]) for d in docs])


@app.post("/orders/query")
def order_query():
    return jsonify([str(d["_id"]) for d in db.orders.find(request.get_json())])
