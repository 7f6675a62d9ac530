"""Backdoors: authentication that lets someone in without the real credentials.

A backdoor is a small change with a large effect: a password compared with a string literal,
a header that skips the check, an auth function that always says yes, a debug route that runs
whatever command it is sent. Each rule here looks for one such shape, and asks for context
before it speaks: the value compared must be a credential (by name) or come from the request,
the branch must actually grant access, and the function must be one that decides access
(`authenticate`, `check_password`, `has_permission`, a `login_required` wrapper, a
`before_request` hook, ...). Tests, default-value warnings (`if SECRET == "changeme": raise`)
and configuration parsing are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import tree_sitter

from ..context import CallSite, Context, TextMatch
from ..flow import FORMAT, REQUEST, ROUTE_DECORATOR
from ..model import Related
from ..names import identifier
from ..rule import CallRule, Hit, ScopeRule, TextRule
from ._common import Category, Confidence, RuleMeta, Severity, in_test_code
from .persistence import COMMAND_CALLS, EXEC_CALLS, analysis_cache

# --------------------------------------------------------------------------------------------
# Vocabulary


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: names that hold a secret credential whatever the surrounding code
_CREDENTIAL = re.compile(
    r"(?:^|[_\-.])(?:pass(?:word|wd|phrase|code)|pwd|pw|secret|api[_\-]?key|apikey"
    r"|access[_\-]?key|secret[_\-]?key|auth[_\-]?key|master[_\-]?key|admin[_\-]?key"
    r"|private[_\-]?key|(?:auth|access|api|admin|bearer|session|refresh|reset|master|debug"
    r"|secret|magic|override|bypass|service|internal)[_\-]?token|otp|totp|pin[_\-]?code"
    r"|authorization|x[_\-]auth[_\-]token)(?:$|[_\-.])",
    re.IGNORECASE,
)
#: names that hold a credential only where access is being decided (tokenizers have tokens too)
_WEAK_CREDENTIAL = re.compile(
    r"^(?:token|key|pin|auth|sig|signature|cred|creds|credential|credentials|pass|tok"
    r"|magic|header_value|provided|supplied|given|candidate)$",
    re.IGNORECASE,
)
#: suffixes that make a credential-looking name describe something else (`password_policy`)
_NOT_A_VALUE = re.compile(
    r"[_\-](?:type|kind|name|field|fields|mode|format|source|id|len|length|policy|scheme"
    r"|method|algorithm|algo|provider|backend|label|prompt|header|env|var|column|attr|style"
    r"|strength|status|state|version|path|file|url|param)$",
    re.IGNORECASE,
)
_HASHED_CREDENTIAL = re.compile(r"pass(?:word|wd|phrase)?|pwd|secret|token|api_?key", re.I)
_USERNAME = re.compile(
    r"^(?:user(?:_?name)?|login|login_?name|account|account_?name|uid|user_?id|email"
    r"|username_?or_?email|principal|who)$",
    re.IGNORECASE,
)
#: functions (and their enclosing functions or classes) that decide who gets in
_AUTH_CONTEXT = re.compile(
    r"auth|login|log_in|logon|sign_?in|passw|credential|permission|privilege|has_perm|perms?$"
    r"|access|admin|(?:verify|check|validate|require|auth\w*)_?token|token_?(?:required|auth|valid)"
    r"|api_?key|secret|verify|validat|otp|mfa|2fa|totp|before_request|current_user|oauth"
    r"|guard|protect|require|allowed|is_valid_user|check_user|check_key|superuser|is_staff"
)
#: answers of `_auth_name` by name: function and class names repeat across files
_AUTH_NAMES: dict[str, bool] = {}
#: names of functions whose whole job is to say yes or no to a caller
_AUTH_DECISION = re.compile(
    r"^_*(?:authenticate\w*|authori[sz]e\w*|auth|check_auth\w*|is_auth\w*"
    r"|(?:check|verify|validate|test)_(?:password|passwd|pass|pwd|credentials?|token|api_?key"
    r"|key|login|user|auth\w*|otp|totp|mfa|2fa|signature|hmac|jwt|session|access|permissions?"
    r"|admin|secret|pin)\w*|is_(?:authenticated|authorized|authorised|admin|superuser|staff"
    r"|valid_(?:user|token|password|login|key|api_key|signature|session|otp"
    r"|credentials?))|has_(?:permission|perm|access|role|object_permission)s?|can_(?:access|login"
    r"|view|edit|delete|admin)|login|log_in|sign_in|password_(?:valid|ok|matches|correct)"
    r"|valid_(?:token|login|password|credentials)|token_(?:valid|ok)|credentials_valid)$",
    re.IGNORECASE,
)
_ALLOW_ALL_CLASS = re.compile(
    r"allow|any|base|abstract|mixin|dummy|null|noop|fake|mock|stub|test|permissive|public"
    r"|anonymous|insecure|open|default|passthrough|nobody|everyone|always",
    re.IGNORECASE,
)
_CONFIG_ROOTS = _words(
    "settings config conf cfg configuration options opts environ env defaults app current_app "
    "os constants consts"
)
#: `Authorization: Bearer <token>` values carry one space
_SCHEME = re.compile(r"(?:Bearer|Basic|Token|ApiKey|Digest)[ \t]+\S+$", re.IGNORECASE)
_TRIVIAL_LITERALS = _words(
    "none null true false undefined nil n/a na empty unknown default changeme change-me "
    "change_me placeholder xxx todo redacted "
    # authentication schemes: `scheme.lower() == "basic"` parses a header, it checks nothing
    "basic bearer digest token negotiate ntlm hmac apikey api-key oauth oauth2 jwt kerberos"
)
_PLACEHOLDER = re.compile(
    r"your|_here|-here|example|placeholder|change|replace|dummy|sample|^<.*>$|\.\.\.|xxx|todo"
    r"|insert|fixme",
    re.IGNORECASE,
)
_FLAG = re.compile(
    r"debug|testing|skip_?auth|no_?auth|disable_?auth|auth_?disabled|bypass|insecure|dev_?mode"
    r"|development|backdoor|override|god_?mode|maintenance|login_disabled|skip_?login"
    r"|skip_?check|skip_?verif|trust_?all|allow_?all",
    re.IGNORECASE,
)
_MASTER = re.compile(
    r"master|backdoor|bypass|override|skeleton|god|universal|emergency|support|debug|recovery"
    r"|maint",
    re.IGNORECASE,
)
_MASTER_NAME = re.compile(r"master|backdoor|skeleton", re.IGNORECASE)
_ENV_CALLS = frozenset({"os.getenv", "os.environ.get", "os.environ.__getitem__"})
_HOOK_DECORATORS = re.compile(
    r"before_(?:app_)?request|before_first_request|middleware|login_manager\.\w+_loader"
    r"|request_loader|user_loader|verify_password|verify_token|auth\.verify"
)
_NESTED = frozenset({"function_definition", "class_definition", "lambda"})
_GRANT_TARGET = re.compile(
    r"authenticated|authori[sz]ed|is_admin|is_superuser|is_staff|logged_in|\bg\.user\b"
    r"|request\.user\b|current_user|session\[|\.user$|^user$|allowed|access_granted|ok$",
    re.IGNORECASE,
)


def _name(ctx: Context, node: tree_sitter.Node | None) -> str:
    return "" if node is None else identifier(ctx.module, node)


def _function_name(ctx: Context, function: tree_sitter.Node) -> str:
    return _name(ctx, function.child_by_field_name("name"))


def _decorators(function: tree_sitter.Node) -> list[tree_sitter.Node]:
    parent = function.parent
    if parent is None or parent.type != "decorated_definition":
        return []
    return [c for c in parent.named_children if c.type == "decorator"]


def _enclosing(node: tree_sitter.Node, kinds: frozenset[str]) -> Iterator[tree_sitter.Node]:
    current = node.parent
    while current is not None:
        if current.type in kinds:
            yield current
        current = current.parent


def _auth_name(name: str) -> bool:
    """Does a function or class name say that it decides access? (cached across files)"""
    known = _AUTH_NAMES.get(name)
    if known is None:
        known = _AUTH_CONTEXT.search(name.lower()) is not None
        if len(_AUTH_NAMES) < 100_000:
            _AUTH_NAMES[name] = known
    return known


def _in_auth_context(ctx: Context, node: tree_sitter.Node) -> bool:
    """Inside a function (or a class, or a wrapper of a decorator) that decides access."""
    owner = _owner_of(node)
    return owner is not None and _decides_access(ctx, owner)


def _owner_of(node: tree_sitter.Node) -> tree_sitter.Node | None:
    """The nearest enclosing function or class."""
    current = node.parent
    while current is not None:
        if current.type in {"function_definition", "class_definition"}:
            return current
        current = current.parent
    return None


def _decides_access(ctx: Context, owner: tree_sitter.Node) -> bool:
    """A function or class named for access control, a request hook, or nested in one
    (memoised per owner: every method of a class asks about the same class)."""
    cache = analysis_cache(ctx)
    key = ("decides-access", owner.id)
    known = cache.get(key)
    if isinstance(known, bool):
        return known
    result = _auth_name(_name(ctx, owner.child_by_field_name("name"))) or (
        owner.type == "function_definition" and _hook(ctx, owner)
    )
    if not result:
        parent = _owner_of(owner)
        result = parent is not None and _decides_access(ctx, parent)
    cache[key] = result
    return result


def _hook(ctx: Context, function: tree_sitter.Node) -> bool:
    """Decorated as a request hook or an authentication callback (`@app.before_request`)."""
    return any(_HOOK_DECORATORS.search(ctx.text(d)) for d in _decorators(function))


def _own_nodes(scope: tree_sitter.Node, kinds: frozenset[str]) -> Iterator[tree_sitter.Node]:
    """Descendants of a function body of the given types, not entering nested scopes."""
    body = scope.child_by_field_name("body")
    if body is None:
        return
    stack = list(reversed(body.named_children))
    while stack:
        node = stack.pop()
        if node.type in kinds:
            yield node
        if node.type in _NESTED:
            continue
        stack.extend(reversed(node.named_children))


def _statements(block: tree_sitter.Node | None) -> list[tree_sitter.Node]:
    """The statements of a block, without comments, `pass` and a leading docstring."""
    if block is None:
        return []
    out = [c for c in block.named_children if c.type not in {"comment", "pass_statement"}]
    if out and out[0].type == "expression_statement":
        first = out[0].named_children[0] if out[0].named_children else None
        if first is not None and first.type == "string":
            out = out[1:]
    return out


def _literal(ctx: Context, node: tree_sitter.Node, minimum: int = 3) -> str | None:
    """A string literal that could be a password or a magic value (not "", None, "***")."""
    if node.type not in {"string", "concatenated_string"}:
        return None
    value = ctx.const(node)
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    stripped = value.strip()
    if len(stripped) < minimum or (
        any(c.isspace() for c in stripped) and not _SCHEME.match(stripped)
    ):
        return None
    if minimum > 1 and len(set(stripped)) <= 2:
        return None
    if stripped.lower() in _TRIVIAL_LITERALS or not any(c.isalnum() for c in stripped):
        return None
    if _PLACEHOLDER.search(stripped):
        return None  # "YOUR_API_KEY_HERE": the code checks that a real value was configured
    return stripped


def _subject_name(ctx: Context, node: tree_sitter.Node) -> str:
    """What a compared value is called: `password`, `request.form["password"]`, `.get("X-Key")`."""
    kind = node.type
    if kind == "identifier":
        return _name(ctx, node)
    if kind == "attribute":
        return _name(ctx, node.child_by_field_name("attribute"))
    if kind == "subscript":
        key = node.child_by_field_name("subscript")
        value = ctx.const(key) if key is not None else None
        if isinstance(value, str):
            return value
        inner = node.child_by_field_name("value")
        return "" if inner is None else _subject_name(ctx, inner)
    if kind == "call":
        function = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        args = (
            []
            if arguments is None
            else [a for a in arguments.named_children if a.type != "comment"]
        )
        if function is not None and function.type == "attribute":
            method = _name(ctx, function.child_by_field_name("attribute"))
            if (
                method in {"get", "getlist", "pop", "get_header", "getheader", "setdefault"}
                and args
            ):
                value = ctx.const(args[0])
                if isinstance(value, str):
                    return value
            if method in _SAME_VALUE_METHODS:
                receiver = function.child_by_field_name("object")
                return "" if receiver is None else _subject_name(ctx, receiver)
            if method in {"hexdigest", "digest"}:
                # hashlib.sha256(password.encode()).hexdigest() == "5e88..."
                match = _HASHED_CREDENTIAL.search(ctx.text(node))
                return match.group(0) if match else ""
        if function is not None and ctx.qualname(function) == "getattr" and len(args) >= 2:
            value = ctx.const(args[1])
            return value if isinstance(value, str) else ""
    if kind == "parenthesized_expression" and node.named_child_count == 1:
        return _subject_name(ctx, node.named_children[0])
    return ""


#: methods whose result is still "the same value" for naming purposes (`email.lower()`,
#: `email.split("@")[1]`)
_SAME_VALUE_METHODS = frozenset(
    {"strip", "lower", "upper", "decode", "encode", "rstrip", "lstrip", "casefold", "split",
     "rsplit", "partition", "rpartition"}
)  # fmt: skip


def _root(ctx: Context, node: tree_sitter.Node) -> str:
    """The first name of an attribute/subscript/call chain (`settings` in settings.X.get())."""
    current = node
    while current.type in {"attribute", "subscript", "call"}:
        child = current.child_by_field_name(
            "object"
            if current.type == "attribute"
            else "value"
            if current.type == "subscript"
            else "function"
        )
        if child is None:
            break
        current = child
    return _name(ctx, current) if current.type == "identifier" else ""


def _from_request(ctx: Context, node: tree_sitter.Node) -> tree_sitter.Node | None:
    """The request expression a value comes from, if any.

    Data flow is only computed where request data can exist at all (a `request` in the
    expression, a web route, a function that receives the request), because it is the most
    expensive question a rule can ask.
    """
    text = ctx.text(node)
    if _REQUEST_PREFIX.match(text):
        return node
    function = _function_of(node)
    if function is None or not _handles_requests(ctx, function):
        return None
    taint = ctx.taint(node)
    if taint is not None and taint.has(REQUEST):
        return taint.origin
    return None


_REQUEST_PREFIX = re.compile(r"(?:self\.)?req(?:uest)?\.")


def _function_of(node: tree_sitter.Node) -> tree_sitter.Node | None:
    current = node.parent
    while current is not None and current.type != "function_definition":
        current = current.parent
    return current


def _handles_requests(ctx: Context, function: tree_sitter.Node) -> bool:
    """A route (by its decorators), or a function whose code mentions a request object."""
    if any(ROUTE_DECORATOR.search(ctx.text(d)) for d in _decorators(function)):
        return True
    return b"req" in ctx.source[function.start_byte : function.end_byte]


_STRINGS = frozenset({"string", "concatenated_string"})


def _split_comparison(
    comparison: tree_sitter.Node,
) -> tuple[str, tree_sitter.Node, tree_sitter.Node] | None:
    """(operator, other side, string side) of `x == "..."` / `x != "..."`, nothing evaluated."""
    operands = [c for c in comparison.named_children if c.type != "comment"]
    operators = [c.type for c in comparison.children if not c.is_named]
    if len(operands) != 2 or len(operators) != 1 or operators[0] not in {"==", "!="}:
        return None
    left, right = operands
    if right.type in _STRINGS and left.type not in _STRINGS:
        return operators[0], left, right
    if left.type in _STRINGS and right.type not in _STRINGS:
        return operators[0], right, left
    return None


def _comparison_parts(
    ctx: Context, comparison: tree_sitter.Node, minimum: int = 3
) -> tuple[str, tree_sitter.Node, str] | None:
    """(operator, non-literal side, literal value) of `x == "literal"` or `x != "literal"`."""
    split = _split_comparison(comparison)
    if split is None or split[1].type in {"integer", "none", "float", "true", "false"}:
        return None
    value = _literal(ctx, split[2], minimum)
    return None if value is None else (split[0], split[1], value)


def _condition_owner(node: tree_sitter.Node) -> tuple[tree_sitter.Node | None, bool]:
    """The `if`/`elif` whose condition contains `node`, and whether `node` sits in an `or`."""
    in_or = False
    current = node
    while current.parent is not None:
        parent = current.parent
        if parent.type == "boolean_operator":
            operator = parent.child_by_field_name("operator")
            in_or = in_or or (operator is not None and operator.type == "or")
        elif parent.type in {"if_statement", "elif_clause"}:
            condition = parent.child_by_field_name("condition")
            if (
                condition is not None
                and condition.start_byte <= node.start_byte < condition.end_byte
            ):
                return parent, in_or
            return None, in_or
        elif parent.type not in {"parenthesized_expression", "not_operator", "comparison_operator"}:
            return None, in_or
        current = parent
    return None, in_or


def _body(branch: tree_sitter.Node) -> tree_sitter.Node | None:
    return branch.child_by_field_name("consequence")


def _alarm(block: tree_sitter.Node | None) -> bool:
    """The branch raises or warns: the comparison detects a default or weak value."""
    statements = _statements(block)
    if not statements:
        return False
    first = statements[0]
    if first.type == "raise_statement":
        return True
    text = first.text.decode("utf-8", "replace") if first.text else ""
    return _WARNS.match(text) is not None


_WARNS = re.compile(r"(?:[\w.]+\.)?(?:warn|warning|error|critical|exception|exit|print)\(")


def _grants(ctx: Context, block: tree_sitter.Node | None, function: tree_sitter.Node) -> bool:
    """The branch lets the caller through: return True, call the wrapped view, log them in."""
    for statement in _statements(block)[:4]:
        kind = statement.type
        if kind == "return_statement":
            value = statement.named_children[0] if statement.named_children else None
            if value is None or value.type == "none":
                return _hook_that_blocks(ctx, function)
            if value.type == "true":
                return True
            if value.type == "tuple" and _function_name(ctx, function).startswith("authenticate"):
                first = value.named_children[0] if value.named_children else None
                return first is not None and first.type not in {"none", "false"}
            if _USER_RESOLVER.match(_function_name(ctx, function)):
                return value.type not in {"false", "none", "string", "integer"}  # a user object
            return value.type == "call" and _calls_wrapped(ctx, value, function)
        if kind == "expression_statement" and statement.named_children:
            expression = statement.named_children[0]
            if expression.type == "assignment":
                if _grant_assignment(ctx, expression):
                    return True
            elif expression.type == "call":
                function_node = expression.child_by_field_name("function")
                name = ctx.qualname(function_node) if function_node is not None else None
                if name and name.rsplit(".", 1)[-1] in {"login_user", "login", "force_login"}:
                    return True
    return False


def _grant_assignment(ctx: Context, assignment: tree_sitter.Node) -> bool:
    """`session["admin"] = True`, `g.user = admin`, `request.user = ...`."""
    left = assignment.child_by_field_name("left")
    right = assignment.child_by_field_name("right")
    if left is None or right is None:
        return False
    target = ctx.text(left)
    if not _GRANT_TARGET.search(target):
        return False
    return right.type == "true" or ".user" in target or target == "user"


def _calls_wrapped(ctx: Context, call: tree_sitter.Node, function: tree_sitter.Node) -> bool:
    """`return f(*args, **kwargs)`, `return view(request)`, `return get_response(request)`."""
    callee = call.child_by_field_name("function")
    arguments = call.child_by_field_name("arguments")
    if callee is None:
        return False
    if arguments is not None and any(
        c.type in {"list_splat", "dictionary_splat"} for c in arguments.named_children
    ):
        return True
    name = ctx.text(callee)
    if name in _PASS_THROUGH:
        return True
    if callee.type != "identifier" or name in {"request", "self"}:
        return False
    owners = [function, *_enclosing(function, frozenset({"function_definition"}))]
    for owner in owners[:3]:
        params = owner.child_by_field_name("parameters")
        if params is not None and any(
            p.type == "identifier" and ctx.text(p) == name for p in params.named_children
        ):
            return True
    return False


#: functions whose answer *is* the caller's identity (FastAPI dependencies, login loaders):
#: whatever user object they return is let in
_USER_RESOLVER = re.compile(
    r"^_*(?:get_)?(?:current_(?:active_)?user|authenticated_user|request_user)$"
    r"|^(?:load_user|user_loader|request_loader|identify_user|resolve_user)$",
    re.IGNORECASE,
)
_PASS_THROUGH = frozenset({"self.get_response", "get_response", "call_next", "self.app", "handler"})


def _hook_that_blocks(ctx: Context, function: tree_sitter.Node) -> bool:
    """A bare `return` skips the check only in a hook that otherwise refuses the request."""
    text = ctx.text(function)
    return bool(
        re.search(r"\babort\(|\braise\b|\b40[13]\b|Unauthorized|Forbidden|redirect\(", text)
    )


# --------------------------------------------------------------------------------------------
# GH450: a credential compared with a literal

HARDCODED_CREDENTIAL = RuleMeta(
    code="GH450",
    name="hardcoded-credential-check",
    category=Category.BACKDOOR,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(798, 259),
    message="`{subject}` is compared with a hard-coded value: anyone who reads the code can get in",
    why=(
        "Authentication that compares a password, token or key with a string literal "
        '(`if password == "letmein"`) accepts a credential that is the same on every '
        "installation, cannot be rotated, and is visible to everyone with the source, the "
        "wheel or the container image. It is the textbook backdoor, and generated code "
        "produces it when asked for a 'quick admin login'. Compare with a per-deployment "
        "secret from the environment or a secrets manager, using a constant-time comparison "
        "against a stored hash."
    ),
    example=(
        "def login(username, password):\n"
        "    if username == 'admin' and password == 'Sup3rS3cret!':\n"
        "        return True\n"
        "    return check_db(username, password)"
    ),
    fixed_example=(
        "def login(username, password):\n"
        "    user = User.get(username)\n"
        "    return user is not None and bcrypt.checkpw(password.encode(), user.password_hash)"
    ),
)

_COMPARISON = re.compile(rb"=(?<=[!=]=)[ \t]*[rRbBuU]?['\"]")


def _hardcoded_credential(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    node: tree_sitter.Node | None = ctx.node_at(m.start - 1, m.start + 1)
    while node is not None and node.type != "comparison_operator":
        if node.type.endswith("statement") or node.type in {"block", "module"}:
            return
        node = node.parent
    split = None if node is None else _split_comparison(node)
    if node is None or split is None:
        return
    operator, subject, literal = split
    # cheapest tests first: most comparisons with a string are not about credentials
    if not _credential_subject(ctx, subject):
        return
    value = _literal(ctx, literal)
    if value is None:
        return
    if not _CREDENTIAL.search(_subject_name(ctx, subject)) and not _secret_shaped(value):
        return  # `key == "CidrIp"`: a weakly named value compared with a plain word
    if in_test_code(ctx, node) or next(_enclosing(node, _ASSERT), None) is not None:
        return
    owner, _ = _condition_owner(node)
    if (
        owner is not None
        and operator == "=="
        and (_alarm(_body(owner)) or _reassigns(ctx, _body(owner), subject))
    ):
        return
    yield Hit.at(node, subject=_display_subject(ctx, subject))


def _reassigns(ctx: Context, block: tree_sitter.Node | None, subject: tree_sitter.Node) -> bool:
    """`if password == "ask": password = getpass()`: the literal is a sentinel, not a secret."""
    statements = _statements(block)
    first = statements[0] if statements else None
    if first is None or first.type != "expression_statement" or not first.named_children:
        return False
    assignment = first.named_children[0]
    target = assignment.child_by_field_name("left") if assignment.type == "assignment" else None
    return target is not None and ctx.text(target) == ctx.text(subject)


_ASSERT = frozenset({"assert_statement"})


def _credential_subject(ctx: Context, subject: tree_sitter.Node) -> bool:
    name = _subject_name(ctx, subject)
    if not name or _NOT_A_VALUE.search(name):
        return False
    strong = _CREDENTIAL.search(name) is not None
    if not strong and _WEAK_CREDENTIAL.match(name) is None:
        return False
    if subject.type == "call":
        function = subject.child_by_field_name("function")
        if function is not None and ctx.qualname(function) in _ENV_CALLS:
            return False
    if _root(ctx, subject) in _CONFIG_ROOTS:
        return False  # settings.ADMIN_PASSWORD == "changeme": a default-value check
    if strong:
        return True
    # `token`, `key`: only a parameter of a function that decides access (tokenizers and
    # header parsers have tokens and keys too), or a value taken from the request
    return _auth_parameter(ctx, subject) or _from_request(ctx, subject) is not None


def _secret_shaped(value: str) -> bool:
    """`master-key-0000`, `s3cr3t`: not a plain word such as a field name (`CidrIp`)."""
    return not value.isalpha()


def _auth_parameter(ctx: Context, subject: tree_sitter.Node) -> bool:
    if subject.type != "identifier":
        return False
    name = ctx.text(subject)
    for function in _enclosing(subject, frozenset({"function_definition"})):
        if _is_parameter(ctx, function, name):
            return _auth_name(_function_name(ctx, function)) or _in_auth_context(ctx, function)
    return False


def _is_parameter(ctx: Context, function: tree_sitter.Node, name: str) -> bool:
    parameters = function.child_by_field_name("parameters")
    if parameters is None:
        return False
    for parameter in parameters.named_children:
        node = (
            parameter
            if parameter.type == "identifier"
            else (
                parameter.child_by_field_name("name")
                or (parameter.named_children[0] if parameter.named_children else None)
            )
        )
        if node is not None and node.type == "identifier" and ctx.text(node) == name:
            return True
    return False


def _display_subject(ctx: Context, node: tree_sitter.Node) -> str:
    text = " ".join(ctx.text(node).split())
    return text if len(text) <= 60 else text[:57] + "..."


# --------------------------------------------------------------------------------------------
# GH451: constant-time comparison with a literal

DIGEST_LITERAL = RuleMeta(
    code="GH451",
    name="hardcoded-secret-compare-digest",
    category=Category.BACKDOOR,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(798, 321),
    message="`{name}()` checks the caller's value against a secret written in the source",
    why=(
        '`hmac.compare_digest(token, "...")` looks careful (it is constant-time) but the '
        "secret it compares against is a literal: identical on every deployment, readable by "
        "anyone with the code, impossible to rotate without a release. A magic token kept in "
        "the source is a master key. Load the expected value from the environment or a "
        "secrets store, or better, compare against a stored hash."
    ),
    example=(
        "def verify_token(token):\n"
        "    return hmac.compare_digest(token, 'c2VydmljZS1hY2NvdW50LWtleQ')"
    ),
    fixed_example=(
        "def verify_token(token):\n"
        "    return hmac.compare_digest(token, os.environ['SERVICE_TOKEN'])"
    ),
)


def _digest_literal(ctx: Context, site: CallSite) -> Iterator[Hit]:
    args = site.args
    if len(args) != 2 or in_test_code(ctx, site.node):
        return
    literal = [a for a in args if _literal(ctx, a) is not None]
    if len(literal) == 1 and ctx.const(args[0] if literal[0] is args[1] else args[1]) is None:
        yield Hit.at(site.node, name=(site.name or "compare_digest").rsplit(".", 1)[-1])


# --------------------------------------------------------------------------------------------
# GH452-GH458: checks inside functions that decide access


MAGIC_REQUEST_VALUE = RuleMeta(
    code="GH452",
    name="magic-request-value-bypass",
    category=Category.BACKDOOR,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(288, 798),
    message="a request value (`{subject}`) equal to a hard-coded string skips the access check",
    why=(
        "An access check with a special case for one header, cookie or query parameter "
        '(`if request.headers.get("X-Debug-Token") == "letmein": return True`) is a '
        "backdoor: whoever knows the magic value, from the source, a log or a former "
        "employee, gets in without credentials, and nothing records that the real check was "
        "skipped. Debug access belongs behind the same authentication as everything else."
    ),
    example=(
        "@app.before_request\n"
        "def require_login():\n"
        "    if request.headers.get('X-Debug-Token') == 'dev-7f3a':\n"
        "        return\n"
        "    if 'user_id' not in session:\n"
        "        abort(401)"
    ),
    fixed_example=(
        "@app.before_request\n"
        "def require_login():\n"
        "    if 'user_id' not in session:\n"
        "        abort(401)"
    ),
)
ALWAYS_TRUE = RuleMeta(
    code="GH453",
    name="auth-check-always-true",
    category=Category.BACKDOOR,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(287, 697),
    message="`{name}()` {how}: every caller is let in",
    why=(
        "A function named `authenticate`, `check_password`, `verify_token` or "
        "`has_permission` is trusted by its callers to say no. When every path returns "
        "True, or it returns True before looking at its arguments, the check is switched off "
        "while the code still reads as protected. Generated code leaves such stubs behind "
        "('TODO: implement'), and attackers disguise backdoors the same way. Implement the "
        "check, or raise NotImplementedError so that nothing silently passes."
    ),
    example="def verify_token(token):\n    return True  # TODO: check signature",
    fixed_example=(
        "def verify_token(token):\n"
        "    return jwt.decode(token, PUBLIC_KEY, algorithms=['RS256']) is not None"
    ),
)
MASTER_KEY = RuleMeta(
    code="GH456",
    name="master-key-bypass",
    category=Category.BACKDOOR,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(288, 798),
    message="`{subject}` accepted as an alternative to the real check: a master key",
    why=(
        "A second credential that is accepted instead of the user's own (`or password == "
        'os.environ["MASTER_PASSWORD"]`, `or token == settings.BACKDOOR_TOKEN`) opens '
        "every account to whoever holds it, and it is never audited, rotated per user or "
        "protected by rate limits and MFA. Administrative access should go through real, "
        "individually accountable accounts."
    ),
    example=(
        "def authenticate(username, password):\n"
        "    user = User.get(username)\n"
        "    return user.check_password(password) or password == os.getenv('MASTER_PASSWORD')"
    ),
    fixed_example=(
        "def authenticate(username, password):\n"
        "    user = User.get(username)\n"
        "    return user is not None and user.check_password(password)"
    ),
)
DEBUG_BYPASS = RuleMeta(
    code="GH457",
    name="debug-flag-auth-bypass",
    category=Category.BACKDOOR,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(489, 288),
    message="the access check is skipped when `{flag}` holds",
    why=(
        "An authentication check that returns early when a debug or 'skip auth' flag is set "
        '(`if os.getenv("SKIP_AUTH"): return True`, `if settings.DEBUG: return f(...)`) '
        "turns a configuration mistake, or one environment variable set by an attacker, into "
        "full access. Debug settings leak into production far more often than anyone "
        "intends. Use real test credentials or dependency overrides in tests instead."
    ),
    example=(
        "def require_api_key(view):\n"
        "    @wraps(view)\n"
        "    def wrapper(*args, **kwargs):\n"
        "        if os.environ.get('DEBUG'):\n"
        "            return view(*args, **kwargs)\n"
        "        if request.headers.get('X-API-Key') != settings.API_KEY:\n"
        "            abort(401)\n"
        "        return view(*args, **kwargs)\n"
        "    return wrapper"
    ),
    fixed_example=(
        "def require_api_key(view):\n"
        "    @wraps(view)\n"
        "    def wrapper(*args, **kwargs):\n"
        "        if not hmac.compare_digest(request.headers.get('X-API-Key', ''), "
        "settings.API_KEY):\n"
        "            abort(401)\n"
        "        return view(*args, **kwargs)\n"
        "    return wrapper"
    ),
)
USERNAME_SHORTCUT = RuleMeta(
    code="GH458",
    name="hardcoded-user-bypass",
    category=Category.BACKDOOR,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(288, 798),
    message="{who} {be} let in by name, without the real check",
    why=(
        "An authentication or permission check with a shortcut for one user name or e-mail "
        '(`... or username == "support"`, `if user == "admin": return True`, `if '
        'email.endswith("@contractor.io"): return True` before the role check) grants that '
        "account access whatever its password or role says, and anyone who can register or "
        "rename an account to that name, or sign up with an address in that domain, "
        "inherits it. Privileges belong in roles stored with the account, checked the same "
        "way for everyone."
    ),
    example=(
        "def check_login(username, password):\n"
        "    if username == 'support':\n"
        "        return True\n"
        "    return verify(username, password)"
    ),
    fixed_example="def check_login(username, password):\n    return verify(username, password)",
)


def _comparisons(scope: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    yield from _own_nodes(scope, frozenset({"comparison_operator"}))


def _magic_request_value(ctx: Context, scope: tree_sitter.Node) -> Iterator[Hit]:
    if not _auth_scope(ctx, scope):
        return
    for comparison in _comparisons(scope):
        parts = _comparison_parts(ctx, comparison, minimum=1)
        if parts is None or parts[0] != "==":
            continue
        subject = parts[1]
        if subject.type != "identifier" and not _CLIENT_DATA.search(ctx.text(subject)):
            continue  # user.role == "admin": not something the client sends
        origin = _from_request(ctx, subject)
        if origin is None or not _client_supplied(ctx, subject, origin):
            continue  # request.method == "OPTIONS", request.path == "/health": not a secret
        if _subject_name(ctx, subject).lower() in _STANDARD_HEADERS:
            continue  # X-Forwarded-Proto == "https": protocol, not a password
        if _credential_subject(ctx, subject):
            continue  # credentials compared with literals are GH450's
        if _is_username(ctx, subject) or _root(ctx, subject) in {"user", "current_user"}:
            continue
        if _shortcut(ctx, comparison, scope):
            yield Hit.at(
                comparison,
                subject=_display_subject(ctx, subject),
                related=_origin(ctx, origin, subject),
            )


#: what a route does to refuse a caller: the code a magic value lets it skip
_ENFORCES = re.compile(
    r"\b(?:PermissionDenied|Unauthorized|Forbidden|NotAuthenticated"
    r"|AuthenticationFailed|HTTPUnauthorized|HTTPForbidden|authenticate\w*|current_user"
    r"|get_current_user|login_required|require_\w+|check_\w*(?:auth|perm|token|login|access"
    r"|admin)\w*|verify_\w+|has_perm\w*|is_authenticated|is_admin|is_superuser|is_staff)\b"
    r"|\b40[13]\b"
)
#: parameter names that carry a magic value rather than data
_MAGIC_PARAMETER = re.compile(r"key|token|secret|code|pass", re.IGNORECASE)


def _skipped_check(ctx: Context, scope: tree_sitter.Node) -> Iterator[Hit]:
    """A route that runs its access check only when a request value differs from a literal
    (`if request.args.get("debug_key") != "9f2b": <check>`), or returns early when it equals
    one and checks afterwards: the literal is a key that skips authentication."""
    if scope.type != "function_definition" or not _handles_requests(ctx, scope):
        return
    if in_test_code(ctx, scope):
        return
    for comparison in _literal_comparisons(ctx, scope):
        parts = _comparison_parts(ctx, comparison, minimum=1)
        if parts is None:
            continue
        operator, subject, value = parts
        if subject.type != "identifier" and not _CLIENT_DATA.search(ctx.text(subject)):
            continue
        name = _subject_name(ctx, subject)
        # `X-Bypass: 1` (a switch by its name) or `debug_key=9f2b7e4c` (a secret by its shape)
        magic = len(value) >= 4 and (
            _MIXED.search(value) is not None or _MAGIC_PARAMETER.search(name) is not None
        )
        if not (magic or _FLAG.search(name)):
            continue
        if name.lower() in _STANDARD_HEADERS or _credential_subject(ctx, subject):
            continue
        if _is_username(ctx, subject):
            continue
        owner, in_or = _condition_owner(comparison)
        if owner is None or owner.type != "if_statement":
            continue
        if operator == "!=":
            skipped = not in_or and _guards(ctx, owner)
        else:
            skipped = _exits_early(ctx, owner) and _enforced_after(ctx, owner, scope)
        if not skipped:
            continue
        origin = _from_request(ctx, subject)
        if origin is None or not _client_supplied(ctx, subject, origin):
            continue
        yield Hit.at(
            comparison,
            subject=_display_subject(ctx, subject),
            related=_origin(ctx, origin, subject),
        )


#: `x == "..."`, `"..." != x`: where a comparison with a string literal may be
_LITERAL_COMPARISON = re.compile(rb"[!=]=[ \t]*[rRbBuU]?['\"]|['\"][ \t]*[!=]=")


def _literal_comparisons(ctx: Context, scope: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    """The function's own comparisons with a string literal, found by a regex instead of a
    walk over every node (most functions have none)."""
    seen: set[int] = set()
    for match in _LITERAL_COMPARISON.finditer(ctx.source, scope.start_byte, scope.end_byte):
        node: tree_sitter.Node | None = ctx.node_at(match.start(), match.end())
        while node is not None and node.type != "comparison_operator":
            if node.type.endswith("statement") or node.type in {"block", "module"}:
                node = None
                break
            node = node.parent
        if node is None or node.id in seen or _function_of(node) != scope:
            continue
        seen.add(node.id)
        yield node


def _guards(ctx: Context, branch: tree_sitter.Node) -> bool:
    """The `if` holds an access check and has no `else` that would run one instead."""
    if any(c.type in {"elif_clause", "else_clause"} for c in branch.named_children):
        return False
    body = _body(branch)
    return body is not None and _ENFORCES.search(ctx.text(body)) is not None


def _exits_early(ctx: Context, branch: tree_sitter.Node) -> bool:
    """The branch returns a normal answer (not an error response) before the check runs."""
    statements = _statements(_body(branch))
    if not statements or statements[-1].type != "return_statement":
        return False
    return _ERROR_RESPONSE.search(ctx.text(statements[-1])) is None


#: a letter and a digit: `9f2b7e4c`, `ops-7f3a`, not `1000` or `json`
_MIXED = re.compile(r"[A-Za-z].*\d|\d.*[A-Za-z]")
_ERROR_RESPONSE = re.compile(
    r"(?i)bad_?request|error|forbidden|denied|unauthori|redirect|abort|invalid|not_?found"
    r"|status(?:_code)?\s*=\s*[45]\d\d|\b[45]\d\d\b"
)


def _enforced_after(ctx: Context, branch: tree_sitter.Node, scope: tree_sitter.Node) -> bool:
    rest = ctx.source[branch.end_byte : scope.end_byte].decode("utf-8", "replace")
    return _ENFORCES.search(rest) is not None


_CLIENT_DATA = re.compile(
    r"\.(?:headers|cookies|args|form|values|json|get_json|GET|POST|COOKIES|META|query_params"
    r"|data|params|query|query_string)\b"
)


_STANDARD_HEADERS = _words(
    "x-forwarded-proto x-forwarded-for x-forwarded-host x-forwarded-port x-requested-with "
    "content-type accept user-agent origin host referer upgrade connection x-real-ip "
    "sec-fetch-mode sec-fetch-site hx-request x-http-method-override accept-encoding "
    "accept-language cache-control format lang locale page sort order view mode tab theme"
)


def _client_supplied(ctx: Context, subject: tree_sitter.Node, origin: tree_sitter.Node) -> bool:
    """Headers, cookies, parameters and bodies: values the client chooses freely."""
    if _CLIENT_DATA.search(ctx.text(subject)) or _CLIENT_DATA.search(ctx.text(origin)):
        return True
    parent = origin.parent
    return (
        origin.type == "identifier"
        and parent is not None
        and "parameter" in parent.type + (parent.parent.type if parent.parent is not None else "")
    )


def _origin(
    ctx: Context, origin: tree_sitter.Node, subject: tree_sitter.Node
) -> tuple[Related, ...]:
    if origin.start_byte >= subject.start_byte and origin.end_byte <= subject.end_byte:
        return ()
    line = ctx.module.lines.line_of(origin.start_byte) + 1
    return (Related(origin.start_byte, origin.end_byte, f"source: request data on line {line}"),)


def _shortcut(ctx: Context, node: tree_sitter.Node, scope: tree_sitter.Node) -> bool:
    """The expression lets the caller through: an `if` that grants, or `return a or <node>`."""
    owner, in_or = _condition_owner(node)
    if owner is not None:
        return _grants(ctx, _body(owner), scope)
    current = node
    while current.parent is not None and current.parent.type in {
        "boolean_operator",
        "parenthesized_expression",
    }:
        current = current.parent
    parent = current.parent
    if (
        parent is not None
        and parent.type == "return_statement"
        and current.type == "boolean_operator"
    ):
        operator = current.child_by_field_name("operator")
        return (operator is not None and operator.type == "or") or in_or
    return False


def _auth_scope(ctx: Context, scope: tree_sitter.Node) -> bool:
    """A function that decides access, outside tests."""
    return (
        scope.type == "function_definition"
        and _decides_access(ctx, scope)
        and not in_test_code(ctx, scope)
    )


def _is_username(ctx: Context, subject: tree_sitter.Node) -> bool:
    return _USERNAME.match(_subject_name(ctx, subject)) is not None


def _username_shortcut(ctx: Context, scope: tree_sitter.Node) -> Iterator[Hit]:
    if not _auth_scope(ctx, scope):
        return
    for comparison in _comparisons(scope):
        parts = _comparison_parts(ctx, comparison)
        if parts is None or parts[0] != "==":
            continue
        if _is_domain(ctx, parts[1]):
            if _shortcut(ctx, comparison, scope) and _alternative_to_check(ctx, comparison):
                yield Hit.at(comparison, who=f"any address at `{parts[2]}`", be="is")
            continue
        if not _is_username(ctx, parts[1]):
            continue
        if _paired_with_credential(ctx, comparison):
            continue  # `user == "admin" and password == "..."`: GH450 reports the password
        if _shortcut(ctx, comparison, scope):
            yield Hit.at(comparison, who=f"the account `{parts[2]}`", be="is")


def _username_pattern(ctx: Context, scope: tree_sitter.Node) -> Iterator[Hit]:
    """`email.endswith("@contractor.io")`, `username in ("ops", "support")`: a shortcut for a
    whole domain or a list of names, taken before the function's real check."""
    if not _auth_scope(ctx, scope):
        return
    for node in _own_nodes(scope, frozenset({"call", "comparison_operator"})):
        who = _names_matched(ctx, node)
        if who is None or _paired_with_credential(ctx, node):
            continue
        if _shortcut(ctx, node, scope) and _alternative_to_check(ctx, node):
            yield Hit.at(node, who=who, be="are" if who.startswith("the accounts") else "is")


