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

from .known import default_module, known_distributions, module_to_distribution, normalize
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


@lru_cache(maxsize=4096)
def first_party_for(path: str) -> frozenset[str]:
    """Names a file can import from its own project: its top-level package and siblings.

    Walks up through packages (directories with __init__.py) to the directory that holds the
    top-level package; everything importable there, and next to the file, is first party.
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
    return frozenset(names)


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
    _declared_modules: frozenset[str] = field(default=frozenset(), repr=False)

    @classmethod
    def create(
        cls,
        installed_distributions: frozenset[str] = frozenset(),
        installed_modules: frozenset[str] = frozenset(),
        declared_distributions: frozenset[str] = frozenset(),
        first_party: frozenset[str] = frozenset(),
        known_packages: frozenset[str] = frozenset(),
    ) -> Trust:
        declared = frozenset(normalize(d) for d in declared_distributions)
        table = known_distributions()
        modules: set[str] = set()
        for distribution in declared:
            modules.update(table.get(distribution, (default_module(distribution),)))
            # `python-foo` and `foo-python` usually install `foo`
            for affix in ("python-", "py-"):
                if distribution.startswith(affix):
                    modules.add(default_module(distribution[len(affix) :]))
            for affix in ("-python", "-py"):
                if distribution.endswith(affix):
                    modules.add(default_module(distribution[: -len(affix)]))
        return cls(
            frozenset(normalize(d) for d in installed_distributions),
            installed_modules,
            declared,
            first_party,
            frozenset(known_packages),
            frozenset(modules),
        )

    def vouch_module(self, name: str, path: str = "") -> str | None:
        """Why the top-level module `name` is trusted, or None when nothing vouches for it."""
        if name in STDLIB:
            return "standard library"
        if name.startswith("_"):
            return "private module"  # interpreter internals and vendored helpers, not PyPI
        if name in self.first_party or name in first_party_for(path):
            return "first-party module"
        if name in self._declared_modules:
            return "declared dependency"
        if name in self.installed_modules:
            return "installed"
        if name in self.known_packages or normalize(name) in self.known_packages:
            return "knownPackages setting"
        if name in module_to_distribution():
            return "well-established distribution"
        return None

    def vouch_distribution(self, name: str, declared_counts: bool = True) -> str | None:
        """Why the distribution `name` is trusted; manifests pass declared_counts=False,
        because a manifest entry cannot vouch for itself."""
        key = normalize(name)
        if declared_counts and key in self.declared_distributions:
            return "declared dependency"
        if key in self.installed_distributions:
            return "installed"
        if name in self.known_packages or key in {normalize(k) for k in self.known_packages}:
            return "knownPackages setting"
        if key in known_distributions():
            return "well-established distribution"
        return None

    @cached_property
    def module_targets(self) -> TargetIndex:
        """Module names a typosquat might imitate: the well-known and the installed ones."""
        return TargetIndex(set(module_to_distribution()) | self.installed_modules)

    @cached_property
    def distribution_targets(self) -> TargetIndex:
        return TargetIndex(set(known_distributions()) | self.installed_distributions)


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
    )
