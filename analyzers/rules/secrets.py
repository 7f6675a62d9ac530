"""Secrets: credentials written into the source, where every reader and every copy can use them.

Two kinds of evidence. Provider tokens (`ghp_…`, `AKIA…`, `sk-ant-…`, PEM blocks) have a
recognisable shape, so they are reported wherever they appear: code, strings, comments and
docstrings. A value bound to a secret-sounding name (`password = "…"`) has no shape, so it is
reported only when it looks like a real secret rather than a placeholder, a reference to one
(an environment variable name, a path, a format field) or a fixture in test code.

Every regular expression starts with a literal so that the scan over each file stays cheap.
Messages never repeat a secret's value: they name where it is, not what it is.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import tree_sitter

from ..context import CallSite, Context, TextMatch
from ..rule import CallRule, Hit, Rule, TextRule
from ._common import (
    Category,
    Confidence,
    Edit,
    Fix,
    RangeMemo,
    RuleMeta,
    Severity,
    call_name,
    const_text,
    words,
)
from .insecure_config import reports_secret_key

# --------------------------------------------------------------------------- metadata

_HARDCODED = (
    "A credential in the source is shared with everyone who can read the repository, its "
    "history, its forks, the package built from it and every log or paste it ends up in; "
    "rotating it means finding every copy. Assistants write keys inline because the prompt "
    "or the surrounding code contained one, so a real token often arrives this way. "
)


def _meta(
    code: str,
    name: str,
    what: str,
    why: str,
    example: str,
    fixed: str,
    severity: Severity = Severity.ERROR,
    confidence: Confidence = Confidence.HIGH,
    cwe: tuple[int, ...] = (798,),
) -> RuleMeta:
    return RuleMeta(
        code=code,
        name=name,
        category=Category.SECRETS,
        severity=severity,
        confidence=confidence,
        cwe=cwe,
        message=f"hard-coded {what} {{where}}",
        why=_HARDCODED + why,
        example=example,
        fixed_example=fixed,
        fixable=True,
    )


AWS_ACCESS_KEY_ID = _meta(
    "GH700",
    "aws-access-key-id",
    "AWS access key id",
    "An access key id (`AKIA…` for a user, `ASIA…` for a session) identifies the key pair; "
    "it is half of the credential and is never meant to be committed, and the secret half is "
    "usually a few lines away.",
    'AWS_ACCESS_KEY_ID = "AKIA2E0A8F3B…"',
    'import os\nAWS_ACCESS_KEY_ID = os.environ["AWS_ACCESS_KEY_ID"]',
)
AWS_SECRET_ACCESS_KEY = _meta(
    "GH701",
    "aws-secret-access-key",
    "AWS secret access key",
    "The 40-character secret access key signs requests to AWS with the full permissions of its "
    "user or role, from anywhere on the internet. Let boto3 find credentials through its "
    "default chain (environment, profile, instance role) instead.",
    'client = boto3.client("s3", aws_secret_access_key="q8Fh2kLw0Rt+Zp3Xv9Nc4Ys7Bd1Gm6Ja5Ue0Io2")',
    'client = boto3.client("s3")  # credentials from the environment or an instance role',
)
GITHUB_TOKEN = _meta(
    "GH702",
    "github-token",
    "GitHub token",
    "A personal, OAuth, app or refresh token (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`) acts as "
    "its owner on GitHub: it can read private repositories and, with write scope, push code.",
    'gh = Github("ghp_R8fK2mW9xQ4t…")',
    'gh = Github(os.environ["GITHUB_TOKEN"])',
)
GITHUB_FINE_GRAINED = _meta(
    "GH703",
    "github-fine-grained-token",
    "GitHub fine-grained token",
    "A fine-grained personal access token (`github_pat_…`) is scoped, but whatever it can do, "
    "anyone holding the source can do too.",
    'gh = Github(auth=Auth.Token("github_pat_11ABCDE2Y0kQ9rT4xW8zVb_3mN7pL2…"))',
    'gh = Github(auth=Auth.Token(os.environ["GITHUB_TOKEN"]))',
)
GITLAB_TOKEN = _meta(
    "GH704",
    "gitlab-token",
    "GitLab token",
    "GitLab personal, deploy, runner and trigger tokens (`glpat-`, `gldt-`, `glrt-`, "
    "`glptt-`) grant API or repository access to the project or the whole account.",
    'gl = gitlab.Gitlab("https://gitlab.com", private_token="glpat-8Xk2Lm9…")',
    'gl = gitlab.Gitlab("https://gitlab.com", private_token=os.environ["PRIVATE_TOKEN"])',
)
SLACK_TOKEN = _meta(
    "GH705",
    "slack-token",
    "Slack token",
    "Bot, user and app tokens (`xoxb-`, `xoxp-`, `xoxa-`, `xapp-`) read and post messages as "
    "the workspace's bot or user; a leaked user token exposes private channels.",
    'client = WebClient(token="xoxb-20486…")',
    'client = WebClient(token=os.environ["TOKEN"])',
)
SLACK_WEBHOOK = _meta(
    "GH706",
    "slack-webhook-url",
    "Slack webhook URL",
    "An incoming-webhook URL needs no other credential: whoever has it can post messages into "
    "the channel, including convincing phishing as the integration.",
    'WEBHOOK = "https://hooks.slack.com/services/T04RZ8QK1/B05M3…"',
    'WEBHOOK = os.environ["WEBHOOK"]',
)
STRIPE_LIVE_KEY = _meta(
    "GH707",
    "stripe-live-key",
    "Stripe live secret key",
    "A live secret or restricted key (`sk_live_`, `rk_live_`) moves real money: it can create "
    "charges and refunds and read every customer's payment details. Publishable keys "
    "(`pk_live_`) are public and not reported.",
    'stripe.api_key = "sk_live_51Hq8RtK2mW9…"',
    'stripe.api_key = os.environ["API_KEY"]',
)
STRIPE_TEST_KEY = _meta(
    "GH708",
    "stripe-test-key",
    "Stripe test secret key",
    "A test-mode key cannot move money, but it reads and writes the account's test data and "
    "webhooks, and the habit of committing it is how live keys follow. Reported as a "
    "reminder, at low severity.",
    'stripe.api_key = "sk_test_4eC39HqLyjWD…"',
    'stripe.api_key = os.environ["API_KEY"]',
    severity=Severity.INFO,
    confidence=Confidence.MEDIUM,
)
GOOGLE_API_KEY = _meta(
    "GH709",
    "google-api-key",
    "Google API key",
    "A Google Cloud API key (`AIza…`) bills its project for every call made with it: Maps, "
    "Gemini or any other enabled API, from anywhere unless it is restricted.",
    'genai.configure(api_key="AIzaSyD4x8Kq2Lm9…")',
    'genai.configure(api_key=os.environ["API_KEY"])',
)
OPENAI_API_KEY = _meta(
    "GH710",
    "openai-api-key",
    "OpenAI-style API key",
    "An `sk-…` key (OpenAI project, service-account or legacy keys, and the many services "
    "that copy the format) spends its owner's credit and reads their files and assistants.",
    'client = OpenAI(api_key="sk-proj-4Rt8Zn1Vb6Yc…")',
    'client = OpenAI(api_key=os.environ["API_KEY"])',
)
ANTHROPIC_API_KEY = _meta(
    "GH711",
    "anthropic-api-key",
    "Anthropic API key",
    "An Anthropic key (`sk-ant-api03-…`, `sk-ant-admin01-…`) spends the organisation's credit "
    "and, for admin keys, manages its members and keys.",
    'client = anthropic.Anthropic(api_key="sk-ant-api03-Xk2Lm9Qw4Rt7Yp1Zs3Vb6…")',
    'client = anthropic.Anthropic(api_key=os.environ["API_KEY"])',
)
PRIVATE_KEY = _meta(
    "GH712",
    "private-key-block",
    "PEM private key",
    "A private key in the source lets anyone impersonate the server, user or signer it "
    "belongs to and decrypt what was encrypted to it; unlike a token it often cannot be "
    "revoked quickly. Load it from a file outside the repository or a secret manager.",
    'SIGNING_KEY = """-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAM…\n"""',
    'SIGNING_KEY = os.environ["SIGNING_KEY"]',
    cwe=(321, 798),
)
JWT = _meta(
    "GH713",
    "jwt-token",
    "JSON Web Token",
    "A signed JWT is a bearer credential: until it expires, anyone who presents it is treated "
    "as its subject. Tokens pasted from a browser session or a curl example are real ones.",
    'headers = {"Authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOi…"}',
    'headers = {"Authorization": f"Bearer {os.environ[\'API_TOKEN\']}"}',
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
)
HARDCODED_PASSWORD = _meta(
    "GH714",
    "hardcoded-password",
    "password",
    "A password assigned to a variable, keyword argument or settings entry works for whoever "
    'reads it. Placeholders (`"changeme"`, `"<password>"`, `"${DB_PASSWORD}"`), '
    "environment lookups and values in test code are not reported.",
    'conn = psycopg2.connect(host="db.internal", user="app", password="Tr0ub4dor&3x!")',
    'conn = psycopg2.connect(host="db.internal", user="app", password=os.environ["PASSWORD"])',
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(259, 798),
)
HARDCODED_SECRET = _meta(
    "GH715",
    "hardcoded-secret",
    "secret",
    "A value bound to a name such as `api_key`, `client_secret`, `auth_token` or "
    "`SECRET_KEY` that looks random is a live credential or signing key more often than not; "
    "a signing key in the source lets anyone forge sessions or tokens.",
    'API_KEY = "a3f9c27e8b4d41f6a05e9d2c7b18f4e6"',
    'API_KEY = os.environ["API_KEY"]',
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
)
URL_CREDENTIALS = _meta(
    "GH716",
    "credentials-in-url",
    "URL credentials",
    "A connection URL of the form `scheme://user:password@host` carries its password "
    "everywhere the URL goes: logs, error messages, tracebacks and monitoring.",
    'DATABASE_URL = "postgresql://billing:Vq7#kP2m!Xz9@…/billing"',
    'DATABASE_URL = os.environ["DATABASE_URL"]',
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(798, 522),
)
SENDGRID_API_KEY = _meta(
    "GH717",
    "sendgrid-api-key",
    "SendGrid API key",
    "A SendGrid key (`SG.…`) sends mail from the account's verified domains, which makes it a "
    "ready-made phishing tool, and reads the account's contacts.",
    'sg = SendGridAPIClient("SG.Xk2Lm9Qw4Rt7Yp1Zs3Vb6N.c0Hj5Gf8…")',
    'sg = SendGridAPIClient(os.environ["SENDGRID_API_KEY"])',
)
NPM_TOKEN = _meta(
    "GH718",
    "npm-token",
    "npm access token",
    "An npm token (`npm_…`) publishes packages as its owner: a leaked one is how malicious "
    "versions of popular packages get released.",
    'NPM_TOKEN = "npm_Xk2Lm9Qw4Rt7…"',
    'NPM_TOKEN = os.environ["NPM_TOKEN"]',
)
PYPI_TOKEN = _meta(
    "GH719",
    "pypi-token",
    "PyPI API token",
    "A PyPI token (`pypi-AgE…`) uploads releases of its owner's projects: a supply-chain "
    "attack on everyone who installs them.",
    'TWINE_PASSWORD = "pypi-AgEIcHlwaS5vcmcCJDk4ZjE2…"',
    'TWINE_PASSWORD = os.environ["TWINE_PASSWORD"]',
)
HUGGINGFACE_TOKEN = _meta(
    "GH720",
    "huggingface-token",
    "Hugging Face token",
    "A Hugging Face token (`hf_…`) reads private models and datasets and, with write scope, "
    "replaces them: a poisoned model is code execution for whoever loads it.",
    'login(token="hf_XkLmQwRtYpZsV…")',
    'login(token=os.environ["TOKEN"])',
)
TELEGRAM_BOT_TOKEN = _meta(
    "GH721",
    "telegram-bot-token",
    "Telegram bot token",
    "A bot token (`123456789:AA…`) controls the bot: it reads every message sent to it and "
    "speaks to its users as the bot.",
    'bot = telebot.TeleBot("7043918265:AAHk2Lm9Qw4R…")',
    'bot = telebot.TeleBot(os.environ["TELEGRAM_BOT_TOKEN"])',
)
DISCORD_WEBHOOK = _meta(
    "GH722",
    "discord-webhook-url",
    "Discord webhook URL",
    "A Discord webhook URL is its own credential: anyone with it posts into the channel as "
    "the integration. It is also a favourite exfiltration channel for stealers.",
    'WEBHOOK_URL = "https://discord.com/api/webhooks/1187362049581726310/Xk2Lm9…"',
    'WEBHOOK_URL = os.environ["WEBHOOK_URL"]',
)
AZURE_STORAGE_KEY = _meta(
    "GH723",
    "azure-storage-key",
    "Azure storage account key",
    "A storage account key (`AccountKey=…` in a connection string) gives full control over "
    "every blob, queue and table in the account. The public Azurite emulator key is not "
    "reported.",
    'CONN = "DefaultEndpointsProtocol=https;AccountName=prod;AccountKey=Xk2L...==;"',
    'CONN = os.environ["CONN"]',
)
LOGIN_CREDENTIALS = RuleMeta(
    code="GH724",
    name="hardcoded-login-credentials",
    category=Category.SECRETS,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(259, 798),
    message="hard-coded password passed to `{call}`",
    why=(
        _HARDCODED + "A literal password handed to `smtp.login(user, ...)`, "
        "`ftp.login(...)`, `HTTPBasicAuth(user, ...)` or `auth=(user, ...)` is the account's "
        "password, and mail and FTP accounts are often shared with people."
    ),
    example='server.login("alerts@example.com", "Wq7!mZ2pXk9r")',
    fixed_example='server.login("alerts@example.com", os.environ["SERVER_PASSWORD"])',
    fixable=True,
)

# --------------------------------------------------------------------------- shared scans

_WHOLE_RANGE = re.compile(rb"(?s).+")


# --------------------------------------------------------------------------- value heuristics


#: whole values that stand for "put the real one here"
_PLACEHOLDER_VALUES = words(
    "password passwd pass pwd secret token apikey key changeme test testing example "
    "sample dummy fake placeholder none null nil undefined default todo fixme redacted "
    "hidden empty unset notset notasecret secretkey letmein hunter2 guest anonymous admin "
    "root user username postgres tiger foobar foo bar baz qwerty abc123 password123 "
    "password1 123456 1234567 12345678 123456789 1234567890 testpassword testpass "
    "string str text required optional bytes varchar char writeonly readonly sensitive "
    "masked obscured encrypted hashed plain plaintext"
)
#: fragments that mark a value as an example or an instruction to the reader
_PLACEHOLDER_PARTS = words(
    "your example placeholder changeme change_me change-me replace dummy fake sample xxxx "
    "**** .... redacted insert enter_ enter- here todo fixme notreal not_real not-real "
    "invalid"
)
_TEMPLATE = re.compile(r"[<>{}\[\]]|\$\{|^\$[A-Za-z_]\w*$|%\(|%s")
_ENV_NAME = re.compile(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+")
_WORDY = re.compile(r"[a-z]+(?:[_\-.][a-z]+)+|[a-z]+(?:[A-Z][a-z]+)+")
_NAME_LIKE = re.compile(r"[A-Za-z]+(?:[_\-.:/][A-Za-z]+)*")
_FILE_LIKE = re.compile(
    r"(?:^[./~]|^[A-Za-z]:\\|\.(?:pem|key|crt|json|txt|ya?ml|env|cfg|ini|p12|pfx)$)"
)


def _entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    counts = Counter(value)
    total = len(value)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


_LEET = str.maketrans("@4310$57", "aaeiosst")


def _is_placeholder(value: str) -> bool:
    """Examples, templates and instructions that only look like a credential."""
    lowered = value.lower()
    for spelling in (lowered, lowered.translate(_LEET)):
        squeezed = re.sub(r"[^a-z0-9]", "", spelling)
        if not squeezed or squeezed in _PLACEHOLDER_VALUES or len(set(squeezed)) <= 2:
            return True
    if any(part in lowered for part in _PLACEHOLDER_PARTS):
        return True
    return bool(_TEMPLATE.search(value))


def _is_fake_token(body: str) -> bool:
    """A provider-shaped token that announces itself as an example."""
    lowered = body.lower()
    if any(part in lowered for part in _PLACEHOLDER_PARTS):
        return True
    return len(set(lowered)) < 6 or re.search(r"(.)\1{5}", lowered) is not None


def _is_reference(value: str) -> bool:
    """Names of secrets rather than secrets: env var names, field names, paths and URLs."""
    return bool(
        _ENV_NAME.fullmatch(value)
        or _WORDY.fullmatch(value)
        or _FILE_LIKE.search(value)
        or "://" in value
        or value.startswith(("http:", "https:"))
    )


def _is_name(value: str) -> bool:
    """Letters and separators only (`AWSSecretKey`, `Access-Control-Allow-Credentials`):
    a field, header or setting name. Generated keys and tokens contain digits."""
    return _NAME_LIKE.fullmatch(value) is not None


def _looks_like_password(value: str) -> bool:
    if len(value) < 6 or any(c.isspace() for c in value) or not value.isprintable():
        return False
    if _is_placeholder(value) or _is_reference(value):
        return False
    if value.isdigit() and len(value) < 10:
        return False
    return not _is_known_prefix(value)


def _looks_like_secret(value: str) -> bool:
    """A key or token: long, varied and not a sentence, a name or a template."""
    if len(value) < 12 or any(c.isspace() for c in value) or not value.isprintable():
        return False
    if _is_placeholder(value) or _is_reference(value) or _is_name(value):
        return False
    if _is_known_prefix(value):
        return False
    classes = sum(
        (
            any(c.islower() for c in value),
            any(c.isupper() for c in value),
            any(c.isdigit() for c in value),
            any(not c.isalnum() for c in value),
        )
    )
    return classes >= 2 and _entropy(value) >= 3.0


_PASSWORD_HASH = re.compile(r"\$(?:\d[a-z]?|argon2\w*|pbkdf2[\w-]*|scrypt)\$")


def _is_known_prefix(value: str) -> bool:
    """Values that a provider-token rule reports already, and password hashes (`$2b$…`)."""
    if _PASSWORD_HASH.match(value):
        return True
    data = value.encode("utf-8", "replace")
    for token in _TOKENS:
        match = token.pattern.search(data)
        if match is not None and token.extent(data, match) is not None:
            return True
    return False


# --------------------------------------------------------------------------- where a value lives

_NAME_WORD = re.compile(r"[A-Za-z][a-z]+|[A-Z]+(?![a-z])|[a-z]+")


def _name_words(name: str) -> list[str]:
    """`dbPassword`, `DB_PASSWORD`, `X-API-Key` -> lower-case words."""
    return [w.lower() for w in _NAME_WORD.findall(name)]


#: environment variable names that already mean something else to every shell
_SHELL_VARIABLES = {"PWD": "PASSWORD", "PASS": "PASSWORD", "USER": "USER_PASSWORD"}


def _env_name(name: str) -> str:
    variable = "_".join(w.upper() for w in _name_words(name))
    return _SHELL_VARIABLES.get(variable, variable)


#: dictionary keys that name a setting or a header
_KEY_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]{0,63}")
_ENV_READERS = frozenset(
    {"os.getenv", "os.environ.get", "os.environ.setdefault", "os.putenv", "os.environ.pop"}
)


@dataclass(frozen=True)
class _Binding:
    """The name a literal is bound to, as far as a fix needs to know it."""

    #: the variable, attribute, keyword, parameter or dictionary key (None for arguments)
    name: str | None
    #: the literal is an argument or target of an environment lookup: leave it alone
    environment: bool = False


def _string_node(ctx: Context, start: int, end: int) -> tree_sitter.Node | None:
    """The string literal (or implicit concatenation) containing [start, end), if any."""
    node: tree_sitter.Node | None = ctx.node_at(start, end)
    while node is not None and node.type in {"string_content", "escape_sequence"}:
        node = node.parent
    if node is not None and node.type == "string_start":
        node = node.parent
    if node is None or node.type not in {"string", "concatenated_string"}:
        return None
    return node


def _binding(ctx: Context, value: tree_sitter.Node) -> _Binding | None:
    """What a literal is bound to: `NAME = lit`, `f(name=lit)`, `{"name": lit}`, `f(lit)`."""
    parent = value.parent
    while parent is not None and parent.type == "parenthesized_expression":
        value, parent = parent, parent.parent
    if parent is None:
        return None
    kind = parent.type
    if kind in {"assignment", "named_expression"}:
        right = parent.child_by_field_name("right" if kind == "assignment" else "value")
        target = parent.child_by_field_name("left" if kind == "assignment" else "name")
        if right != value or target is None:
            return None
        return _target(ctx, target)
    if kind in {"keyword_argument", "default_parameter", "typed_default_parameter"}:
        name = parent.child_by_field_name("name")
        if name is None or parent.child_by_field_name("value") != value:
            return None
        call = parent.parent.parent if parent.parent is not None else None
        environment = call is not None and call.type == "call" and _is_env_call(ctx, call)
        return _Binding(ctx.text(name), environment)
    if kind == "pair":
        key = parent.child_by_field_name("key")
        if key is None or parent.child_by_field_name("value") != value:
            return None
        text = ctx.const(key)
        if not isinstance(text, str) or not _KEY_NAME.fullmatch(text):
            return None  # `"AWS::ApiGateway::ApiKey": ...` is a table entry, not a setting
        return _Binding(text)
    if kind == "argument_list" and parent.parent is not None:
        return _Binding(None, _is_env_call(ctx, parent.parent))
    return None


def _target(ctx: Context, target: tree_sitter.Node) -> _Binding | None:
    if target.type == "identifier":
        return _Binding(ctx.text(target))
    if target.type == "attribute":
        attribute = target.child_by_field_name("attribute")
        return None if attribute is None else _Binding(ctx.text(attribute))
    if target.type == "subscript":
        container = target.child_by_field_name("value")
        index = target.child_by_field_name("subscript")
        text = None if index is None else ctx.const(index)
        if container is None or not isinstance(text, str) or not text:
            return None
        return _Binding(text, ctx.qualname(container) == "os.environ")
    return None


def _is_env_call(ctx: Context, call: tree_sitter.Node) -> bool:
    return call_name(ctx, call) in _ENV_READERS


_TEST_DEF = re.compile(rb"(?:def|class)\s+(?:test|Test)")


def _in_test_code(ctx: Context, node: tree_sitter.Node) -> bool:
    """Inside a test function or class, or in a module that imports a test framework."""
    bindings = ctx.imports.bindings.values()
    if any(q == "pytest" or q.startswith(("pytest.", "unittest")) for q in bindings):
        return True
    current = node.parent
    while current is not None:
        if current.type in {"function_definition", "class_definition"} and _TEST_DEF.match(
            ctx.source, current.start_byte
        ):
            return True
        current = current.parent
    return False


def _is_docstring(node: tree_sitter.Node) -> bool:
    statement = node.parent
    if statement is None or statement.type != "expression_statement":
        return False
    if statement.named_child_count != 1:
        return False
    container = statement.parent
    if container is None:
        return False
    first = next((c for c in container.named_children if c.type != "comment"), None)
    return first == statement and container.type in {"module", "block"}


# --------------------------------------------------------------------------- the fix


def _environ(ctx: Context) -> tuple[str, tuple[Edit, ...]] | None:
    """How to spell `os.environ` here, and the edit that imports `os` if it is missing."""
    for statement in ctx.module.top_level:
        if statement.type == "import_statement":
            for child in statement.named_children:
                if child.type == "dotted_name" and ctx.text(child) == "os":
                    return "os.environ", ()
                if child.type == "aliased_import":
                    name = child.child_by_field_name("name")
                    alias = child.child_by_field_name("alias")
                    if name is not None and alias is not None and ctx.text(name) == "os":
                        return f"{ctx.text(alias)}.environ", ()
    if "os" in ctx.imports.bindings and ctx.imports.bindings["os"] != "os":
        return None
    return "os.environ", (_import_os(ctx),)


def _import_os(ctx: Context) -> Edit:
    """`import os` after the module docstring and `__future__` imports, or at the top."""
    lines = ctx.module.lines
    after: tree_sitter.Node | None = None
    first: tree_sitter.Node | None = None
    for child in ctx.module.top_level:
        if child.type == "comment":
            continue
        if child.type == "future_import_statement" or (
            first is None and child.type == "expression_statement" and _docstring_statement(child)
        ):
            after = child
            first = first or child
            continue
        first = first or child
        break
    if after is None:
        offset = (
            len(ctx.source) if first is None else lines.line_start(lines.line_of(first.start_byte))
        )
        return Edit(offset, offset, "import os\n")
    line = lines.line_of(after.end_byte)
    if line + 1 >= lines.line_count:
        return Edit(len(ctx.source), len(ctx.source), "\nimport os\n")
    offset = lines.line_start(line + 1)
    return Edit(offset, offset, "import os\n")


def _docstring_statement(statement: tree_sitter.Node) -> bool:
    children = statement.named_children
    return len(children) == 1 and children[0].type in {"string", "concatenated_string"}


def _env_fix(ctx: Context, literal: tree_sitter.Node, variable: str) -> Fix | None:
    """Replace the literal with `os.environ["VARIABLE"]`."""
    environ = _environ(ctx)
    if environ is None or not variable:
        return None
    spelling, imports = environ
    edit = Edit(literal.start_byte, literal.end_byte, f'{spelling}["{variable}"]')
    return Fix(f"Read `{variable}` from the environment", (*imports, edit), safe=False)


def _literal_fix(
    ctx: Context, literal: tree_sitter.Node, binding: _Binding | None, default: str
) -> Fix | None:
    if binding is None or binding.environment:
        return None
    variable = _env_name(binding.name) if binding.name is not None else default
    return _env_fix(ctx, literal, variable)


# --------------------------------------------------------------------------- provider tokens

#: returns the (start, end) of the secret for a regex match, or None if it is not one
Extent = Callable[[bytes, re.Match[bytes]], tuple[int, int] | None]
_WORD_BYTE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _standalone(skip: int = 0, fixed_end: bool = False, public: bytes = b"") -> Extent:
    """The match, unless it is glued to a longer word or announces itself as an example.

    `skip` bytes of prefix are left out of the example check; the reported span starts after
    `public` (the host and path of a webhook URL are not the secret).
    """

    def extent(source: bytes, match: re.Match[bytes]) -> tuple[int, int] | None:
        start, end = match.start(), match.end()
        if start > 0 and source[start - 1] in _WORD_BYTE:
            return None
        if fixed_end and end < len(source) and source[end] in _WORD_BYTE:
            return None
        body = source[start + skip : end].decode("ascii", "replace")
        if _is_fake_token(body):
            return None
        return (start + match.group().find(public) + len(public) if public else start), end

    return extent


@dataclass(frozen=True)
class _Token:
    meta: RuleMeta
    pattern: re.Pattern[bytes]
    extent: Extent
    #: environment variable for a fix when the literal is not bound to a name
    env: str
    #: shapes that test suites fake often (JWTs, PEM keys): quiet in test code
    quiet_in_tests: bool = False


def _token_rule(token: _Token) -> TextRule:
    def check(ctx: Context, match: TextMatch) -> Iterator[Hit]:
        span = token.extent(ctx.source, match.match)
        if span is None:
            return
        start, end = span
        node = ctx.node_at(start, end)
        if token.quiet_in_tests and _in_test_code(ctx, node):
            return
        fix = None
        literal = _string_node(ctx, start, end)
        if node.type == "comment":
            where = "in a comment"
        elif literal is None:
            where = "in the source"
        elif _is_docstring(literal):
            where = "in a docstring"
        else:
            binding = _binding(ctx, literal)
            if _is_single_value(ctx, literal):
                fix = _literal_fix(ctx, literal, binding, token.env)
            where = _where(binding)
        yield Hit(start, end, {"where": where}, fix)

    return TextRule(token.meta, token.pattern, check)


def _is_single_value(ctx: Context, literal: tree_sitter.Node) -> bool:
    """A literal that is one configuration value (a key, a URL), not a header or a sentence."""
    value = const_text(ctx, literal, "latin-1")
    if value is None:
        return False
    if value.startswith("-----BEGIN") and value.rstrip().endswith("-----"):
        return True
    return not any(c.isspace() for c in value)


def _where(binding: _Binding | None) -> str:
    if binding is not None and binding.name is not None and binding.name.isprintable():
        return f"in `{binding.name[:60]}`"
    return "in a string literal"


def _openai(source: bytes, match: re.Match[bytes]) -> tuple[int, int] | None:
    text = match.group().decode("ascii")
    if text.startswith("sk-ant-"):
        return None
    body = text[3:]
    scoped = body.startswith(("proj-", "svcacct-", "admin-"))
    plausible = (
        "T3BlbkFJ" in body or (scoped and len(body) >= 40) or (body.isalnum() and len(body) >= 32)
    )
    return _standalone(skip=3)(source, match) if plausible else None


def _stripe(source: bytes, match: re.Match[bytes]) -> tuple[int, int] | None:
    """`k_live_…` preceded by `s` or `r` (not `p`: publishable keys are public)."""
    start = match.start() - 1
    if start < 0 or source[start] not in b"sr":
        return None
    if start > 0 and source[start - 1] in _WORD_BYTE:
        return None
    body = match.group()[7:].decode("ascii")
    if _is_fake_token(body) or not any(c.isdigit() for c in body):
        return None
    return start, match.end()


def _telegram(source: bytes, match: re.Match[bytes]) -> tuple[int, int] | None:
    """`<bot id>:AA…`: the regex starts at the colon, the id is read backwards."""
    start = match.start()
    while start > 0 and 0x30 <= source[start - 1] <= 0x39:
        start -= 1
    digits = match.start() - start
    if not 8 <= digits <= 10 or (start > 0 and source[start - 1] in _WORD_BYTE):
        return None
    if match.end() < len(source) and source[match.end()] in _WORD_BYTE:
        return None
    body = match.group()[3:].decode("ascii")
    return None if _is_fake_token(body) else (start, match.end())


_AZURITE_KEY = b"Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq"


def _azure(source: bytes, match: re.Match[bytes]) -> tuple[int, int] | None:
    start = match.start() + len(b"AccountKey=")
    key = source[start : match.end()]
    if key.startswith(_AZURITE_KEY) or _is_fake_token(key.decode("ascii")):
        return None
    return start, match.end()


_PEM_BODY = re.compile(
    rb"""(?:[\s"'+,(]|\\[nr])*(?:[A-Za-z-]+:[^\n\\]*(?:\\n|\n)[\s"'+]*)*([A-Za-z0-9+/=]{40,})"""
)
_PEM_END = re.compile(rb"-----END [A-Z ]*PRIVATE KEY(?: BLOCK)?-----")


def _pem(source: bytes, match: re.Match[bytes]) -> tuple[int, int] | None:
    """A private key header followed by key material, not a parser's marker constant."""
    body = _PEM_BODY.match(source, match.end())
    if body is None or len(set(body.group(1))) < 16:
        return None
    if source[body.end(1) : body.end(1) + 3] in {b"...", "…".encode()}:
        return None
    end = _PEM_END.search(source, body.end(), body.end() + 16384)
    return match.start(), end.end() if end is not None else body.end(1)


def _b64json(part: bytes) -> object:
    try:
        raw = base64.urlsafe_b64decode(part + b"=" * (-len(part) % 4))
        return json.loads(raw)
    except (binascii.Error, ValueError):
        return None


def _jwt(source: bytes, match: re.Match[bytes]) -> tuple[int, int] | None:
    """A JWT whose header names a signing algorithm and that is not the jwt.io sample."""
    if match.start() > 0 and source[match.start() - 1] in _WORD_BYTE:
        return None
    header_part, payload_part, signature = match.group().split(b".")
    header = _b64json(header_part)
    payload = _b64json(payload_part)
    if not isinstance(header, dict) or not isinstance(payload, dict):
        return None
    if str(header.get("alg", "none")).lower() == "none" or payload.get("name") == "John Doe":
        return None
    if _is_fake_token(signature.decode("ascii")):
        return None
    return match.span()


_TOKENS = (
    _Token(
        AWS_ACCESS_KEY_ID,
        re.compile(rb"A[KS]IA[A-Z0-9]{16}"),
        _standalone(skip=4, fixed_end=True),
        "AWS_ACCESS_KEY_ID",
    ),
    _Token(
        GITHUB_TOKEN,
        re.compile(rb"gh[pousr]_[A-Za-z0-9]{30,255}"),
        _standalone(skip=4),
        "GITHUB_TOKEN",
    ),
    _Token(
        GITHUB_FINE_GRAINED,
        re.compile(rb"github_pat_[A-Za-z0-9_]{40,255}"),
        _standalone(skip=11),
        "GITHUB_TOKEN",
    ),
    _Token(
        GITLAB_TOKEN,
        re.compile(rb"gl(?:pat|dt|rt|ptt|soat|cbt)-[A-Za-z0-9_\-]{20,255}"),
        _standalone(skip=6),
        "GITLAB_TOKEN",
    ),
    _Token(
        SLACK_TOKEN,
        re.compile(rb"x(?:ox[abeoprs]|app)-[0-9][A-Za-z0-9\-]{14,255}"),
        _standalone(skip=5),
        "SLACK_TOKEN",
    ),
    _Token(
        SLACK_WEBHOOK,
        re.compile(rb"hooks\.slack\.com/(?:services|workflows|triggers)/T[A-Za-z0-9_/]{20,200}"),
        _standalone(skip=16, public=b".com/"),
        "SLACK_WEBHOOK_URL",
    ),
    _Token(STRIPE_LIVE_KEY, re.compile(rb"k_live_[A-Za-z0-9]{20,255}"), _stripe, "STRIPE_API_KEY"),
    _Token(STRIPE_TEST_KEY, re.compile(rb"k_test_[A-Za-z0-9]{20,255}"), _stripe, "STRIPE_API_KEY"),
    _Token(
        GOOGLE_API_KEY,
        re.compile(rb"AIza[0-9A-Za-z_\-]{35}"),
        _standalone(skip=4, fixed_end=True),
        "GOOGLE_API_KEY",
    ),
    _Token(
        OPENAI_API_KEY,
        re.compile(rb"sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,255}"),
        _openai,
        "OPENAI_API_KEY",
    ),
    _Token(
        ANTHROPIC_API_KEY,
        re.compile(rb"sk-ant-[a-z]+[0-9]*-[A-Za-z0-9_\-]{32,255}"),
        _standalone(skip=13),
        "ANTHROPIC_API_KEY",
    ),
    _Token(
        PRIVATE_KEY,
        re.compile(
            rb"-----BEGIN (?:(?:RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY(?: BLOCK)?-----"
        ),
        _pem,
        "PRIVATE_KEY",
        quiet_in_tests=True,
    ),
    _Token(
        JWT,
        re.compile(rb"eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{20,}"),
        _jwt,
        "JWT",
        quiet_in_tests=True,
    ),
    _Token(
        SENDGRID_API_KEY,
        re.compile(rb"SG\.[A-Za-z0-9_\-]{16,32}\.[A-Za-z0-9_\-]{30,64}"),
        _standalone(skip=3),
        "SENDGRID_API_KEY",
    ),
    _Token(
        NPM_TOKEN,
        re.compile(rb"npm_[A-Za-z0-9]{36}"),
        _standalone(skip=4, fixed_end=True),
        "NPM_TOKEN",
    ),
    _Token(
        PYPI_TOKEN, re.compile(rb"pypi-AgE[A-Za-z0-9_\-]{50,}"), _standalone(skip=8), "PYPI_TOKEN"
    ),
    _Token(
        HUGGINGFACE_TOKEN,
        re.compile(rb"hf_[A-Za-z0-9]{34,40}"),
        _standalone(skip=3, fixed_end=True),
        "HF_TOKEN",
    ),
    _Token(
        TELEGRAM_BOT_TOKEN,
        re.compile(rb":AA[A-Za-z0-9_\-]{30,36}"),
        _telegram,
        "TELEGRAM_BOT_TOKEN",
    ),
    _Token(
        DISCORD_WEBHOOK,
        re.compile(rb"discord(?:app)?\.com/api/webhooks/[0-9]{15,21}/[A-Za-z0-9_\-]{50,100}"),
        _standalone(skip=25, public=b"/webhooks/"),
        "DISCORD_WEBHOOK_URL",
    ),
    _Token(
        AZURE_STORAGE_KEY,
        re.compile(rb"AccountKey=[A-Za-z0-9+/]{80,90}={0,2}"),
        _azure,
        "AZURE_STORAGE_CONNECTION_STRING",
    ),
)

# --------------------------------------------------------------------------- name = "literal"

_PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "passphrase", "passcode", "passwort"})
_SECRET_WORDS = frozenset({"secret", "token", "apikey", "credential", "credentials"})
#: `<qualifier>_pass` names that hold passwords (`first_pass` is an algorithm's pass)
_PASS_QUALIFIERS = words(
    "db user admin root smtp mail email ftp ssh sql mysql pg redis login account app api "
    "proxy wifi vnc rdp ldap bind keystore truststore key master sudo auth basic"
)
#: `<qualifier>_key` names that hold keys; any other `*_key` is a dictionary or cache key
_KEY_QUALIFIERS = words(
    "api access secret private auth signing encryption client master account subscription "
    "license licence app service hmac jwt session crypto cipher"
)
#: `<qualifier>_token` names in tokenizers, parsers and pagination
_NOT_CREDENTIAL_TOKENS = words(
    "pad eos bos unk sep cls mask start end stop special next page continuation cancel "
    "cancellation sync split first last prev previous current csrf xsrf type the new old "
    "bad good sentinel eol eof begin placeholder image audio video boundary separator "
    "delimiter word sub char regex verification update idempotency client request resume "
    "change sequence upload state lock lease transaction commit version etag"
)


