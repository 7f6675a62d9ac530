# expect: injection
from lxml import etree

from flask import request

USERS = etree.parse("users.xml")


def find_user():
    name = request.args.get("name")
    return USERS.xpath(f"//user[name/text()='{name}']/email/text()")