def _names_matched(ctx: Context, node: tree_sitter.Node) -> str | None:
    """Who a username/e-mail test with literals lets through, described for the message."""
    if node.type == "call":
        function = node.child_by_field_name("function")
        if function is None or function.type != "attribute":
            return None
        method = _name(ctx, function.child_by_field_name("attribute"))
        receiver = function.child_by_field_name("object")
        arguments = node.child_by_field_name("arguments")
        args = [] if arguments is None else arguments.named_children
        if method not in {"endswith", "startswith"} or receiver is None or len(args) != 1:
            return None
        if not _is_username(ctx, receiver):
            return None
        values = _literals(ctx, args[0])
        if not values:
            return None
        shown = "`, `".join(values[:3])
        kind = "address" if any("@" in v for v in values) else "account name"
        verb = "ending" if method == "endswith" else "starting"
        return f"any {kind} {verb} with `{shown}`"
    operands = [c for c in node.named_children if c.type != "comment"]
    operators = [c.type for c in node.children if not c.is_named]
    if len(operands) != 2 or operators != ["in"]:
        return None
    if operands[0].type in _STRINGS and _is_username(ctx, operands[1]):  # `"@corp" in email`
        value = _literal(ctx, operands[0])
        return None if value is None or "@" not in value else f"any address containing `{value}`"
    if not _is_username(ctx, operands[0]) and not _is_domain(ctx, operands[0]):
        return None
    if operands[1].type not in {"tuple", "list", "set"}:
        return None
    values = _literals(ctx, operands[1])
    if not values:
        return None
    if _is_domain(ctx, operands[0]):
        return f"any address at `{'`, `'.join(values[:3])}`"
    return f"the account{'s' if len(values) > 1 else ''} `{'`, `'.join(values[:3])}`"


