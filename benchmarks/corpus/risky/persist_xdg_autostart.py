# expect: persistence
from pathlib import Path

DESKTOP = """[Desktop Entry]
Type=Application
Name=Acme Tray
Exec=/home/{user}/.local/share/acme/tray --hidden
X-GNOME-Autostart-enabled=true
"""


def enable_autostart(user: str) -> None:
    autostart = Path.home() / ".config" / "autostart"
    autostart.mkdir(parents=True, exist_ok=True)
    (autostart / "acme-tray.desktop").write_text(DESKTOP.format(user=user))
