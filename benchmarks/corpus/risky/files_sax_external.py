# expect: files
import xml.sax
from xml.sax.handler import feature_external_ges


class InvoiceHandler(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.totals = []

    def startElement(self, name, attrs):
        if name == "total":
            self.totals.append(attrs.get("value"))


def parse_invoice(stream):
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)
    handler = InvoiceHandler()
    parser.setContentHandler(handler)
    parser.parse(stream)
    return handler.totals
