"""Insecure configuration: debug modes, open hosts and CORS, hard-coded keys, cookies, CSRF.

Most of these are one-line settings that are fine on a developer's laptop and dangerous in
production, so the rules look for signs of where the code runs: Django settings modules are
recognised by their other settings, development and test settings (`settings/dev.py`,
`class TestConfig`) are exempt, and values read from the environment are never flagged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePath

import tree_sitter

from ..context import CallSite, Context, TextMatch
from ..flow import ROUTE_DECORATOR
from ..rule import CallRule, Hit, TextRule
from ..statements import mentions_warmer, module_mentions
from ._common import (
    Category,
    Confidence,
    Edit,
    Fix,
    RuleMeta,
    Severity,
    assigned_values,
    enclosing,
    import_edits,
    in_test_code,
    keyword_fix,
    replace_fix,
)

# --------------------------------------------------------------------------------------------
# Metadata

DEBUG_SERVER = RuleMeta(
    code="GH850",
    name="debug-mode-server",
    category=Category.CONFIG,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(489, 94),
    message="`{call}` runs with {option}: the interactive debugger executes Python for anyone "
    "who can reach an error page",
    why=(
        "Flask's and Werkzeug's debug mode serves an interactive console on every error page: "
        "whoever can trigger an exception can run Python on the server (the PIN is "
        "derivable from files an attacker can often read). Debug modes of FastAPI, Starlette "
        "and Tornado print tracebacks with source and local variables, and reload code from "
        "disk. `debug=True` written into the code ships with it; read the setting from the "
        "environment (`FLASK_DEBUG`) and keep it off in production."
    ),
    example='if __name__ == "__main__":\n    app.run(host="0.0.0.0", debug=True)',
    fixed_example=(
        'if __name__ == "__main__":\n    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")'
    ),
    fixable=True,
)

DJANGO_DEBUG = RuleMeta(
    code="GH851",
    name="django-debug-enabled",
    category=Category.CONFIG,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(489, 215),
    message="`DEBUG = True` in a settings module: error pages show settings, SQL and source",
    why=(
        "With `DEBUG = True`, Django answers every error with a page listing the settings "
        "(with many secrets only partly masked), the SQL queries, local variables and source "
        "code, and it keeps every query in memory. A settings file that hard-codes it is one "
        "deployment away from exposing all of that. Read it from the environment "
        "(`DEBUG = os.environ.get('DJANGO_DEBUG') == '1'`) or keep it in a development-only "
        "settings file."
    ),
    example="INSTALLED_APPS = [...]\nDEBUG = True\nALLOWED_HOSTS = ['*']",
    fixed_example='DEBUG = os.environ.get("DJANGO_DEBUG") == "1"',
    fixable=True,
)

FLASK_DEBUG_ATTRIBUTE = RuleMeta(
    code="GH852",
    name="flask-debug-enabled",
    category=Category.CONFIG,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(489, 94),
    message="`{target} = True` turns on the Werkzeug debugger and tracebacks for this app",
    why=(
        "`app.debug = True` and `app.config['DEBUG'] = True` enable Flask's debug mode for "
        "every way the app is started, including behind a production server in some setups: "
        "error pages then offer an interactive Python console and full tracebacks. Configure "
        "debug mode from the environment (`FLASK_DEBUG=1` for local runs) instead of in code."
    ),
    example="app = Flask(__name__)\napp.debug = True",
    fixed_example='app = Flask(__name__)\napp.debug = os.environ.get("FLASK_DEBUG") == "1"',
    fixable=True,
)

BIND_ALL = RuleMeta(
    code="GH853",
    name="bind-all-interfaces",
    category=Category.CONFIG,
    severity=Severity.INFO,
    confidence=Confidence.LOW,
    cwe=(1327, 605),
    message="`{call}` listens on all network interfaces (`{host}`)",
    why=(
        "Binding to `0.0.0.0` (or `::`, or the empty host) accepts connections from every "
        "network the machine is on: a development server or an admin endpoint becomes "
        "reachable from the office network, the café Wi-Fi or the internet. Inside a "
        "container this is usually intended, which is why this is only a hint; elsewhere "
        "bind to `127.0.0.1` and put a reverse proxy in front."
    ),
    example='app.run(host="0.0.0.0", port=5000)',
    fixed_example='app.run(host="127.0.0.1", port=5000)',
    fixable=True,
)

ALLOWED_HOSTS_WILDCARD = RuleMeta(
    code="GH854",
    name="django-allowed-hosts-wildcard",
    category=Category.CONFIG,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(644, 20),
    message="`ALLOWED_HOSTS` accepts any `Host` header",
    why=(
        "Django checks the `Host` header against `ALLOWED_HOSTS` because the host is used to "
        "build absolute URLs: password-reset links, redirects and cache keys. With `'*'`, an "
        "attacker who sends a forged `Host` can make the site email reset links pointing to "
        "their own server, and poison caches. List the real domain names."
    ),
    example="ALLOWED_HOSTS = ['*']",
    fixed_example='ALLOWED_HOSTS = os.environ["DJANGO_ALLOWED_HOSTS"].split(",")',
)

HARDCODED_SECRET_KEY = RuleMeta(
    code="GH855",
    name="hardcoded-framework-secret-key",
    category=Category.CONFIG,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(798, 321),
    message="the framework's `{name}` {how}: anyone with the code can forge sessions and signed "
    "data",
    why=(
        "Django's `SECRET_KEY` and Flask's `secret_key` sign session cookies, password-reset "
        "tokens, CSRF tokens and messages. Anyone who knows the key can forge a session for "
        "any user (often an admin) and, with pickle-based serializers, run code. A key written "
        "in the source is known to everyone who can read the repository, its forks and its "
        "backups, and the same key ends up in every deployment. Load it from the environment "
        "or a secret store."
    ),
    example='app.secret_key = "super-secret-key-change-me"',
    fixed_example='app.secret_key = os.environ["SECRET_KEY"]',
    fixable=True,
)

HARDCODED_APP_SECRET = RuleMeta(
    code="GH868",
    name="hardcoded-app-secret-key",
    category=Category.CONFIG,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(798, 321),
    message="`{name}` {how}: anyone with the code can forge the sessions or tokens it signs",
    why=(
        "`app.secret_key` in Flask, `secret_key=` of Starlette's `SessionMiddleware` and of "
        "itsdangerous serializers sign the session cookie and other tokens. Whoever knows the "
        "key can mint a session for any user, typically an administrator, without a password. "
        "A key written in the source is known to everyone who can read the repository and is "
        "the same in every deployment; load it from the environment or a secret store."
    ),
    example='app.secret_key = "dev"',
    fixed_example='app.secret_key = os.environ["FLASK_SECRET_KEY"]',
    fixable=True,
)

CORS_CREDENTIALS_ANY_ORIGIN = RuleMeta(
    code="GH856",
    name="cors-credentials-any-origin",
    category=Category.CONFIG,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(942, 346),
    message="CORS allows every origin *with credentials*: any website can make authenticated "
    "requests and read the responses",
    why=(
        "When every origin is allowed and credentials are supported, flask-cors, Starlette's "
        "`CORSMiddleware` and django-cors-headers reflect the caller's `Origin` back, so a "
        "page on any website can send requests with the user's cookies and read the answers: "
        "account data, CSRF tokens, API keys. Allow credentials only for an explicit list of "
        "trusted origins."
    ),
    example=(
        "app.add_middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=True,\n"
        "                   allow_methods=['*'], allow_headers=['*'])"
    ),
    fixed_example=(
        "app.add_middleware(CORSMiddleware, allow_origins=['https://app.example.com'],\n"
        "                   allow_credentials=True, allow_methods=['*'], allow_headers=['*'])"
    ),
)

CORS_ANY_ORIGIN = RuleMeta(
    code="GH857",
    name="cors-any-origin",
    category=Category.CONFIG,
    severity=Severity.INFO,
    confidence=Confidence.MEDIUM,
    cwe=(942,),
    message="{what} lets any website call this API from a browser",
    why=(
        "`Access-Control-Allow-Origin: *` lets scripts on every website read this API's "
        "responses from the visitor's browser. That is right for public, unauthenticated "
        "data; for anything behind a login, an intranet address or IP-based access control "
        "it hands the data to third-party pages. Prefer an explicit list of origins."
    ),
    example="CORS(app)",
    fixed_example='CORS(app, origins=["https://app.example.com"])',
)

CORS_HEADER = RuleMeta(
    code="GH867",
    name="cors-wildcard-header",
    category=Category.CONFIG,
    severity=Severity.INFO,
    confidence=Confidence.MEDIUM,
    cwe=(942,),
    message="`Access-Control-Allow-Origin: *` lets any website read this response from a "
    "browser{credentials}",
    why=(
        "A hand-written `Access-Control-Allow-Origin: *` header opens the response to scripts "
        "on every website. That is right for public, unauthenticated data; for anything "
        "behind a login, an intranet address or IP-based access control it hands the data to "
        "third-party pages, and code that also sends `Access-Control-Allow-Credentials` is "
        "usually one step from reflecting the caller's origin. Name the allowed origins."
    ),
    example='response.headers["Access-Control-Allow-Origin"] = "*"',
    fixed_example='response.headers["Access-Control-Allow-Origin"] = "https://app.example.com"',
)

CORS_SETTING = RuleMeta(
    code="GH869",
    name="django-cors-allow-all",
    category=Category.CONFIG,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(942,),
    message="`{setting}` lets any website read this site's responses from a browser{credentials}",
    why=(
        "`CORS_ALLOW_ALL_ORIGINS = True` (formerly `CORS_ORIGIN_ALLOW_ALL`) makes "
        "django-cors-headers answer every origin. Combined with `CORS_ALLOW_CREDENTIALS = "
        "True` it reflects the caller's origin, so any page on the internet can act as the "
        "logged-in user and read the results. List the trusted origins in "
        "`CORS_ALLOWED_ORIGINS` instead."
    ),
    example="CORS_ALLOW_ALL_ORIGINS = True\nCORS_ALLOW_CREDENTIALS = True",
    fixed_example=(
        'CORS_ALLOWED_ORIGINS = ["https://app.example.com"]\nCORS_ALLOW_CREDENTIALS = True'
    ),
)

INSECURE_COOKIE = RuleMeta(
    code="GH858",
    name="insecure-cookie",
    category=Category.CONFIG,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(614, 1004),
    message="the `{cookie}` cookie is set {problem}",
    why=(
        "A session or authentication cookie without `Secure` is also sent over plain HTTP, "
        "where anyone on the network can copy it and take over the session; without "
        "`HttpOnly`, any injected script can read it with `document.cookie`. Cookies that "
        "identify a user should be set with `secure=True, httponly=True` (and a `samesite` "
        "policy)."
    ),
    example='resp.set_cookie("session_id", sid)',
    fixed_example='resp.set_cookie("session_id", sid, secure=True, httponly=True, samesite="Lax")',
    fixable=True,
)

INSECURE_COOKIE_SETTING = RuleMeta(
    code="GH859",
    name="insecure-cookie-setting",
    category=Category.CONFIG,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(614, 1004),
    message="`{setting} = False` lets the {cookie} cookie be {consequence}",
    why=(
        "`SESSION_COOKIE_SECURE`, `CSRF_COOKIE_SECURE` and `REMEMBER_COOKIE_SECURE` decide "
        "whether the browser sends those cookies over plain HTTP, where they can be sniffed "
        "and replayed; `*_COOKIE_HTTPONLY = False` lets scripts read them. Setting them to "
        "`False` in shared settings turns off the protection in production too; keep "
        "development overrides in development-only settings."
    ),
    example="SESSION_COOKIE_SECURE = False",
    fixed_example="SESSION_COOKIE_SECURE = True",
    fixable=True,
)

CSRF_EXEMPT = RuleMeta(
    code="GH860",
    name="csrf-exempt-view",
    category=Category.CONFIG,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(352,),
    message="`{decorator}` removes CSRF protection from `{view}`",
    why=(
        "A view exempt from CSRF checks accepts state-changing requests that a malicious "
        "website makes in the background with the visitor's cookies: changing the email, "
        "transferring money, adding an admin. Exempting a view is right only when it does "
        "not rely on cookies at all, such as a webhook that verifies an HMAC signature or an "
        "API authenticated by a header token. Models add `@csrf_exempt` to make a 403 go away."
    ),
    example=(
        "@csrf_exempt\n"
        "def update_profile(request):\n"
        "    request.user.email = request.POST['email']\n"
        "    request.user.save()"
    ),
    fixed_example=(
        "def update_profile(request):  # the form sends {% csrf_token %}\n"
        "    request.user.email = request.POST['email']\n"
        "    request.user.save()"
    ),
)

CSRF_DISABLED = RuleMeta(
    code="GH861",
    name="csrf-protection-disabled",
    category=Category.CONFIG,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(352,),
    message="`{setting} = False` turns off CSRF protection for every form",
    why=(
        "Flask-WTF checks a CSRF token on every form submission unless `WTF_CSRF_ENABLED` "
        "(or `WTF_CSRF_CHECK_DEFAULT`) is turned off. Without it, any website can submit "
        "forms to the application with the visitor's session. Tests commonly disable it, "
        "which is why test configurations are exempt here; production settings should never."
    ),
    example='app.config["WTF_CSRF_ENABLED"] = False',
    fixed_example='app.config["WTF_CSRF_ENABLED"] = True',
    fixable=True,
)

ASSERT_ACCESS_CHECK = RuleMeta(
    code="GH862",
    name="assert-used-for-access-control",
    category=Category.CONFIG,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(617, 285),
    message="this access check is an `assert`, which `python -O` removes",
    why=(
        "Assertions are removed when Python runs with `-O` or `PYTHONOPTIMIZE` (which some "
        "container images and deployment tools set), so `assert user.is_admin` protects "
        "nothing there, and otherwise it answers with a 500 instead of a 403. Authorization "
        "must be an explicit `if not ...: raise PermissionError` (or the framework's "
        "`abort(403)` / `PermissionDenied`)."
    ),
    example="def delete_user(request, user_id):\n    assert request.user.is_superuser\n"
    "    User.objects.filter(id=user_id).delete()",
    fixed_example=(
        "def delete_user(request, user_id):\n"
        "    if not request.user.is_superuser:\n"
        "        raise PermissionDenied\n"
        "    User.objects.filter(id=user_id).delete()"
    ),
    fixable=True,
)

JWT_UNVERIFIED = RuleMeta(
    code="GH863",
    name="jwt-signature-not-verified",
    category=Category.CONFIG,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(347, 345),
    message="`{name}` {problem}: anyone can forge this token",
    why=(
        "A JWT's claims are only as trustworthy as its signature check. Decoding with "
        "`verify_signature: False` (or PyJWT 1's `verify=False`), or accepting the `none` "
        'algorithm, means that a user can edit the payload (`"role": "admin"`, another '
        "user's id) and the server believes it. Decode with the key and an explicit list of "
        "expected algorithms. Reading an unverified header only to pick the key is fine when "
        "the token is then verified, and is not flagged."
    ),
    example='claims = jwt.decode(token, options={"verify_signature": False})\n'
    'user = User.get(claims["sub"])',
    fixed_example='claims = jwt.decode(token, PUBLIC_KEY, algorithms=["RS256"])\n'
    'user = User.get(claims["sub"])',
)

HTTP_WITHOUT_TIMEOUT = RuleMeta(
    code="GH864",
    name="http-request-without-timeout",
    category=Category.CONFIG,
    severity=Severity.INFO,
    confidence=Confidence.MEDIUM,
    cwe=(400, 1088),
    message="`{name}()` in a request handler has no timeout: a slow or hostile server can hang "
    "this worker forever",
    why=(
        "requests waits indefinitely by default (httpx defaults to 5 seconds, but "
        "`timeout=None` removes that too). In a web view, a server that stops answering, or "
        "an attacker who points a URL parameter at a tar pit, ties up a worker thread for "
        "good; a handful of such requests takes the service down. Always pass a timeout. "
        "Off by default; only outbound calls inside request handlers are reported."
    ),
    example=(
        '@app.route("/preview")\ndef preview():\n    return requests.get(request.args["url"]).text'
    ),
    fixed_example=(
        '@app.route("/preview")\n'
        "def preview():\n"
        '    return requests.get(request.args["url"], timeout=10).text'
    ),
    fixable=True,
    default=False,
)

DRF_ALLOW_ANY = RuleMeta(
    code="GH865",
    name="drf-default-allow-any",
    category=Category.CONFIG,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(284, 862),
    message="Django REST framework's default permission is `AllowAny`: every view without its "
    "own permissions is public",
    why=(
        "`DEFAULT_PERMISSION_CLASSES` applies to every API view that does not set "
        "`permission_classes` itself. With `AllowAny` as the default, forgetting a permission "
        "on one new view silently exposes it to anonymous users. Make the default "
        "`IsAuthenticated` and mark the few public views with `AllowAny` explicitly."
    ),
    example=(
        'REST_FRAMEWORK = {\n    "DEFAULT_PERMISSION_CLASSES": '
        '["rest_framework.permissions.AllowAny"],\n}'
    ),
    fixed_example=(
        'REST_FRAMEWORK = {\n    "DEFAULT_PERMISSION_CLASSES": '
        '["rest_framework.permissions.IsAuthenticated"],\n}'
    ),
    fixable=True,
)

WEAK_PASSWORD_HASHER = RuleMeta(
    code="GH866",
    name="django-weak-password-hasher",
    category=Category.CONFIG,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(916, 328),
    message="`{hasher}` stores passwords with a fast hash",
    why=(
        "Django's `MD5PasswordHasher`, `SHA1PasswordHasher`, the unsalted variants and "
        "`CryptPasswordHasher` exist only to read legacy databases or to speed up tests. As "
        "the first entry of `PASSWORD_HASHERS` they hash every new password with a function a "
        "GPU computes billions of times per second. Keep Argon2 or PBKDF2 first and list "
        "legacy hashers after it only to upgrade old hashes on login."
    ),
    example='PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]',
    fixed_example=(
        'PASSWORD_HASHERS = [\n    "django.contrib.auth.hashers.Argon2PasswordHasher",\n'
        '    "django.contrib.auth.hashers.PBKDF2PasswordHasher",\n]'
    ),
)

# --------------------------------------------------------------------------------------------
# Where the code runs

_DEV_FILE = re.compile(
    r"(^|[_.-])(dev|devel|development|local|test|tests|testing|debug|ci)(?=$|[_.-])"
)
_DEV_CLASS = re.compile(r"Dev|Debug|Test|Local|Testing")
_DJANGO_SETTINGS = re.compile(
    rb"^(?:INSTALLED_APPS|MIDDLEWARE|ROOT_URLCONF|DATABASES|ALLOWED_HOSTS|SECRET_KEY"
    rb"|WSGI_APPLICATION|TEMPLATES)\s*=",
    re.MULTILINE,
)


def _dev_only(ctx: Context, node: tree_sitter.Node) -> bool:
    """Development or test settings: a `dev.py`/`local_settings.py` file, a `DevConfig` class,
    a test."""
    if in_test_code(ctx, node):
        return True
    stem = PurePath(ctx.module.path).stem.lower()
    if _DEV_FILE.search(stem):
        return True
    current = node.parent
    while current is not None:
        if current.type == "class_definition":
            name = current.child_by_field_name("name")
            if name is not None and _DEV_CLASS.search(ctx.text(name)):
                return True
        current = current.parent
    return False


def _setting_value(ctx: Context, key: tree_sitter.Node) -> tree_sitter.Node | None:
    """The value given to a setting named by `key`: `KEY = v`, `x.KEY = v`, `cfg["KEY"] = v`,
    `update(KEY=v)`, `{"KEY": v}`."""
    node = key
    if node.type == "string_content" and node.parent is not None:
        node = node.parent
    parent = node.parent
    if parent is None:
        return None
    if node.type == "identifier" and parent.type == "attribute":
        if parent.child_by_field_name("attribute") != node:
            return None
        node, parent = parent, parent.parent
        if parent is None:
            return None
    if node.type == "string" and parent.type == "subscript":
        node, parent = parent, parent.parent
        if parent is None:
            return None
    if parent.type == "assignment" and parent.child_by_field_name("left") == node:
        return parent.child_by_field_name("right")
    if parent.type == "keyword_argument" and parent.child_by_field_name("name") == node:
        return parent.child_by_field_name("value")
    if parent.type == "pair" and parent.child_by_field_name("key") == node:
        if _defaults_table(ctx, parent):
            return None
        return parent.child_by_field_name("value")
    return None


def _defaults_table(ctx: Context, pair: tree_sitter.Node) -> bool:
    """A framework's own table of defaults (`default_config = ImmutableDict({...})`)."""
    current = enclosing(pair.parent, {"assignment", "block", "module"})
    if current is None or current.type != "assignment":
        return False
    left = current.child_by_field_name("left")
    return left is not None and "default" in ctx.text(left).lower()


