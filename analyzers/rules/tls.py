"""TLS and trust: certificate and host-key checks switched off, old protocols, plaintext logins.

A model asked to "fix the SSL error" reaches for `verify=False`, an unverified context or
`AutoAddPolicy()`; each makes the connection readable and writable by anyone on the path.
The rules here match those switches by resolved name, keyword or a narrow regex, and stay
quiet in tests, in server-side contexts (where no certificate is expected from the peer) and
for loopback hosts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import tree_sitter

from ..context import CallSite, Context, TextMatch
from ..rule import CallRule, Hit, TextRule
from ._common import (
    Category,
    Confidence,
    Edit,
    Fix,
    RuleMeta,
    Severity,
    assigned_values,
    in_test_code,
    keyword_fix,
    replace_fix,
    simple_assignment,
)

# --------------------------------------------------------------------------------------------
# Metadata

VERIFY_FALSE = RuleMeta(
    code="GH650",
    name="tls-verify-disabled",
    category=Category.TLS,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(295,),
    message="`{name}(..., verify=False)` accepts any certificate: the connection can be read "
    "and changed by anyone on the network path",
    why=(
        "With `verify=False`, requests, httpx and boto3 accept whatever certificate the other "
        "side presents, so a machine on the same Wi-Fi, a compromised router or a hostile proxy "
        "can impersonate the server, read the credentials and data sent and change the "
        "responses. It is the usual quick fix for a certificate error, and it silently stays "
        "in production. Fix the trust store instead: pass the CA bundle with "
        "`verify='/path/to/ca.pem'` (or install `truststore`/`certifi`)."
    ),
    example='resp = requests.get("https://billing.internal/api/invoices", verify=False)',
    fixed_example=(
        'resp = requests.get("https://billing.internal/api/invoices", '
        'verify="/etc/ssl/certs/internal-ca.pem")'
    ),
    fixable=True,
)

SESSION_VERIFY_FALSE = RuleMeta(
    code="GH651",
    name="tls-verify-attribute-disabled",
    category=Category.TLS,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(295,),
    message="`{target} = False` turns off certificate verification for every request made "
    "through this object",
    why=(
        "Setting `session.verify = False` (requests) or `configuration.verify_ssl = False` "
        "(generated API clients such as kubernetes) disables certificate checks for every "
        "later call through that object, far from where the requests are made, so reviewers "
        "of those calls never see it. Anyone on the network path can then impersonate the "
        "server. Point `verify` at the right CA bundle instead."
    ),
    example="session = requests.Session()\nsession.verify = False",
    fixed_example='session = requests.Session()\nsession.verify = "/etc/ssl/certs/internal-ca.pem"',
    fixable=True,
)

AIOHTTP_SSL_FALSE = RuleMeta(
    code="GH652",
    name="aiohttp-ssl-disabled",
    category=Category.TLS,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(295,),
    message="`{keyword}=False` makes aiohttp skip certificate verification",
    why=(
        "In aiohttp, `ssl=False` (and the older `verify_ssl=False`) on a request, a session "
        "or a `TCPConnector` means that any certificate is accepted, so the TLS connection "
        "protects against nobody who can intercept traffic. Use the default (`ssl=True`) or "
        "pass an `ssl.SSLContext` that trusts your private CA."
    ),
    example="connector = aiohttp.TCPConnector(ssl=False)",
    fixed_example=(
        'ctx = ssl.create_default_context(cafile="/etc/ssl/certs/internal-ca.pem")\n'
        "connector = aiohttp.TCPConnector(ssl=ctx)"
    ),
    fixable=True,
)

UNVERIFIED_CONTEXT = RuleMeta(
    code="GH653",
    name="unverified-ssl-context",
    category=Category.TLS,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(295,),
    message="`ssl._create_unverified_context()` does not verify certificates or host names",
    why=(
        "`ssl._create_unverified_context()` is the private helper CPython keeps for legacy "
        "code: it sets `CERT_NONE` and disables host name checks, so any certificate is "
        "accepted, and it is usually copied from an answer to `CERTIFICATE_VERIFY_FAILED`. "
        "Use `ssl.create_default_context()`, which verifies against the system trust store, "
        "and load a private CA with `cafile=` when needed."
    ),
    example="urllib.request.urlopen(url, context=ssl._create_unverified_context())",
    fixed_example="urllib.request.urlopen(url, context=ssl.create_default_context())",
    fixable=True,
)

BARE_SSL_CONTEXT = RuleMeta(
    code="GH654",
    name="ssl-context-without-verification",
    category=Category.TLS,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(295,),
    message="`{call}` starts with `CERT_NONE` and no host name check, and this client never "
    "sets `verify_mode`",
    why=(
        "`ssl.SSLContext()` with no protocol (or `PROTOCOL_TLS`/`PROTOCOL_SSLv23`) is a bare "
        "context: `verify_mode` is `CERT_NONE` and `check_hostname` is off until the code "
        "turns them on, and loading CA certificates does not change that. A client that wraps "
        "sockets with it therefore accepts any certificate. Use `ssl.create_default_context()` "
        "or `ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)`, which verify by default."
    ),
    example=(
        "context = ssl.SSLContext()\n"
        "context.load_verify_locations(CA_FILE)\n"
        "tls = context.wrap_socket(sock, server_hostname=host)"
    ),
    fixed_example=(
        "context = ssl.create_default_context(cafile=CA_FILE)\n"
        "tls = context.wrap_socket(sock, server_hostname=host)"
    ),
    fixable=True,
)

CHECK_HOSTNAME_FALSE = RuleMeta(
    code="GH655",
    name="hostname-check-disabled",
    category=Category.TLS,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(297,),
    message="`check_hostname = False` accepts a valid certificate for any other host",
    why=(
        "Without host name checking, a certificate is accepted as long as some trusted CA "
        "issued it, for any name: an attacker with a free certificate for their own domain "
        "can impersonate the server. Client contexts must keep `check_hostname = True` (the "
        "default of `ssl.create_default_context()`); for internal hosts, issue certificates "
        "with the right names or use `server_hostname=`."
    ),
    example="ctx = ssl.create_default_context()\nctx.check_hostname = False",
    fixed_example='ctx = ssl.create_default_context(cafile="/etc/ssl/certs/internal-ca.pem")',
)

CERT_NONE = RuleMeta(
    code="GH656",
    name="certificate-verification-none",
    category=Category.TLS,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(295,),
    message="`{constant}` makes the client accept any certificate",
    why=(
        "`ssl.CERT_NONE` (`cert_reqs='CERT_NONE'` in urllib3, `SSL.VERIFY_NONE` in "
        "pyOpenSSL) tells a TLS client not to verify the server's certificate at all: the "
        "encryption then protects against passive eavesdroppers only, and anyone who can "
        "intercept the connection can impersonate the server. Clients should use "
        "`CERT_REQUIRED` with a proper trust store."
    ),
    example="ctx = ssl.create_default_context()\nctx.check_hostname = False\n"
    "ctx.verify_mode = ssl.CERT_NONE",
    fixed_example="ctx = ssl.create_default_context()",
    fixable=True,
)

OLD_TLS_VERSION = RuleMeta(
    code="GH657",
    name="insecure-tls-version",
    category=Category.TLS,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(326, 327),
    message="`{constant}` selects SSL/TLS versions older than TLS 1.2",
    why=(
        "SSLv2 and SSLv3 are broken (DROWN, POODLE) and TLS 1.0 and 1.1 were formally "
        "deprecated in 2021 (RFC 8996): they rely on MD5/SHA-1 and CBC constructions with "
        "known attacks, and current servers and browsers refuse them. Pinning a context to "
        "one of them, or allowing them as the minimum, downgrades every connection. Use "
        "`ssl.PROTOCOL_TLS_CLIENT` and `minimum_version = ssl.TLSVersion.TLSv1_2`."
    ),
    example="sock = ssl.wrap_socket(raw, ssl_version=ssl.PROTOCOL_TLSv1)",
    fixed_example=(
        "ctx = ssl.create_default_context()\n"
        "ctx.minimum_version = ssl.TLSVersion.TLSv1_2\n"
        "sock = ctx.wrap_socket(raw, server_hostname=host)"
    ),
    fixable=True,
)

HOST_KEY_POLICY = RuleMeta(
    code="GH658",
    name="ssh-host-key-unchecked",
    category=Category.TLS,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(295, 322),
    message="{what} accepts any SSH host key, so the server is never authenticated",
    why=(
        "SSH authenticates the server by its host key. `AutoAddPolicy` (and `WarningPolicy`) "
        "accept any unknown key, and asyncssh's `known_hosts=None` skips the check entirely: "
        "a man in the middle receives the password or agent-forwarded key and sees every "
        "command. Load the known host keys (`client.load_system_host_keys()`) and keep the "
        "default `RejectPolicy`, or pin the expected key."
    ),
    example="client = paramiko.SSHClient()\n"
    "client.set_missing_host_key_policy(paramiko.AutoAddPolicy())",
    fixed_example="client = paramiko.SSHClient()\nclient.load_system_host_keys()\n"
    "client.set_missing_host_key_policy(paramiko.RejectPolicy())",
    fixable=True,
)

TLS_WARNINGS_DISABLED = RuleMeta(
    code="GH659",
    name="tls-warnings-disabled",
    category=Category.TLS,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(295, 778),
    message="`{name}()` hides the warning urllib3 gives for unverified HTTPS requests",
    why=(
        "urllib3 warns with `InsecureRequestWarning` every time a request skips certificate "
        "verification. Disabling the warning does not make the request safe; it only removes "
        "the last visible sign that `verify=False` is in effect somewhere, typically right "
        "next to it. Fix the verification and let the warning stay."
    ),
    example="urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)\n"
    "requests.get(url, verify=False)",
    fixed_example='requests.get(url, verify="/etc/ssl/certs/internal-ca.pem")',
)

ENV_VERIFY_DISABLED = RuleMeta(
    code="GH660",
    name="tls-verification-disabled-by-environment",
    category=Category.TLS,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(295,),
    message="setting `{variable}` to `{value}` disables certificate verification",
    why=(
        "Some environment variables switch off TLS verification for everything that reads "
        "them: `PYTHONHTTPSVERIFY=0` for Python's stdlib HTTPS, an empty `CURL_CA_BUNDLE` or "
        "`REQUESTS_CA_BUNDLE` for requests (an empty bundle path disables verification), "
        "`GIT_SSL_NO_VERIFY` for git and `NODE_TLS_REJECT_UNAUTHORIZED=0` for Node. Set in "
        "code, they also leak into every subprocess. Point the CA variables at a real bundle "
        "instead."
    ),
    example='os.environ["CURL_CA_BUNDLE"] = ""',
    fixed_example='os.environ["REQUESTS_CA_BUNDLE"] = "/etc/ssl/certs/internal-ca.pem"',
)

CLEARTEXT_PROTOCOL = RuleMeta(
    code="GH661",
    name="cleartext-remote-protocol",
    category=Category.TLS,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(319,),
    message="`{name}` {what} in cleartext; use {alternative}",
    why=(
        "Telnet, plain FTP and SMTP/IMAP/POP3 without TLS send the user name, the password "
        "and all data unencrypted: anyone on the network path can read them and take over "
        "the account. SSH (paramiko, asyncssh) replaces telnet, SFTP or `ftplib.FTP_TLS` "
        "replaces FTP, and mail clients should use `SMTP_SSL`/`IMAP4_SSL`/`POP3_SSL` or call "
        "`starttls()` before logging in."
    ),
    example="ftp = ftplib.FTP(host)\nftp.login(user, password)",
    fixed_example="ftp = ftplib.FTP_TLS(host)\nftp.login(user, password)\nftp.prot_p()",
)

CREDENTIALS_IN_HTTP_URL = RuleMeta(
    code="GH662",
    name="credentials-in-http-url",
    category=Category.TLS,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(319, 522),
    message="the `http://` URL for `{host}` carries a user name and password in cleartext",
    why=(
        "Credentials written into an `http://user:password@host` URL are sent with Basic "
        "authentication over an unencrypted connection, readable by anyone on the network "
        "path, and the URL itself tends to end up in logs, error messages and shell history. "
        "Use `https://`, and pass credentials from the environment or a secret store rather "
        "than inside the URL."
    ),
    example='PROXY = "http://admin:hunter2@proxy.corp.example:8080"',
    fixed_example='PROXY = f"https://{user}:{password}@proxy.corp.example:8080"',
    fixable=True,
)

CREDENTIALS_OVER_HTTP = RuleMeta(
    code="GH663",
    name="credentials-over-http",
    category=Category.TLS,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(319, 523),
    message="{what} sent to `{host}` over plain HTTP",
    why=(
        "An `http://` request is unencrypted: the `Authorization` header, API key, password "
        "or session token in it can be read by anyone on the path (shared Wi-Fi, a hostile "
        "proxy, a compromised router) and replayed. Credentials should only travel over "
        "`https://`; localhost and loopback addresses are exempt."
    ),
    example='requests.post("http://api.example.com/login", json={"username": u, "password": p})',
    fixed_example=(
        'requests.post("https://api.example.com/login", json={"username": u, "password": p})'
    ),
    fixable=True,
)

WRAP_SOCKET = RuleMeta(
    code="GH664",
    name="ssl-wrap-socket",
    category=Category.TLS,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(295, 327),
    message="`ssl.wrap_socket()` does not verify the server by default and was removed in "
    "Python 3.12; use `SSLContext.wrap_socket`",
    why=(
        "The module-level `ssl.wrap_socket()` defaults to `cert_reqs=CERT_NONE` and never "
        "checks the host name, so a client built on it accepts any certificate; it was "
        "deprecated in Python 3.7 and removed in 3.12. Create a context with "
        "`ssl.create_default_context()` and call its `wrap_socket(sock, server_hostname=host)`."
    ),
    example="tls = ssl.wrap_socket(sock)",
    fixed_example="tls = ssl.create_default_context().wrap_socket(sock, server_hostname=host)",
)

VERIFY_OPTION_DISABLED = RuleMeta(
    code="GH665",
    name="tls-verification-option-disabled",
    category=Category.TLS,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(295,),
    message="`{option}` turns off certificate or host name verification",
    why=(
        "Client libraries have their own switches for skipping TLS checks: httplib2's "
        "`disable_ssl_certificate_validation`, tornado's `validate_cert`, Elasticsearch's "
        "`verify_certs`, pymongo's `tlsAllowInvalidCertificates`, urllib3's "
        "`assert_hostname=False`, pycurl's `SSL_VERIFYPEER`/`SSL_VERIFYHOST`. Each lets an "
        "attacker on the network path impersonate the server. Configure the CA instead."
    ),
    example='es = Elasticsearch("https://search.internal:9200", verify_certs=False)',
    fixed_example=(
        'es = Elasticsearch("https://search.internal:9200", '
        'ca_certs="/etc/ssl/certs/internal-ca.pem")'
    ),
    fixable=True,
)

# --------------------------------------------------------------------------------------------
# Shared predicates

_HTTP_CALLS = frozenset(
    {
        "get", "post", "put", "patch", "delete", "head", "options", "request", "send", "stream",
        "Client", "AsyncClient", "Session", "client", "resource", "urlopen", "fetch",
        "create_ssl_context", "HTTPTransport", "AsyncHTTPTransport", "OAuth2Session",
        "ws_connect", "TCPConnector", "ClientSession", "download", "upload", "request_json",
    }
)  # fmt: skip
_HTTP_PACKAGES = ("requests.", "httpx.", "boto3.", "botocore.", "aiohttp.", "urllib3.")
_SERVER_MARKERS = re.compile(
    rb"PROTOCOL_TLS_SERVER|server_side\s*=\s*True|Purpose\.CLIENT_AUTH|load_cert_chain"
)


def _server_side(ctx: Context, node: tree_sitter.Node) -> bool:
    """In a scope that configures a TLS server, where `CERT_NONE` only means "no client
    certificates"."""
    scope = ctx.scope_of(node)
    return _SERVER_MARKERS.search(ctx.source, scope.start_byte, scope.end_byte) is not None


