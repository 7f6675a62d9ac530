# lookalike: obfuscation
"""Tray icon shipped inside the module so the app is a single file."""
import base64
import tkinter as tk
import zlib

_ICON_PNG = (
    "eJzrDPBz5+WS4mJgYOD19HAJAtICIMzBBiTlP/9PBFKSni6OIRVzkn+cP/BhfmNrY2PjQ3tm5sP/GRk+beT/eGHhyk1ARQyern4u65wSmgBiDxoZ"
)


def window_icon(root: tk.Tk) -> tk.PhotoImage:
    data = zlib.decompress(base64.b64decode(_ICON_PNG))
    image = tk.PhotoImage(data=base64.b64encode(data))
    root.iconphoto(True, image)
    return image