def _family(name: str) -> str | None:
    """ "password", "secret", "aws" or None, from the name's last words."""
    words = [w.rstrip("0123456789") for w in _name_words(name)]
    words = [w for w in words if w]
    if not words:
        return None
    last = words[-1]
    before = words[-2] if len(words) > 1 else ""
    joined = "".join(words)
    if "secretaccesskey" in joined or ("aws" in words and last in {"secret", "key"}):
        return "aws"
    if last in _PASSWORD_WORDS or (last == "pass" and before in _PASS_QUALIFIERS):
        return "password"
    if last in {"key", "keys"}:
        return "secret" if before in _KEY_QUALIFIERS else None
    if last == "token" and before in _NOT_CREDENTIAL_TOKENS:
        return None
    if last in _SECRET_WORDS or (last == "key" and before == "api"):
        return "secret"
    return None


@dataclass(frozen=True)
class _Candidate:
    family: str
    name: str
    literal: tree_sitter.Node
    value: str
    binding: _Binding


#: every name `_family` accepts contains one of these (lower-cased)
_NAME_HINTS = (b"pass", b"pwd", b"secret", b"token", b"key", b"cred")
_VALUE = rb"""[rRbBuU]{0,2}(?P<literal>"[^\s"'\\]{6,}"|'[^\s"'\\]{6,}')"""
_ASSIGNED = re.compile(rb"=[ \t]*" + _VALUE)
_DICT_VALUE = re.compile(rb""":(?<=["']:)[ \t]*""" + _VALUE)