_OPT_IN = re.compile(r"verify|insecure|ssl|tls|cert|hostname|secure|trust", re.IGNORECASE)


def _opt_in(ctx: Context, node: tree_sitter.Node) -> bool:
    """Inside `if insecure:` / `if not verify:`: the caller asked for it through a flag,
    which is how libraries expose the option; assistants' quick fixes are unconditional."""
    current = node.parent
    while current is not None and current.type not in {"function_definition", "module"}:
        if current.type in {"if_statement", "elif_clause", "conditional_expression"}:
            condition = current.child_by_field_name("condition")
            if current.type == "conditional_expression" and len(current.named_children) == 3:
                condition = current.named_children[1]
            if condition is not None and _OPT_IN.search(ctx.text(condition)):
                return True
        current = current.parent
    return False


def _own_attribute(ctx: Context, assignment: tree_sitter.Node) -> bool:
    """`self.check_hostname = False` in a class that emulates an SSL context."""
    left = assignment.child_by_field_name("left")
    return (
        left is not None and ctx.text(left).startswith("self.") and ctx.text(left).count(".") == 1
    )


def _statement(node: tree_sitter.Node) -> tree_sitter.Node:
    current = node
    while current.parent is not None and current.parent.type not in {"block", "module"}:
        current = current.parent
    return current