_DOMAIN = re.compile(r"^(?:email_?)?domain$|^email_?host$", re.IGNORECASE)


def _is_domain(ctx: Context, subject: tree_sitter.Node) -> bool:
    """`domain`, `email_domain`, `email.split("@")[1]`: the domain of the caller's address."""
    if _DOMAIN.match(_subject_name(ctx, subject)):
        return True
    return (
        subject.type == "subscript" and "split(" in ctx.text(subject) and _is_username(ctx, subject)
    )


def _literals(ctx: Context, node: tree_sitter.Node) -> list[str]:
    """The literal strings of `"x"` or `("x", "y")`; [] unless every item is one."""
    items = node.named_children if node.type in {"tuple", "list", "set"} else [node]
    values = [_literal(ctx, item) for item in items if item.type != "comment"]
    if not values or any(v is None for v in values):
        return []
    return [v for v in values if v is not None]


def _alternative_to_check(ctx: Context, node: tree_sitter.Node) -> bool:
    """The shortcut sits beside a real check (`a or <it>`, or more code after its `if`), rather
    than being the whole policy (`return email.endswith("@corp.com")` restricts, it does not
    bypass)."""
    owner, in_or = _condition_owner(node)
    if owner is None or in_or:
        return True
    statement = owner if owner.type == "if_statement" else owner.parent
    if statement is None:
        return False
    rest = [
        c
        for c in statement.named_children
        if c.type in {"elif_clause", "else_clause"} and c is not owner
    ]
    following = statement.next_named_sibling
    while following is not None:
        if following.type != "comment":
            rest.append(following)
        following = following.next_named_sibling
    return any(not _denies(ctx, r) for r in rest)


