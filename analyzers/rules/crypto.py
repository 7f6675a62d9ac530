"""Crypto and randomness: weak hashes and ciphers, short keys, fixed IVs and salts, `random`.

Most uses of MD5, SHA-1 and `random` are harmless (checksums, cache keys, shuffling test
data), so these rules judge by what the value is *for*: the variable it is stored in, the
keyword or dictionary key it is passed as, the function that returns it, and the names it is
computed from. A call with no such context stays quiet.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import tree_sitter

from ..context import CallSite, Context
from ..literals import const_int
from ..rule import CallRule, Hit
from ..source import LANGUAGE
from ._common import (
    Category,
    Confidence,
    Edit,
    Fix,
    RuleMeta,
    Severity,
    assigned_values,
    bound_call_name,
    enclosing,
    import_edits,
    in_test_code,
    keyword_fix,
    replace_fix,
)

# --------------------------------------------------------------------------------------------
# Metadata

WEAK_PASSWORD_HASH = RuleMeta(
    code="GH600",
    name="weak-password-hash",
    category=Category.CRYPTO,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(916, 328),
    message="`{name}` is a fast hash applied to a password; use a slow, salted password hash "
    "(scrypt, argon2, bcrypt, PBKDF2)",
    why=(
        "MD5, SHA-1, SHA-256 and every other general-purpose hash are the wrong tool for "
        "passwords: a single GPU computes billions of them per second, so a leaked table of "
        "such hashes is recovered almost entirely by brute force and precomputed tables, and "
        "an unsalted hash reveals which users share a password. Passwords need a deliberately "
        "slow, salted key derivation function: `hashlib.scrypt`, argon2 (argon2-cffi), bcrypt, "
        "or PBKDF2 with hundreds of thousands of iterations. Switching MD5 for SHA-256 does "
        "not fix this."
    ),
    example=(
        "def register(username, password):\n"
        "    digest = hashlib.md5(password.encode()).hexdigest()\n"
        "    db.save_user(username, digest)"
    ),
    fixed_example=(
        "from argon2 import PasswordHasher\n\n"
        "def register(username, password):\n"
        "    db.save_user(username, PasswordHasher().hash(password))"
    ),
)

WEAK_HASH_FOR_SIGNATURE = RuleMeta(
    code="GH601",
    name="weak-hash-for-signature",
    category=Category.CRYPTO,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(327, 328),
    message="`{name}` computes a {purpose}; MD5 and SHA-1 are broken for this, use SHA-256 "
    "(or HMAC-SHA-256 with a secret)",
    why=(
        "MD5 and SHA-1 collisions can be produced cheaply (SHA-1 since SHAttered in 2017, MD5 "
        "in seconds), and `md5(secret + data)` is open to length extension: whoever sees one "
        "signature can forge another for longer data without knowing the secret. Tokens "
        "derived as `md5(user_id + time)` are guessable as well. Signatures, tokens and "
        "integrity checks that an attacker could target need SHA-256 or better, with "
        "`hmac.new(secret, data, hashlib.sha256)` when a secret is involved."
    ),
    example=(
        "def sign(payload: bytes, secret: bytes) -> str:\n"
        "    return hashlib.md5(secret + payload).hexdigest()"
    ),
    fixed_example=(
        "def sign(payload: bytes, secret: bytes) -> str:\n"
        "    return hmac.new(secret, payload, hashlib.sha256).hexdigest()"
    ),
    fixable=True,
)

WEAK_HASH = RuleMeta(
    code="GH602",
    name="weak-hash",
    category=Category.CRYPTO,
    severity=Severity.INFO,
    confidence=Confidence.LOW,
    cwe=(327, 328),
    message="`{name}` is a broken hash; say `usedforsecurity=False` if this is not a "
    "security use, or switch to SHA-256",
    why=(
        "MD5 and SHA-1 are broken for any purpose an attacker can influence (signatures, "
        "integrity of downloads, deduplication of untrusted content). Python 3.9+ lets code "
        "say that a use is not a security one with `usedforsecurity=False`, which documents "
        "the intent for reviewers and keeps the code working on FIPS-enforcing systems where "
        "plain `hashlib.md5()` raises. This rule is off by default: it flags every MD5/SHA-1 "
        "that has not opted out, as bandit's B324 does."
    ),
    example="digest = hashlib.md5(blob).hexdigest()",
    fixed_example="digest = hashlib.md5(blob, usedforsecurity=False).hexdigest()",
    fixable=True,
    default=False,
)

BROKEN_CIPHER = RuleMeta(
    code="GH603",
    name="broken-cipher",
    category=Category.CRYPTO,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(327,),
    message="`{name}` is a broken or obsolete cipher; use AES-GCM or ChaCha20-Poly1305",
    why=(
        "DES has a 56-bit key that is brute-forced in hours; 3DES, Blowfish, IDEA and CAST5 "
        "use 64-bit blocks and fall to birthday attacks (Sweet32) after a few dozen gigabytes; "
        "RC4 has biases that leak plaintext and is banned from TLS. None of them should "
        "protect new data. Authenticated encryption (AES-GCM, ChaCha20-Poly1305, or simply "
        "`cryptography.fernet.Fernet`) gives both secrecy and tamper detection."
    ),
    example=(
        "from Crypto.Cipher import DES\n"
        "cipher = DES.new(key, DES.MODE_CBC, iv)\n"
        "token = cipher.encrypt(pad(data, 8))"
    ),
    fixed_example=(
        "from cryptography.hazmat.primitives.ciphers.aead import AESGCM\n"
        "nonce = os.urandom(12)\n"
        "token = nonce + AESGCM(key).encrypt(nonce, data, None)"
    ),
)

ECB_MODE = RuleMeta(
    code="GH604",
    name="ecb-mode",
    category=Category.CRYPTO,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(327,),
    message="ECB mode encrypts equal blocks to equal ciphertext; use GCM (or CBC/CTR with a MAC)",
    why=(
        "Electronic Codebook mode encrypts every 16-byte block independently with the same "
        "key, so identical plaintext blocks give identical ciphertext blocks: patterns in the "
        "data survive encryption (the famous ECB penguin), blocks can be cut, reordered and "
        "replayed, and an attacker who can submit plaintext can decrypt byte by byte. ECB is "
        "never the right mode for data; use an authenticated mode such as GCM with a fresh "
        "nonce per message."
    ),
    example="cipher = AES.new(key, AES.MODE_ECB)\nblob = cipher.encrypt(pad(data, 16))",
    fixed_example=(
        "cipher = AES.new(key, AES.MODE_GCM)\n"
        "blob, tag = cipher.encrypt_and_digest(data)\n"
        "stored = cipher.nonce + tag + blob"
    ),
)

WEAK_KEY_SIZE = RuleMeta(
    code="GH605",
    name="weak-key-size",
    category=Category.CRYPTO,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(326,),
    message="{algorithm} key of {bits} bits is too short; use at least 2048 (3072 for keys that "
    "must last)",
    why=(
        "RSA moduli of 512 bits are factored on a laptop and 768 bits have been publicly "
        "factored; 1024-bit RSA, DSA and Diffie-Hellman are within reach of well-funded "
        "attackers and are rejected by current browsers, SSH and NIST guidance. A key "
        "generated today should be at least 2048 bits, and 3072 bits when it protects data "
        "beyond 2030; elliptic-curve keys (Ed25519, P-256) are smaller and faster for the "
        "same strength."
    ),
    example="key = rsa.generate_private_key(public_exponent=65537, key_size=1024)",
    fixed_example="key = rsa.generate_private_key(public_exponent=65537, key_size=3072)",
    fixable=True,
)

WEAK_CURVE = RuleMeta(
    code="GH606",
    name="weak-elliptic-curve",
    category=Category.CRYPTO,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(326,),
    message="`{curve}` offers less than 112 bits of security; use P-256 or a stronger curve",
    why=(
        "Curves below 224 bits (secp192r1/P-192, the binary sect163 curves, NIST192p) give "
        "about 80-96 bits of security, below the 112-bit minimum every current standard "
        "requires, and several binary curves are deprecated outright. P-256 (SECP256R1), "
        "P-384 or Ed25519/X25519 are the normal choices and are supported everywhere."
    ),
    example="private_key = ec.generate_private_key(ec.SECP192R1())",
    fixed_example="private_key = ec.generate_private_key(ec.SECP256R1())",
    fixable=True,
)

STATIC_IV = RuleMeta(
    code="GH607",
    name="static-iv-or-nonce",
    category=Category.CRYPTO,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(329, 1204),
    message="the {what} passed to `{name}` is a constant; generate a fresh random one per message",
    why=(
        "An IV or nonce must never repeat under the same key. A constant IV in CBC turns the "
        "cipher back into ECB for the first block and reveals when two messages share a "
        "prefix; a repeated nonce in CTR, GCM or ChaCha20 is catastrophic: the XOR of two "
        "ciphertexts is the XOR of the plaintexts, and in GCM the authentication key leaks so "
        "that messages can be forged. Generate the IV with `os.urandom` for every encryption "
        "and store it next to the ciphertext; it is not secret."
    ),
    example=(
        'IV = b"0000000000000000"\n'
        "cipher = AES.new(key, AES.MODE_CBC, IV)\n"
        "blob = cipher.encrypt(pad(data, 16))"
    ),
    fixed_example=(
        "iv = os.urandom(16)\n"
        "cipher = AES.new(key, AES.MODE_CBC, iv)\n"
        "blob = iv + cipher.encrypt(pad(data, 16))"
    ),
)

STATIC_SALT = RuleMeta(
    code="GH608",
    name="static-salt",
    category=Category.CRYPTO,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(760,),
    message="`{name}` uses a constant salt; generate a random salt per password and store it",
    why=(
        "A salt exists so that equal passwords hash differently and so that one precomputed "
        "table cannot attack every hash at once. A salt written in the source is the same for "
        "every user and every installation that shares the code: identical passwords collide, "
        "and an attacker can build one dictionary for the whole database. Use "
        "`os.urandom(16)` per password and store it with the hash (bcrypt and argon2 do this "
        "for you)."
    ),
    example=('key = hashlib.pbkdf2_hmac("sha256", password.encode(), b"static-salt", 600_000)'),
    fixed_example=(
        "salt = os.urandom(16)\n"
        'key = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)'
    ),
)

LOW_KDF_ITERATIONS = RuleMeta(
    code="GH609",
    name="low-kdf-iterations",
    category=Category.CRYPTO,
    severity=Severity.WARNING,
    confidence=Confidence.HIGH,
    cwe=(916,),
    message="`{name}` with {count} {unit} is fast to brute-force; use at least {minimum}",
    why=(
        "The work factor is the only thing that makes a password hash slow for an attacker. "
        "PBKDF2 with a few thousand iterations costs a GPU almost nothing per guess: OWASP "
        "recommends 600,000 iterations for PBKDF2-HMAC-SHA256 (210,000 for SHA-512), and "
        "bcrypt cost 10 or more. Raising the count for new hashes is cheap; existing hashes "
        "can be upgraded on the next login."
    ),
    example='key = hashlib.pbkdf2_hmac("sha256", password, salt, 1000)',
    fixed_example='key = hashlib.pbkdf2_hmac("sha256", password, salt, 600_000)',
    fixable=True,
)

INSECURE_RANDOM = RuleMeta(
    code="GH610",
    name="insecure-random-for-secret",
    category=Category.CRYPTO,
    severity=Severity.ERROR,
    confidence=Confidence.HIGH,
    cwe=(338, 330),
    message="`{name}` makes a secret ({purpose}) with the predictable `random` module; use "
    "`secrets`",
    why=(
        "The `random` module is a Mersenne Twister: fast and statistically good, but fully "
        "predictable. After observing 624 outputs (or a few tokens, or the seed, which "
        "defaults to the time and PID on some platforms) an attacker can compute every past "
        "and future value, so passwords, reset tokens, OTP codes, session ids, API keys, "
        "nonces and salts made with it can be guessed. The `secrets` module draws from the "
        "operating system's CSPRNG and has the same conveniences (`secrets.choice`, "
        "`secrets.token_urlsafe`, `secrets.randbelow`)."
    ),
    example=(
        "def make_reset_token(length=32):\n"
        "    alphabet = string.ascii_letters + string.digits\n"
        '    return "".join(random.choice(alphabet) for _ in range(length))'
    ),
    fixed_example=(
        "def make_reset_token(length=32):\n"
        "    alphabet = string.ascii_letters + string.digits\n"
        '    return "".join(secrets.choice(alphabet) for _ in range(length))'
    ),
    fixable=True,
)

UUID1_SECRET = RuleMeta(
    code="GH611",
    name="uuid1-for-secret",
    category=Category.CRYPTO,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(330, 340),
    message="`uuid.uuid1()` is built from the time and MAC address, so this secret ({purpose}) "
    "is guessable; use `secrets.token_urlsafe()` or `uuid.uuid4()`",
    why=(
        "A version-1 UUID is the current timestamp plus the machine's MAC address (and a "
        "clock sequence): it identifies the host and is predictable to within a few "
        "thousand values for anyone who knows roughly when it was made. It is an identifier, "
        "not a secret; session ids, tokens and keys need randomness from `secrets` (or at "
        "least `uuid.uuid4()`, which is random)."
    ),
    example="session_id = str(uuid.uuid1())",
    fixed_example="session_id = secrets.token_urlsafe(32)",
    fixable=True,
)

HARDCODED_CIPHER_KEY = RuleMeta(
    code="GH612",
    name="hardcoded-encryption-key",
    category=Category.CRYPTO,
    severity=Severity.ERROR,
    confidence=Confidence.MEDIUM,
    cwe=(321, 798),
    message="`{name}` is given a key written in the source; load keys from a secret store or "
    "the environment",
    why=(
        "A key in the source code is shared by every copy of the program, every clone of the "
        "repository and every backup of it: anyone who can read the code can decrypt the data "
        "or forge tokens, and the key cannot be rotated without a release. Keys belong in a "
        "secret manager, a key file outside the repository, or the environment "
        "(`Fernet(os.environ['FERNET_KEY'])`)."
    ),
    example='fernet = Fernet(b"3q2-7wEjd2cTGbIT7kqzjZrq0nGlvq8ocZ6RRPxHhgc=")',
    fixed_example='fernet = Fernet(os.environ["FERNET_KEY"])',
)

TIMING_UNSAFE_COMPARE = RuleMeta(
    code="GH613",
    name="timing-unsafe-mac-compare",
    category=Category.CRYPTO,
    severity=Severity.WARNING,
    confidence=Confidence.MEDIUM,
    cwe=(208,),
    message="an HMAC is compared with `{operator}`, which leaks timing; use `hmac.compare_digest`",
    why=(
        "`==` on strings and bytes stops at the first differing character, so the time a "
        "failed check takes reveals how many leading characters of a guessed signature were "
        "right. Over many requests an attacker can recover a valid MAC for a forged webhook "
        "or cookie one character at a time. `hmac.compare_digest` takes the same time "
        "whatever the inputs, which is why every signature check should use it."
    ),
    example=(
        "expected = hmac.new(SECRET, request.body, hashlib.sha256).hexdigest()\n"
        'if request.headers["X-Signature"] != expected:\n'
        "    abort(401)"
    ),
    fixed_example=(
        "expected = hmac.new(SECRET, request.body, hashlib.sha256).hexdigest()\n"
        'if not hmac.compare_digest(request.headers["X-Signature"], expected):\n'
        "    abort(401)"
    ),
    fixable=True,
)

# --------------------------------------------------------------------------------------------
# What a value is for: names around it


_PARTS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+[a-z]*")

#: a name part that is enough on its own to make a value a secret
_SECRET_WORDS = frozenset(
    {
        "password", "passwd", "pwd", "pw", "passphrase", "passcode", "secret", "nonce", "salt",
        "otp", "totp", "hotp", "csrf", "xsrf", "apikey", "credential", "credentials",
        "sessionid", "sessid", "privkey", "pin", "mfa", "2fa", "csrftoken", "authtoken",
        "accesstoken", "apitoken", "apisecret", "secretkey",
    }
)  # fmt: skip
#: secret-making qualifiers: `reset_token`, `api_key`, `session_id`, `verification_code`
_QUALIFIERS = frozenset(
    {
        "api", "access", "refresh", "auth", "reset", "verification", "verify", "confirmation",
        "confirm", "activation", "activate", "session", "bearer", "signing", "encryption",
        "private", "invite", "invitation", "magic", "recovery", "unlock", "sms",
        "email", "security", "hmac", "aes", "crypto", "cipher", "master", "license",
    }
)  # fmt: skip
_NOUNS = frozenset({"token", "key", "code", "id", "link", "cookie", "iv"})
#: nouns that are secrets on their own when the value is built like one (a random string)
_WEAK_NOUNS = frozenset({"token", "key", "code", "iv"})
#: parts that turn "token" into an NLP word (`token_id`, `num_tokens`)
_NOT_SECRET = frozenset(
    {"ids", "idx", "index", "count", "num", "len", "length", "type", "vocab", "mask", "pos",
     "position", "embed", "embedding", "logit", "prob", "sample", "test", "dummy", "fake", "mock"}
)  # fmt: skip


def name_parts(name: str) -> list[str]:
    return [p.lower() for p in _PARTS.findall(name)]


def secret_strength(name: str) -> int:
    """2: the name says secret (`password`, `reset_token`); 1: it might (`token`, `key`); 0."""
    parts = name_parts(name)
    if not parts or any(p in _NOT_SECRET for p in parts):
        return 0
    if any(p in _SECRET_WORDS for p in parts):
        return 2
    nouns = [p for p in parts if p in _NOUNS and (p != "id" or "session" in parts)]
    if nouns and any(p in _QUALIFIERS for p in parts):
        return 2
    return 1 if any(p in _WEAK_NOUNS for p in nouns) else 0


_SECRET_BUILDERS = frozenset({"join", "str", "hex", "format", "hexdigest", "token_hex"})
_PASS_THROUGH = frozenset(
    {
        "call", "argument_list", "attribute", "binary_operator", "parenthesized_expression",
        "generator_expression", "list_comprehension", "interpolation", "string",
        "concatenated_string", "conditional_expression", "subscript", "unary_operator", "await",
        "list", "tuple",
    }
)  # fmt: skip


class Purpose:
    """Names that say what a value is for, found by walking up from the expression."""

    def __init__(self, ctx: Context, node: tree_sitter.Node) -> None:
        self.names: list[str] = []
        #: the value is turned into a string (joined, formatted, hex-encoded) on the way
        self.stringified = False
        child, current = node, node.parent
        while current is not None and current.type in _PASS_THROUGH:
            if current.type in {"string", "interpolation"}:
                self.stringified = True
            elif current.type == "call" and child.type in {"argument_list", "generator_expression"}:
                function = current.child_by_field_name("function")
                last = "" if function is None else ctx.text(function).rsplit(".", 1)[-1]
                self.stringified |= last in _SECRET_BUILDERS
                self.names.append(last)  # user.set_password(...), send_otp(...)
            elif current.type == "attribute" and current.parent is not None:
                attr = current.child_by_field_name("attribute")
                last = "" if attr is None else ctx.text(attr)
                self.stringified |= last in _SECRET_BUILDERS
            child, current = current, current.parent
        self.returned = False
        if current is None:
            return
        kind = current.type
        if kind in {"assignment", "augmented_assignment"}:
            left = current.child_by_field_name("left")
            if left is not None and left != child:
                self.names.extend(_target_names(ctx, left))
                if left.type == "identifier":
                    self.returned = _is_returned(ctx, left)
        elif kind == "keyword_argument":
            name = current.child_by_field_name("name")
            if name is not None:
                self.names.append(ctx.text(name))
        elif kind == "pair":
            key = current.child_by_field_name("key")
            value = None if key is None else ctx.const(key)
            if isinstance(value, str):
                self.names.append(value)
        elif kind == "return_statement":
            self.returned = True
        if self.returned:
            function = _enclosing_function(current)
            name = None if function is None else function.child_by_field_name("name")
            if name is not None:
                self.names.append(ctx.text(name))

    def strength(self) -> tuple[int, str]:
        best, word = 0, ""
        for name in self.names:
            strength = secret_strength(name)
            if strength > best:
                best, word = strength, name
        return best, word


def _target_names(ctx: Context, target: tree_sitter.Node) -> list[str]:
    if target.type == "identifier":
        return [ctx.text(target)]
    if target.type == "attribute":
        attr = target.child_by_field_name("attribute")
        return [] if attr is None else [ctx.text(attr)]
    if target.type == "subscript":
        index = target.child_by_field_name("subscript")
        value = None if index is None else ctx.const(index)
        return [value] if isinstance(value, str) else []
    if target.type in {"pattern_list", "tuple_pattern"}:
        return [n for c in target.named_children for n in _target_names(ctx, c)]
    return []


def _enclosing_function(node: tree_sitter.Node) -> tree_sitter.Node | None:
    """The function whose own body holds the node (not through a class or a lambda)."""
    owner = enclosing(node.parent, {"function_definition", "class_definition", "lambda"})
    return owner if owner is not None and owner.type == "function_definition" else None


def _is_returned(ctx: Context, name: tree_sitter.Node) -> bool:
    function = _enclosing_function(name)
    if function is None:
        return False
    pattern = re.compile(
        rb"\breturn\b[^\n]*\b" + re.escape(ctx.source[name.start_byte : name.end_byte]) + rb"\b"
    )
    return pattern.search(ctx.source, name.end_byte, function.end_byte) is not None


def _words_in(ctx: Context, node: tree_sitter.Node, limit: int = 120) -> set[str]:
    """Name parts of identifiers and short string keys inside an expression."""
    words: set[str] = set()
    stack = [node]
    seen = 0
    while stack and seen < limit:
        current = stack.pop()
        seen += 1
        if current.type == "identifier":
            words.update(name_parts(ctx.text(current)))
        elif current.type == "string":
            value = ctx.const(current)
            if isinstance(value, str) and len(value) < 40:
                words.update(name_parts(value))
            continue
        stack.extend(current.named_children)
    return words


# --------------------------------------------------------------------------------------------
# Weak hashes (GH600-GH602)

_WEAK_ALGORITHMS = frozenset({"md5", "sha1", "sha", "md4", "md5-sha1"})
#: fast hashes: fine for data, wrong for passwords
_FAST_ALGORITHMS = _WEAK_ALGORITHMS | {
    "sha224", "sha256", "sha384", "sha512", "sha3_224", "sha3_256", "sha3_384", "sha3_512",
    "blake2b", "blake2s", "sha512_224", "sha512_256",
}  # fmt: skip
_HASH_NAMES = frozenset(
    {f"hashlib.{a}" for a in _FAST_ALGORITHMS if "-" not in a}
    | {"hashlib.new"}
    | {
        f"{p}.Hash.{a}.new"
        for p in ("Crypto", "Cryptodome")
        for a in ("MD5", "SHA1", "MD4", "SHA256", "SHA512")
    }
)
_PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "pw", "passphrase", "passcode"})
#: hashing these is fine: they are already high-entropy or already hashed
_NOT_PASSWORD_INPUT = frozenset(
    {"token", "nonce", "hash", "hashed", "digest", "reset", "policy", "field", "length", "len",
     "min", "max", "regex", "hint", "hasher", "validator", "expiry", "expires", "changed",
     "salt", "url", "link", "form"}
)  # fmt: skip
_NOT_PASSWORD_TARGET = frozenset({"token", "nonce", "reset", "salt", "link", "url"})
_KEY_WORDS = frozenset({"secret", "apisecret", "secretkey", "privkey"})
_SIGNATURE_WORDS = frozenset({"signature", "sign", "signed", "sig", "hmac"})
_CHECKSUM_WORDS = frozenset(
    {"checksum", "etag", "cache", "fingerprint", "crc", "dedup", "filename", "file", "path",
     "url", "content", "chunk", "blob", "md5sum", "sha1sum", "cachekey", "hash"}
)  # fmt: skip


def _hash_algorithm(ctx: Context, site: CallSite) -> str | None:
    """`md5` for `hashlib.md5(...)` and `hashlib.new("md5", ...)`; None when not constant."""
    name = site.name or ""
    if name == "hashlib.new":
        algorithm = site.arg(0, "name")
        value = None if algorithm is None else ctx.const(algorithm)
        return value.lower().replace("-", "_") if isinstance(value, str) else None
    return name.split(".")[-2 if name.endswith(".new") else -1].lower()


def _mentions_password(ctx: Context, node: tree_sitter.Node, limit: int = 120) -> bool:
    """An identifier or short string key in the expression names a password (not a password
    reset token, a password hash or a password policy)."""
    stack = [node]
    seen = 0
    while stack and seen < limit:
        current = stack.pop()
        seen += 1
        text: str | None = None
        if current.type == "identifier":
            text = ctx.text(current)
        elif current.type == "string":
            value = ctx.const(current)
            text = value if isinstance(value, str) and len(value) < 40 else None
        else:
            stack.extend(current.named_children)
        if text is not None:
            parts = set(name_parts(text))
            if parts & _PASSWORD_WORDS and not parts & _NOT_PASSWORD_INPUT:
                return True
    return False


def _hashed_input(ctx: Context, site: CallSite) -> tree_sitter.Node | None:
    """What is hashed: the constructor's data argument, or what `h.update(...)` feeds in later."""
    data = site.arg(1 if site.name == "hashlib.new" else 0, "data") or site.keywords.get("string")
    if data is not None:
        return data
    parent = site.node.parent
    if parent is None or parent.type != "assignment":
        return None
    target = parent.child_by_field_name("left")
    if target is None or target.type != "identifier":
        return None
    scope = ctx.scope_of(site.node)
    update = re.compile(rb"\b" + re.escape(ctx.text(target).encode()) + rb"\.update\(")
    match = update.search(ctx.source, parent.end_byte, scope.end_byte)
    if match is None:
        return None
    call = enclosing(ctx.node_at(match.start(), match.end()), {"call"})
    return None if call is None else ctx.call_site(call).arg(0)