def _is_false(ctx: Context, node: tree_sitter.Node | None) -> bool:
    return node is not None and ctx.text(node) in {"False", "0"}


def _flip_fix(ctx: Context, node: tree_sitter.Node, title: str) -> Fix | None:
    text = ctx.text(node)
    flipped = {"False": "True", "True": "False", "0": "1"}.get(text)
    return None if flipped is None else replace_fix(title, node, flipped, safe=False)


# --------------------------------------------------------------------------------------------
# verify=False and friends (GH650-GH652, GH665)


def _module_dict_entry(ctx: Context, node: tree_sitter.Node) -> tree_sitter.Node | None:
    """`SETTINGS["verify_ssl"]` with `SETTINGS = {"verify_ssl": False, ...}` at module level:
    the literal value, the way a settings dictionary hides `verify=False`."""
    if node.type != "subscript":
        return None
    table = node.child_by_field_name("value")
    key_node = node.child_by_field_name("subscript")
    key = None if key_node is None else ctx.const(key_node)
    if table is None or table.type != "identifier" or not isinstance(key, str):
        return None
    name = ctx.text(table)
    found = None
    for statement in ctx.module.top_level:
        assignment = simple_assignment(statement)
        if assignment is None or ctx.text(assignment[0]) != name:
            continue
        found = None
        right = assignment[1]
        for pair in right.named_children if right.type == "dictionary" else []:
            pair_key = pair.child_by_field_name("key")
            if pair.type == "pair" and pair_key is not None and ctx.const(pair_key) == key:
                found = pair.child_by_field_name("value")
    return found