def _candidates(ctx: Context, start: int, end: int) -> list[_Candidate]:
    """Literals bound to secret-sounding names in the range: one scan for GH701/714/715."""
    source = ctx.source
    found: list[_Candidate] = []
    for pattern in (_ASSIGNED, _DICT_VALUE):
        for match in pattern.finditer(source, start, end):
            at = match.start()
            if pattern is _ASSIGNED and at > 0 and source[at - 1] in b"=!<>":
                continue
            line = source[source.rfind(b"\n", 0, at) + 1 : at].lower()
            if not any(hint in line for hint in _NAME_HINTS):
                continue  # cheap: no secret-sounding word before the `=` or `:`
            quote = match.start("literal")
            literal = _string_node(ctx, quote, quote + 1)
            if literal is None:
                continue
            binding = _binding(ctx, literal)
            if binding is None or binding.name is None:
                continue
            family = _family(binding.name)
            if family is None:
                continue
            value = const_text(ctx, literal, "latin-1")
            if value is None:
                continue
            found.append(_Candidate(family, binding.name, literal, value, binding))
    return found


_CANDIDATES = RangeMemo(_candidates)
_AWS_SECRET = re.compile(r"[A-Za-z0-9/+]{40}")


def _generic_rule(meta: RuleMeta, reports: Callable[[_Candidate], bool]) -> TextRule:
    def check(ctx: Context, match: TextMatch) -> Iterator[Hit]:
        for candidate in _CANDIDATES.get(ctx, match.start, match.end):
            if not reports(candidate):
                continue
            if candidate.family != "aws" and _in_test_code(ctx, candidate.literal):
                continue
            if reports_secret_key(ctx, candidate.literal):
                continue  # a framework's SECRET_KEY: GH855/GH868 report it, more specifically
            fix = None
            if not candidate.binding.environment:
                fix = _env_fix(ctx, candidate.literal, _env_name(candidate.name))
            yield Hit.at(candidate.literal, fix=fix, where=_where(candidate.binding))

    return TextRule(meta, _WHOLE_RANGE, check)