def _denies(ctx: Context, statement: tree_sitter.Node) -> bool:
    """`return False`, `return`, `raise ...`, `abort(403)`: what a check does when it says no."""
    if statement.type == "else_clause":
        body = statement.child_by_field_name("body")
        inner = _statements(body)
        return len(inner) == 1 and _denies(ctx, inner[0])
    if statement.type == "return_statement":
        value = statement.named_children[0] if statement.named_children else None
        return value is None or value.type in {"false", "none"}
    if statement.type == "raise_statement":
        return True
    return statement.type == "expression_statement" and ctx.text(statement).startswith("abort(")


def _paired_with_credential(ctx: Context, comparison: tree_sitter.Node) -> bool:
    current = comparison.parent
    while current is not None and current.type in {"boolean_operator", "parenthesized_expression"}:
        operator = current.child_by_field_name("operator")
        if current.type == "boolean_operator" and operator is not None and operator.type == "and":
            for other in current.named_children:
                if other is comparison or other.type != "comparison_operator":
                    continue
                parts = _comparison_parts(ctx, other)
                if parts is not None and _credential_subject(ctx, parts[1]):
                    return True
        current = current.parent
    return False


def _always_true(ctx: Context, scope: tree_sitter.Node) -> Iterator[Hit]:
    if scope.type != "function_definition":
        return
    name = _function_name(ctx, scope)
    if not _AUTH_DECISION.match(name) or in_test_code(ctx, scope):
        return
    if not _has_parameters(ctx, scope) or _exempt_definition(ctx, scope, name):
        return
    statements = _statements(scope.child_by_field_name("body"))
    if not statements:
        return
    first = statements[0]
    word = _granted(first)
    if word is not None:
        how = (
            f"always returns {word}" if len(statements) == 1 else f"returns {word} before any check"
        )
        yield Hit.at(scope.child_by_field_name("name") or scope, name=name, how=how)
        return
    returns = list(_own_nodes(scope, frozenset({"return_statement", "raise_statement", "yield"})))
    words = {_granted(r) for r in returns}
    if len(returns) >= 2 and None not in words:
        shown = " or ".join(sorted(w for w in words if w is not None))
        yield Hit.at(
            scope.child_by_field_name("name") or scope,
            name=name,
            how=f"returns {shown} on every path",
        )


