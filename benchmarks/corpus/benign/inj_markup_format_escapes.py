# lookalike: injection
from markupsafe import Markup, escape


def render_comment(comment) -> Markup:
    # Markup.format escapes its arguments
    return Markup('<div class="comment"><b>{}</b>: {}</div>').format(comment.author, comment.body)


def highlight(term: str) -> Markup:
    return Markup("<mark>%s</mark>") % escape(term)
