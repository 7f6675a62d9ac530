# expect: dependencies
import subprocess
import sys


def ensure_profiler() -> None:
    try:
        import pandas_profiling_plus  # noqa: F401
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "pandas-profiling-plus"])