def _setting_holder(node: tree_sitter.Node) -> tree_sitter.Node:
    """The assignment, keyword or pair that sets a value: the range to report."""
    parent = node.parent
    return parent if parent is not None else node


# --------------------------------------------------------------------------------------------
# Debug modes (GH850-GH852)

_WEB_FRAMEWORKS = ("flask", "quart", "dash", "sanic", "bottle", "flask_socketio", "socketio")
_DEBUG_CONSTRUCTORS = frozenset(
    {
        "fastapi.FastAPI",
        "starlette.applications.Starlette",
        "tornado.web.Application",
        "sanic.Sanic",
    }
)


def _uses_web_framework(ctx: Context) -> bool:
    return any(v.split(".")[0] in _WEB_FRAMEWORKS for v in ctx.imports.bindings.values())


def _debug_server(ctx: Context, site: CallSite) -> Iterator[Hit]:
    name = site.name or ""
    if name in {"werkzeug.serving.run_simple", "werkzeug.run_simple"}:
        keyword = "use_debugger"
    elif name in {"werkzeug.debug.DebuggedApplication", "werkzeug.DebuggedApplication"}:
        keyword = "evalex"
    elif name in _DEBUG_CONSTRUCTORS:
        keyword = "debug"
    elif site.method in {"run", "run_server"}:
        receiver = "" if site.receiver is None else ctx.text(site.receiver)
        if not (_uses_web_framework(ctx) or receiver.endswith(("app", "application"))):
            return
        keyword = "debug"
    elif site.method in {"update", "from_mapping", "configure"} and "DEBUG" in site.keywords:
        keyword = "DEBUG"
        if not any(
            v.split(".")[0] in {*_WEB_FRAMEWORKS, "django"} for v in ctx.imports.bindings.values()
        ):
            return
    else:
        return
    value = site.keywords.get(keyword)
    if value is None or value.type != "true" or _dev_only(ctx, site.node):
        return
    fix = replace_fix(f"Set {keyword}=False", value, "False", safe=False)
    yield Hit.at(value.parent or value, fix=fix, call=_callee(ctx, site), option=f"{keyword}=True")