#: what server interfaces return to accept a login (paramiko's `ServerInterface.check_auth_*`)
_SUCCESS_CONSTANT = re.compile(rb"(?:^|\.)AUTH_SUCCESSFUL$")


def _granted(statement: tree_sitter.Node) -> str | None:
    """`return True` or `return paramiko.AUTH_SUCCESSFUL`: the word shown in the message."""
    if statement.type != "return_statement" or len(statement.named_children) != 1:
        return None
    value = statement.named_children[0]
    if value.type == "true":
        return "True"
    if value.type in {"identifier", "attribute"} and _SUCCESS_CONSTANT.search(value.text or b""):
        return "AUTH_SUCCESSFUL"
    return None


def _has_parameters(ctx: Context, function: tree_sitter.Node) -> bool:
    parameters = function.child_by_field_name("parameters")
    if parameters is None:
        return False
    names = [ctx.text(p).split(":")[0].split("=")[0].strip() for p in parameters.named_children]
    return any(n not in {"self", "cls"} and not n.startswith("*") for n in names) or any(
        n.startswith("*") for n in names
    )


_HOOK_DOC = re.compile(r"overrid|subclass|default implementation|always (?:allow|grant)", re.I)


def _exempt_definition(ctx: Context, function: tree_sitter.Node, name: str) -> bool:
    """Properties, abstract and overloaded stubs, allow-all classes, documented hooks."""
    body = function.child_by_field_name("body")
    first = body.named_children[0] if body is not None and body.named_children else None
    if (
        first is not None
        and first.type == "expression_statement"
        and _HOOK_DOC.search(ctx.text(first))
    ):
        return True  # "Subclasses can override this method to ..."
    for decorator in _decorators(function):
        if re.search(r"property|abstract|overload|setter|override", ctx.text(decorator)):
            return True
    for klass in _enclosing(function, frozenset({"class_definition"})):
        class_name = _name(ctx, klass.child_by_field_name("name"))
        if _ALLOW_ALL_CLASS.search(class_name):
            return True
        source = ctx.text(klass)
        if name == "has_permission" and "def has_object_permission" in source:
            return True  # DRF: the object-level check does the work
        if re.search(r"\b(?:Protocol|ABC|Interface)\b", source.split(":", 1)[0]):
            return True
        break
    return False