def _hash_purpose(ctx: Context, site: CallSite) -> tuple[str, str] | None:
    """("password" | "signature" | "token" | "checksum", why) for a weak hash call."""
    data = _hashed_input(ctx, site)
    words = set() if data is None else _words_in(ctx, data)
    purpose = Purpose(ctx, site.node)
    context_words = {p for n in purpose.names for p in name_parts(n)}
    function = _enclosing_function(site.node)
    function_name = function.child_by_field_name("name") if function is not None else None
    function_words = set() if function_name is None else set(name_parts(ctx.text(function_name)))
    scope = ctx.scope_of(site.node)
    if ctx.source.find(b"pwned", scope.start_byte, scope.end_byte) >= 0:
        return None  # Have I Been Pwned's k-anonymity API is defined on SHA-1 of the password
    if (data is not None and _mentions_password(ctx, data)) or (
        context_words & _PASSWORD_WORDS and not context_words & _NOT_PASSWORD_TARGET
    ):
        return "password", ""
    if context_words & _CHECKSUM_WORDS:
        return "checksum", ""
    if words & _KEY_WORDS:
        return "signature", "keyed hash (secret + data)"
    if context_words & _SIGNATURE_WORDS:
        return "signature", "signature"
    if any(secret_strength(n) == 2 for n in purpose.names):
        return "signature", "token"
    if function_words & _PASSWORD_WORDS and function_words & {"hash", "check", "verify", "encrypt"}:
        return "password", ""
    if function_words & {"sign", "signature"}:
        return "signature", "signature"
    return None


