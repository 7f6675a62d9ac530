# expect: injection
from markupsafe import Markup


def render_comment(comment) -> Markup:
    return Markup(f'<div class="comment"><b>{comment.author}</b>: {comment.body}</div>')
