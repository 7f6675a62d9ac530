"""Files and parsing: paths chosen by requests, archives that write outside their directory,
predictable temporary names, world-writable permissions, and XML parsers that resolve
entities.

Path rules need request data (`ctx.taint` label `request`) and stay quiet when the function
checks containment (`commonpath`, `is_relative_to`, `realpath(...).startswith(...)`), because
that check is how correct code accepts user file names. Archive and XML rules look at how
the API is configured: the same call is safe or not depending on a keyword.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Iterator

import tree_sitter

from ..context import CallSite, Context
from ..flow import NETWORK, REQUEST
from ..model import Edit, Fix
from ..rule import CallRule, Hit
from ..source import LANGUAGE
from ._common import (
    Category,
    Confidence,
    RuleMeta,
    Severity,
    binary_parts,
    call_name,
    command_argument,
    import_edits,
    in_test_code,
    keyword_fix,
    parameter_annotation,
    scope_text_before,
    shorten,
    words,
)
from .injection import Source, find_source, imports_module, last_assignment, template_of

Node = tree_sitter.Node

# --------------------------------------------------------------------------------------------
# Path traversal

GH800 = RuleMeta(
    code="GH800",
    name="path-traversal-read",
    category=Category.FILES,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(22,),
    message=(
        "`{sink}()` reads a path built from request data (`{source}` on line {line}): "
        "`../` or an absolute path reaches any file the server can read"
    ),
    why=(
        "A file name taken from a request decides which file is read and sent back. "
        "`os.path.join('/srv/reports', name)` does not contain it: `../../etc/passwd` walks "
        "out of the directory and an absolute path replaces the base entirely, so the "
        "requester can download source code, keys and configuration. Use "
        "`flask.send_from_directory()` / `werkzeug.utils.safe_join()`, reduce the name with "
        "`secure_filename()` or `os.path.basename()`, or resolve the path and check that it "
        "stays inside the base directory."
    ),
    example=(
        "@app.route('/download')\n"
        "def download():\n"
        "    name = request.args['file']\n"
        "    return send_file(os.path.join(REPORTS_DIR, name))"
    ),
    fixed_example=(
        "@app.route('/download')\n"
        "def download():\n"
        "    return send_from_directory(REPORTS_DIR, request.args['file'])"
    ),
)

GH801 = RuleMeta(
    code="GH801",
    name="path-traversal-write",
    category=Category.FILES,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(22, 73),
    message=(
        "`{sink}()` writes or deletes a path built from request data (`{source}` on line "
        "{line}): `../` reaches files outside the intended directory"
    ),
    why=(
        "Writing, moving or deleting a file whose name comes from a request lets the sender "
        "choose the target: an upload named `../../app/templates/base.html` or "
        "`../.ssh/authorized_keys` overwrites code or credentials, and a delete endpoint "
        "removes arbitrary files. Uploaded file names are request data too. Pass names "
        "through `werkzeug.utils.secure_filename()` (or generate your own, e.g. a UUID), and "
        "check that the resolved path stays inside the upload directory."
    ),
    example=(
        "@app.post('/upload')\n"
        "def upload():\n"
        "    f = request.files['file']\n"
        "    f.save(os.path.join(UPLOAD_DIR, f.filename))\n"
        "    return 'ok'"
    ),
    fixed_example=(
        "@app.post('/upload')\n"
        "def upload():\n"
        "    f = request.files['file']\n"
        "    f.save(os.path.join(UPLOAD_DIR, secure_filename(f.filename)))\n"
        "    return 'ok'"
    ),
)

#: sink -> (path argument index, keyword, what it does: "read", "write" or "mode")
_PATH_SINKS: dict[str, tuple[int, str, str]] = {
    "open": (0, "file", "mode"),
    "io.open": (0, "file", "mode"),
    "codecs.open": (0, "filename", "mode"),
    "aiofiles.open": (0, "file", "mode"),
    "builtins.open": (0, "file", "mode"),
    "flask.send_file": (0, "path_or_file", "read"),
    "flask.helpers.send_file": (0, "path_or_file", "read"),
    "werkzeug.utils.send_file": (0, "path_or_file", "read"),
    "flask.send_from_directory": (0, "directory", "read"),
    "flask.helpers.send_from_directory": (0, "directory", "read"),
    "werkzeug.utils.send_from_directory": (0, "directory", "read"),
    "django.http.FileResponse": (0, "streaming_content", "read"),
    "starlette.responses.FileResponse": (0, "path", "read"),
    "fastapi.responses.FileResponse": (0, "path", "read"),
    "os.listdir": (0, "path", "read"),
    "os.scandir": (0, "path", "read"),
    "os.remove": (0, "path", "write"),
    "os.unlink": (0, "path", "write"),
    "os.rmdir": (0, "path", "write"),
    "os.removedirs": (0, "name", "write"),
    "os.makedirs": (0, "name", "write"),
    "os.mkdir": (0, "path", "write"),
    "shutil.rmtree": (0, "path", "write"),
    "os.rename": (1, "dst", "write"),
    "os.replace": (1, "dst", "write"),
    "shutil.move": (1, "dst", "write"),
    "shutil.copy": (1, "dst", "write"),
    "shutil.copy2": (1, "dst", "write"),
    "shutil.copyfile": (1, "dst", "write"),
    "shutil.copytree": (1, "dst", "write"),
}
#: methods of path objects (`Path(...)`, `base / name`) and of uploaded files
_PATH_METHODS: dict[str, str] = {
    "read_text": "read",
    "read_bytes": "read",
    "write_text": "write",
    "write_bytes": "write",
    "unlink": "write",
    "rmdir": "write",
    "touch": "write",
    "mkdir": "write",
    "save": "write",
}
_WRITE_MODE = re.compile(r"[wax+]")
_CONTAINMENT = re.compile(
    r"commonpath|is_relative_to|safe_join|secure_filename|\.\.['\"]\s+(?:not\s+)?in\b"
    r"|(?:realpath|abspath|resolve|normpath)[\s\S]*startswith"
)


def _path_flow(ctx: Context, site: CallSite, writes: bool) -> Iterator[Hit]:
    name = site.name or ""
    spec = _PATH_SINKS.get(name)
    receiver_sink = False
    if spec is None:
        kind = _PATH_METHODS.get(site.method or "")
        if kind is None or site.receiver is None:
            return
        if site.method == "save":
            target = site.arg(0, "dst")
        else:
            target = site.receiver
            receiver_sink = True
    else:
        index, keyword, kind = spec
        target = site.arg(index, keyword)
        if kind == "mode":
            mode = site.arg(1, "mode")
            mode_text = ctx.const(mode) if mode is not None else "r"
            kind = (
                "write" if isinstance(mode_text, str) and _WRITE_MODE.search(mode_text) else "read"
            )
    if target is None or (kind == "write") != writes:
        return
    if call_name(ctx, target) in _PATH_SINKS:
        return  # `FileResponse(open(name, "rb"))`: the open() call reports
    if receiver_sink and not _pathlike_receiver(ctx, target):
        return
    source = find_source(ctx, target, (REQUEST,))
    if source is None or _BODY.search(source.text) or _is_upload_object(ctx, target, source):
        return
    if _only_numbers_from_request(ctx, target) or _outgoing_request(ctx, source.node):
        return
    if _CONTAINMENT.search(scope_text_before(ctx, site.node)):
        return
    sink = name.rsplit(".", 1)[-1] if spec is not None else f".{site.method}"
    yield Hit.at(
        site.node, related=source.related, sink=sink, source=source.text, line=str(source.line)
    )


#: request bodies and streams: contents, not names
_BODY = re.compile(r"\.(?:stream|data|body|content|get_data|read)\b")


#: conversions whose output is digits, signs and a decimal point (`%c` can spell `/`)
_NUMERIC_SPECS = frozenset("dioxXeEfFgG")


#: annotations of requests this program sends (a transport adapter's `send(request)`)
_OUTGOING_REQUEST = re.compile(r"(?:^|\.)(?:PreparedRequest|PreparedRequestType)$|^httpx\.Request$")


def _outgoing_request(ctx: Context, origin: Node) -> bool:
    """`request.url` where `request: PreparedRequest`: pip's `file://` adapter reads the
    URL the program itself asked for, not one a client sent to a server."""
    root = origin
    while root.type in {"attribute", "subscript", "call"}:
        child = root.child_by_field_name(
            "object"
            if root.type == "attribute"
            else "value"
            if root.type == "subscript"
            else "function"
        )
        if child is None:
            return False
        root = child
    if root.type != "identifier":
        return False
    annotation = parameter_annotation(ctx, root)
    if annotation is None:
        return False
    spelled = ctx.text(annotation).strip("'\"")  # `request: "PreparedRequest"`
    return _OUTGOING_REQUEST.search(spelled) is not None


def _untainted(ctx: Context, node: Node) -> bool:
    taint = ctx.taint(node)
    return taint is None or REQUEST not in taint.labels


def _only_numbers_from_request(ctx: Context, node: Node, depth: int = 0) -> bool:
    """`BASE / f"{request.json['id']:d}.png"`: request data that reaches the path only
    through numeric conversions (`:d`, `%05d`) cannot spell `../`."""
    if depth > 4:
        return False
    kind = node.type
    if kind == "parenthesized_expression" and len(node.named_children) == 1:
        return _only_numbers_from_request(ctx, node.named_children[0], depth + 1)
    if kind == "binary_operator":
        operator = node.child_by_field_name("operator")
        if operator is None or operator.type not in {"/", "+"}:
            return False
        sides = [node.child_by_field_name("left"), node.child_by_field_name("right")]
        return all(
            side is not None
            and (_untainted(ctx, side) or _only_numbers_from_request(ctx, side, depth + 1))
            for side in sides
        )
    if kind == "identifier":
        bound = last_assignment(ctx, node)
        return bound is not None and _only_numbers_from_request(ctx, bound, depth + 1)
    if kind not in {"string", "concatenated_string", "call"}:
        return False
    template = template_of(ctx, node)
    if template is None or not template.holes:
        return False
    return all(
        hole.spec in _NUMERIC_SPECS or (hole.expr is not None and _untainted(ctx, hole.expr))
        for hole in template.holes
    )


def _is_upload_object(ctx: Context, target: Node, source: Source) -> bool:
    """`send_file(request.files["f"])` passes the uploaded file itself, not a name."""
    if ".files" not in source.text:
        return False
    if target.type == "identifier":
        bound = last_assignment(ctx, target)
        return bound is not None and _same_text(ctx, bound, source.node)
    return _same_text(ctx, target, source.node)


def _same_text(ctx: Context, a: Node, b: Node) -> bool:
    return ctx.text(a) == ctx.text(b)


def _pathlike_receiver(ctx: Context, node: Node) -> bool:
    """`Path(name)`, `BASE / name`, or a name bound to one of those."""
    if node.type == "identifier":
        bound = last_assignment(ctx, node)
        return bound is not None and _pathlike_receiver(ctx, bound)
    if node.type == "parenthesized_expression" and node.named_children:
        return _pathlike_receiver(ctx, node.named_children[0])
    if node.type == "binary_operator":
        operator = node.child_by_field_name("operator")
        return operator is not None and operator.type == "/"
    name = call_name(ctx, node) or ""
    return name.rsplit(".", 1)[-1] in {"Path", "PurePath", "PosixPath", "joinpath", "resolve"}


def _path_read(ctx: Context, site: CallSite) -> Iterator[Hit]:
    return _path_flow(ctx, site, writes=False)


def _path_write(ctx: Context, site: CallSite) -> Iterator[Hit]:
    return _path_flow(ctx, site, writes=True)


# --------------------------------------------------------------------------------------------
# Archives

GH802 = RuleMeta(
    code="GH802",
    name="tar-extract-without-filter",
    category=Category.FILES,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(22, 59),
    message=(
        "`{call}()` without `filter=`: members named `../...`, absolute paths and links can "
        "write outside the target directory"
    ),
    why=(
        "tar archives may contain members named `../../home/user/.bashrc`, absolute paths, "
        "and symbolic or hard links that point anywhere; `extractall()` without a filter "
        "follows them all (CVE-2007-4559, exploited in hundreds of projects). Python 3.12 "
        "and the security releases of 3.8 to 3.11 accept `filter='data'`, which refuses "
        "such members and strips dangerous permission bits; it is the default from Python "
        "3.14, so passing it keeps behaviour for well-formed archives."
    ),
    example="with tarfile.open(archive) as tar:\n    tar.extractall(dest)",
    fixed_example="with tarfile.open(archive) as tar:\n    tar.extractall(dest, filter='data')",
    fixable=True,
)

_TAR_OPENERS = words(
    """
    tarfile.open tarfile.TarFile tarfile.TarFile.open tarfile.TarFile.gzopen
    tarfile.TarFile.bz2open tarfile.TarFile.xzopen tarfile.TarFile.taropen
    """
)
_EXTRACT_GUARD = re.compile(
    r"commonpath|is_relative_to|realpath|abspath|resolve\(|\.\.['\"]|isabs|extraction_filter"
    r"|issym|islnk"
)


def _is_tar(ctx: Context, receiver: Node) -> bool:
    if call_name(ctx, receiver) in _TAR_OPENERS:
        return True
    if receiver.type != "identifier":
        return False
    bound = last_assignment(ctx, receiver)
    if bound is not None:
        return call_name(ctx, bound) in _TAR_OPENERS
    return "tar" in ctx.text(receiver).lower() and imports_module(ctx, "tarfile")


def _tar_extract(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if "filter" in site.keywords or site.has_star_args or in_test_code(ctx, site.node):
        return
    if site.name == "shutil.unpack_archive":
        archive = site.arg(0, "filename")
        fmt = site.arg(2, "format")
        names = [ctx.const(n) for n in (archive, fmt) if n is not None]
        if any(isinstance(n, str) and n.lower().endswith("zip") for n in names):
            return  # zip members are sanitised by zipfile itself
        call = "shutil.unpack_archive"
    else:
        receiver = site.receiver
        if receiver is None or not _is_tar(ctx, receiver):
            return
        if site.method == "extractall" and "members" in site.keywords:
            return  # members chosen by the caller: usually a validated subset
        scope = ctx.scope_of(site.node)
        if _EXTRACT_GUARD.search(ctx.text(scope)):
            return
        call = f"{ctx.text(receiver) if receiver.type == 'identifier' else 'tar'}.{site.method}"
    fix = keyword_fix("Extract with `filter='data'`", site, "filter", '"data"')
    yield Hit.at(site.node, fix=fix, call=call)


GH803 = RuleMeta(
    code="GH803",
    name="zip-slip",
    category=Category.FILES,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(22,),
    message=(
        "archive member name `{member}` is joined to a destination path without checking that "
        "it stays inside it (zip slip)"
    ),
    why=(
        "Extracting an archive by hand, joining each member's name to the destination "
        "directory and writing the file, trusts names that the archive's author chose: "
        "`../../.bashrc` or `/etc/cron.d/job` writes outside the destination. `zipfile`'s "
        "own `extract()`/`extractall()` sanitise names, and tarfile's `filter='data'` does "
        "too; when writing by hand, resolve the joined path and check it with "
        "`os.path.commonpath()` or `Path.is_relative_to()` before opening it."
    ),
    example=(
        "with zipfile.ZipFile(upload) as archive:\n"
        "    for name in archive.namelist():\n"
        "        target = os.path.join(dest, name)\n"
        "        with open(target, 'wb') as out:\n"
        "            out.write(archive.read(name))"
    ),
    fixed_example=(
        "with zipfile.ZipFile(upload) as archive:\n"
        "    archive.extractall(dest)  # zipfile drops '..' and absolute paths"
    ),
)

_PATH_JOINS = tree_sitter.Query(
    LANGUAGE,
    """
    (call function: (_) @function arguments: (argument_list) @arguments) @join
    (binary_operator operator: "/") @slash
    """,
)
_WRITES = re.compile(r"\bopen\(|\.write|write_bytes|copyfileobj|makedirs|\.extract\(|\.save\(")
_SLIP_GUARD = re.compile(
    r"commonpath|is_relative_to|realpath|abspath|resolve\(|basename|\.\.['\"]|isabs|normpath"
    r"|secure_filename|safe_join"
)


def _zip_slip(ctx: Context, site: CallSite) -> Iterator[Hit]:
    """`for member in archive.namelist(): ... os.path.join(dest, member) ... open(..., "wb")`."""
    loop = site.node.parent
    if loop is None or loop.type != "for_statement":
        return
    right = loop.child_by_field_name("right")
    member = loop.child_by_field_name("left")
    body = loop.child_by_field_name("body")
    if right is None or right.id != site.node.id or member is None or body is None:
        return
    if member.type != "identifier" or not _WRITES.search(ctx.text(body)):
        return
    scope = ctx.scope_of(site.node)
    if _SLIP_GUARD.search(ctx.text(scope)) or in_test_code(ctx, site.node):
        return
    pattern = re.compile(rf"^{re.escape(ctx.text(member))}(?:\.(?:filename|name|path))?$")
    join = _joined_member(ctx, body, pattern)
    if join is not None:
        yield Hit.at(join, member=ctx.text(member))


def _joined_member(ctx: Context, body: Node, member: re.Pattern[str]) -> Node | None:
    cursor = tree_sitter.QueryCursor(_PATH_JOINS)
    cursor.set_byte_range(body.start_byte, body.end_byte)
    for _, captures in cursor.matches(body):
        if "slash" in captures:
            node = captures["slash"][0]
            right = node.child_by_field_name("right")
            if right is not None and member.match(ctx.text(right)):
                return node
            continue
        node = captures["join"][0]
        function = captures["function"][0]
        if ctx.qualname(function) not in {"os.path.join", "posixpath.join", "pathlib.Path"}:
            continue
        arguments = captures["arguments"][0].named_children
        if len(arguments) > 1 and any(member.match(ctx.text(a)) for a in arguments[1:]):
            return node
    return None


# --------------------------------------------------------------------------------------------
# Temporary files and permissions

GH805 = RuleMeta(
    code="GH805",
    name="tempfile-mktemp",
    category=Category.FILES,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(377,),
    message="`tempfile.mktemp()` returns a name that another process can create first",
    why=(
        "`mktemp()` only invents a file name; between that call and the moment the program "
        "creates the file, another local user can create it (or a symlink with that name "
        "pointing at a file of theirs), so the program writes where the attacker chose. The "
        "function has been deprecated since Python 2.3 for this reason. `mkstemp()` and "
        "`NamedTemporaryFile()` create the file atomically with private permissions; "
        "`mkdtemp()` does the same for a directory."
    ),
    example=(
        "path = tempfile.mktemp(suffix='.csv')\nwith open(path, 'w') as out:\n    write_rows(out)"
    ),
    fixed_example=(
        "_, path = tempfile.mkstemp(suffix='.csv')\n"
        "with open(path, 'w') as out:\n"
        "    write_rows(out)"
    ),
    fixable=True,
)


def _mktemp(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if not in_test_code(ctx, site.node):
        yield Hit.at(site.node, fix=_mktemp_fix(ctx, site))


def _mktemp_fix(ctx: Context, site: CallSite) -> Fix | None:
    function = site.function
    receiver = site.receiver
    imports: tuple[Edit, ...] | None = ()
    if receiver is None:  # `from tempfile import mktemp`: call it through the module
        imports = import_edits(ctx, "tempfile")
    if imports is None:
        return None
    module = ctx.text(receiver) if receiver is not None else "tempfile"
    rename = (*imports, Edit(function.start_byte, function.end_byte, f"{module}.mkstemp"))
    parent = site.node.parent
    if (
        parent is not None
        and parent.type == "assignment"
        and parent.parent is not None
        and parent.parent.type == "expression_statement"
    ):
        left = parent.child_by_field_name("left")
        if left is not None and left.type == "identifier":
            return Fix(
                "Create the file with `mkstemp()`",
                (Edit(left.start_byte, left.start_byte, "_, "), *rename),
                safe=False,
            )
    if site.args or site.has_star_args:
        return None  # NamedTemporaryFile's positional parameters differ
    arguments = site.node.child_by_field_name("arguments")
    if arguments is None:
        return None
    inner = ctx.text(arguments)[1:-1].strip().rstrip(",")
    keywords = "delete=False" + (f", {inner}" if inner else "")
    text = f"{module}.NamedTemporaryFile({keywords}).name"
    return Fix(
        "Create the file with `NamedTemporaryFile()`",
        (*imports, Edit(site.node.start_byte, site.node.end_byte, text)),
        safe=False,
    )


GH806 = RuleMeta(
    code="GH806",
    name="world-writable-permissions",
    category=Category.FILES,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(732,),
    message="`{call}` makes `{target}` writable by every local user (mode {mode})",
    why=(
        "A world-writable file or directory (`0o777`, `0o666`, `o+w`) can be modified by any "
        "account on the machine: another user, a compromised service or a container sharing "
        "the volume can replace a script, a configuration file or a library and get its code "
        "run by whoever uses it next. Grant write access to the owner (and a group if needed): "
        "`0o755` for directories and executables, `0o644` or `0o600` for data."
    ),
    example="os.chmod('/opt/app/run.sh', 0o777)",
    fixed_example="os.chmod('/opt/app/run.sh', 0o755)",
    fixable=True,
)

_CHMOD_NAMES = {"os.chmod": 1, "os.lchmod": 1, "os.fchmod": 1, "os.fchmodat": 2}
_SHELL_NAMES = words(
    """
    os.system os.popen subprocess.run subprocess.call subprocess.check_call
    subprocess.check_output subprocess.Popen
    """
)
_SHELL_CHMOD = re.compile(
    r"\bchmod\s+(?:-[a-zA-Z]+\s+)*(?P<mode>0?[0-7]?[0-7][0-7][2367]|[ugoa]*[oa][ugoa]*[+=][rwxXst]*w[rwxXst]*)\b"
)


def _mode_value(ctx: Context, node: Node, depth: int = 0) -> int | None:
    """The integer value of a permission expression (`0o777`, `stat.S_IRWXU | stat.S_IWOTH`)."""
    if depth > 8:
        return None
    if node.type == "integer":
        try:
            return int(ctx.text(node).replace("_", ""), 0)
        except ValueError:
            return None
    if node.type == "parenthesized_expression" and len(node.named_children) == 1:
        return _mode_value(ctx, node.named_children[0], depth + 1)
    if node.type == "attribute":
        name = ctx.qualname(node) or ""
        if name.startswith("stat.S_") and name.count(".") == 1:
            value = getattr(stat, name[5:], None)
            return value if isinstance(value, int) else None
        return None
    if node.type == "binary_operator":
        parts = binary_parts(node)
        if parts is None:
            return None
        operator, left, right = parts
        a = _mode_value(ctx, left, depth + 1)
        b = _mode_value(ctx, right, depth + 1)
        if a is None or b is None:
            return None
        if operator in {"|", "+"}:
            return a | b
        if operator == "&":
            return a & b
    return None


def _world_writable(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if in_test_code(ctx, site.node):
        return  # tests loosen permissions on scratch files to exercise error paths
    name = site.name or ""
    if name in _SHELL_NAMES:
        yield from _shell_chmod(ctx, site)
        return
    if name in _CHMOD_NAMES:
        mode = site.arg(_CHMOD_NAMES[name], "mode")
        target = site.arg(0, "path") or site.arg(0, "fd")
    elif site.receiver is not None:  # pathlib: `path.chmod(0o777)`
        mode = site.arg(0, "mode")
        target = site.receiver
    else:
        return
    if mode is None or target is None:
        return
    value = _mode_value(ctx, mode)
    if value is None or not value & stat.S_IWOTH or value & stat.S_ISVTX:
        return  # sticky directories (0o1777, like /tmp) are world-writable on purpose
    fix = None
    if mode.type == "integer":
        fix = Fix(
            f"Use {oct(value & ~0o022)}",
            (Edit(mode.start_byte, mode.end_byte, oct(value & ~0o022)),),
            safe=False,
        )
    yield Hit.at(
        site.node,
        fix=fix,
        call=f"{name or site.method}()",
        target=shorten(ctx.text(target), 40),
        mode=oct(value),
    )


def _shell_chmod(ctx: Context, site: CallSite) -> Iterator[Hit]:
    command = command_argument(site)
    if command is None:
        return
    parts = command.named_children if command.type in {"list", "tuple"} else [command]
    values = [ctx.const(p) for p in parts]
    if not all(isinstance(v, str) for v in values):
        return
    text = " ".join(v for v in values if isinstance(v, str))
    match = _SHELL_CHMOD.search(text)
    if match is None:
        return
    mode = match.group("mode")
    if mode[0].isdigit() and int(mode, 8) & stat.S_ISVTX:
        return
    target = text[match.end() :].strip().split(" ")[0] or "the target"
    yield Hit.at(site.node, call="chmod", target=target, mode=mode)


GH807 = RuleMeta(
    code="GH807",
    name="umask-zero",
    category=Category.FILES,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(732, 276),
    message="`os.umask(0)` makes every file and directory this process creates world-writable",
    why=(
        "The umask removes permission bits from everything a process creates. Setting it "
        "to 0 means `open(..., 'w')` creates files with mode 0o666 and `os.makedirs()` "
        "directories with 0o777, writable by every local user, for the rest of the process "
        "(and its children). Reading the umask with `old = os.umask(0); os.umask(old)` is "
        "fine; leaving it at 0 is not. Keep the default (usually 0o022) or set 0o077 for "
        "private data."
    ),
    example=(
        "os.umask(0)\nwith open('/var/lib/app/state.json', 'w') as out:\n    json.dump(state, out)"
    ),
    fixed_example=(
        "os.umask(0o077)\n"
        "with open('/var/lib/app/state.json', 'w') as out:\n"
        "    json.dump(state, out)"
    ),
)


def _umask_zero(ctx: Context, site: CallSite) -> Iterator[Hit]:
    mask = site.arg(0, "mask")
    if mask is None or in_test_code(ctx, site.node) or _mode_value(ctx, mask) != 0:
        return
    parent = site.node.parent
    if parent is None or parent.type != "expression_statement":
        return  # `old = os.umask(0)`: reading the mask, restored afterwards
    yield Hit.at(site.node)


# --------------------------------------------------------------------------------------------
# XML

GH808 = RuleMeta(
    code="GH808",
    name="lxml-parser-resolves-entities",
    category=Category.FILES,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(611, 776),
    message=(
        "lxml parser created with `{option}`: documents can read local files or fetch URLs (XXE)"
    ),
    why=(
        "With `resolve_entities=True` lxml expands external entities, so a document that "
        'declares `<!ENTITY x SYSTEM "file:///etc/passwd">` copies that file into the parsed '
        "tree (and often into the response); `no_network=False` additionally lets entities "
        "and DTDs fetch URLs, which reaches internal services (SSRF). Parse untrusted XML "
        "with `resolve_entities=False` and the default `no_network=True`, or use "
        "`defusedxml.lxml`."
    ),
    example=(
        "parser = etree.XMLParser(resolve_entities=True)\ntree = etree.fromstring(body, parser)"
    ),
    fixed_example=(
        "parser = etree.XMLParser(resolve_entities=False)\ntree = etree.fromstring(body, parser)"
    ),
    fixable=True,
)

_LXML_PARSERS = words(
    """
    lxml.etree.XMLParser lxml.etree.XMLPullParser lxml.etree.iterparse
    lxml.etree.ETCompatXMLParser lxml.objectify.makeparser
    """
)
#: option -> (values that open the parser up, the safe value)
_LXML_OPTIONS = {
    "resolve_entities": (frozenset({"True", "1"}), "False"),
    "no_network": (frozenset({"False", "0"}), "True"),
}


def _lxml_entities(ctx: Context, site: CallSite) -> Iterator[Hit]:
    for keyword, (unsafe, safe) in _LXML_OPTIONS.items():
        value = site.keywords.get(keyword)
        if value is None or ctx.text(value) not in unsafe:
            continue
        fix = keyword_fix(f"Set `{keyword}={safe}`", site, keyword, safe, safe=False)
        yield Hit.at(site.node, fix=fix, option=f"{keyword}={ctx.text(value)}")
        return


GH809 = RuleMeta(
    code="GH809",
    name="sax-external-entities-enabled",
    category=Category.FILES,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(611,),
    message="SAX parser feature `{feature}` is switched on: external entities are fetched (XXE)",
    why=(
        "`xml.sax` leaves external entities off by default. Turning on "
        "`feature_external_ges` or `feature_external_pes` makes the parser open the files "
        "and URLs that a document's DTD names, so an uploaded document can read local files "
        "or reach internal services. Leave the features off, or parse with "
        "`defusedxml.sax`."
    ),
    example=(
        "parser = xml.sax.make_parser()\n"
        "parser.setFeature(xml.sax.handler.feature_external_ges, True)"
    ),
    fixed_example=(
        "parser = xml.sax.make_parser()\n"
        "parser.setFeature(xml.sax.handler.feature_external_ges, False)"
    ),
    fixable=True,
)

_ENTITY_FEATURES = words(
    """
    feature_external_ges feature_external_pes http://xml.org/sax/features/external-general-
    entities http://xml.org/sax/features/external-parameter-entities
    """
)


def _sax_entities(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if len(site.args) < 2 or in_test_code(ctx, site.node):
        return
    feature, state = site.args[0], site.args[1]
    name = ctx.const(feature)
    if not isinstance(name, str):
        name = ctx.text(feature).rsplit(".", 1)[-1]
    if name not in _ENTITY_FEATURES or ctx.text(state) not in {"True", "1"}:
        return
    fix = Fix("Keep the feature off", (Edit(state.start_byte, state.end_byte, "False"),), False)
    yield Hit.at(site.node, fix=fix, feature=name.rsplit("/", 1)[-1])


GH810 = RuleMeta(
    code="GH810",
    name="xml-parse-untrusted",
    category=Category.FILES,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(611, 776),
    message=(
        "`{sink}()` parses XML from {kind} (`{source}` on line {line}) with a parser that "
        "expands entities; use `defusedxml`"
    ),
    why=(
        "XML from a request or a download can declare entities. Nested entity definitions "
        '("billion laughs") expand a few hundred bytes into gigabytes and exhaust memory, '
        "lxml before 5.0 resolves external entities that read local files, and "
        "`xml.dom.pulldom`/`xml.sax` consumers inherit the same expat behaviour. `defusedxml` "
        "provides drop-in `fromstring`, `parse` and `parseString` functions that refuse "
        "entity declarations, external references and DTD retrieval."
    ),
    example=(
        "@app.post('/import')\n"
        "def import_feed():\n"
        "    root = ET.fromstring(request.data)\n"
        "    return {'items': len(root)}"
    ),
    fixed_example=(
        "import defusedxml.ElementTree as ET\n\n"
        "@app.post('/import')\n"
        "def import_feed():\n"
        "    root = ET.fromstring(request.data)\n"
        "    return {'items': len(root)}"
    ),
)

_XML_PARSE = frozenset(
    f"{module}.{function}"
    for module, functions in (
        ("xml.etree.ElementTree", ("fromstring", "parse", "XML", "iterparse", "fromstringlist")),
        ("xml.etree.cElementTree", ("fromstring", "parse", "XML", "iterparse")),
        ("xml.dom.minidom", ("parse", "parseString")),
        ("xml.dom.pulldom", ("parse", "parseString")),
        ("xml.sax", ("parse", "parseString")),
        ("xml.dom.expatbuilder", ("parse", "parseString")),
        ("lxml.etree", ("fromstring", "parse", "XML", "iterparse", "fromstringlist")),
        ("lxml.objectify", ("fromstring", "parse", "XML")),
    )
    for function in functions
)


def _xml_untrusted(ctx: Context, site: CallSite) -> Iterator[Hit]:
    explicit = (site.name or "").startswith("lxml") and len(site.args) > 1
    if "parser" in site.keywords or explicit:
        return  # an explicit parser: GH808 checks how it is configured
    document = site.arg(0, "source") or site.arg(0, "text") or site.arg(0, "string")
    if document is None:
        document = site.arg(0, "file") or site.arg(0, "xml_input")
    if document is None:
        return
    source = find_source(ctx, document, (REQUEST, NETWORK))
    if source is None:
        return
    yield Hit.at(
        site.node,
        related=source.related,
        sink=(site.name or "parse").rsplit(".", 1)[-1],
        kind=source.kind,
        source=source.text,
        line=str(source.line),
    )


RULES = [
    CallRule(GH800, _path_read, names=frozenset(_PATH_SINKS), methods=frozenset(_PATH_METHODS)),
    CallRule(GH801, _path_write, names=frozenset(_PATH_SINKS), methods=frozenset(_PATH_METHODS)),
    CallRule(
        GH802,
        _tar_extract,
        names=frozenset({"shutil.unpack_archive"}),
        methods=frozenset({"extractall", "extract"}),
    ),
    CallRule(
        GH803, _zip_slip, methods=frozenset({"namelist", "infolist", "getmembers", "getnames"})
    ),
    CallRule(GH805, _mktemp, names=frozenset({"tempfile.mktemp"})),
    CallRule(
        GH806,
        _world_writable,
        names=frozenset(_CHMOD_NAMES) | _SHELL_NAMES,
        methods=frozenset({"chmod"}),
    ),
    CallRule(GH807, _umask_zero, names=frozenset({"os.umask"})),
    CallRule(GH808, _lxml_entities, names=_LXML_PARSERS),
    CallRule(GH809, _sax_entities, methods=frozenset({"setFeature"})),
    CallRule(GH810, _xml_untrusted, names=_XML_PARSE),
]

__all__ = ["RULES"]