def _weak_hash_common(
    ctx: Context, site: CallSite, algorithms: frozenset[str] = _WEAK_ALGORITHMS
) -> tuple[str, str] | None:
    if site.has_star_args or site.is_const_keyword("usedforsecurity", "False"):
        return None
    algorithm = _hash_algorithm(ctx, site)
    if algorithm is None or algorithm not in algorithms:
        return None
    if in_test_code(ctx, site.node):
        return None
    return _hash_purpose(ctx, site) or ("", "")


def _compared_with_literal(ctx: Context, node: tree_sitter.Node) -> bool:
    """`sha256(pw).hexdigest() == "5e88..."`: a hard-coded credential, which the backdoor
    rules report; the weak hash is the lesser problem there."""
    value = node
    while value.parent is not None and value.parent.type in {"attribute", "call"}:
        value = value.parent
    parent = value.parent
    return (
        parent is not None
        and parent.type == "comparison_operator"
        and any(c != value and ctx.const(c) is not None for c in parent.named_children)
    )


def _weak_password_hash(ctx: Context, site: CallSite) -> Iterator[Hit]:
    found = _weak_hash_common(ctx, site, _FAST_ALGORITHMS)
    if found is not None and found[0] == "password" and not _compared_with_literal(ctx, site.node):
        yield Hit.at(site.node, name=ctx.text(site.function))


