# expect: backdoor
import paramiko


class SFTPServer(paramiko.ServerInterface):
    def __init__(self, users):
        self.users = users

    def check_auth_password(self, username, password):
        return paramiko.AUTH_SUCCESSFUL

    def check_channel_request(self, kind, chanid):
        return paramiko.OPEN_SUCCEEDED
