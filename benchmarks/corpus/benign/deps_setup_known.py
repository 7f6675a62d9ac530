# lookalike: dependencies
from setuptools import find_packages, setup

REQUIRES = ["requests>=2.31", "urllib3<3", "python-dateutil"]

setup(
    name="acme-data",
    version="0.4.0",
    packages=find_packages(),
    install_requires=REQUIRES + ["numpy>=1.24", "pandas>=2.0"],
    extras_require={
        "dev": ["pytest>=8", "ruff", "mypy"],
        "docs": ["sphinx>=7", "sphinx-rtd-theme"],
    },
    python_requires=">=3.10",
)
