# lookalike: code-execution
import ctypes
import ctypes.util

_libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)


def set_process_name(name: str) -> None:
    PR_SET_NAME = 15
    _libc.prctl(PR_SET_NAME, name.encode()[:15], 0, 0, 0)
