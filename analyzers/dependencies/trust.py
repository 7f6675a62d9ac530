"""Who vouches for a package name, with no network: the answer to "is this import real?".

In order: the standard library, the project itself (first-party modules), the project's
declared dependencies, the distributions installed in its interpreter, the user's
`knownPackages`, and gifthorse's table of well-established distributions.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path

from .known import (
    declared_module_keys,
    default_module,
    known_distributions,
    module_key,
    module_to_distribution,
    normalize,
)
from .similarity import TargetIndex

#: modules of other Pythons: Python 2's standard library, newer 3.x releases, PyPy, Jython,
#: Pyodide and MicroPython. Libraries import them behind version or platform checks.
OTHER_RUNTIMES = frozenset(
    {
        "StringIO",
        "cStringIO",
        "__builtin__",
        "Queue",
        "urllib2",
        "httplib",
        "ConfigParser",
        "urlparse",
        "dummy_threading",
        "cPickle",
        "HTMLParser",
        "htmlentitydefs",
        "Cookie",
        "cookielib",
        "SocketServer",
        "SimpleHTTPServer",
        "BaseHTTPServer",
        "CGIHTTPServer",
        "xmlrpclib",
        "SimpleXMLRPCServer",
        "DocXMLRPCServer",
        "commands",
        "thread",
        "repr",
        "copy_reg",
        "anydbm",
        "dbhash",
        "dumbdbm",
        "gdbm",
        "whichdb",
        "md5",
        "sha",
        "sets",
        "exceptions",
        "new",
        "popen2",
        "UserDict",
        "UserList",
        "UserString",
        "Tkinter",
        "tkMessageBox",
        "tkFileDialog",
        "ttk",
        "robotparser",
        "_winreg",
        "future_builtins",
        "mimetools",
        "rfc822",
        "annotationlib",
        "compression",
        "_interpreters",
        "_pyrepl",
        "_colorize",
        "__pypy__",
        "java",
        "javax",
        "org",
        "jarray",
        "js",
        "pyodide",
        "pyodide_js",
        "micropython",
        "machine",
        "utime",
        "uasyncio",
        "ustruct",
        "_frozen_importlib",
        "_frozen_importlib_external",
        "sitecustomize",
        "usercustomize",
        "clr",
        "System",
    }
)
STDLIB = (
    frozenset(sys.stdlib_module_names)
    | {"__future__", "__main__", "_typeshed", "typing_extensions"}
    | OTHER_RUNTIMES
)


@cache
def _directory_modules(directory: str) -> frozenset[str]:
    """Importable names in a directory: packages, modules and stubs."""
    names: set[str] = set()
    try:
        entries = os.scandir(directory)
    except OSError:
        return frozenset()
    with entries:
        for entry in entries:
            name = entry.name
            if name.endswith((".py", ".pyi")):
                names.add(name.rsplit(".", 1)[0])
            elif name.endswith((".so", ".pyd")):
                names.add(name.split(".", 1)[0])
            elif name.isidentifier():
                try:
                    if entry.is_dir():
                        names.add(name)
                except OSError:
                    continue
    return frozenset(names)


#: files that make a directory the root of a project (or of a sub-project in a monorepo)
PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", "requirements.txt")
#: entries that make a directory the top of a repository: no project lies above it
_REPOSITORY_MARKERS = (".git", ".hg")
_MAX_DEPTH = 32


@lru_cache(maxsize=8192)
def _markers(directory: str, stamp: int) -> tuple[bool, bool]:
    """(is a project root, is a repository's top); `stamp` is the directory's modification
    time, which changes when an entry is added or removed, so the answer is never stale."""
    project = any(os.path.exists(os.path.join(directory, m)) for m in PROJECT_MARKERS)
    top = any(os.path.exists(os.path.join(directory, m)) for m in _REPOSITORY_MARKERS)
    return project, top


def enclosing_projects(directory: str) -> list[str]:
    """Project roots from `directory` up to the top of its repository, nearest first.

    The walk stops at a directory holding .git or .hg (a repository's top, which counts),
    so a manifest lying around above the repository never vouches for anything in it.
    """
    found: list[str] = []
    current = directory
    for _ in range(_MAX_DEPTH):
        try:
            stamp = os.stat(current).st_mtime_ns
        except OSError:
            break
        project, top = _markers(current, stamp)
        if project:
            found.append(current)
        parent = os.path.dirname(current)
        if top or parent == current:
            break
        current = parent
    return found


@lru_cache(maxsize=4096)
def first_party_for(path: str) -> frozenset[str]:
    """Names a file can import from its own project: its top-level package and siblings.

    Walks up through packages (directories with __init__.py) to the directory that holds the
    top-level package; everything importable there, and next to the file, is first party.
    So is everything importable at the root of the nearest enclosing project (and in its
    `src/`): a monorepo's sub-project is installed or run from its own root, and its package
    may be an implicit namespace package, with no __init__.py to walk up through.
    """
    if not path or path.startswith("<"):
        return frozenset()
    directory = Path(path).resolve().parent
    names = set(_directory_modules(str(directory)))
    top = directory
    while (top / "__init__.py").exists() and top.parent != top:
        top = top.parent
    if top != directory:
        names |= _directory_modules(str(top))
    projects = enclosing_projects(str(directory))
    if projects:
        names |= _directory_modules(projects[0])
        names |= _directory_modules(os.path.join(projects[0], "src"))
    return frozenset(names)


def declared_for(path: str) -> frozenset[str]:
    """Names (as written) of the distributions declared for the file at `path`.

    A monorepo's sub-projects declare their own dependencies (services/orders/pyproject.toml),
    and a file imports what its own project declares, or what a project enclosing it does (a
    uv or poetry workspace declares shared dependencies at the top). So the manifests read
    are those of every project from the file up to the top of its repository: bounded by the
    file's depth whatever the repository's size, and blind to sibling projects, whose
    dependencies do not make an import in this one work. The workspace root's manifests are
    read once for all files (Trust.declared_distributions). Not cached: the manifests are
    few, their parsed entries are cached by modification time, and an edit to one counts at
    once.
    """
    if not path or path.startswith("<"):
        return frozenset()
    from .manifests import declared_distributions

    names: set[str] = set()
    for project in enclosing_projects(os.path.dirname(os.path.realpath(path))):
        names |= declared_distributions(project)
    return frozenset(names)


@lru_cache(maxsize=256)
def declared_modules(distributions: frozenset[str]) -> frozenset[str]:
    """Module keys (known.module_key) that declared distributions vouch for."""
    keys: set[str] = set()
    for distribution in distributions:
        keys |= declared_module_keys(distribution)
    return frozenset(keys)


@dataclass(frozen=True)
class Trust:
    """Everything that can vouch for a module or distribution name, without the network."""

    installed_distributions: frozenset[str] = frozenset()
    installed_modules: frozenset[str] = frozenset()
    declared_distributions: frozenset[str] = frozenset()
    #: first-party names of the workspace roots (the per-file ones are computed from the path)
    first_party: frozenset[str] = frozenset()
    #: the user's knownPackages: module or distribution names
    known_packages: frozenset[str] = frozenset()
    #: module keys (known.module_key) of the declared distributions
    _declared_modules: frozenset[str] = field(default=frozenset(), repr=False)
    #: whether each file's own (sub-)project manifests count (declared_for): set for a trust
    #: built for a workspace; a trust built from nothing reads no manifest
    nearest_manifests: bool = False

    @classmethod
    def create(
        cls,
        installed_distributions: frozenset[str] = frozenset(),
        installed_modules: frozenset[str] = frozenset(),
        declared_distributions: frozenset[str] = frozenset(),
        first_party: frozenset[str] = frozenset(),
        known_packages: frozenset[str] = frozenset(),
        nearest_manifests: bool = False,
    ) -> Trust:
        return cls(
            frozenset(normalize(d) for d in installed_distributions),
            installed_modules,
            frozenset(normalize(d) for d in declared_distributions),
            first_party,
            frozenset(known_packages),
            # from the names as written: `jaraco.functools` says more than `jaraco-functools`
            declared_modules(frozenset(declared_distributions)),
            nearest_manifests,
        )

    def vouch_module(self, name: str, path: str = "") -> str | None:
        """Why the top-level module `name` is trusted, or None when nothing vouches for it."""
        if name in STDLIB:
            return "standard library"
        if name.startswith("_"):
            return "private module"  # interpreter internals and vendored helpers, not PyPI
        if name in self.first_party or name in first_party_for(path):
            return "first-party module"
        key = module_key(name)
        if key in self._declared_modules:
            return "declared dependency"
        if name in self.installed_modules:
            return "installed"
        if name in self.known_packages or normalize(name) in self.known_packages:
            return "knownPackages setting"
        if name in module_to_distribution():
            return "well-established distribution"
        if self.nearest_manifests and key in declared_modules(declared_for(path)):
            return "declared dependency"
        return None

    def vouch_distribution(
        self, name: str, declared_counts: bool = True, path: str = ""
    ) -> str | None:
        """Why the distribution `name` is trusted; manifests pass declared_counts=False,
        because a manifest entry cannot vouch for itself. `path` is the file that names
        it, whose own (sub-)project's manifests count too."""
        key = normalize(name)
        if declared_counts and key in self.declared_distributions:
            return "declared dependency"
        if key in self.installed_distributions:
            return "installed"
        if name in self.known_packages or key in {normalize(k) for k in self.known_packages}:
            return "knownPackages setting"
        if key in known_distributions():
            return "well-established distribution"
        nearest = declared_for(path) if declared_counts and self.nearest_manifests else ()
        if key in {normalize(d) for d in nearest}:
            return "declared dependency"
        return None

    @cached_property
    def module_targets(self) -> TargetIndex:
        """Module names a typosquat might imitate: the well-known and the installed ones,
        plus the well-known distributions' names standing for the module each installs
        (`import scikitlearn` imitates scikit-learn, whose module is `sklearn`). Private
        modules (`_yaml`) are nobody's import and no fix should name them."""
        modules = set(module_to_distribution()) | self.installed_modules
        return TargetIndex({m for m in modules if not m.startswith("_")}, _distribution_aliases())

    @cached_property
    def distribution_targets(self) -> TargetIndex:
        return TargetIndex(set(known_distributions()) | self.installed_distributions)


@cache
def _distribution_aliases() -> dict[str, str]:
    """Well-known distribution -> the module it installs, where the two names differ."""
    aliases: dict[str, str] = {}
    for distribution, modules in known_distributions().items():
        public = [m for m in modules if not m.startswith("_")]
        if not public or module_key(distribution).replace("_", "") in {
            module_key(m).replace("_", "") for m in public
        }:
            continue
        default = default_module(distribution)
        aliases[distribution] = default if default in public else public[0]
    return aliases


def workspace_python(root: Path, configured: str | None) -> str:
    """The interpreter whose installed distributions the workspace trusts.

    The `python` setting wins; otherwise a virtual environment inside the workspace
    (.venv, venv, env), then the active one ($VIRTUAL_ENV), then the running interpreter.
    """
    if configured:
        return configured
    for name in (".venv", "venv", "env"):
        candidate = root / name / "bin" / "python"
        if candidate.exists():
            return str(candidate)
    active = os.environ.get("VIRTUAL_ENV")
    if active and (Path(active) / "bin" / "python").exists():
        return str(Path(active) / "bin" / "python")
    return sys.executable


def workspace_trust(
    root: Path, python: str | None = None, known_packages: tuple[str, ...] = ()
) -> Trust:
    """Trust for a workspace: its interpreter, its manifests and its top-level modules."""
    from .environment import installed
    from .manifests import declared_distributions

    found = installed(workspace_python(root, python))
    first_party = _directory_modules(str(root))
    if (root / "src").is_dir():
        first_party |= _directory_modules(str(root / "src"))
    return Trust.create(
        installed_distributions=found.distributions,
        installed_modules=found.modules,
        declared_distributions=declared_distributions(str(root)),
        first_party=first_party,
        known_packages=frozenset(known_packages),
        nearest_manifests=True,
    )
