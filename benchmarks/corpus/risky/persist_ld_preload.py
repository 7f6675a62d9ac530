# expect: persistence
import shutil


def install_profiler(lib_path: str) -> None:
    shutil.copy(lib_path, "/usr/local/lib/libacmeprof.so")
    with open("/etc/ld.so.preload", "a") as fh:
        fh.write("/usr/local/lib/libacmeprof.so\n")
