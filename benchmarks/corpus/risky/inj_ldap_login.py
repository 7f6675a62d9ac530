# expect: injection
import ldap

from flask import request


def ldap_authenticate():
    username = request.form["username"]
    conn = ldap.initialize("ldap://ldap.acme.local")
    result = conn.search_s("ou=people,dc=acme,dc=local", ldap.SCOPE_SUBTREE, f"(&(uid={username})(objectClass=person))")
    return bool(result)
