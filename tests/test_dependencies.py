"""Dependency trust against a real virtual environment with small distributions installed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from gifthorse.analyzers import Settings, analyze, parse
from gifthorse.analyzers.dependencies.environment import editable_modules, installed
from gifthorse.analyzers.dependencies.known import known_distributions, parse_table
from gifthorse.analyzers.dependencies.similarity import lookalike
from gifthorse.analyzers.dependencies.trust import Trust, workspace_trust
from gifthorse.analyzers.documents import analyze_document
from wheels import build_wheel, install, make_venv

#: setuptools' PEP 660 finder, as `pip install -e` writes it for a layout a .pth cannot express
FINDER = """\
import sys
MAPPING: dict[str, str] = {'finder_pkg': '/nowhere/finder_pkg', 'finder_pkg.sub': '/x'}
NAMESPACES: dict[str, list[str]] = {'finder_ns': []}
def install():
    pass
"""


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("venv")
    # a sibling checkout installed in editable mode: hatchling, pdm and flit write a .pth
    # naming its source directory, and nothing records which modules live there
    checkout = root / "sibling" / "src"
    (checkout / "sibling_pkg").mkdir(parents=True)
    (checkout / "sibling_pkg" / "__init__.py").write_text("")
    (checkout / "sibling_mod.py").write_text("")
    wheels = [
        build_wheel(root, "tinyhelper", {"tinyhelper/__init__.py": "X = 1\n"}, top_level=True),
        build_wheel(root, "weird-dist-name", {"wdn/__init__.py": "Y = 2\n"}, top_level=True),
        build_wheel(root, "recordonly", {"record_only_mod.py": "Z = 3\n"}, top_level=False),
        build_wheel(root, "sibling", {"_sibling.pth": f"{checkout}\n"}, top_level=False),
        build_wheel(
            root,
            "finder-dist",
            {
                "__editable__.finder_dist-0.1.pth": "import __editable___finder_dist_0_1_finder; "
                "__editable___finder_dist_0_1_finder.install()\n",
                "__editable___finder_dist_0_1_finder.py": FINDER,
            },
            top_level=False,
        ),
    ]
    return make_venv(root / "env", wheels)


def codes(source: str, trust: Trust, path: str = "<memory>") -> list[tuple[int, str]]:
    module = parse(source.encode(), path)
    findings = analyze(module, settings=Settings(), trust=trust).findings
    return [(module.lines.line_of(f.start) + 1, f.code) for f in findings if f.code >= "GH950"]


def test_installed_distributions_are_read_through_the_interpreter(venv: Path) -> None:
    found = installed(str(venv))
    assert {"tinyhelper", "weird-dist-name", "recordonly"} <= found.distributions
    assert {"tinyhelper", "wdn", "record_only_mod"} <= found.modules


def test_imports_vouched_by_the_workspace_interpreter(venv: Path, tmp_path: Path) -> None:
    trust = workspace_trust(tmp_path, python=str(venv))
    source = (
        "import tinyhelper\nimport wdn\nimport record_only_mod\nimport os\n"
        "import tinyhelpr\nimport never_published_helper_lib\n"
    )
    assert codes(source, trust) == [(5, "GH951"), (6, "GH950")]
    default = codes(source, Trust.create())
    assert (1, "GH950") in default, "without the interpreter, nothing vouches for tinyhelper"


def test_editable_installs_are_read_from_pth_files_and_finders(venv: Path) -> None:
    modules = installed(str(venv)).modules
    assert {"sibling_pkg", "sibling_mod", "finder_pkg", "finder_ns"} <= modules
    trust = Trust.create(installed_modules=modules)
    assert codes("import sibling_pkg\nfrom finder_pkg.sub import x\n", trust) == []


def test_pth_import_lines_are_never_executed(tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    listed = tmp_path / "checkout"
    (listed / "listed_pkg").mkdir(parents=True)
    (listed / "listed_pkg" / "__init__.py").write_text("")
    marker = tmp_path / "executed"
    site.mkdir()
    (site / "mixed.pth").write_text(
        f"# a comment\nimport pathlib; pathlib.Path({str(marker)!r}).touch()\n"
        f"{listed}\n../checkout\nno/such/dir\n.\n"
    )
    (site / "own_module.py").write_text("")
    found = editable_modules((str(site),))
    assert found == {"listed_pkg"}, "the site directory itself is not an editable checkout"
    assert not marker.exists()


def test_new_installs_refresh_the_cache(venv: Path, tmp_path: Path) -> None:
    assert "latecomer" not in installed(str(venv)).modules
    install(venv, [build_wheel(tmp_path, "latecomer", {"latecomer.py": "\n"}, top_level=True)])
    assert "latecomer" in installed(str(venv)).modules


def test_declared_first_party_and_known_packages(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "app"\ndependencies = ["python-declaredlib>=1", "PyYAML"]\n'
    )
    package = tmp_path / "src" / "mypkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "core.py").write_text("")
    (tmp_path / "scripts").mkdir()
    trust = workspace_trust(tmp_path, python=sys.executable, known_packages=("corp_internal",))
    source = (
        "import declaredlib\nimport yaml\nimport mypkg.core\nimport corp_internal\n"
        "import sibling_module\nimport not_a_real_thing_at_all\n"
    )
    (package / "sibling_module.py").write_text("")
    assert codes(source, trust, str(package / "core.py")) == [(6, "GH950")]


def everything(trust: Trust) -> list[str]:
    """Every name a typosquat could imitate: distributions and modules."""
    distributions = trust.distribution_targets.by_length.values()
    modules = trust.module_targets.by_length.values()
    return [t for b in distributions for t, _, _ in b] + [t for b in modules for t, _, _ in b]


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("reqeusts", "requests"),
        ("requets", "requests"),
        ("python-requests", "requests"),
        ("requests-py", "requests"),
        ("numpyy", "numpy"),
        ("djang0", "django"),
        ("tensorfIow", "tensorflow"),
        ("colourama", "colorama"),
        ("urllib4", "urllib3"),
        ("beautifulsoup", "beautifulsoup4"),
        ("scikitlearn", "scikit-learn"),
        ("boto4", "boto3"),
        ("psycopg1", "psycopg2"),
    ],
)
def test_typosquat_tricks(name: str, target: str) -> None:
    trust = Trust.create()
    found = lookalike(name, everything(trust))
    assert found is not None and found.target.lower().replace("_", "-") == target


@pytest.mark.parametrize(
    "name", ["fastapi_auth_helpers", "pdf_magic_extractor", "langchain_tools_pro", "zzq"]
)
def test_invented_names_are_not_called_typosquats(name: str) -> None:
    trust = Trust.create()
    assert lookalike(name, everything(trust)) is None


def test_manifest_entries_are_not_vouched_by_themselves(tmp_path: Path) -> None:
    manifest = tmp_path / "requirements.txt"
    manifest.write_text("requests==2.31.0\nflask-jwt-simple-auth==0.3\n")
    trust = workspace_trust(tmp_path, python=sys.executable)
    findings = analyze_document(str(manifest), manifest.read_bytes(), Settings(), trust)
    assert [(f.code, f.args["name"]) for f in findings] == [("GH954", "flask-jwt-simple-auth")]
    assert "flask-jwt-simple-auth" in trust.declared_distributions


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_declared_distributions_vouch_for_their_import_names(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "requirements.txt": "python-Levenshtein==0.25\npyhumps\nfaiss-cpu\ndjango-filter\n"
            "acme-vectors-gpu\npython-AcmeGeo\npyacmecase\nacme-json-logger-py\nPillow\n",
            "app.py": "",
        },
    )
    trust = workspace_trust(tmp_path, python=sys.executable)
    source = (
        "import Levenshtein\nimport humps\nimport faiss\nimport django_filters\n"
        "import acme_vectors\nimport AcmeGeo\nimport acmecase\nimport acmejsonlogger\n"
        "import acme_json_logger\nimport pillow\n"
    )
    found = codes(source, trust, str(tmp_path / "app.py"))
    # Pillow is in the table, which knows its module: `import pillow` is a mistake
    assert found == [(10, "GH951")]
    bare = codes(source, Trust.create(), str(tmp_path / "app.py"))
    assert [line for line, _ in bare] == [5, 6, 7, 8, 9, 10], "the manifest vouched for them"


def test_sub_projects_declare_their_own_dependencies(tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    repo = outer / "repo"
    write(
        outer,
        {
            # above the repository's top: it vouches for nothing inside
            "requirements.txt": "acme-outside\n",
            "repo/.git/HEAD": "ref: refs/heads/main\n",
            "repo/pyproject.toml": '[project]\nname = "mono"\ndependencies = ["acme-root"]\n',
            "repo/services/orders/pyproject.toml": (
                '[project]\nname = "orders"\ndependencies = ["acme-orders-sdk>=1.2"]\n'
            ),
            # an implicit namespace package: no __init__.py to walk up through
            "repo/services/orders/orders/handlers.py": "",
            "repo/services/orders/orders/models.py": "",
            "repo/services/billing/setup.cfg": "[options]\ninstall_requires =\n    acme-ledger\n",
            "repo/services/billing/billing/tasks.py": "",
        },
    )
    trust = workspace_trust(repo, python=sys.executable)
    orders = str(repo / "services/orders/orders/handlers.py")
    billing = str(repo / "services/billing/billing/tasks.py")
    source = (
        "import acme_orders_sdk\nimport orders.models\nimport acme_root\nimport acme_ledger\n"
        "import acme_outside\n"
        "subprocess.run([sys.executable, '-m', 'pip', 'install', 'acme-orders-sdk'])\n"
        "import subprocess, sys\n"
    )
    assert codes(source, trust, orders) == [(4, "GH950"), (5, "GH950")]
    assert codes(source, trust, billing) == [(1, "GH950"), (2, "GH950"), (5, "GH950"), (6, "GH952")]
    # an edited manifest counts at once, without rebuilding the trust
    manifest = repo / "services/orders/pyproject.toml"
    manifest.write_text(manifest.read_text().replace('"acme-orders-sdk>=1.2"', '"acme-ledger"'))
    assert codes(source, trust, orders) == [(1, "GH950"), (5, "GH950"), (6, "GH952")]


def test_the_known_table_lists_each_distribution_once() -> None:
    with pytest.raises(ValueError, match="listed twice"):
        parse_table("Pillow PIL\npillow\n")
    table = known_distributions()
    assert table["pillow"] == ("PIL",) and table["pyjwt"] == ("jwt",)
    assert table["django-filter"] == ("django_filters",)
    trust = Trust.create()
    for name in ("pillow", "pyjwt", "opencv_python", "beautifulsoup4", "pyopenssl"):
        assert trust.vouch_module(name) is None, name


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("scikitlearn", "sklearn"),
        ("pycrytodome", "Crypto"),
        ("PyYALM", "yaml"),
        ("websocketclient", "websocket"),
        ("pillow", "PIL"),
        ("pyjwt", "jwt"),
    ],
)
def test_distribution_names_in_imports_point_at_the_module(name: str, target: str) -> None:
    module = parse(f"import {name}\n".encode(), "<memory>")
    findings = analyze(module, settings=Settings(), trust=Trust.create()).findings
    assert [(f.code, f.args["target"]) for f in findings] == [("GH951", target)]
    fix = findings[0].fix
    assert fix is not None and [edit.text for edit in fix.edits] == [target]


def test_private_modules_are_not_lookalike_targets() -> None:
    trust = Trust.create(installed_modules=frozenset({"_corpcache", "corpcache2"}))
    found = lookalike("corpcache", trust.module_targets)
    assert found is not None and found.target == "corpcache2"
    assert (
        lookalike(
            "corpcachf", Trust.create(installed_modules=frozenset({"_corpcache"})).module_targets
        )
        is None
    )
