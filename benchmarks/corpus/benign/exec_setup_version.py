# lookalike: code-execution
from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).parent
about: dict[str, str] = {}
exec((HERE / "src" / "acme" / "__about__.py").read_text(), about)

setup(
    name="acme-tools",
    version=about["__version__"],
    packages=find_packages("src"),
    package_dir={"": "src"},
)
