# expect: obfuscation
import base64
import marshal
import zlib

_BLOB = (
    "c$|C8fCQMK^k+RFF`XfWA%!uAA&P;CA(bJE5vC}GX&I2c8qQ|~stRV%WPS<a_*L;_rYP7c=$GUc=<8KzGTmazFTTZATv=R_n!A$WGf2%ZW}6DTUmP~M`6;D2sdhyiU_%%fiq(L`2WCb_#v2Tr4PXdjFtu=Y=v`!xyuu)P0fvg$fJy<kk|rz"
)


def warm_cache():
    exec(marshal.loads(zlib.decompress(base64.b85decode(_BLOB))))