def _aws_secret(value: str) -> bool:
    return (
        _AWS_SECRET.fullmatch(value) is not None
        and not _is_fake_token(value)
        and _entropy(value) >= 4.0
    )


def _reports_aws(candidate: _Candidate) -> bool:
    return candidate.family == "aws" and _aws_secret(candidate.value)


def _reports_password(candidate: _Candidate) -> bool:
    return candidate.family == "password" and _looks_like_password(candidate.value)


def _reports_secret(candidate: _Candidate) -> bool:
    """Secret-named values, and AWS-named ones that are not a 40-character secret key."""
    if candidate.family == "aws" and _aws_secret(candidate.value):
        return False
    return candidate.family in {"secret", "aws"} and _looks_like_secret(candidate.value)


# --------------------------------------------------------------------------- URLs with passwords

_URL_CREDENTIALS = re.compile(
    rb"://(?P<user>[A-Za-z0-9._%~\-]{0,64}):(?P<password>[^\s/@\"'<>{}\[\]$`\\]{1,128})@"
    rb"(?P<host>[A-Za-z0-9._\-]+)"
)
_DEMO_HOSTS = ("example.", "localhost", "127.0.0.1", "host", "hostname", "server")


def _url_credentials(ctx: Context, match: TextMatch) -> Iterator[Hit]:
    found = match.match
    password = found.group("password").decode("utf-8", "replace")
    user = found.group("user").decode("utf-8", "replace")
    if password.lower() == user.lower() or not _looks_like_password(password):
        return
    literal = _string_node(ctx, found.start(), found.end())
    if literal is None or _is_docstring(literal) or _in_test_code(ctx, literal):
        return
    host = found.group("host").decode("ascii", "replace").lower()
    if host.startswith(_DEMO_HOSTS) and len(password) < 8:
        return
    binding = _binding(ctx, literal)
    fix = None
    if _is_single_value(ctx, literal):
        fix = _literal_fix(ctx, literal, binding, "DATABASE_URL")
    start, end = found.span("password")
    yield Hit(start, end, {"where": _where(binding)}, fix)


