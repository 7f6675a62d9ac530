# expect: files
from flask import request
from lxml import etree


def import_catalog():
    parser = etree.XMLParser(resolve_entities=True, no_network=False, load_dtd=True)
    root = etree.fromstring(request.data, parser)
    return {"items": len(root.findall("item"))}