def _sha256_fix(ctx: Context, site: CallSite) -> Fix | None:
    if site.name == "hashlib.new":
        algorithm = site.arg(0, "name")
        return (
            None
            if algorithm is None
            else replace_fix("Use SHA-256", algorithm, '"sha256"', safe=False)
        )
    if site.name in {"hashlib.md5", "hashlib.sha1"} and site.function.type == "attribute":
        attr = site.function.child_by_field_name("attribute")
        if attr is not None:
            return replace_fix("Use SHA-256", attr, "sha256", safe=False)
    return None


def _weak_hash_for_signature(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if site.name in _WEAK_SIGNATURE_HASHES:
        yield from _weak_signature_digest(ctx, site)
        return
    found = _weak_hash_common(ctx, site)
    if found is not None and found[0] == "signature":
        yield Hit.at(
            site.node,
            fix=_sha256_fix(ctx, site),
            name=ctx.text(site.function),
            purpose=found[1],
        )


_HMAC_CALLS = frozenset({"hmac.new", "hmac.HMAC", "hmac.digest"})
_SIGNING = re.compile(r"(?:\b|_)sign(?:s|ed|er|ing|ature)?(?:\b|_)|webhook", re.IGNORECASE)


def _hmac_md5_signature(ctx: Context, site: CallSite) -> Iterator[Hit]:
    """`hmac.new(key, msg, hashlib.md5)` in code that signs: protocols that mandate HMAC-MD5
    (CRAM-MD5, NTLM) do not call it a signature."""
    digest = site.arg(2, "digest" if site.name == "hmac.digest" else "digestmod")
    if digest is None or in_test_code(ctx, site.node):
        return
    if ctx.qualname(digest) != "hashlib.md5" and ctx.const(digest) not in {"md5", "MD5"}:
        return
    scope = ctx.scope_of(site.node)
    if scope.type == "module" or not _SIGNING.search(ctx.text(scope)):
        return
    if digest.type == "attribute":
        attr = digest.child_by_field_name("attribute")
        fix = None if attr is None else replace_fix("Use SHA-256", attr, "sha256", safe=False)
    else:
        fix = replace_fix("Use SHA-256", digest, '"sha256"', safe=False)
    yield Hit.at(site.node, fix=fix, name=ctx.text(site.function), purpose="HMAC-MD5 signature")


def _weak_hash(ctx: Context, site: CallSite) -> Iterator[Hit]:
    found = _weak_hash_common(ctx, site)
    if found is None or found[0] != "" or not (site.name or "").startswith("hashlib."):
        return
    fix = keyword_fix("Mark as not used for security", site, "usedforsecurity", "False", safe=False)
    yield Hit.at(site.node, fix=fix, name=ctx.text(site.function))


_WEAK_SIGNATURE_HASHES = frozenset(
    {"cryptography.hazmat.primitives.hashes.MD5", "cryptography.hazmat.primitives.hashes.SHA1"}
)


def _weak_signature_digest(ctx: Context, site: CallSite) -> Iterator[Hit]:
    """`private_key.sign(data, padding.PKCS1v15(), hashes.SHA1())`."""
    outer = site.node.parent.parent if site.node.parent is not None else None
    if outer is None or outer.type != "call" or in_test_code(ctx, site.node):
        return
    method = ctx.call_site(outer).method
    if method not in {"sign", "signer"}:
        return
    attr = (
        site.function.child_by_field_name("attribute")
        if site.function.type == "attribute"
        else None
    )
    fix = None if attr is None else replace_fix("Use SHA-256", attr, "SHA256", safe=False)
    yield Hit.at(site.node, fix=fix, name=ctx.text(site.function), purpose="digital signature")


# --------------------------------------------------------------------------------------------
# Ciphers, modes and keys (GH603-GH606, GH612)

_CIPHER_PACKAGES = ("Crypto.Cipher.", "Cryptodome.Cipher.")
_BROKEN_PYCRYPTODOME = frozenset({"DES", "DES3", "ARC4", "ARC2", "Blowfish", "CAST", "XOR"})
_ALGORITHMS = (
    "cryptography.hazmat.primitives.ciphers.algorithms.",
    "cryptography.hazmat.decrepit.ciphers.algorithms.",
)
_BROKEN_ALGORITHMS = frozenset({"TripleDES", "ARC4", "Blowfish", "IDEA", "CAST5", "SEED", "RC2"})
_BROKEN_NAMES = frozenset(
    {f"{p}{c}.new" for p in _CIPHER_PACKAGES for c in _BROKEN_PYCRYPTODOME}
    | {f"{p}{a}" for p in _ALGORITHMS for a in _BROKEN_ALGORITHMS}
    | {"pyDes.des", "pyDes.triple_des", "des.DesKey"}
)


def _broken_cipher(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if in_test_code(ctx, site.node):
        return
    yield Hit.at(site.function, name=ctx.text(site.function))


_SINGLE_BLOCK_USES = re.compile(r"wrap|header_protection|cmac|siv|_mask", re.IGNORECASE)


def _ecb_mode(ctx: Context, site: CallSite) -> Iterator[Hit]:
    name = site.name or ""
    if in_test_code(ctx, site.node):
        return
    function = _enclosing_function(site.node)
    function_name = None if function is None else function.child_by_field_name("name")
    if function_name is not None and _SINGLE_BLOCK_USES.search(ctx.text(function_name)):
        return  # RFC 3394 key wrap, QUIC header protection: one block, by design
    if name.endswith("modes.ECB"):
        yield Hit.at(site.node)
        return
    mode = site.arg(1, "mode")
    if mode is not None and (ctx.qualname(mode) or "").endswith(".MODE_ECB"):
        yield Hit.at(mode)


_RSA_LIKE = {
    "cryptography.hazmat.primitives.asymmetric.rsa.generate_private_key": ("RSA", 1, "key_size"),
    "cryptography.hazmat.primitives.asymmetric.dsa.generate_private_key": ("DSA", 0, "key_size"),
    "cryptography.hazmat.primitives.asymmetric.dsa.generate_parameters": ("DSA", 0, "key_size"),
    "cryptography.hazmat.primitives.asymmetric.dh.generate_parameters": ("DH", 1, "key_size"),
    "Crypto.PublicKey.RSA.generate": ("RSA", 0, "bits"),
    "Crypto.PublicKey.DSA.generate": ("DSA", 0, "bits"),
    "Cryptodome.PublicKey.RSA.generate": ("RSA", 0, "bits"),
    "Cryptodome.PublicKey.DSA.generate": ("DSA", 0, "bits"),
    "rsa.newkeys": ("RSA", 0, "nbits"),
}


def _weak_key_size(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if site.method == "generate_key":
        algorithm, index, keyword = "RSA/DSA", 1, "bits"
    else:
        found = _RSA_LIKE.get(site.name or "")
        if found is None:
            return
        algorithm, index, keyword = found
    size = site.arg(index, keyword)
    bits = None if size is None else const_int(ctx.module, size)
    if size is None or bits is None or bits >= 2048 or bits < 256 or in_test_code(ctx, site.node):
        return
    if site.method == "generate_key" and site.name not in _RSA_LIKE:
        kind = site.arg(0, "type")
        if kind is None or not ctx.text(kind).endswith(("TYPE_RSA", "TYPE_DSA")):
            return
    fix = replace_fix("Use a 3072-bit key", size, "3072")
    yield Hit.at(size, fix=fix, algorithm=algorithm, bits=str(bits))


_EC = "cryptography.hazmat.primitives.asymmetric.ec."
_WEAK_EC = {
    f"{_EC}SECP192R1": "SECP256R1",
    f"{_EC}SECT163K1": "SECP256R1",
    f"{_EC}SECT163R2": "SECP256R1",
    f"{_EC}SECP160R1": "SECP256R1",
}
_WEAK_CURVE_STRINGS = frozenset(
    {"p-192", "p192", "nist p-192", "prime192v1", "secp192r1", "nist192p", "secp160r1"}
)
_WEAK_CURVE_NAMES = frozenset({"ecdsa.NIST192p", "ecdsa.curves.NIST192p", "ecdsa.SECP160r1"})


def _weak_curve(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if in_test_code(ctx, site.node):
        return
    if site.name == f"{_EC}generate_private_key":  # ec.generate_private_key(ec.SECP192R1, ...)
        curve_class = site.arg(0, "curve")
        weak = None if curve_class is None else _WEAK_EC.get(ctx.qualname(curve_class) or "")
        if curve_class is not None and weak is not None:
            attr = curve_class.child_by_field_name("attribute")
            fix = None if attr is None else replace_fix("Use P-256", attr, weak)
            yield Hit.at(curve_class, fix=fix, curve=ctx.text(curve_class))
        return
    replacement = _WEAK_EC.get(site.name or "")
    if replacement is not None:
        attr = (
            site.function.child_by_field_name("attribute")
            if site.function.type == "attribute"
            else None
        )
        fix = None if attr is None else replace_fix("Use P-256", attr, replacement)
        yield Hit.at(site.node, fix=fix, curve=ctx.text(site.function))
        return
    curve = site.keywords.get("curve")
    if curve is None:
        return
    value = ctx.const(curve)
    if isinstance(value, str) and value.lower() in _WEAK_CURVE_STRINGS:
        yield Hit.at(curve, fix=replace_fix("Use P-256", curve, '"P-256"'), curve=value)
    elif ctx.qualname(curve) in _WEAK_CURVE_NAMES:
        yield Hit.at(curve, curve=ctx.text(curve))


_KEYED_CONSTRUCTORS = frozenset(
    {
        f"{p}{c}.new"
        for p in _CIPHER_PACKAGES
        for c in (
            "AES",
            "ChaCha20",
            "ChaCha20_Poly1305",
            "Salsa20",
            "DES",
            "DES3",
            "Blowfish",
            "ARC4",
        )
    }
    | {
        f"{p}{a}"
        for p in _ALGORITHMS
        for a in ("AES", "AES128", "AES256", "ChaCha20", "Camellia", "TripleDES", "Blowfish")
    }
    | {
        f"cryptography.hazmat.primitives.ciphers.aead.{a}"
        for a in ("AESGCM", "AESCCM", "AESOCB3", "AESSIV", "ChaCha20Poly1305", "AESGCMSIV")
    }
    | {"cryptography.fernet.Fernet", "nacl.secret.SecretBox", "Crypto.Hash.HMAC.new"}
)


def _hardcoded_key(ctx: Context, site: CallSite) -> Iterator[Hit]:
    key = site.arg(0, "key")
    if key is None or not _is_static(ctx, key) or in_test_code(ctx, site.node):
        return
    if ctx.const(key) in {b"", ""}:
        return
    yield Hit.at(key, name=ctx.text(site.function))


# --------------------------------------------------------------------------------------------
# Constant IVs, nonces and salts (GH607, GH608) and work factors (GH609)

_STATIC_DECODERS = frozenset(
    {"bytes.fromhex", "binascii.unhexlify", "binascii.a2b_hex", "base64.b64decode",
     "base64.b64encode", "base64.urlsafe_b64encode",
     "base64.urlsafe_b64decode", "base64.b16decode", "codecs.decode", "bytes", "bytearray"}
)  # fmt: skip


def _is_static(ctx: Context, node: tree_sitter.Node, depth: int = 0) -> bool:
    """A value fixed in the source: a literal, `bytes(16)`, `"...".encode()`, a constant name."""
    if depth > 3:
        return False
    if ctx.const(node) is not None:
        return True
    kind = node.type
    if kind == "call":
        site = ctx.call_site(node)
        if site.name in _STATIC_DECODERS:
            args = site.args
            return bool(args) and all(_is_static_or_int(ctx, a, depth) for a in args)
        if site.method in {"encode", "digest", "hexdigest"} and site.receiver is not None:
            return _is_static(ctx, site.receiver, depth + 1)
        if (site.name or "").startswith("hashlib.") and site.args:
            return _is_static(ctx, site.args[0], depth + 1)
        return False
    if kind == "identifier":
        values = assigned_values(ctx, node)
        return bool(values) and all(_is_static(ctx, v, depth + 1) for v in values)
    if kind == "parenthesized_expression" and node.named_child_count == 1:
        return _is_static(ctx, node.named_children[0], depth + 1)
    return False


def _is_static_or_int(ctx: Context, node: tree_sitter.Node, depth: int) -> bool:
    if node.type == "integer":
        return True
    if node.type in {"list", "tuple"}:
        return all(c.type == "integer" for c in node.named_children)
    if node.type == "binary_operator":  # bytes([0] * 16)
        return all(_is_static_or_int(ctx, c, depth) for c in node.named_children)
    return _is_static(ctx, node, depth + 1)


_CIPHER_NEW = frozenset(
    {
        f"{p}{c}.new"
        for p in _CIPHER_PACKAGES
        for c in (
            "AES",
            "DES",
            "DES3",
            "Blowfish",
            "CAST",
            "ARC2",
            "ChaCha20",
            "ChaCha20_Poly1305",
            "Salsa20",
        )
    }
)
_MODES = "cryptography.hazmat.primitives.ciphers.modes."
_MODE_NAMES = frozenset(f"{_MODES}{m}" for m in ("CBC", "CFB", "CFB8", "OFB", "CTR", "GCM", "XTS"))
_AEAD = "cryptography.hazmat.primitives.ciphers.aead."
_CRYPTO_PREFIXES = ("Crypto.", "Cryptodome.", "cryptography.", "nacl.")


def _static_iv(ctx: Context, site: CallSite) -> Iterator[Hit]:
    name = site.name or ""
    candidates: list[tuple[tree_sitter.Node | None, str]] = []
    if name in _MODE_NAMES:
        candidates.append(
            (site.arg(0, "nonce" if name.endswith("CTR") else "initialization_vector"), "IV")
        )
        candidates.append((site.keywords.get("tweak"), "tweak"))
    elif name in _CIPHER_NEW:
        candidates.append((site.keywords.get("iv") or site.keywords.get("IV"), "IV"))
        candidates.append((site.keywords.get("nonce"), "nonce"))
        mode = site.arg(1, "mode")
        if (
            mode is not None
            and not (ctx.qualname(mode) or "").endswith(("MODE_ECB", "MODE_CTR"))
            and len(site.args) >= 3
        ):
            candidates.append((site.args[2], "IV"))
    elif site.method in {"encrypt"} and site.receiver is not None and _is_aead(ctx, site.receiver):
        candidates.append((site.arg(0, "nonce"), "nonce"))
    elif name.startswith(_CRYPTO_PREFIXES):
        candidates.append((site.keywords.get("iv"), "IV"))
        candidates.append((site.keywords.get("nonce"), "nonce"))
    for node, what in candidates:
        if node is not None and node.type != "none" and _is_static(ctx, node):
            if in_test_code(ctx, site.node):
                return
            yield Hit.at(node, what=what, name=ctx.text(site.function))
            return


def _is_aead(ctx: Context, receiver: tree_sitter.Node) -> bool:
    if receiver.type == "call":
        return (ctx.call_site(receiver).name or "").startswith(_AEAD)
    if receiver.type == "identifier":
        values = assigned_values(ctx, receiver)
        return any(
            v.type == "call" and (ctx.call_site(v).name or "").startswith(_AEAD) for v in values
        )
    return False


#: salted password-hashing calls: name -> (salt position, salt keyword)
_SALTED = {
    "hashlib.pbkdf2_hmac": (2, "salt"),
    "hashlib.scrypt": (None, "salt"),
    "cryptography.hazmat.primitives.kdf.pbkdf2.PBKDF2HMAC": (2, "salt"),
    "cryptography.hazmat.primitives.kdf.scrypt.Scrypt": (0, "salt"),
    "Crypto.Protocol.KDF.PBKDF2": (1, "salt"),
    "Crypto.Protocol.KDF.scrypt": (1, "salt"),
    "Crypto.Protocol.KDF.bcrypt": (2, "salt"),
    "Cryptodome.Protocol.KDF.PBKDF2": (1, "salt"),
    "Cryptodome.Protocol.KDF.scrypt": (1, "salt"),
    "bcrypt.hashpw": (1, "salt"),
    "bcrypt.kdf": (1, "salt"),
    "argon2.low_level.hash_secret": (1, "salt"),
    "argon2.low_level.hash_secret_raw": (1, "salt"),
    "crypt.crypt": (1, "salt"),
    "passlib.hash.pbkdf2_sha256.using": (None, "salt"),
}


def _static_salt(ctx: Context, site: CallSite) -> Iterator[Hit]:
    index, keyword = _SALTED.get(site.name or "", (None, ""))
    salt = site.arg(index, keyword) if keyword else None
    if (
        salt is None
        or salt.type == "none"
        or not _is_static(ctx, salt)
        or in_test_code(ctx, site.node)
    ):
        return
    yield Hit.at(salt, name=ctx.text(site.function))


#: iteration counts: name -> (position, keyword, minimum, suggestion, unit)
_WORK_FACTORS = {
    "hashlib.pbkdf2_hmac": (3, "iterations", 100_000, "600_000", "iterations"),
    "cryptography.hazmat.primitives.kdf.pbkdf2.PBKDF2HMAC": (
        3,
        "iterations",
        100_000,
        "600_000",
        "iterations",
    ),
    "Crypto.Protocol.KDF.PBKDF2": (3, "count", 100_000, "600_000", "iterations"),
    "Cryptodome.Protocol.KDF.PBKDF2": (3, "count", 100_000, "600_000", "iterations"),
    "bcrypt.gensalt": (0, "rounds", 10, "12", "rounds"),
    "bcrypt.kdf": (3, "rounds", 50, "100", "rounds"),
}


def _low_iterations(ctx: Context, site: CallSite) -> Iterator[Hit]:
    found = _WORK_FACTORS.get(site.name or "")
    if found is None:
        return
    index, keyword, minimum, suggestion, unit = found
    count_node = site.arg(index, keyword)
    count = None if count_node is None else _int_value(ctx, count_node)
    if count_node is None or count is None or count >= minimum or in_test_code(ctx, site.node):
        return
    fix = replace_fix(f"Use {suggestion} {unit}", count_node, suggestion, safe=False)
    yield Hit.at(
        count_node,
        fix=fix,
        name=ctx.text(site.function),
        count=str(count),
        unit=unit,
        minimum=suggestion.replace("_", ","),
    )


def _int_value(ctx: Context, node: tree_sitter.Node) -> int | None:
    value = const_int(ctx.module, node)
    if value is None and node.type == "identifier":
        values = assigned_values(ctx, node)
        if len(values) == 1:
            value = const_int(ctx.module, values[0])
    return value


# --------------------------------------------------------------------------------------------
# `random` and uuid1 for secrets (GH610, GH611)

_RANDOM_FUNCTIONS = frozenset(
    {"random", "randint", "randrange", "choice", "choices", "sample", "getrandbits", "randbytes",
     "shuffle", "uniform"}
)  # fmt: skip
_CHARSET_NAMES = re.compile(r"char|alphabet|letters|digits|symbols|alnum|charset|pool|vocab", re.I)


def _is_charset(ctx: Context, node: tree_sitter.Node | None, depth: int = 0) -> bool:
    """`string.ascii_letters + string.digits`, `"abcdef0123..."`, `chars`: characters to draw."""
    if node is None or depth > 3:
        return False
    value = ctx.const(node)
    if isinstance(value, str):
        return len(value) >= 8
    kind = node.type
    if kind == "attribute":
        if (ctx.qualname(node) or "").startswith("string."):
            return True
        attribute = node.child_by_field_name("attribute")
        spelled = "" if attribute is None else ctx.text(attribute)
        return bool(_CHARSET_NAMES.search(spelled)) and "vocab" not in spelled.lower()
    if kind == "binary_operator":
        return any(_is_charset(ctx, c, depth + 1) for c in node.named_children)
    if kind == "call":
        args = ctx.call_site(node).args
        return len(args) == 1 and _is_charset(ctx, args[0], depth + 1)
    if kind == "identifier":
        if _CHARSET_NAMES.search(ctx.text(node)) and "vocab" not in ctx.text(node).lower():
            return True
        return any(_is_charset(ctx, v, depth + 1) for v in assigned_values(ctx, node))
    return False


def _looks_generated(ctx: Context, site: CallSite, purpose: Purpose) -> bool:
    """The value is built like a secret: random characters, bits or a long numeric code."""
    method = site.method or (site.name or "").rsplit(".", 1)[-1]
    if method in {"getrandbits", "randbytes"}:
        return True
    if method in {"choice", "choices", "sample"}:
        return _is_charset(ctx, site.arg(0, "population" if method != "choice" else "seq"))
    if method in {"randint", "randrange"}:
        upper = site.arg(1, "b" if method == "randint" else "stop") or site.arg(0, "start")
        bound = None if upper is None else _int_value(ctx, upper)
        if bound is None and upper is not None and upper.type == "binary_operator":
            bound = 10**6 if "**" in ctx.text(upper) else None
        return bound is not None and bound >= 999
    return purpose.stringified


_RANDOM_CLASS = "random.Random"
_SELF_ATTRIBUTE = re.compile(r"^self\.(\w+)$")


def _resolves_to(ctx: Context, spelling: str, qualified: str) -> bool:
    head, _, rest = spelling.partition(".")
    resolved = ctx.imports.bindings.get(head)
    return resolved is not None and (f"{resolved}.{rest}" if rest else resolved) == qualified


def _random_instance(ctx: Context, receiver: tree_sitter.Node | None) -> bool:
    """`rng` bound to `random.Random(...)` in the scope, or `self.rng` bound to one in a
    method of the same class: the same Mersenne Twister as the module functions."""
    if receiver is None:
        return False
    if receiver.type == "identifier":
        return bound_call_name(ctx, receiver) == _RANDOM_CLASS
    match = _SELF_ATTRIBUTE.match(ctx.text(receiver)) if receiver.type == "attribute" else None
    owner = enclosing(receiver.parent, {"class_definition"})
    if match is None or owner is None:
        return False
    binding = re.compile(rf"\bself\.{match.group(1)}\s*(?::[^=\n]*)?=\s*([\w.]+)\(")
    return any(
        _resolves_to(ctx, found.group(1), _RANDOM_CLASS)
        for found in binding.finditer(ctx.text(owner))
    )


def _insecure_random_instance(ctx: Context, site: CallSite) -> Iterator[Hit]:
    if site.name is not None and site.name.startswith("random."):
        return  # the module function: the rule's named trigger judges it
    if b"Random(" not in ctx.source:
        return  # no instance anywhere in the module: `.choice()` is someone else's
    if _random_instance(ctx, site.receiver):
        yield from _insecure_random(ctx, site, fixable=False)


def _insecure_random(ctx: Context, site: CallSite, fixable: bool = True) -> Iterator[Hit]:
    purpose = Purpose(ctx, site.node)
    strength, word = purpose.strength()
    if strength == 0 or (strength == 1 and not _looks_generated(ctx, site, purpose)):
        return
    if in_test_code(ctx, site.node):
        return
    yield Hit.at(
        site.node,
        fix=_secrets_fix(ctx, site) if fixable else None,
        name=ctx.text(site.function),
        purpose=_describe(word),
    )


_VERBS = frozenset(
    {"generate", "gen", "make", "create", "new", "get", "build", "random", "rand", "send", "set",
     "for", "to", "issue", "init", "compute", "calc", "calculate"}
)  # fmt: skip


def _describe(word: str) -> str:
    """`make_reset_token` -> `reset token`: what is being made, for the message."""
    parts = [p for p in name_parts(word) if p not in _VERBS]
    return " ".join(parts) if parts else "secret"


def _operand(ctx: Context, node: tree_sitter.Node) -> str:
    text = ctx.text(node)
    return (
        text
        if node.type in {"identifier", "integer", "attribute", "call", "subscript"}
        else f"({text})"
    )


def _secrets_replacement(ctx: Context, site: CallSite) -> str | None:
    method = (site.name or "").rsplit(".", 1)[-1]
    args = [ctx.text(a) for a in site.args]
    keywords = site.keywords
    if site.has_star_args:
        return None
    arguments = site.node.child_by_field_name("arguments")
    inner = "" if arguments is None else ctx.text(arguments)[1:-1]
    if method == "choice" and len(args) == 1 and not keywords:
        return f"secrets.choice({args[0]})"
    if method == "getrandbits" and len(args) == 1 and not keywords:
        return f"secrets.randbits({args[0]})"
    if method == "randbytes" and len(args) == 1 and not keywords:
        return f"secrets.token_bytes({args[0]})"
    if method in {"randint", "randrange"} and not keywords:
        nodes = site.args
        if method == "randrange" and len(nodes) == 1:
            return f"secrets.randbelow({args[0]})"
        if len(nodes) == 2:
            low, high = nodes
            low_value = const_int(ctx.module, low)
            high_value = const_int(ctx.module, high)
            extra = 1 if method == "randint" else 0
            if low_value is not None and high_value is not None:
                size = high_value - low_value + extra
                return f"secrets.randbelow({size})" + (f" + {low_value}" if low_value else "")
            span = f"{_operand(ctx, high)} - {_operand(ctx, low)}" + (" + 1" if extra else "")
            return f"secrets.randbelow({span}) + {_operand(ctx, low)}"
    if method == "choices" and args and set(keywords) <= {"k"} and len(args) == 1:
        count = ctx.text(keywords["k"]) if "k" in keywords else "1"
        return f"[secrets.choice({args[0]}) for _ in range({count})]"
    return f"secrets.SystemRandom().{method}({inner})"


def _secrets_fix(ctx: Context, site: CallSite) -> Fix | None:
    text = _secrets_replacement(ctx, site)
    imports = import_edits(ctx, "secrets")
    if text is None or imports is None:
        return None
    parent = site.node.parent
    if " + " in text and parent is not None and parent.type in {
        "binary_operator", "unary_operator", "attribute", "subscript", "comparison_operator",
        "boolean_operator", "not_operator",
    }:  # fmt: skip
        text = f"({text})"
    edit = Edit(site.node.start_byte, site.node.end_byte, text)
    return Fix("Use the `secrets` module", (edit, *imports), safe=True)


def _uuid1_secret(ctx: Context, site: CallSite) -> Iterator[Hit]:
    purpose = Purpose(ctx, site.node)
    strength, word = purpose.strength()
    if strength == 0 or in_test_code(ctx, site.node):
        return
    fix = None
    if site.function.type == "attribute" and not site.args and not site.keywords:
        attr = site.function.child_by_field_name("attribute")
        if attr is not None:
            fix = replace_fix("Use uuid4 (random)", attr, "uuid4")
    yield Hit.at(site.node, fix=fix, purpose=_describe(word))


# --------------------------------------------------------------------------------------------
# Timing-unsafe comparison of MACs (GH613)


def _timing_unsafe_compare(ctx: Context, site: CallSite) -> Iterator[Hit]:
    value = site.node
    # hmac.new(...).hexdigest() / .digest()
    while value.parent is not None and value.parent.type in {"attribute", "call"}:
        wrapper = value.parent
        if wrapper.type == "attribute":
            attr = wrapper.child_by_field_name("attribute")
            if attr is None or ctx.text(attr) not in {"hexdigest", "digest"}:
                break
        value = wrapper
    value = _prefixed_digest(ctx, value)
    comparisons: list[tuple[tree_sitter.Node, tree_sitter.Node]] = []
    parent = value.parent
    if parent is not None and parent.type == "comparison_operator":
        comparisons.append((parent, value))
    elif parent is not None and parent.type == "assignment":
        left = parent.child_by_field_name("left")
        if left is not None and left.type == "identifier":
            comparisons.extend(_comparisons_of(ctx, left, parent))
    for comparison, _ in comparisons:
        hit = _comparison_hit(ctx, comparison)
        if hit is not None:
            yield hit


def _prefixed_digest(ctx: Context, value: tree_sitter.Node) -> tree_sitter.Node:
    """`"sha256=" + digest` or `f"v1={digest}"`: the header form of the MAC is still the MAC."""
    while value.parent is not None:
        parent = value.parent
        if parent.type == "parenthesized_expression" or (
            parent.type == "binary_operator" and "+" in {c.type for c in parent.children}
        ):
            value = parent
        elif parent.type == "interpolation" and parent.parent is not None:
            value = parent.parent  # the f-string
        else:
            break
    return value


_COMPARISON = tree_sitter.Query(LANGUAGE, "(comparison_operator) @cmp")


def _comparisons_of(
    ctx: Context, name: tree_sitter.Node, assignment: tree_sitter.Node
) -> list[tuple[tree_sitter.Node, tree_sitter.Node]]:
    """Comparisons after the assignment that use the variable (or its `.hexdigest()`)."""
    scope = ctx.scope_of(name)
    text = ctx.text(name)
    cursor = tree_sitter.QueryCursor(_COMPARISON)
    cursor.set_byte_range(assignment.end_byte, scope.end_byte)
    found = []
    for node in cursor.captures(scope).get("cmp", []):
        if ctx.scope_of(node) != scope:
            continue
        for operand in node.named_children:
            inner = operand
            while inner.type in {"call", "attribute"}:
                nxt = inner.child_by_field_name("function" if inner.type == "call" else "object")
                if nxt is None:
                    break
                inner = nxt
            if inner.type == "identifier" and ctx.text(inner) == text:
                found.append((node, operand))
                break
    return found


def _comparison_hit(ctx: Context, comparison: tree_sitter.Node) -> Hit | None:
    operands = comparison.named_children
    operators = [c for c in comparison.children if not c.is_named]
    if len(operands) != 2 or len(operators) != 1 or operators[0].type not in {"==", "!="}:
        return None
    left, right = operands
    if any(
        o.type in {"none", "true", "false", "integer"} or ctx.const(o) is not None for o in operands
    ):
        return None
    if in_test_code(ctx, comparison):
        return None
    operator = operators[0].type
    fix = None
    imports = import_edits(ctx, "hmac")
    if imports is not None:
        call = f"hmac.compare_digest({ctx.text(left)}, {ctx.text(right)})"
        text = call if operator == "==" else f"not {call}"
        parent = comparison.parent
        if operator == "!=" and parent is not None and parent.type not in {
            "if_statement", "elif_clause", "while_statement", "assert_statement",
            "parenthesized_expression", "return_statement", "assignment",
        }:  # fmt: skip
            text = f"({text})"
        edit = Edit(comparison.start_byte, comparison.end_byte, text)
        fix = Fix("Compare with hmac.compare_digest", (edit, *imports), safe=False)
    return Hit.at(comparison, fix=fix, operator=operator)


# --------------------------------------------------------------------------------------------

RULES = [
    CallRule(WEAK_PASSWORD_HASH, _weak_password_hash, names=_HASH_NAMES),
    CallRule(
        WEAK_HASH_FOR_SIGNATURE,
        _weak_hash_for_signature,
        names=_HASH_NAMES | _WEAK_SIGNATURE_HASHES,
    ),
    CallRule(WEAK_HASH_FOR_SIGNATURE, _hmac_md5_signature, names=_HMAC_CALLS),
    CallRule(WEAK_HASH, _weak_hash, names=_HASH_NAMES),
    CallRule(BROKEN_CIPHER, _broken_cipher, names=_BROKEN_NAMES),
    CallRule(
        ECB_MODE,
        _ecb_mode,
        names=frozenset({f"{p}AES.new" for p in _CIPHER_PACKAGES} | {f"{_MODES}ECB"})
        | frozenset(
            f"{p}{c}.new"
            for p in _CIPHER_PACKAGES
            for c in ("DES3", "Blowfish", "CAST", "DES", "ARC2")
        ),
    ),
    CallRule(
        WEAK_KEY_SIZE,
        _weak_key_size,
        names=frozenset(_RSA_LIKE),
        methods=frozenset({"generate_key"}),
    ),
    CallRule(
        WEAK_CURVE,
        _weak_curve,
        names=frozenset(_WEAK_EC)
        | frozenset(
            {
                f"{_EC}generate_private_key",
                "ecdsa.SigningKey.generate",
                "Crypto.PublicKey.ECC.generate",
                "Cryptodome.PublicKey.ECC.generate",
            }
        ),
    ),
    CallRule(
        STATIC_IV,
        _static_iv,
        names=_MODE_NAMES | _CIPHER_NEW,
        methods=frozenset({"encrypt"}),
        keywords=frozenset({"iv", "nonce"}),
    ),
    CallRule(STATIC_SALT, _static_salt, names=frozenset(_SALTED)),
    CallRule(LOW_KDF_ITERATIONS, _low_iterations, names=frozenset(_WORK_FACTORS)),
    CallRule(
        INSECURE_RANDOM,
        _insecure_random,
        names=frozenset(f"random.{f}" for f in _RANDOM_FUNCTIONS),
    ),
    CallRule(INSECURE_RANDOM, _insecure_random_instance, methods=_RANDOM_FUNCTIONS),
    CallRule(UUID1_SECRET, _uuid1_secret, names=frozenset({"uuid.uuid1"})),
    CallRule(HARDCODED_CIPHER_KEY, _hardcoded_key, names=_KEYED_CONSTRUCTORS),
    CallRule(
        TIMING_UNSAFE_COMPARE,
        _timing_unsafe_compare,
        names=_HMAC_CALLS,
    ),
]
