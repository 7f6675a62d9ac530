"""The distributions gifthorse vouches for without asking anyone, and their import names.

Import names differ from distribution names often enough (`yaml` is PyYAML, `cv2` is
opencv-python, `sklearn` is scikit-learn) that a check on one without the other either misses
hallucinations or flags every project. The table lives in `data/known_distributions.txt`.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_SEPARATORS = re.compile(r"[-_.]+")
#: suffixes that name a build of the same project, not another project: `faiss-cpu`,
#: `opencv-python-headless`, `psycopg2-binary` install `faiss`, `cv2`, `psycopg2`
_VARIANT_SUFFIXES = ("-cpu", "-gpu", "-headless", "-binary")
#: `python-dateutil`, `py-cpuinfo`, `pyserial`... install `dateutil`, `cpuinfo`, `serial`;
#: `types-requests` and `django-stubs` are typing stubs, which declare that `requests` and
#: `django` are used
_PREFIXES = ("python-", "py-", "types-")
_SUFFIXES = ("-python", "-py", "-stubs")


def normalize(distribution: str) -> str:
    """PEP 503 normalised distribution name: `Foo.Bar_baz` is `foo-bar-baz`."""
    return _SEPARATORS.sub("-", distribution).lower()


def default_module(distribution: str) -> str:
    return _SEPARATORS.sub("_", distribution).lower()


def module_key(name: str) -> str:
    """The form in which a declared distribution and an import are compared.

    Python's module names are case-sensitive, but a manifest's spelling of a distribution
    says nothing about the case of the module it installs (`python-Levenshtein` installs
    `Levenshtein`, `PyYAML` installs `yaml`), so both sides are normalised the PEP 503 way.
    """
    return _SEPARATORS.sub("_", name).lower()


def _stems(distribution: str) -> set[str]:
    """The distribution's name and what remains after removing variant suffixes and
    `python`/`py` affixes, in every order (`opencv-python-headless` -> `opencv`)."""
    found = {normalize(distribution)}
    todo = list(found)
    while todo:
        stem = todo.pop()
        shorter = [stem[: -len(s)] for s in (*_VARIANT_SUFFIXES, *_SUFFIXES) if stem.endswith(s)]
        shorter += [stem[len(p) :] for p in _PREFIXES if stem.startswith(p)]
        # a bare `py` prefix (`pyhumps` -> `humps`); `pytz` -> `tz` is too short to mean it
        bare_py = stem.startswith("py") and not stem.startswith("python")
        if bare_py and stem[2:3].isalpha() and len(stem) >= 5:
            shorter.append(stem[2:])
        for new in shorter:
            new = new.strip("-")
            if len(new) >= 2 and new not in found:
                found.add(new)
                todo.append(new)
    return found


def import_candidates(distribution: str) -> frozenset[str]:
    """Module keys (see module_key) a distribution the table does not know plausibly installs.

    Only a declared or installed distribution gets these extra candidates: they make its
    imports trusted, they never make an undeclared name look real.
    """
    keys: set[str] = set()
    for stem in _stems(distribution):
        keys.add(module_key(stem))
        keys.add(_SEPARATORS.sub("", stem))  # `python-json-logger` -> `pythonjsonlogger`
    if "." in distribution.strip("."):
        # `jaraco.functools`, `oslo.config`: a namespace package and its portion
        keys.add(module_key(distribution.strip(".").split(".")[0]))
    return frozenset(keys)


def declared_module_keys(distribution: str) -> frozenset[str]:
    """Module keys a declared distribution vouches for: the table's modules when it knows
    the distribution (it is exact, and a wrong guess would hide `import pillow`), otherwise
    the candidates derived from its name."""
    modules = known_distributions().get(normalize(distribution))
    if modules is not None:
        return frozenset(module_key(m) for m in modules)
    return import_candidates(distribution)


@cache
def known_distributions() -> dict[str, tuple[str, ...]]:
    """Normalised distribution name -> the top-level modules it installs."""
    text = resources.files("gifthorse.analyzers").joinpath("data/known_distributions.txt")
    return parse_table(text.read_text(encoding="utf-8"))


def parse_table(text: str) -> dict[str, tuple[str, ...]]:
    """The table's rows; a distribution listed twice is an error, not a merge, because a
    second row without modules would add the distribution's own name as an import name."""
    table: dict[str, tuple[str, ...]] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, *modules = line.split()
        key = normalize(name)
        if key in table:
            raise ValueError(f"known_distributions.txt:{number}: `{name}` is listed twice")
        table[key] = tuple(dict.fromkeys(modules)) if modules else (default_module(name),)
    return table


@cache
def module_to_distribution() -> dict[str, str]:
    """Top-level module -> the (first listed) distribution that installs it."""
    out: dict[str, str] = {}
    for distribution, modules in known_distributions().items():
        for module in modules:
            out.setdefault(module, distribution)
    return out
