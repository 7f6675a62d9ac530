# lookalike: injection
from jinja2 import Environment, PackageLoader, select_autoescape

env = Environment(loader=PackageLoader("acme", "templates"), autoescape=select_autoescape(["html", "xml"]))


def render_invoice(invoice) -> str:
    return env.get_template("invoice.html").render(invoice=invoice)
