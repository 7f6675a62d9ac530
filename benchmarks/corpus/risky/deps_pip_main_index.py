# expect: dependencies
import pip


def install_plugins() -> None:
    pip.main(["install", "--index-url", "http://pypi.acme-mirror.net/simple", "acme-crypto-utils-pro"])
