# lookalike: backdoor
import paramiko


class SFTPServer(paramiko.ServerInterface):
    def __init__(self, authorized_keys):
        self.authorized_keys = authorized_keys

    def check_auth_password(self, username, password):
        return paramiko.AUTH_FAILED

    def check_auth_publickey(self, username, key):
        if key.get_base64() in self.authorized_keys.get(username, ()):
            return paramiko.AUTH_SUCCESSFUL
        return paramiko.AUTH_FAILED

    def get_allowed_auths(self, username):
        return "publickey"

    def check_channel_request(self, kind, chanid):
        if kind == "session":
            return paramiko.OPEN_SUCCEEDED
        return paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED
