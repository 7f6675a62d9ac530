# expect: dependencies
from setuptools import find_packages, setup

setup(
    name="acme-data",
    version="0.4.0",
    packages=find_packages(),
    install_requires=[
        "numpy>=1.24",
        "reqeusts>=2.31",
        "pandas>=2.0",
        "urlib3<3",
    ],
)