def _master_key(ctx: Context, scope: tree_sitter.Node) -> Iterator[Hit]:
    if not _auth_scope(ctx, scope):
        return
    for comparison in _comparisons(scope):
        operands = [c for c in comparison.named_children if c.type != "comment"]
        operators = [c.type for c in comparison.children if not c.is_named]
        if len(operands) != 2 or operators != ["=="]:
            continue
        for candidate, other in ((operands[0], operands[1]), (operands[1], operands[0])):
            label = _master_value(ctx, candidate)
            if label is None or not (
                _credential_subject(ctx, other) or _WEAK_CREDENTIAL.match(_subject_name(ctx, other))
            ):
                continue
            owner, in_or = _condition_owner(comparison)
            alternative = in_or or _or_in_return(comparison)
            if _MASTER.search(label) and not _alarm(_body(owner) if owner else None):
                yield Hit.at(comparison, subject=label)  # MASTER_PASSWORD, BACKDOOR_TOKEN
                break
            if alternative and (owner is None or _grants(ctx, _body(owner), scope)):
                yield Hit.at(comparison, subject=label)  # `or password == os.environ[...]`
                break


def _master_value(ctx: Context, node: tree_sitter.Node) -> str | None:
    """`os.environ["MASTER_PASSWORD"]`, `os.getenv(...)`, `settings.BACKDOOR_TOKEN`."""
    if node.type == "call":
        function = node.child_by_field_name("function")
        if function is not None and ctx.qualname(function) in _ENV_CALLS:
            arguments = node.child_by_field_name("arguments")
            first = (
                arguments.named_children[0]
                if arguments is not None and arguments.named_children
                else None
            )
            key = ctx.const(first) if first is not None else None
            return key if isinstance(key, str) else ctx.text(node)
        return None
    if node.type == "subscript":
        value = node.child_by_field_name("value")
        key_node = node.child_by_field_name("subscript")
        if value is not None and ctx.qualname(value) == "os.environ" and key_node is not None:
            key = ctx.const(key_node)
            return key if isinstance(key, str) else ctx.text(node)
        return None
    if node.type in {"identifier", "attribute"}:
        name = _subject_name(ctx, node)
        if (_MASTER.search(name) and _CREDENTIAL.search(name)) or _MASTER_NAME.search(name):
            return ctx.text(node)
    return None


def _or_in_return(node: tree_sitter.Node) -> bool:
    current = node
    while current.parent is not None and current.parent.type in {
        "boolean_operator",
        "parenthesized_expression",
    }:
        current = current.parent
    return (
        current is not node
        and current.parent is not None
        and current.parent.type == "return_statement"
    )


#: words one of which every debug or skip-auth switch contains; one pattern per word so that
#: each starts with a literal and files without the word cost a single `bytes.find`
FLAG_WORDS = _words(
    "DEBUG debug getenv environ SKIP skip BYPASS bypass DISABLE disable TESTING AUTH_ENABLED"
)
_FLAG_PATTERNS = tuple(re.compile(word.encode()) for word in sorted(FLAG_WORDS))


