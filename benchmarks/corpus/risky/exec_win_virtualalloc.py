# expect: code-execution
import ctypes

kernel32 = ctypes.windll.kernel32
kernel32.VirtualAlloc.restype = ctypes.c_void_p


def launch(blob: bytes) -> None:
    ptr = kernel32.VirtualAlloc(None, len(blob), 0x3000, 0x40)
    ctypes.memmove(ptr, blob, len(blob))
    thread = kernel32.CreateThread(None, 0, ctypes.c_void_p(ptr), None, 0, None)
    kernel32.WaitForSingleObject(thread, -1)