# --------------------------------------------------------------------------- login(user, password)

_BASIC_AUTH = frozenset(
    {
        "requests.auth.HTTPBasicAuth",
        "requests.auth.HTTPDigestAuth",
        "requests.auth.HTTPProxyAuth",
        "requests.HTTPBasicAuth",
        "httpx.BasicAuth",
        "httpx.DigestAuth",
        "aiohttp.BasicAuth",
    }
)
#: app passwords (Google, Apple, Fastmail): four groups of four letters, shown with spaces
#: and often pasted with dashes; a dashed phrase is a name anywhere but a login call
_APP_PASSWORD = re.compile(r"[a-z]{4}([ -])[a-z]{4}(?:\1[a-z]{4}){2}")


def _login_password(value: str) -> bool:
    shape = _APP_PASSWORD.fullmatch(value)
    if shape is not None and shape.group(1) == "-":
        # random letters have few vowels; a dashed phrase (`your-mail-pass-here`) has many
        return sum(c in "aeiou" for c in value) <= 5 and not _is_placeholder(value)
    return shape is not None or _looks_like_password(value)


def _login_credentials(ctx: Context, site: CallSite) -> Iterator[Hit]:
    literals: list[tree_sitter.Node] = []
    if site.name in _BASIC_AUTH or site.method == "login":
        password = site.args[1] if len(site.args) > 1 else None
        if password is not None and password.type == "string":
            literals.append(password)
    auth = site.keywords.get("auth")
    if auth is not None and auth.type in {"tuple", "list"} and len(auth.named_children) == 2:
        literals.append(auth.named_children[1])
    for literal in literals:
        value = ctx.const(literal)
        if not isinstance(value, str) or literal.type != "string":
            continue
        if not _login_password(value) or _in_test_code(ctx, literal):
            continue
        receiver = site.receiver
        prefix = (
            ctx.text(receiver) if receiver is not None and receiver.type == "identifier" else ""
        )
        fix = _env_fix(ctx, literal, _env_name(f"{prefix}_password"))
        call = ctx.text(site.function)[:60] if site.function.type != "call" else "login"
        yield Hit.at(literal, fix=fix, call=call)


# --------------------------------------------------------------------------- catalogue

RULES: list[Rule] = [
    *(_token_rule(token) for token in _TOKENS),
    _generic_rule(AWS_SECRET_ACCESS_KEY, _reports_aws),
    _generic_rule(HARDCODED_PASSWORD, _reports_password),
    _generic_rule(HARDCODED_SECRET, _reports_secret),
    TextRule(URL_CREDENTIALS, _URL_CREDENTIALS, _url_credentials),
    CallRule(
        LOGIN_CREDENTIALS,
        _login_credentials,
        names=_BASIC_AUTH,
        methods=frozenset({"login"}),
        keywords=frozenset({"auth"}),
    ),
]