def _verify_false(ctx: Context, site: CallSite) -> Iterator[Hit]:
    value = site.keywords.get("verify")
    if value is None:
        return
    if not _is_false(ctx, value) and not _is_false(ctx, _module_dict_entry(ctx, value)):
        return
    name = site.name or ""
    if not (name.startswith(_HTTP_PACKAGES) or site.method in _HTTP_CALLS):
        return
    if "jwt" in name or in_test_code(ctx, site.node) or _opt_in(ctx, site.node):
        return
    fix = keyword_fix("Verify certificates", site, "verify", "True", safe=False)
    yield Hit.at(value.parent or value, fix=fix, name=ctx.text(site.function))


_VERIFY_ATTRIBUTE = re.compile(rb"\.verify(?:_ssl)?[ \t]*=[ \t]*False\b")


def _verify_attribute(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    if not ctx.in_code(m.start):
        return
    node = ctx.node_at(m.start + 1, m.start + 2)
    attribute = node.parent
    if attribute is None or attribute.type != "attribute":
        return
    assignment = attribute.parent
    if assignment is None or assignment.type != "assignment":
        return
    value = assignment.child_by_field_name("right")
    if value is None or value.type != "false" or in_test_code(ctx, assignment):
        return
    if _opt_in(ctx, assignment) or _own_attribute(ctx, assignment):
        return
    fix = replace_fix("Verify certificates", value, "True", safe=False)
    yield Hit.at(assignment, fix=fix, target=ctx.text(attribute))


def _uses_aiohttp(ctx: Context, site: CallSite) -> bool:
    """An aiohttp call, or an HTTP-looking call in a module that imports aiohttp (whose
    sessions are reached through variables of unknown type)."""
    if (site.name or "").startswith("aiohttp."):
        return True
    return site.method in _HTTP_CALLS and any(
        v.startswith("aiohttp") for v in ctx.imports.bindings.values()
    )


def _aiohttp_ssl_false(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if not _uses_aiohttp(ctx, site):
        return
    for keyword in ("ssl", "verify_ssl"):
        value = site.keywords.get(keyword)
        if value is None or value.type != "false" or _opt_in(ctx, site.node):
            continue
        if not in_test_code(ctx, site.node):
            fix = replace_fix("Verify certificates", value, "True", safe=False)
            yield Hit.at(value.parent or value, fix=fix, keyword=keyword)


#: keyword -> the literal that disables verification
_DISABLING_OPTIONS = {
    "verify_certs": "False",
    "disable_ssl_certificate_validation": "True",
    "validate_cert": "False",
    "validate_certs": "False",
    "tlsAllowInvalidCertificates": "True",
    "tlsAllowInvalidHostnames": "True",
    "tlsInsecure": "True",
    "ssl_cert_reqs": "'none'",
    "assert_hostname": "False",
    "verify_ssl": "False",
    "ssl_verify": "False",
    "verify_certificate": "False",
    "insecure_skip_tls_verify": "True",
}
_PYCURL_OPTIONS = frozenset({"SSL_VERIFYPEER", "SSL_VERIFYHOST", "PROXY_SSL_VERIFYPEER"})
_LDAP_NO_CHECK = ("OPT_X_TLS_NEVER", "OPT_X_TLS_ALLOW")


def _verify_option(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if in_test_code(ctx, site.node) or _opt_in(ctx, site.node):
        return
    if site.method in {"setopt", "set_option"} and len(site.args) == 2:
        option, setting = site.args
        name = ctx.text(option).rsplit(".", 1)[-1]
        if name in _PYCURL_OPTIONS and _is_false(ctx, setting):
            yield Hit.at(site.node, option=ctx.text(option))
        elif name == "OPT_X_TLS_REQUIRE_CERT" and ctx.text(setting).endswith(_LDAP_NO_CHECK):
            yield Hit.at(site.node, option=ctx.text(setting))
        return
    for keyword, disabling in _DISABLING_OPTIONS.items():
        value = site.keywords.get(keyword)
        if value is None:
            continue
        text = ctx.text(value)
        if text == disabling or (
            disabling == "'none'" and (ctx.const(value) in {"none", "NONE"} or text == "None")
        ):
            if keyword == "verify_ssl" and _uses_aiohttp(ctx, site):
                continue  # GH652
            yield Hit.at(
                value.parent or value,
                fix=_flip_fix(ctx, value, "Verify certificates"),
                option=f"{keyword}={text}",
            )


# --------------------------------------------------------------------------------------------
# SSL contexts (GH653-GH657, GH664)

_CLIENT_MARKERS = re.compile(
    rb"server_hostname|urlopen|HTTPSConnection|\bcontext\s*=|ssl_context\s*=|\bssl\s*=|connect\("
)
_VERIFY_MARKERS = re.compile(rb"verify_mode|CERT_REQUIRED|check_hostname")
_AMBIGUOUS_PROTOCOLS = frozenset({"ssl.PROTOCOL_TLS", "ssl.PROTOCOL_SSLv23"})


def _unverified_context(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if in_test_code(ctx, site.node):
        return
    fix = None
    if not site.args and not site.keywords and site.function.type == "attribute":
        attr = site.function.child_by_field_name("attribute")
        if attr is not None:
            fix = replace_fix("Use a verifying context", attr, "create_default_context", False)
    yield Hit.at(site.node, fix=fix)


def _bare_context(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if in_test_code(ctx, site.node):
        return
    protocol = site.arg(0, "protocol")
    if protocol is not None and ctx.qualname(protocol) not in _AMBIGUOUS_PROTOCOLS:
        return
    scope = ctx.scope_of(site.node)
    start, end = scope.start_byte, scope.end_byte
    if _VERIFY_MARKERS.search(ctx.source, start, end) or _server_side(ctx, site.node):
        return
    if _CLIENT_MARKERS.search(ctx.source, start, end) is None:
        return
    arguments = site.node.child_by_field_name("arguments")
    fix = None
    if arguments is not None:
        edits = [Edit(arguments.start_byte, arguments.end_byte, "(ssl.PROTOCOL_TLS_CLIENT)")]
        fix = Fix("Use a client context that verifies", tuple(edits), safe=False)
        if "ssl" not in ctx.imports.bindings:
            fix = None
    yield Hit.at(site.node, fix=fix, call=ctx.text(site.node))


_CHECK_HOSTNAME = re.compile(rb"check_hostname[ \t]*=[ \t]*False\b")


def _check_hostname_false(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    if not ctx.in_code(m.start):
        return
    node = ctx.node_at(m.start, m.start + 1)
    holder = node.parent
    if holder is not None and holder.type == "attribute":
        holder = holder.parent
    if holder is None or holder.type not in {"assignment", "keyword_argument"}:
        return
    if in_test_code(ctx, holder) or _server_side(ctx, holder) or _opt_in(ctx, holder):
        return
    if holder.type == "assignment" and _own_attribute(ctx, holder):
        return
    yield Hit.at(holder)


#: every text rule's regex starts with one literal: alternatives at the start defeat the regex
#: engine's prefix scan and cost more than parsing the file
_CERT_NONE = re.compile(rb"_NONE\b")
_NONE_CONSTANTS = {b"CERT": "CERT_NONE", b"VERIFY": "VERIFY_NONE"}
_CERT_KEYWORDS = frozenset({"cert_reqs", "verify_mode", "ssl_cert_reqs", "verify"})
_CERT_ATTRIBUTES = frozenset({"verify_mode", "cert_reqs"})


def _cert_none(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    prefix = next((p for p in _NONE_CONSTANTS if ctx.source.endswith(p, 0, m.start)), None)
    if prefix is None:
        return
    start = m.start - len(prefix)
    if start > 0 and (ctx.source[start - 1 : start].isalnum() or ctx.source[start - 1] == 95):
        return
    constant = _NONE_CONSTANTS[prefix]
    node = ctx.node_at(start, m.end)
    if node.type == "string_content":
        node = node.parent or node
    if node.type == "string":
        if ctx.const(node) != constant:
            return
    elif node.type == "identifier":
        if node.parent is not None and node.parent.type == "attribute":
            attr = node.parent.child_by_field_name("attribute")
            if attr is None or attr != node:
                return
            node = node.parent
        resolved = ctx.qualname(node) or ""
        if not resolved.endswith(("ssl.CERT_NONE", "SSL.VERIFY_NONE")):
            return
    else:
        return
    if not _disables_verification(ctx, node) or in_test_code(ctx, node) or _server_side(ctx, node):
        return
    parent = node.parent
    if _opt_in(ctx, node) or (
        parent is not None and parent.type == "assignment" and _own_attribute(ctx, parent)
    ):
        return
    replacement = {"CERT_NONE": "CERT_REQUIRED", "VERIFY_NONE": "VERIFY_PEER"}[constant]
    fix = Fix("Require a valid certificate", (Edit(start, m.end, replacement),), safe=False)
    yield Hit.at(node, fix=fix, constant=ctx.text(node))


def _disables_verification(ctx: Context, node: tree_sitter.Node) -> bool:
    """The constant is what a client's verification is set to, not compared or listed."""
    parent = node.parent
    if parent is None:
        return False
    if parent.type == "keyword_argument":
        name = parent.child_by_field_name("name")
        return name is not None and ctx.text(name) in _CERT_KEYWORDS
    if parent.type == "assignment":
        left = parent.child_by_field_name("left")
        if left is None or left == node:
            return False
        last = ctx.text(left).rsplit(".", 1)[-1]
        return last in _CERT_ATTRIBUTES
    if parent.type == "pair":
        key = parent.child_by_field_name("key")
        return key is not None and ctx.const(key) in {"cert_reqs", "verify_mode"}
    if parent.type == "argument_list" and parent.parent is not None:
        site = ctx.call_site(parent.parent)
        return site.method == "set_verify" and site.args[:1] == [node]
    return False


_OLD_PROTOCOL = re.compile(rb"v(?:1(?:_1)?|2|3)(?:\b|_METHOD\b)")
#: constant -> its replacement; `TLSVersion` members are checked through the resolved name
_OLD_PROTOCOLS = {
    **{f"PROTOCOL_{v}": "PROTOCOL_TLS_CLIENT" for v in ("SSLv2", "SSLv3", "TLSv1", "TLSv1_1")},
    **{f"{v}_METHOD": "TLS_CLIENT_METHOD" for v in ("SSLv2", "SSLv3", "TLSv1", "TLSv1_1")},
    **{f"TLSVersion.{v}": "TLSv1_2" for v in ("SSLv3", "TLSv1", "TLSv1_1")},
}


def _old_protocol(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    if not ctx.in_code(m.start):
        return
    node = ctx.node_at(m.end - 1, m.end)
    if node.type != "identifier" or node.parent is None:
        return
    expression = node.parent if node.parent.type == "attribute" else node
    if expression.type == "attribute" and expression.child_by_field_name("attribute") != node:
        return
    resolved = ctx.qualname(expression) or ""
    if not resolved.startswith(("ssl.", "OpenSSL.SSL.")):
        return
    key = resolved.split(".", 1)[1].removeprefix("SSL.")
    replacement = _OLD_PROTOCOLS.get(key)
    if replacement is None:
        return
    if not _selects_protocol(ctx, expression) or in_test_code(ctx, expression):
        return
    fix = replace_fix("Use TLS 1.2 or later", node, replacement, safe=False)
    yield Hit.at(expression, fix=fix, constant=ctx.text(expression))


_NOT_SELECTING = frozenset({"getattr", "hasattr", "isinstance", "str", "repr", "print", "len"})


def _selects_protocol(ctx: Context, node: tree_sitter.Node) -> bool:
    """Passed to a call, assigned or keyword value; not compared, not a dictionary key."""
    parent = node.parent
    if parent is not None and parent.type == "keyword_argument":
        parent = parent.parent
    if parent is None:
        return False
    if parent.type == "argument_list":
        call = parent.parent
        if call is None or call.type != "call":
            return False
        return ctx.call_site(call).name not in _NOT_SELECTING
    if parent.type == "assignment":
        left = parent.child_by_field_name("left")
        return left is not None and left != node and left.type == "attribute"
    # def connect(host, ssl_version=ssl.PROTOCOL_TLSv1): every caller gets the old version
    return parent.type in {"default_parameter", "typed_default_parameter"}


def _wrap_socket(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if site.is_const_keyword("server_side", "True") or site.has_star_args:
        return
    if in_test_code(ctx, site.node):
        return
    required = site.keywords.get("cert_reqs")
    if required is not None and ctx.text(required).endswith("CERT_REQUIRED"):
        return
    yield Hit.at(site.node)


# --------------------------------------------------------------------------------------------
# SSH host keys (GH658)

_HOST_KEY_POLICIES = frozenset({"AutoAddPolicy", "WarningPolicy"})


def _host_key_policy(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if in_test_code(ctx, site.node):
        return
    if site.method == "set_missing_host_key_policy":
        policy = site.arg(0, "policy")
        if policy is None:
            return
        target = policy.child_by_field_name("function") if policy.type == "call" else policy
        if target is None:
            return
        last = ctx.text(target).rsplit(".", 1)[-1]
        if last not in _HOST_KEY_POLICIES:
            return
        fix = None
        if target.type == "attribute":
            attr = target.child_by_field_name("attribute")
            if attr is not None:
                fix = replace_fix("Reject unknown host keys", attr, "RejectPolicy", safe=False)
        yield Hit.at(site.node, fix=fix, what=f"`{last}`")
        return
    value = site.keywords.get("known_hosts")
    name = site.name or ""
    if value is not None and value.type == "none" and name.startswith("asyncssh."):
        yield Hit.at(value.parent or value, what="`known_hosts=None`")


# --------------------------------------------------------------------------------------------
# Warnings and environment (GH659, GH660)


def _warnings_disabled(ctx: Context, site: CallSite) -> Iterator[Hit]:
    category = site.arg(0, "category")
    if category is not None and not ctx.text(category).endswith(
        ("InsecureRequestWarning", "HTTPWarning", "SecurityWarning")
    ):
        return
    if in_test_code(ctx, site.node) or _opt_in(ctx, site.node):
        return
    yield Hit.at(site.node, name=ctx.text(site.function))


_ENV_VARIABLES = re.compile(
    rb"env[^\n]{0,120}?(?:PYTHONHTTPSVERIFY|CURL_CA_BUNDLE|REQUESTS_CA_BUNDLE|GIT_SSL_NO_VERIFY"
    rb"|NODE_TLS_REJECT_UNAUTHORIZED)\b"
)
_ENV_DISABLING = {
    "PYTHONHTTPSVERIFY": {"0"},
    "CURL_CA_BUNDLE": {""},
    "REQUESTS_CA_BUNDLE": {""},
    "GIT_SSL_NO_VERIFY": {"1", "true", "True"},
    "NODE_TLS_REJECT_UNAUTHORIZED": {"0"},
}


def _env_disabled(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    """`os.environ["X"] = ...`, `os.putenv("X", ...)`, `env={"X": ...}`, on one line."""
    variable = next(v for v in _ENV_DISABLING if m.match.group().endswith(v.encode()))
    node = ctx.node_at(m.end - len(variable), m.end)
    if node.type == "string_content":
        node = node.parent or node
    if node.type != "string" or ctx.const(node) != variable:
        return
    value = _env_value(ctx, node)
    if value is None:
        return
    text = ctx.const(value)
    if not isinstance(text, str) or text not in _ENV_DISABLING[variable]:
        return
    if in_test_code(ctx, node):
        return
    yield Hit.at(_statement(node), variable=variable, value=repr(text))


def _env_value(ctx: Context, key: tree_sitter.Node) -> tree_sitter.Node | None:
    """The value set for an environment variable named by the string `key`."""
    parent = key.parent
    if parent is None:
        return None
    if parent.type == "subscript":  # os.environ["X"] = value
        assignment = parent.parent
        if assignment is None or assignment.type != "assignment":
            return None
        if not (ctx.qualname(parent.child_by_field_name("value") or parent) or "").endswith(
            "environ"
        ):
            return None
        return assignment.child_by_field_name("right")
    if parent.type == "pair":  # env={"X": value}, os.environ.update({...})
        return parent.child_by_field_name("value")
    if parent.type == "argument_list" and parent.parent is not None:
        site = ctx.call_site(parent.parent)
        if site.method in {"putenv", "setdefault", "setenv"} and site.args[:1] == [key]:
            return site.arg(1)
    return None


# --------------------------------------------------------------------------------------------
# Cleartext protocols and credentials over http (GH661-GH663)

_LOCAL_HOSTS = re.compile(r"^(localhost|127\.\d+\.\d+\.\d+|\[?::1\]?|0\.0\.0\.0|[\w.-]+\.local)$")

_CLEARTEXT = {
    "telnetlib.Telnet": ("sends logins and commands", "SSH (paramiko or asyncssh)", False),
    "ftplib.FTP": ("sends the login and files", "`ftplib.FTP_TLS` or SFTP", True),
    "smtplib.SMTP": ("sends the login", "`smtplib.SMTP_SSL` or `starttls()`", True),
    "imaplib.IMAP4": ("sends the login", "`imaplib.IMAP4_SSL` or `starttls()`", True),
    "poplib.POP3": ("sends the login", "`poplib.POP3_SSL` or `stls()`", True),
    "grpc.insecure_channel": (
        "sends every call and its metadata (tokens included)",
        "`grpc.secure_channel(target, grpc.ssl_channel_credentials())`",
        False,
    ),
    "grpc.aio.insecure_channel": (
        "sends every call and its metadata (tokens included)",
        "`grpc.aio.secure_channel(target, grpc.ssl_channel_credentials())`",
        False,
    ),
}
_LOGIN_METHODS = rb"(?:login|user|pass_|auth)"
_ANONYMOUS = re.compile(r"^\(\s*(?:\)|[\"'](?:anonymous|ftp)[\"'])")
_STARTTLS = re.compile(rb"starttls|stls\(")


def _cleartext_protocol(ctx: Context, site: CallSite) -> Iterator[Hit]:
    what, alternative, needs_login = _CLEARTEXT[site.name or ""]
    host = site.arg(0, "target" if "grpc" in (site.name or "") else "host")
    value = None if host is None else ctx.const(host)
    if isinstance(value, str) and _LOCAL_HOSTS.match(re.sub(r":\d+$", "", value)):
        return
    if "grpc" in (site.name or "") and not isinstance(value, str):
        return  # a target from configuration: often a sidecar or a local socket
    if needs_login and (host is None or not _logs_in(ctx, site)):
        return
    if in_test_code(ctx, site.node):
        return
    yield Hit.at(site.node, name=ctx.text(site.function), what=what, alternative=alternative)


def _logs_in(ctx: Context, site: CallSite) -> bool:
    """The connection object is given credentials (not an anonymous login) and no STARTTLS."""
    parent = site.node.parent
    name: tree_sitter.Node | None = None
    if parent is not None and parent.type == "attribute":  # FTP(host).login(user, pw)
        call = parent.parent
        arguments = None if call is None else call.child_by_field_name("arguments")
        attr = parent.child_by_field_name("attribute")
        if attr is None or arguments is None:
            return False
        method = ctx.text(attr)
        return method in {"login", "user", "pass_", "auth"} and not _ANONYMOUS.match(
            ctx.text(arguments)
        )
    if parent is not None and parent.type == "assignment":
        name = parent.child_by_field_name("left")
    elif parent is not None and parent.type == "as_pattern":  # with SMTP(host) as server:
        target = parent.child_by_field_name("alias")
        name = (
            None if target is None else target.named_children[0] if target.named_children else None
        )
    if name is None or name.type != "identifier":
        return False
    scope = ctx.scope_of(site.node)
    receiver = re.escape(ctx.text(name).encode())
    pattern = re.compile(rb"\b" + receiver + rb"\." + _LOGIN_METHODS + rb"(\([^\n]*)")
    start, end = site.node.end_byte, scope.end_byte
    if re.search(rb"\b" + receiver + rb"\.(?:" + _STARTTLS.pattern + rb")", ctx.source[start:end]):
        return False
    for match in pattern.finditer(ctx.source, start, end):
        if not _ANONYMOUS.match(match.group(1).decode("utf-8", "replace")):
            return True
    return False


_CREDENTIAL_URL = re.compile(rb"http://[^\s/:@'\"]{1,100}:[^\s/@'\"]{1,200}@[\w.{}\[\]-]")


def _credential_url(ctx: Context, m: TextMatch) -> Iterator[Hit]:
    node = ctx.node_at(m.start, m.end)
    while node.type in {"string_content", "interpolation"} and node.parent is not None:
        node = node.parent
    if node.type != "string" or _is_docstring(node):
        return
    url = m.match.group().decode("utf-8", "replace")
    rest = ctx.source[m.end - 1 : m.end + 200].decode("utf-8", "replace")
    host = re.split(r"[/:?#'\"\s]", rest, maxsplit=1)[0]
    if _LOCAL_HOSTS.match(host) or "{" in host or in_test_code(ctx, node):
        return
    user, password = url[len("http://") : -2].split(":", 1)
    if password.lower() in {"", "password", "pass", "<password>"} and user.lower() in {
        "user",
        "username",
        "<user>",
    }:
        return
    fix = Fix("Use https://", (Edit(m.start, m.start + len("http"), "https"),), safe=False)
    yield Hit.at(node, fix=fix, host=host)


def _is_docstring(node: tree_sitter.Node) -> bool:
    parent = node.parent
    return parent is not None and parent.type == "expression_statement"


_AUTH_HEADERS = re.compile(
    r"^(authorization|x-api-key|api-key|apikey|x-auth-token|cookie|"
    r"x-access-token|private-token|x-token)$",
    re.I,
)
_SECRET_FIELDS = re.compile(
    r"^(password|passwd|pwd|pass|secret|client_secret|api_key|apikey|access_token|token|"
    r"refresh_token|auth_token|private_key|pin|otp)$",
    re.I,
)
_URL_SECRET_PARAMS = re.compile(r"[?&](api_?key|token|access_token|password|secret|key)=", re.I)
_HTTP_FUNCTIONS = frozenset(
    f"{p}.{m}"
    for p in ("requests", "httpx")
    for m in ("get", "post", "put", "patch", "delete", "head", "options", "request")
)


_CREDENTIAL_KEYWORDS = frozenset({"auth", "headers", "data", "json", "params"})


def _credentials_over_http(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if site.name not in _HTTP_FUNCTIONS and not (site.keywords.keys() & _CREDENTIAL_KEYWORDS):
        return  # `.get(...)` on an unknown receiver: only worth a look when it sends something
    url = site.arg(1 if site.method == "request" else 0, "url")
    literal = None if url is None else _http_literal(ctx, url)
    if literal is None:
        return
    string, text = literal
    host = (urlsplit(text).hostname or "") if "://" in text else ""
    if not host or _LOCAL_HOSTS.match(host):
        return
    what = _credentials_in(ctx, site)
    if what is None and _URL_SECRET_PARAMS.search(text):
        what = "a secret in the query string"
    if what is None or in_test_code(ctx, site.node):
        return
    offset = ctx.source.find(b"http://", string.start_byte, string.end_byte)
    fix = None
    if offset >= 0:
        fix = Fix("Use https://", (Edit(offset, offset + len("http"), "https"),), safe=False)
    yield Hit.at(site.node, fix=fix, what=what, host=host)


def _http_literal(
    ctx: Context, node: tree_sitter.Node, depth: int = 0
) -> tuple[tree_sitter.Node, str] | None:
    """The string node holding an `http://...` URL prefix, with its text."""
    if depth > 3:
        return None
    if node.type == "string":
        parts = [c for c in node.named_children if c.type in {"string_content", "interpolation"}]
        if parts and parts[0].type == "string_content":
            text = ctx.text(parts[0])
            if text.startswith("http://"):
                return node, text
        if parts and parts[0].type == "interpolation":
            inner = parts[0].child_by_field_name("expression")
            return None if inner is None else _http_literal(ctx, inner, depth + 1)
        return None
    if node.type == "binary_operator":
        left = node.child_by_field_name("left")
        return None if left is None else _http_literal(ctx, left, depth + 1)
    if node.type == "concatenated_string" and node.named_children:
        return _http_literal(ctx, node.named_children[0], depth + 1)
    if node.type == "identifier":
        values = assigned_values(ctx, node)
        if len(values) == 1:
            return _http_literal(ctx, values[0], depth + 1)
    return None


def _credentials_in(ctx: Context, site: CallSite) -> str | None:
    auth = site.keywords.get("auth")
    if auth is not None and auth.type != "none":
        return "credentials (`auth=`)"
    headers = site.keywords.get("headers")
    for key in _dict_keys(ctx, headers):
        if _AUTH_HEADERS.match(key):
            return f"the `{key}` header"
    for keyword in ("data", "json", "params"):
        for key in _dict_keys(ctx, site.keywords.get(keyword)):
            if _SECRET_FIELDS.match(key):
                return f"a `{key}` field"
    return None


def _dict_keys(ctx: Context, node: tree_sitter.Node | None) -> list[str]:
    if node is None:
        return []
    if node.type == "identifier":
        values = assigned_values(ctx, node)
        node = values[0] if len(values) == 1 else None
        if node is None:
            return []
    if node.type == "dictionary":
        keys = [p.child_by_field_name("key") for p in node.named_children if p.type == "pair"]
        return [v for k in keys if k is not None for v in [ctx.const(k)] if isinstance(v, str)]
    if node.type == "call" and ctx.text(node.child_by_field_name("function") or node) == "dict":
        return list(ctx.call_site(node).keywords)
    return []


# --------------------------------------------------------------------------------------------

RULES = [
    CallRule(VERIFY_FALSE, _verify_false, keywords=frozenset({"verify"})),
    TextRule(SESSION_VERIFY_FALSE, _VERIFY_ATTRIBUTE, _verify_attribute),
    CallRule(AIOHTTP_SSL_FALSE, _aiohttp_ssl_false, keywords=frozenset({"ssl", "verify_ssl"})),
    CallRule(
        UNVERIFIED_CONTEXT,
        _unverified_context,
        names=frozenset({"ssl._create_unverified_context"}),
    ),
    CallRule(BARE_SSL_CONTEXT, _bare_context, names=frozenset({"ssl.SSLContext"})),
    TextRule(CHECK_HOSTNAME_FALSE, _CHECK_HOSTNAME, _check_hostname_false),
    TextRule(CERT_NONE, _CERT_NONE, _cert_none),
    TextRule(OLD_TLS_VERSION, _OLD_PROTOCOL, _old_protocol),
    CallRule(
        HOST_KEY_POLICY,
        _host_key_policy,
        methods=frozenset({"set_missing_host_key_policy"}),
        keywords=frozenset({"known_hosts"}),
    ),
    CallRule(
        TLS_WARNINGS_DISABLED,
        _warnings_disabled,
        names=frozenset(
            {
                "urllib3.disable_warnings",
                "requests.packages.urllib3.disable_warnings",
                "requests.urllib3.disable_warnings",
            }
        ),
    ),
    TextRule(ENV_VERIFY_DISABLED, _ENV_VARIABLES, _env_disabled),
    CallRule(CLEARTEXT_PROTOCOL, _cleartext_protocol, names=frozenset(_CLEARTEXT)),
    TextRule(CREDENTIALS_IN_HTTP_URL, _CREDENTIAL_URL, _credential_url),
    CallRule(
        CREDENTIALS_OVER_HTTP,
        _credentials_over_http,
        names=_HTTP_FUNCTIONS,
        methods=frozenset({"get", "post", "put", "patch", "delete", "request"}),
    ),
    CallRule(WRAP_SOCKET, _wrap_socket, names=frozenset({"ssl.wrap_socket"})),
    CallRule(
        VERIFY_OPTION_DISABLED,
        _verify_option,
        methods=frozenset({"setopt", "set_option"}),
        keywords=frozenset(_DISABLING_OPTIONS),
    ),
]