def _callee(ctx: Context, site: CallSite) -> str:
    return f"{ctx.text(site.function)}(...)"


#: every text rule's regex starts with one literal: alternatives or `\b` at the start defeat
#: the regex engine's prefix scan and cost more than parsing the file
_DJANGO_DEBUG = re.compile(rb"DEBUG[ \t]*=[ \t]*True\b")


def _django_debug(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    if m.start > 0 and ctx.source[m.start - 1] != 10:  # `\n`: a module-level `DEBUG = True`
        return
    if not module_mentions(ctx, _DJANGO_SETTINGS):
        return
    value = ctx.node_at(m.end - 4, m.end)
    assignment = value.parent
    if value.type != "true" or assignment is None or assignment.type != "assignment":
        return
    if _dev_only(ctx, assignment):
        return
    yield Hit.at(assignment, fix=replace_fix("Set DEBUG = False", value, "False", safe=False))


_FLASK_DEBUG = re.compile(rb"= True\b")
_APP_OWNER = re.compile(r"(^|\.|_)(app|application|server)(\.config)?$")
_DEBUG_TARGET = re.compile(rb"(?:\.debug|\[[ \t]*[\"']DEBUG[\"'][ \t]*\])[ \t]*$")


def _flask_debug(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    line_start = ctx.source.rfind(b"\n", 0, m.start) + 1
    if not _DEBUG_TARGET.search(ctx.source, line_start, m.start):
        return
    if not ctx.in_code(m.start) or not _uses_web_framework(ctx):
        return
    value = ctx.node_at(m.end - 4, m.end)
    assignment = value.parent
    if value.type != "true" or assignment is None or assignment.type != "assignment":
        return
    left = assignment.child_by_field_name("left")
    if left is None:
        return
    target = ctx.text(left)
    owner = target.rsplit(".debug", 1)[0] if left.type == "attribute" else target.split("[")[0]
    if not _APP_OWNER.search(owner):
        return  # `self.debug = True` on some other object
    if _dev_only(ctx, assignment):
        return
    fix = replace_fix("Set debug to False", value, "False", safe=False)
    yield Hit.at(assignment, fix=fix, target=target)


# --------------------------------------------------------------------------------------------
# Listening on every interface (GH853)

_ALL_INTERFACES = frozenset({"0.0.0.0", "::", "*", "[::]"})
_SERVER_CONSTRUCTORS = frozenset(
    {
        "http.server.HTTPServer",
        "http.server.ThreadingHTTPServer",
        "socketserver.TCPServer",
        "socketserver.ThreadingTCPServer",
        "socketserver.UDPServer",
        "wsgiref.simple_server.make_server",
        "xmlrpc.server.SimpleXMLRPCServer",
        "gevent.pywsgi.WSGIServer",
    }
)
_HOST_CALLS = frozenset({"uvicorn.run", "aiohttp.web.run_app", "waitress.serve"})


def _bind_all(ctx: Context, site: CallSite) -> Iterator[Hit]:
    name = site.name or ""
    host: tree_sitter.Node | None = None
    empty_means_all = False
    if name in _SERVER_CONSTRUCTORS:
        address = site.arg(0, "server_address")
        if name.endswith("make_server"):
            host = address
        elif address is not None and address.type == "tuple" and address.named_children:
            host = address.named_children[0]
        empty_means_all = True
    elif name in _HOST_CALLS or site.method in {"run", "run_app", "serve", "run_server"}:
        host = site.keywords.get("host")
        if host is None and name in _HOST_CALLS:
            return
        if site.method == "run" and not (name in _HOST_CALLS or _uses_web_framework(ctx)):
            return
    value = None if host is None else ctx.const(host)
    if host is None or not isinstance(value, str):
        return
    if value not in _ALL_INTERFACES and not (empty_means_all and value == ""):
        return
    if in_test_code(ctx, site.node):
        return
    fix = replace_fix("Listen on localhost only", host, '"127.0.0.1"', safe=False)
    yield Hit.at(host, fix=fix, call=_callee(ctx, site), host=value or "''")


# --------------------------------------------------------------------------------------------
# ALLOWED_HOSTS, SECRET_KEY (GH854, GH855)

_ALLOWED_HOSTS = re.compile(rb"ALLOWED_HOSTS\b")


def _allowed_hosts(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    if not ctx.in_code(m.start):
        return
    name = ctx.node_at(m.start, m.end)
    value = _setting_value(ctx, name)
    if value is None and name.parent is not None and name.parent.type == "augmented_assignment":
        value = name.parent.child_by_field_name("right")
    if value is None or value.type not in {"list", "tuple", "set"}:
        return
    if not any(ctx.const(e) == "*" for e in value.named_children) or _dev_only(ctx, value):
        return
    yield Hit.at(_setting_holder(value))


_SECRET_KEY = re.compile(rb"SECRET_KEY\b")
_APP_SECRET_KEY = re.compile(rb"secret_key\b")
_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
#: an empty key makes the framework refuse to sign: not a usable hard-coded key
_PLACEHOLDER_VALUES = frozenset({""})


def _secret_key(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    """`SECRET_KEY = "..."`, `app.config["SECRET_KEY"] = "..."`, `app.secret_key = "..."`."""
    if m.start > 0 and (
        ctx.source[m.start - 1 : m.start].isalnum() or ctx.source[m.start - 1] == 95
    ):
        return  # JWT_SECRET_KEY and friends: the generic secrets rules judge those
    name = ctx.node_at(m.start, m.end)
    if name.type not in {"identifier", "string_content", "string"}:
        return
    if name.type != "identifier" and ctx.text(name).strip("\"'") != m.match.group().decode():
        return
    value = _setting_value(ctx, name)
    if value is not None and value.type == "call":
        yield from _secret_key_fallback(ctx, value, m.match.group().decode())
        return
    if value is None or value.type not in {"string", "concatenated_string"}:
        return
    literal = ctx.const(value)
    if literal is None or (
        isinstance(literal, str) and literal.strip().lower() in _PLACEHOLDER_VALUES
    ):
        return
    if _dev_only(ctx, value):
        return
    if isinstance(literal, str) and _ENV_NAME.match(literal):
        return  # `SECRET_KEY = "AWS_SECRET_ACCESS_KEY"`: the name of a variable, not a key
    if not _in_settings_class(ctx, value):
        return
    yield Hit.at(
        _setting_holder(value),
        fix=_environ_fix(ctx, value),
        name=_setting_name(ctx, value),
        how="is a literal in the source",
    )


def reports_secret_key(ctx: Context, literal: tree_sitter.Node) -> bool:
    """Is `literal` the hard-coded framework key that GH855 or GH868 reports? The generic
    secrets rules leave that line to them: one finding, with the framework's message and fix."""
    holder = literal.parent
    if holder is None:
        return False
    for pattern in (_SECRET_KEY, _APP_SECRET_KEY):
        for match in pattern.finditer(ctx.source, holder.start_byte, literal.start_byte):
            if any(
                (hit.start, hit.end) == (holder.start_byte, holder.end_byte)
                for hit in _secret_key(ctx, TextMatch(match))
            ):
                return True
    return False


_SETTINGS_CLASS = re.compile(r"(Config|Settings|Configuration|Conf|Options)$")


def _in_settings_class(ctx: Context, node: tree_sitter.Node) -> bool:
    """Module level, or a configuration class (`class ProductionConfig:`); a class attribute
    elsewhere (`SECRET_KEY = "aws_secret_access_key"` in a credential provider) names a field."""
    owner = enclosing(node.parent, {"class_definition", "function_definition", "module"})
    if owner is None or owner.type != "class_definition":
        return True
    name = owner.child_by_field_name("name")
    return name is not None and bool(_SETTINGS_CLASS.search(ctx.text(name)))


def _setting_name(ctx: Context, value: tree_sitter.Node) -> str:
    """`app.secret_key`, `secret_key=`, `SECRET_KEY`: how the setting was spelled."""
    holder = _setting_holder(value)
    target = holder.child_by_field_name("left" if holder.type == "assignment" else "name")
    if target is None:
        target = holder.child_by_field_name("key")
    text = "" if target is None else ctx.text(target)
    return f"{text}=" if holder.type == "keyword_argument" else text.strip("\"'")


_ENV_GETTERS = frozenset({"os.environ.get", "os.getenv", "environ.get"})


def _secret_key_fallback(ctx: Context, call: tree_sitter.Node, name: str) -> Iterator[Hit]:
    """`SECRET_KEY = os.environ.get("SECRET_KEY", "dev-key")`: the fallback ships as the key."""
    site = ctx.call_site(call)
    default = site.arg(1, "default")
    variable = site.arg(0, "key")
    if site.name not in _ENV_GETTERS or default is None or variable is None:
        return
    literal = ctx.const(default)
    if literal is None or not literal or _dev_only(ctx, call):
        return
    if isinstance(literal, str) and literal.strip().lower() in _PLACEHOLDER_VALUES:
        return
    imports = import_edits(ctx, "os")
    fix = None
    if imports is not None:
        edit = Edit(call.start_byte, call.end_byte, f"os.environ[{ctx.text(variable)}]")
        fix = Fix("Require the key from the environment", (edit, *imports), safe=False)
    yield Hit.at(
        _setting_holder(call),
        fix=fix,
        name=_setting_name(ctx, call),
        how="falls back to a literal in the source",
    )


def _environ_fix(ctx: Context, value: tree_sitter.Node) -> Fix | None:
    imports = import_edits(ctx, "os")
    if imports is None:
        return None
    edit = Edit(value.start_byte, value.end_byte, 'os.environ["SECRET_KEY"]')
    return Fix("Read the key from the environment", (edit, *imports), safe=False)


# --------------------------------------------------------------------------------------------
# CORS (GH856, GH857)

_CORS_CALLS = frozenset(
    {
        "flask_cors.CORS",
        "flask_cors.cross_origin",
        "starlette.middleware.cors.CORSMiddleware",
        "fastapi.middleware.cors.CORSMiddleware",
        "quart_cors.cors",
    }
)


def _cors_config(ctx: Context, site: CallSite) -> tuple[bool, bool] | None:
    """(any origin, credentials) for a CORS call, or None if it is not one."""
    name = site.name or ""
    keywords = site.keywords
    if site.method == "add_middleware":
        middleware = site.arg(0, "middleware_class")
        if middleware is None or not ctx.text(middleware).endswith("CORSMiddleware"):
            return None
    elif name not in _CORS_CALLS:
        return None
    if site.has_star_args:
        return None
    if "flask_cors" in name or "quart_cors" in name:
        origins = keywords.get("origins") or keywords.get("allow_origin")
        resources = keywords.get("resources")
        any_origin = (origins is None and resources is None) or _is_wildcard(ctx, origins)
        if resources is not None and resources.type == "dictionary":
            any_origin = any_origin or any(
                _is_wildcard(ctx, _dict_get(ctx, p.child_by_field_name("value"), "origins"))
                for p in resources.named_children
                if p.type == "pair"
            )
        credentials = site.is_const_keyword("supports_credentials", "True")
    else:
        any_origin = _is_wildcard(ctx, keywords.get("allow_origins")) or _is_wildcard(
            ctx, keywords.get("allow_origin_regex")
        )
        credentials = site.is_const_keyword("allow_credentials", "True")
    return any_origin, credentials


def _is_wildcard(ctx: Context, node: tree_sitter.Node | None) -> bool:
    if node is None:
        return False
    if node.type in {"list", "tuple", "set"}:
        return any(_is_wildcard(ctx, c) for c in node.named_children)
    return ctx.const(node) in {"*", ".*", "^.*$", "https?://.*"}


def _dict_get(ctx: Context, node: tree_sitter.Node | None, key: str) -> tree_sitter.Node | None:
    if node is None or node.type != "dictionary":
        return None
    for pair in node.named_children:
        if pair.type == "pair":
            k = pair.child_by_field_name("key")
            if k is not None and ctx.const(k) == key:
                return pair.child_by_field_name("value")
    return None


def _cors_credentials(ctx: Context, site: CallSite) -> Iterator[Hit]:
    config = _cors_config(ctx, site)
    if config is not None and config == (True, True) and not _dev_only(ctx, site.node):
        yield Hit.at(site.node)


def _cors_any(ctx: Context, site: CallSite) -> Iterator[Hit]:
    config = _cors_config(ctx, site)
    if config is not None and config == (True, False) and not _dev_only(ctx, site.node):
        yield Hit.at(site.node, what=f"`{ctx.text(site.function)}` with every origin allowed")


_CORS_SETTING = re.compile(rb"CORS_(?:ORIGIN_ALLOW_ALL|ALLOW_ALL_ORIGINS)\b")
_CORS_HEADER = re.compile(rb"ccess-[Cc]ontrol-[Aa]llow-[Oo]rigin")
_CORS_CREDENTIALS_SETTING = re.compile(
    rb"CORS_ALLOW_CREDENTIALS\s*=\s*True|[Aa]ccess-[Cc]ontrol-[Aa]llow-[Cc]redentials"
)


def _cors_setting(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    """`CORS_ALLOW_ALL_ORIGINS = True` in Django settings."""
    value = _setting_value(ctx, ctx.node_at(m.start, m.end))
    if value is None or value.type != "true" or _dev_only(ctx, value):
        return
    credentials = module_mentions(ctx, _CORS_CREDENTIALS_SETTING)
    yield Hit.at(
        _setting_holder(value),
        setting=m.match.group().decode(),
        credentials=", with the user's credentials" if credentials else "",
    )


def _cors_header(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    """`headers["Access-Control-Allow-Origin"] = "*"` and the other ways to set a header."""
    if m.start == 0 or ctx.source[m.start - 1 : m.start] not in {b"A", b"a"}:
        return
    value = _header_value(ctx, ctx.node_at(m.start - 1, m.end))
    if value is None or ctx.const(value) not in {"*", b"*"} or _dev_only(ctx, value):
        return
    credentials = module_mentions(ctx, _CORS_CREDENTIALS_SETTING)
    yield Hit.at(_setting_holder(value), credentials=", with credentials" if credentials else "")


def _header_value(ctx: Context, node: tree_sitter.Node) -> tree_sitter.Node | None:
    """The value set for a header named by a string: subscript assignment, dict pair, tuple,
    or a `set_header/add/send_header(name, value)` call."""
    while node.type in {"string_content"} and node.parent is not None:
        node = node.parent
    if node.type != "string":
        return None
    value = _setting_value(ctx, node)
    if value is not None:
        return value
    parent = node.parent
    if parent is None:
        return None
    if (
        parent.type == "tuple"
        and len(parent.named_children) == 2
        and parent.named_children[0] == node
    ):
        return parent.named_children[1]
    if parent.type == "argument_list" and parent.parent is not None:
        site = ctx.call_site(parent.parent)
        if site.args[:1] == [node] and len(site.args) >= 2:
            return site.args[1]
    return None


# --------------------------------------------------------------------------------------------
# Cookies (GH858, GH859)

_SENSITIVE_COOKIE = re.compile(
    r"sess|token|auth|jwt|sid|remember|login|refresh|access|credential|api[_-]?key"
    r"|user_?id|username|^user$",
    re.I,
)
_CSRF_COOKIE = re.compile(r"csrf|xsrf", re.I)


def _insecure_cookie(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if site.has_star_args:
        return
    name_node = site.arg(0, "key")
    cookie = ctx.const(name_node) if name_node is not None else None
    cookie_name = (
        cookie if isinstance(cookie, str) else "" if name_node is None else ctx.text(name_node)
    )
    secure = site.keywords.get("secure")
    httponly = site.keywords.get("httponly")
    problems: list[str] = []
    if secure is not None and secure.type == "false":
        problems.append("with `secure=False`")
    if httponly is not None and httponly.type == "false" and not _CSRF_COOKIE.search(cookie_name):
        problems.append("with `httponly=False`")
    sensitive = (
        isinstance(cookie, str)
        and bool(_SENSITIVE_COOKIE.search(cookie))
        and not _CSRF_COOKIE.search(cookie)
    )
    missing = [k for k in ("secure", "httponly") if k not in site.keywords]
    if sensitive and missing:
        problems.append("without " + " and ".join(f"`{k}=True`" for k in missing))
    if not problems or _dev_only(ctx, site.node):
        return
    yield Hit.at(
        site.node,
        fix=_cookie_fix(ctx, site, missing if sensitive else []),
        cookie=cookie_name or "?",
        problem=" and ".join(problems),
    )


def _cookie_fix(ctx: Context, site: CallSite, missing: list[str]) -> Fix | None:
    edits: list[Edit] = []
    for keyword in ("secure", "httponly"):
        value = site.keywords.get(keyword)
        if value is not None and value.type == "false":
            edits.append(Edit(value.start_byte, value.end_byte, "True"))
    if missing:
        added = keyword_fix("", site, missing[0], "True")
        if added is None:
            return None
        first = added.edits[0]
        extra = "".join(f", {k}=True" for k in missing[1:])
        edits.append(Edit(first.start, first.end, first.text + extra))
    if not edits:
        return None
    return Fix("Set secure=True, httponly=True", tuple(edits), safe=False)


_COOKIE_SETTING = re.compile(rb"_COOKIE_(?:SECURE|HTTPONLY)\b")
_COOKIE_PREFIXES = (b"SESSION", b"CSRF", b"REMEMBER")


def _cookie_setting(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    prefix = next((p for p in _COOKIE_PREFIXES if ctx.source.endswith(p, 0, m.start)), None)
    if prefix is None:
        return
    node = ctx.node_at(m.start - len(prefix), m.end)
    value = _setting_value(ctx, node)
    if value is None or value.type != "false" or _dev_only(ctx, value):
        return
    setting = (prefix + m.match.group()).decode()
    if setting == "CSRF_COOKIE_HTTPONLY":
        return  # JavaScript often must read the CSRF cookie; False is Django's default
    cookie = setting.split("_COOKIE_")[0].lower()
    consequence = "sent over plain HTTP" if setting.endswith("SECURE") else "read by scripts"
    fix = replace_fix(f"Set {setting} = True", value, "True", safe=False)
    yield Hit.at(
        _setting_holder(value), fix=fix, setting=setting, cookie=cookie, consequence=consequence
    )


# --------------------------------------------------------------------------------------------
# CSRF (GH860, GH861)

_CSRF_EXEMPT = re.compile(rb"csrf(?:_exempt\b|\w*\.exempt\b)")
_SIGNATURE_CHECK = re.compile(
    rb"signature|compare_digest|hmac|construct_event|verify_|authentication_classes|"
    rb"HTTP_AUTHORIZATION|[Bb]earer|api_key|token",
)


def _csrf_exempt(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    if not ctx.in_code(m.start):
        return
    node = ctx.node_at(m.end - 1, m.end)
    expression = (
        node.parent if node.parent is not None and node.parent.type == "attribute" else node
    )
    if expression.type not in {"identifier", "attribute"}:
        return
    resolved = ctx.qualname(expression) or ""
    if not (resolved.endswith("csrf_exempt") or resolved.endswith(".exempt")):
        return
    if expression.type == "identifier" and resolved == "csrf_exempt":
        return  # not imported from Django: a local helper of the same name
    parent = expression.parent
    view: tree_sitter.Node | None = None
    if parent is not None and parent.type == "decorator":
        definition = parent.parent
        if definition is not None and definition.type == "decorated_definition":
            view = definition.child_by_field_name("definition")
    elif parent is not None and parent.type == "argument_list" and parent.parent is not None:
        call = parent.parent
        decorator = call.parent
        if decorator is not None and decorator.type == "decorator":  # method_decorator(...)
            definition = decorator.parent
            view = None if definition is None else definition.child_by_field_name("definition")
        else:
            args = ctx.call_site(call).args
            view = args[0] if args and args[0] != expression else None
    elif (
        parent is not None
        and parent.type == "call"
        and parent.child_by_field_name("function") == expression
    ):
        args = ctx.call_site(parent).args
        view = args[0] if args else None
    if view is None or in_test_code(ctx, expression):
        return
    if view.type in {"function_definition", "class_definition"}:
        if _SIGNATURE_CHECK.search(ctx.source, view.start_byte, view.end_byte):
            return  # a webhook or token-authenticated API: no cookies to protect
        name = view.child_by_field_name("name")
        view_name = "" if name is None else ctx.text(name)
    else:
        view_name = ctx.text(view)
    yield Hit.at(expression, decorator=ctx.text(expression), view=view_name)


_CSRF_SETTING = re.compile(rb"WTF_CSRF_(?:ENABLED|CHECK_DEFAULT)\b")


def _csrf_setting(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    node = ctx.node_at(m.start, m.end)
    value = _setting_value(ctx, node)
    if value is None or value.type != "false" or _dev_only(ctx, value):
        return
    setting = m.match.group().decode()
    fix = replace_fix(f"Set {setting} = True", value, "True", safe=False)
    yield Hit.at(_setting_holder(value), fix=fix, setting=setting)


# --------------------------------------------------------------------------------------------
# assert as access control (GH862)

_ASSERT_ACCESS = re.compile(
    rb"assert[ \t]+[^\n#]{0,100}?(?:is_admin|is_superuser|is_staff|is_authenticated|has_perm"
    rb"|has_role|is_authorized|is_owner|logged_in|can_(?:edit|delete|view|access|manage|write)"
    rb"|check_perm|is_allowed|authorized|\.roles?\b[^\n#]{0,20}?[\"']admin[\"']"
    rb"|[\"']admin[\"'][^\n#]{0,20}?\.roles?\b|\.owner(?:_id)?\s*==)",
)


def _assert_access(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    if not ctx.in_code(m.start):
        return
    node = ctx.node_at(m.start, m.start + 6)
    if node.type != "assert_statement" or in_test_code(ctx, node):
        return
    yield Hit.at(node, fix=_assert_fix(ctx, node))


def _assert_fix(ctx: Context, statement: tree_sitter.Node) -> Fix | None:
    parts = statement.named_children
    if not parts:
        return None
    condition = parts[0]
    message = ctx.text(parts[1]) if len(parts) > 1 else '"permission denied"'
    lines = ctx.module.lines
    line = lines.line_of(statement.start_byte)
    start = lines.line_start(line)
    indent = ctx.source[start : statement.start_byte]
    if indent.strip() or b"\n" in ctx.text(statement).encode():
        return None  # `x = 1; assert ...` or a multi-line assert: leave it to a person
    prefix = indent.decode()
    text = f"if not ({ctx.text(condition)}):\n{prefix}    raise PermissionError({message})"
    return Fix(
        "Raise PermissionError instead", (Edit(statement.start_byte, statement.end_byte, text),)
    )


# --------------------------------------------------------------------------------------------
# JWT (GH863)

_JWT_DECODE = frozenset(
    {"jwt.decode", "jwt.api_jwt.decode", "jose.jwt.decode", "jwt.decode_complete"}
)
_JWT_ENCODE = frozenset({"jwt.encode", "jose.jwt.encode"})


def _jwt_unverified(ctx: Context, site: CallSite) -> Iterator[Hit]:
    name = site.name or ""
    if in_test_code(ctx, site.node):
        return
    if name in _JWT_ENCODE:
        algorithm = site.arg(2, "algorithm")
        if algorithm is not None and str(ctx.const(algorithm)).lower() == "none":
            yield Hit.at(
                site.node, name=ctx.text(site.function), problem="creates an unsigned token"
            )
        return
    problem = None
    options = site.keywords.get("options")
    if options is not None and options.type == "identifier":
        values = assigned_values(ctx, options)
        options = values[0] if len(values) == 1 else options
    if options is not None and _dict_get_false(ctx, options, "verify_signature"):
        problem = "skips the signature check (`verify_signature: False`)"
    elif site.is_const_keyword("verify", "False"):
        problem = "skips the signature check (`verify=False`)"
    else:
        algorithms = site.keywords.get("algorithms")
        if algorithms is not None and any(
            str(ctx.const(a)).lower() == "none" for a in algorithms.named_children
        ):
            problem = 'accepts the `"none"` algorithm'
    if problem is None or _verified_later(ctx, site):
        return
    yield Hit.at(site.node, name=ctx.text(site.function), problem=problem)


def _dict_get_false(ctx: Context, node: tree_sitter.Node, key: str) -> bool:
    value = _dict_get(ctx, node, key)
    if (
        value is None
        and node.type == "call"
        and ctx.text(node.child_by_field_name("function") or node) == "dict"
    ):
        value = ctx.call_site(node).keywords.get(key)
    return value is not None and value.type == "false"


_JWT_VERIFYING_CALL = re.compile(
    rb"\.decode\([^\n]*algorithms\s*=|\.verify\(|PyJWKClient|get_signing_key"
)


def _verified_later(ctx: Context, site: CallSite) -> bool:
    """An unverified decode that only peeks at the header or issuer before a verified one."""
    scope = ctx.scope_of(site.node)
    rest = ctx.source[site.node.end_byte : scope.end_byte]
    return _JWT_VERIFYING_CALL.search(rest) is not None


# --------------------------------------------------------------------------------------------
# HTTP without a timeout (GH864)

_REQUESTS_FUNCTIONS = frozenset(
    f"requests.{m}" for m in ("get", "post", "put", "patch", "delete", "head", "options", "request")
)
_HTTPX_FUNCTIONS = frozenset(
    f"httpx.{m}"
    for m in ("get", "post", "put", "patch", "delete", "head", "options", "request", "stream")
)


_HANDLER_PARAMETERS = re.compile(rb"\(\s*(?:self\s*,\s*)?(?:request|req)\b")


def _in_request_handler(ctx: Context, site: CallSite) -> bool:
    """A web view: a hung outbound call there ties up a worker that serves other users."""
    function = ctx.scope_of(site.node)
    if function.type != "function_definition":
        return False
    parameters = function.child_by_field_name("parameters")
    if parameters is not None and _HANDLER_PARAMETERS.match(ctx.text(parameters).encode()):
        return True
    decorated = function.parent
    if decorated is None or decorated.type != "decorated_definition":
        return False
    return any(
        ROUTE_DECORATOR.search(ctx.text(d))
        for d in decorated.named_children
        if d.type == "decorator"
    )


def _no_timeout(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if site.has_star_args or in_test_code(ctx, site.node) or not _in_request_handler(ctx, site):
        return
    timeout = site.keywords.get("timeout")
    if site.name in _HTTPX_FUNCTIONS:
        if timeout is None or timeout.type != "none":
            return
    elif timeout is not None and timeout.type != "none":
        return
    fix: Fix | None = keyword_fix("Add a timeout", site, "timeout", "30", safe=False)
    yield Hit.at(site.node, fix=fix, name=ctx.text(site.function))


# --------------------------------------------------------------------------------------------
# Django REST framework and password hashers (GH865, GH866)

_DRF_DEFAULT = re.compile(rb"DEFAULT_PERMISSION_CLASSES")


def _drf_allow_any(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    node = ctx.node_at(m.start, m.end)
    value = _setting_value(ctx, node)
    if value is None or value.type not in {"list", "tuple"} or _dev_only(ctx, value):
        return
    for element in value.named_children:
        text = ctx.const(element) if element.type == "string" else ctx.text(element)
        if isinstance(text, str) and text.rsplit(".", 1)[-1] == "AllowAny":
            fix = None
            if element.type == "string":
                replacement = ctx.text(element).replace("AllowAny", "IsAuthenticated")
                fix = replace_fix("Require authentication by default", element, replacement, False)
            yield Hit.at(element, fix=fix)
            return


_WEAK_HASHERS = re.compile(rb"PasswordHasher\b")
_WEAK_HASHER_NAMES = frozenset(
    f"{prefix}PasswordHasher" for prefix in ("MD5", "SHA1", "UnsaltedMD5", "UnsaltedSHA1", "Crypt")
)


def _weak_hasher(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    node = ctx.node_at(m.start, m.end)
    while node.type == "string_content" and node.parent is not None:
        node = node.parent
    value = ctx.const(node)
    hasher = value.rsplit(".", 1)[-1] if isinstance(value, str) else ""
    if hasher not in _WEAK_HASHER_NAMES:
        return
    holder = node.parent
    if node.type != "string" or holder is None or holder.type not in {"list", "tuple"}:
        return
    entries = [c for c in holder.named_children if c.type != "comment"]
    if entries[0] != node:
        return  # listed after a strong hasher: only used to upgrade legacy hashes
    setting = holder.parent
    if (
        setting is None
        or setting.type != "assignment"
        or "PASSWORD_HASHERS" not in ctx.text(setting)
    ):
        return
    if _dev_only(ctx, node):
        return
    yield Hit.at(node, hasher=hasher)


# --------------------------------------------------------------------------------------------

RULES = [
    CallRule(
        DEBUG_SERVER,
        _debug_server,
        names=_DEBUG_CONSTRUCTORS
        | {
            "werkzeug.serving.run_simple",
            "werkzeug.run_simple",
            "werkzeug.debug.DebuggedApplication",
            "werkzeug.DebuggedApplication",
        },
        methods=frozenset({"run", "run_server"}),
        keywords=frozenset({"DEBUG"}),
    ),
    TextRule(DJANGO_DEBUG, _DJANGO_DEBUG, _django_debug),
    TextRule(FLASK_DEBUG_ATTRIBUTE, _FLASK_DEBUG, _flask_debug),
    CallRule(
        BIND_ALL,
        _bind_all,
        names=_SERVER_CONSTRUCTORS | _HOST_CALLS,
        methods=frozenset({"run", "run_app", "serve", "run_server"}),
    ),
    TextRule(ALLOWED_HOSTS_WILDCARD, _ALLOWED_HOSTS, _allowed_hosts),
    TextRule(HARDCODED_SECRET_KEY, _SECRET_KEY, _secret_key),
    TextRule(HARDCODED_APP_SECRET, _APP_SECRET_KEY, _secret_key),
    CallRule(
        CORS_CREDENTIALS_ANY_ORIGIN,
        _cors_credentials,
        names=_CORS_CALLS,
        methods=frozenset({"add_middleware"}),
    ),
    CallRule(CORS_ANY_ORIGIN, _cors_any, names=_CORS_CALLS, methods=frozenset({"add_middleware"})),
    CallRule(INSECURE_COOKIE, _insecure_cookie, methods=frozenset({"set_cookie"})),
    TextRule(CORS_HEADER, _CORS_HEADER, _cors_header),
    TextRule(CORS_SETTING, _CORS_SETTING, _cors_setting),
    TextRule(INSECURE_COOKIE_SETTING, _COOKIE_SETTING, _cookie_setting),
    TextRule(CSRF_EXEMPT, _CSRF_EXEMPT, _csrf_exempt),
    TextRule(CSRF_DISABLED, _CSRF_SETTING, _csrf_setting),
    TextRule(ASSERT_ACCESS_CHECK, _ASSERT_ACCESS, _assert_access),
    CallRule(JWT_UNVERIFIED, _jwt_unverified, names=_JWT_DECODE | _JWT_ENCODE),
    CallRule(HTTP_WITHOUT_TIMEOUT, _no_timeout, names=_REQUESTS_FUNCTIONS | _HTTPX_FUNCTIONS),
    TextRule(DRF_ALLOW_ANY, _DRF_DEFAULT, _drf_allow_any),
    TextRule(WEAK_PASSWORD_HASHER, _WEAK_HASHERS, _weak_hasher),
]


mentions_warmer(_DJANGO_SETTINGS, _CORS_CREDENTIALS_SETTING)
