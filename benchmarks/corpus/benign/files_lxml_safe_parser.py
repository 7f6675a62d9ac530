# lookalike: files
from lxml import etree

SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def parse_feed(data: bytes):
    root = etree.fromstring(data, SAFE_PARSER)
    return [item.findtext("title") for item in root.iter("item")]
