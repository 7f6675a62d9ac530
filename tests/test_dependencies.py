"""Dependency trust against a real virtual environment with small distributions installed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from gifthorse.analyzers import Settings, analyze, parse
from gifthorse.analyzers.dependencies.environment import installed
from gifthorse.analyzers.dependencies.similarity import lookalike
from gifthorse.analyzers.dependencies.trust import Trust, workspace_trust
from gifthorse.analyzers.documents import analyze_document
from wheels import build_wheel, install, make_venv


@pytest.fixture(scope="module")
def venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("venv")
    wheels = [
        build_wheel(root, "tinyhelper", {"tinyhelper/__init__.py": "X = 1\n"}, top_level=True),
        build_wheel(root, "weird-dist-name", {"wdn/__init__.py": "Y = 2\n"}, top_level=True),
        build_wheel(root, "recordonly", {"record_only_mod.py": "Z = 3\n"}, top_level=False),
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
    index_names = [t for bucket in trust.distribution_targets.by_length.values() for t, _ in bucket]
    return index_names + [t for b in trust.module_targets.by_length.values() for t, _ in b]


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
