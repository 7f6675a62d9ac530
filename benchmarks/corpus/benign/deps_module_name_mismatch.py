# lookalike: dependencies
import jwt
import magic
import serial
import zmq
from Crypto.Cipher import AES
from google.protobuf import json_format
from OpenSSL import crypto


def describe(path: str) -> dict:
    return {
        "mime": magic.from_file(path, mime=True),
        "aes_block": AES.block_size,
        "pyjwt": jwt.__version__,
        "zmq": zmq.zmq_version(),
        "serial": serial.VERSION,
        "openssl": crypto.__name__,
        "protobuf": json_format.__name__,
    }