def _debug_bypass(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    found = _condition_at(ctx.node_at(m.start, m.end))
    if found is None:
        return
    branch, condition = found
    scope = _function_of(branch)
    if scope is None or not _auth_scope(ctx, scope):
        return
    flag = _flag(ctx, condition)
    if flag is None or not _grants(ctx, _body(branch), scope):
        return
    if _checks_later(ctx, scope, branch):
        yield Hit.at(condition, flag=flag)


def _condition_at(
    node: tree_sitter.Node,
) -> tuple[tree_sitter.Node, tree_sitter.Node] | None:
    """The `if`/`elif` (and its condition) whose condition contains `node`."""
    current = node
    for _ in range(8):
        parent = current.parent
        if parent is None or parent.type in {"block", "module", "expression_statement"}:
            return None
        if parent.type in {"if_statement", "elif_clause"}:
            condition = parent.child_by_field_name("condition")
            if (
                condition is not None
                and condition.start_byte <= node.start_byte < condition.end_byte
            ):
                return parent, condition
            return None
        current = parent
    return None


def _flag(ctx: Context, condition: tree_sitter.Node) -> str | None:
    """A debug/skip-auth switch: an environment variable, a setting, a module constant."""
    text = ctx.text(condition)
    if len(text) > 120 or "request" in text:
        return None
    negated = condition.type == "not_operator"
    match = _FLAG.search(text)
    if match is None:
        if negated and re.search(
            r"(?i)auth_?enabled|require_?auth|enforce_?auth|login_?required", text
        ):
            return " ".join(text.split())
        return None
    if negated:
        return None  # `if not DEBUG: return True` grants in production: not a bypass
    for node in _walk(condition):
        if node.type == "call":
            function = node.child_by_field_name("function")
            name = ctx.qualname(function) if function is not None else None
            if name in _ENV_CALLS or (name or "").endswith((".get", ".getboolean", ".getbool")):
                return " ".join(text.split())
        elif node.type in {"identifier", "attribute", "subscript"} and _FLAG.search(ctx.text(node)):
            return " ".join(text.split())
    return None


def _walk(node: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(current.named_children)


def _checks_later(ctx: Context, scope: tree_sitter.Node, branch: tree_sitter.Node) -> bool:
    """After the shortcut, the function does the real check (so the shortcut skips it)."""
    rest = ctx.source[branch.end_byte : scope.end_byte]
    return bool(
        re.search(
            rb"\babort\(|\braise\b|\breturn\s+False\b|\b40[13]\b|Unauthorized|Forbidden|redirect\("
            rb"|check|verify|compare_digest|decode\(|authenticate|password|token",
            rest,
        )
    )


# --------------------------------------------------------------------------------------------
# GH460: privileges granted to one account by name

USER_PRIVILEGE = RuleMeta(
    code="GH460",
    name="hardcoded-user-privilege",
    category=Category.BACKDOOR,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(269, 798),
    message="`{what}` for {who}, chosen by name: a hard-coded privilege grant",
    why=(
        "Code that compares a user name, e-mail or token subject with a literal and then "
        "raises that account's privileges (`if claims['sub'] == 'ops-recovery': "
        "claims['roles'] = ['admin']`, `if user.email == '...': user.is_superuser = True`) "
        "gives administrator rights to whoever controls that one identity, outside the "
        "role store, the audit trail and every review of who is an administrator. It is a "
        "quiet way to keep access after the role has been revoked, or to hand it to an "
        "account an attacker can register. Grant roles in the identity provider or the "
        "database, where they are visible and revocable."
    ),
    example=(
        "claims = jwt.decode(token, PUBLIC_KEY, algorithms=['RS256'])\n"
        "if claims.get('sub') == 'ops-recovery':\n"
        "    claims['roles'] = ['admin']"
    ),
    fixed_example="claims = jwt.decode(token, PUBLIC_KEY, algorithms=['RS256'])",
)

#: token claims that name the caller
_CLAIM_IDENTITY = _words("sub preferred_username upn unique_name oid nameid client_id azp")
#: where privileges live: role lists, permission sets, admin flags
_PRIVILEGE_NAME = re.compile(
    r"^(?:is_)?(?:roles?|user_roles|admin|superuser|staff|permissions?|perms|scopes?|groups?"
    r"|privileges?|access_level|authorities|rights)$",
    re.IGNORECASE,
)
_PRIVILEGED_VALUE = re.compile(
    r"admin|superuser|\broot\b|\bowner\b|\bsudo\b|^\*$|:\*$|full[_-]?access|\bgod\b",
    re.IGNORECASE,
)
_PRIVILEGED_FLAG = re.compile(r"admin|superuser|staff|root|privileged|elevated", re.IGNORECASE)


#: cheap tests before walking a function's comparisons: someone is named, and compared
_IDENTITY_HINT = re.compile(
    rb"user|email|login|account|\bsub\b|principal|\buid\b|upn\b|\boid\b|client_id|azp",
    re.IGNORECASE,
)
_COMPARES = re.compile(rb"==|\bin\s*[(\[{]")


def _user_privilege(ctx: Context, scope: tree_sitter.Node) -> Iterator[Hit]:
    if scope.type != "function_definition" or in_test_code(ctx, scope):
        return
    source = ctx.source
    if not _COMPARES.search(source, scope.start_byte, scope.end_byte):
        return
    if not _IDENTITY_HINT.search(source, scope.start_byte, scope.end_byte):
        return
    for comparison in _comparisons(scope):
        who = _identity_literal(ctx, comparison)
        if who is None or _paired_with_credential(ctx, comparison):
            continue
        owner, _ = _condition_owner(comparison)
        what = None if owner is None else _escalation(ctx, _body(owner))
        if what is not None and not (
            _auth_scope(ctx, scope)
            and _is_username(ctx, _split_subject(comparison))
            and _shortcut(ctx, comparison, scope)
        ):  # a user let in by name in an access check is GH458's
            yield Hit.at(comparison, who=who, what=what)


def _split_subject(comparison: tree_sitter.Node) -> tree_sitter.Node:
    split = _split_comparison(comparison)
    return comparison if split is None else split[1]


def _identity_literal(ctx: Context, comparison: tree_sitter.Node) -> str | None:
    """`username == "x"`, `claims["sub"] == "x"`, `email in ("a@x", "b@x")`: who is named."""
    parts = _comparison_parts(ctx, comparison)
    if parts is not None:
        identified = parts[0] == "==" and _identity(ctx, parts[1])
        return f"the account `{parts[2]}`" if identified else None
    operands = [c for c in comparison.named_children if c.type != "comment"]
    operators = [c.type for c in comparison.children if not c.is_named]
    if len(operands) != 2 or operators != ["in"] or not _identity(ctx, operands[0]):
        return None
    if operands[1].type not in {"tuple", "list", "set"}:
        return None
    values = _literals(ctx, operands[1])
    if not values:
        return None
    return f"the account{'s' if len(values) > 1 else ''} `{'`, `'.join(values[:3])}`"


def _identity(ctx: Context, subject: tree_sitter.Node) -> bool:
    if _is_username(ctx, subject):
        return True
    return subject.type in {"subscript", "call"} and _subject_name(ctx, subject) in _CLAIM_IDENTITY


def _escalation(ctx: Context, block: tree_sitter.Node | None) -> str | None:
    """The first statement of the branch that raises privileges, shown for the message."""
    for statement in _statements(block)[:6]:
        if statement.type == "return_statement" and statement.named_children:
            returned = statement.named_children[0]  # `return {**claims, "role": "admin"}`
            pairs = returned.named_children if returned.type == "dictionary" else []
            for pair in pairs:
                key = pair.child_by_field_name("key")
                item = pair.child_by_field_name("value")
                label = ctx.const(key) if key is not None else None
                if (
                    isinstance(label, str)
                    and item is not None
                    and _PRIVILEGE_NAME.match(label)
                    and _privileged_value(ctx, item, label)
                ):
                    return _display_subject(ctx, pair)
            continue
        if statement.type != "expression_statement" or not statement.named_children:
            continue
        expression = statement.named_children[0]
        if expression.type == "assignment":
            target = expression.child_by_field_name("left")
            value = expression.child_by_field_name("right")
            if target is None or value is None:
                continue
            name = _subject_name(ctx, target)
            if _PRIVILEGE_NAME.match(name) and _privileged_value(ctx, value, name):
                return _display_subject(ctx, expression)
        elif expression.type == "call":
            function = expression.child_by_field_name("function")
            arguments = expression.child_by_field_name("arguments")
            if function is None or function.type != "attribute" or arguments is None:
                continue
            method = _name(ctx, function.child_by_field_name("attribute"))
            receiver = function.child_by_field_name("object")
            if method not in {"append", "add", "extend", "update", "insert"} or receiver is None:
                continue
            if not _PRIVILEGE_NAME.match(_subject_name(ctx, receiver)):
                continue
            if any(_privileged_literal(ctx, a) for a in arguments.named_children):
                return _display_subject(ctx, expression)
    return None


def _privileged_value(ctx: Context, value: tree_sitter.Node, target: str) -> bool:
    """`True` for an admin flag, a literal or constant naming an administrative role."""
    if value.type == "true":
        return _PRIVILEGED_FLAG.search(target) is not None
    if value.type in {"identifier", "attribute"}:  # `Role.ADMIN`, `ALL_PERMISSIONS`
        return bool(_PRIVILEGED_NAME.search(ctx.text(value)))
    return _privileged_literal(ctx, value)


_PRIVILEGED_NAME = re.compile(r"admin|superuser|\bALL_|\ball_(?:roles|perm|scope)", re.IGNORECASE)


def _privileged_literal(ctx: Context, node: tree_sitter.Node) -> bool:
    """ "admin", ["admin", "billing"], {"*"}: a literal naming an administrative privilege."""
    items = node.named_children if node.type in {"list", "tuple", "set"} else [node]
    for item in items:
        value = ctx.const(item) if item.type in _STRINGS else None
        if isinstance(value, str) and _PRIVILEGED_VALUE.search(value):
            return True
    return False


# --------------------------------------------------------------------------------------------
# GH459: access checks that fail open

FAILS_OPEN = RuleMeta(
    code="GH459",
    name="auth-check-fails-open",
    category=Category.BACKDOOR,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(636, 287),
    message="`{name}()` {how}: a credential that fails to verify is accepted",
    why=(
        "A password, token or signature check that lets the caller in when verification "
        "raises (`except ValueError: return True`), or that swallows the error and then "
        "returns True anyway, fails open: a malformed hash, a token signed with another key "
        "or a tampered cookie makes the check throw, and the throw becomes a yes. Attackers "
        "provoke exactly those errors on purpose, and a model asked to 'handle legacy "
        "hashes' or 'not crash on bad tokens' writes this shape. An access check must deny "
        "when it cannot verify: return False, or let the exception reach the caller."
    ),
    example=(
        "def check_password(plain, hashed):\n"
        "    try:\n"
        "        return bcrypt.checkpw(plain.encode(), hashed)\n"
        "    except ValueError:\n"
        "        return True"
    ),
    fixed_example=(
        "def check_password(plain, hashed):\n"
        "    try:\n"
        "        return bcrypt.checkpw(plain.encode(), hashed)\n"
        "    except ValueError:\n"
        "        return False"
    ),
)

#: errors that say an optional feature is missing, not that a credential is wrong
_UNAVAILABLE = re.compile(r"\b(?:ImportError|ModuleNotFoundError|NotImplementedError)\b")
#: calls that verify something: their exception is the verification failing
_VERIFYING = re.compile(
    r"(?i)verif|check|decode|validat|authenticat|compare|unsign|loads|auth|jwt|token|passw"
    r"|hash|signature|hmac|login|session|permission|claims|enforce|require|ensure|assert"
    r"|polic|allowed|access|role"
)
#: questions whose "yes" means "refuse": `is_expired`, `is_revoked`, `check_blocklist`
_NEGATIVE_QUESTION = re.compile(
    r"expir|revok|block|banned|_ban|lock|den(?:y|ied)|invalid|blacklist|compromis|leak"
    r"|pwned|weak|reuse|stale|forbid|reject|throttl|rate_?limit|suspend|disabled",
    re.IGNORECASE,
)
#: checks that refuse by raising (`require_admin(user)`), whatever they return
_ENFORCER = re.compile(
    r"^_*(?:require|ensure|enforce|assert)_\w*(?:auth|admin|login|perm|role|scope|token|access"
    r"|user|staff|owner|signature|superuser)\w*$",
    re.IGNORECASE,
)
_HANDLER_NOISE = re.compile(
    r"(?:[\w.]+\.)?(?:debug|info|warning|warn|error|exception|critical|log|print)\("
)


def _fails_open(ctx: Context, scope: tree_sitter.Node) -> Iterator[Hit]:
    if scope.type != "function_definition" or in_test_code(ctx, scope):
        return
    name = _function_name(ctx, scope)
    strict = _AUTH_DECISION.match(name) is not None
    if not strict and not _decides_access(ctx, scope):
        return
    if _NEGATIVE_QUESTION.search(name):
        return  # `is_token_expired()`: True is the refusal
    if not _has_parameters(ctx, scope) or _exempt_definition(ctx, scope, name):
        return
    for clause in _own_nodes(scope, frozenset({"except_clause"})):
        statement = clause.parent
        body = None if statement is None else statement.child_by_field_name("body")
        handler = next((c for c in clause.named_children if c.type == "block"), None)
        if statement is None or body is None or handler is None:
            continue
        header = ctx.source[clause.start_byte : handler.start_byte].decode("utf-8", "replace")
        if _UNAVAILABLE.search(header):
            continue
        how = None
        if _handler_grants(ctx, handler, scope, strict) and _statements(body):
            how = "lets the caller in when verification raises"
        elif (
            _falls_through(ctx, handler)
            and _verifies(ctx, body)
            and _next_grants(ctx, statement, scope, strict)
        ):
            how = "ignores the verification error and grants access anyway"
        elif (
            (strict or _ENFORCER.match(name))
            and _falls_through(ctx, handler)
            and _verifies(ctx, body)
            and _ends_function(statement, scope)
            and _refuses_by_raising(scope)
        ):
            how = "swallows the error its check raises, so it never refuses anyone"
        if how is not None:
            yield Hit(clause.start_byte, handler.start_byte, {"name": name, "how": how})
            return


def _ends_function(statement: tree_sitter.Node, scope: tree_sitter.Node) -> bool:
    """The `try` is the function's last statement: nothing after it can still say no."""
    if statement.parent != scope.child_by_field_name("body"):
        return False
    following = statement.next_named_sibling
    while following is not None and following.type == "comment":
        following = following.next_named_sibling
    return following is None


_RAISES = frozenset({"raise_statement"})


def _refuses_by_raising(scope: tree_sitter.Node) -> bool:
    """A check that signals "no" only with an exception: it returns no value anywhere."""
    return not any(r.named_children for r in _own_nodes(scope, frozenset({"return_statement"})))


def _handler_grants(
    ctx: Context, handler: tree_sitter.Node, scope: tree_sitter.Node, strict: bool
) -> bool:
    """The handler returns True (in a function named for the check) or runs the protected
    view (in a wrapper of an access decorator)."""
    statements = _statements(handler)
    if not statements:
        return False
    if strict:
        for statement in statements[:4]:
            if statement.type != "return_statement":
                if statement.type == "expression_statement" and _grants(ctx, handler, scope):
                    return True  # `login_user(user)`, `session["admin"] = True`
                continue
            value = statement.named_children[0] if statement.named_children else None
            if value is None or value.type == "none":
                # a bare return is a yes only in a check that says no by raising
                return _refuses_by_raising(scope) and any(
                    s.type == "raise_statement" for s in _own_nodes(scope, _RAISES)
                )
            return _granted(statement) is not None or _runs_protected(ctx, value, scope)
        return False
    last = statements[-1]
    value = last.named_children[0] if last.named_children else None
    return last.type == "return_statement" and _runs_protected(ctx, value, scope)


def _runs_protected(ctx: Context, value: tree_sitter.Node | None, scope: tree_sitter.Node) -> bool:
    """`return view(*args, **kwargs)` in a decorator's wrapper, `return get_response(request)`
    in a middleware: the protected code runs."""
    if value is None or value.type != "call":
        return False
    callee = value.child_by_field_name("function")
    if callee is None:
        return False
    name = ctx.text(callee)
    if name in _PASS_THROUGH:
        return True
    if callee.type != "identifier" or name in {"cls", "self", "request"}:
        return False
    for owner in list(_enclosing(scope, frozenset({"function_definition"})))[:2]:
        if _is_parameter(ctx, owner, name):
            return True  # the decorated view, a parameter of the decorator
    return False


def _falls_through(ctx: Context, handler: tree_sitter.Node) -> bool:
    """`except ...: pass` or only logging: execution continues after the `try`."""
    for statement in handler.named_children:
        if statement.type in {"comment", "pass_statement"}:
            continue
        if statement.type == "expression_statement" and _HANDLER_NOISE.match(ctx.text(statement)):
            continue
        return False
    return True


def _verifies(ctx: Context, body: tree_sitter.Node) -> bool:
    for call in _own_nodes_of(body, frozenset({"call"})):
        function = call.child_by_field_name("function")
        if function is not None and _VERIFYING.search(ctx.text(function).rsplit(".", 1)[-1]):
            return True
    return False


def _own_nodes_of(node: tree_sitter.Node, kinds: frozenset[str]) -> Iterator[tree_sitter.Node]:
    stack = list(reversed(node.named_children))
    while stack:
        current = stack.pop()
        if current.type in kinds:
            yield current
        if current.type not in _NESTED:
            stack.extend(reversed(current.named_children))


def _next_grants(
    ctx: Context, statement: tree_sitter.Node, scope: tree_sitter.Node, strict: bool
) -> bool:
    """The statement right after the `try` lets the caller in."""
    if any(c.type in {"else_clause", "finally_clause"} for c in statement.named_children):
        return False
    following = statement.next_named_sibling
    while following is not None and following.type == "comment":
        following = following.next_named_sibling
    if following is None or following.type != "return_statement":
        return False
    if strict:
        return _granted(following) is not None
    value = following.named_children[0] if following.named_children else None
    return _runs_protected(ctx, value, scope)


# --------------------------------------------------------------------------------------------
# GH454/GH455: web routes that run commands


REQUEST_COMMAND = RuleMeta(
    code="GH454",
    name="request-runs-command",
    category=Category.BACKDOOR,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(78, 94, 912),
    message="`{name}()` runs {what} taken straight from the request (`{source}` on line {line})",
    why=(
        "A web handler that passes a request parameter as the whole command to a shell, or "
        "as the whole program to eval/exec, is a remote shell: anyone who can reach the URL "
        "runs anything as the server's user. This is not an escaping problem that quoting "
        "could fix; the endpoint exists to execute what it receives, which is exactly what "
        "web-shell backdoors look like. Expose the specific operation the application needs, "
        "with fixed commands and validated arguments."
    ),
    example=(
        "@app.route('/api/run')\n"
        "def run():\n"
        "    return subprocess.check_output(request.args['cmd'], shell=True)"
    ),
    fixed_example=(
        "ACTIONS = {'restart': ['systemctl', 'restart', 'worker']}\n"
        "@app.post('/api/actions/<name>')\n"
        "@admin_required\n"
        "def run(name):\n"
        "    subprocess.run(ACTIONS[name], check=True)"
    ),
)
HIDDEN_ROUTE = RuleMeta(
    code="GH455",
    name="hidden-command-route",
    category=Category.BACKDOOR,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(489, 912),
    message="route `{path}` executes commands (`{name}()`): a hidden debug endpoint",
    why=(
        "Routes such as `/__debug/exec`, `/_internal/shell` or `/console` that run a shell "
        "command or evaluate code are left-behind debug tools at best and planted backdoors "
        "at worst. They are rarely covered by the authentication the rest of the application "
        "gets, they are easy to find with a wordlist, and they give code execution on the "
        "server. Remove them; use the platform's own consoles behind real access control."
    ),
    example=(
        "@app.route('/__debug__/exec', methods=['POST'])\n"
        "def debug_exec():\n"
        "    return str(eval(request.form['code']))"
    ),
    fixed_example="# no debug execution endpoint in the application",
)

_EVAL_CALLS = frozenset(
    {"eval", "exec", "builtins.eval", "builtins.exec", "compile", "builtins.compile"}
)
_ROUTE_METHODS = frozenset(
    {"route", "get", "post", "put", "patch", "delete", "api_route", "websocket", "view"}
)
_HIDDEN_PATH = re.compile(
    r"(?:^|/)(?:_{1,2}[\w-]+|\.[\w-]+|debug[\w-]*|shell|exec[\w-]*|cmd|command|console|backdoor"
    r"|hidden|eval|rce|terminal|run[_-]?cmd|run[_-]?command|system|sys|webshell|bash|sh)(?:/|$|<|\?)",
    re.IGNORECASE,
)
_INTERPRETER_FLAGS = frozenset({"-c", "/c", "/C", "-Command", "-command", "-e", "-EncodedCommand"})


def _command_nodes(ctx: Context, site: CallSite) -> list[tree_sitter.Node]:
    """The argument nodes that *are* the command or program (not its arguments)."""
    name = site.name or ""
    if name in _EVAL_CALLS:
        node = site.arg(0, "source")
        return [] if node is None else [node]
    if name in EXEC_CALLS:
        nodes = site.args[:1]
        if len(site.args) > 1:
            nodes.extend(_program_elements(ctx, site.args[1]))
        return nodes
    node = site.arg(0, "args") or site.arg(0, "cmd") or site.arg(0, "command")
    if node is None:
        return []
    if name == "asyncio.create_subprocess_exec":
        return _program_elements(ctx, node, site.args)
    return _program_elements(ctx, node)


def _program_elements(
    ctx: Context, node: tree_sitter.Node, items: list[tree_sitter.Node] | None = None
) -> list[tree_sitter.Node]:
    if items is None:
        if node.type not in {"list", "tuple"}:
            return [node]
        items = [c for c in node.named_children if c.type != "comment"]
    if not items:
        return []
    chosen = [items[0]]
    for index, item in enumerate(items[:-1]):
        if ctx.const(item) in _INTERPRETER_FLAGS:
            chosen.append(items[index + 1])
    return chosen


def _request_command(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if site.name is None or in_test_code(ctx, site.node):
        return
    for node in _command_nodes(ctx, site):
        taint = ctx.taint(node)
        if taint is None or not taint.has(REQUEST) or FORMAT in taint.labels:
            continue
        origin = taint.origin
        line = ctx.module.lines.line_of(origin.start_byte) + 1
        source = _display_subject(ctx, origin)
        what = "code" if site.name in _EVAL_CALLS else "a command"
        related = (Related(origin.start_byte, origin.end_byte, f"source: request data `{source}`"),)
        yield Hit.at(
            site.node,
            related=related,
            name=site.name.rsplit(".", 1)[-1],
            what=what,
            source=source,
            line=str(line),
        )
        return


def _hidden_route(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if site.name is None:
        return
    commands = _command_nodes(ctx, site)
    if not commands or all(ctx.const(c) is not None for c in commands):
        return
    function = next(_enclosing(site.node, frozenset({"function_definition"})), None)
    if function is None:
        return
    for decorator in _decorators(function):
        call = decorator.named_children[0] if decorator.named_children else None
        if call is None or call.type != "call":
            continue
        callee = call.child_by_field_name("function")
        if callee is None or callee.type != "attribute":
            continue
        if _name(ctx, callee.child_by_field_name("attribute")) not in _ROUTE_METHODS:
            continue
        arguments = call.child_by_field_name("arguments")
        first = (
            arguments.named_children[0]
            if arguments is not None and arguments.named_children
            else None
        )
        path = ctx.const(first) if first is not None else None
        if isinstance(path, str) and path.startswith("/") and _HIDDEN_PATH.search(path):
            yield Hit.at(decorator, path=path, name=site.name.rsplit(".", 1)[-1])
            return


_SHELL_NAMES = COMMAND_CALLS | EXEC_CALLS
#: eval/exec of request data is the code-execution family's (GH101); a hidden route that
#: evaluates code is still a backdoor route
_COMMAND_NAMES = _SHELL_NAMES | _EVAL_CALLS

RULES = [
    TextRule(HARDCODED_CREDENTIAL, _COMPARISON, _hardcoded_credential),
    CallRule(
        DIGEST_LITERAL,
        _digest_literal,
        names=frozenset(
            {
                "hmac.compare_digest",
                "secrets.compare_digest",
                "django.utils.crypto.constant_time_compare",
                "werkzeug.security.safe_str_cmp",
            }
        ),
    ),
    ScopeRule(MAGIC_REQUEST_VALUE, re.compile(rb"=="), _magic_request_value),
    ScopeRule(MAGIC_REQUEST_VALUE, re.compile(rb"[!=]="), _skipped_check),
    ScopeRule(ALWAYS_TRUE, re.compile(rb"return True|AUTH_SUCCESSFUL"), _always_true),
    ScopeRule(FAILS_OPEN, re.compile(rb"except"), _fails_open),
    ScopeRule(
        USER_PRIVILEGE, re.compile(rb"admin|superuser|is_staff", re.IGNORECASE), _user_privilege
    ),
    CallRule(REQUEST_COMMAND, _request_command, names=_SHELL_NAMES),
    CallRule(HIDDEN_ROUTE, _hidden_route, names=_COMMAND_NAMES),
    ScopeRule(MASTER_KEY, re.compile(rb"=="), _master_key),
    *(TextRule(DEBUG_BYPASS, pattern, _debug_bypass) for pattern in _FLAG_PATTERNS),
    ScopeRule(USERNAME_SHORTCUT, re.compile(rb"=="), _username_shortcut),
    ScopeRule(
        USERNAME_SHORTCUT,
        re.compile(rb"endswith\(|startswith\(| in [(\[{]|['\"] in "),
        _username_pattern,
    ),
]
