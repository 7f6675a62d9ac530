# expect: persistence
import sys
import winreg


def start_with_windows() -> None:
    key = winreg.OpenKey(
        winreg.HKEY_CURRENT_USER,
        r"Software\Microsoft\Windows\CurrentVersion\Run",
        0,
        winreg.KEY_SET_VALUE,
    )
    winreg.SetValueEx(key, "AcmeUpdater", 0, winreg.REG_SZ, f'"{sys.executable}" -m acme.updater')
    winreg.CloseKey(key)
