# expect: silenced-controls
DATABASE = {
    "host": "db.acme.internal",
    "user": "reporting",
    "password": "r3p0rt1ng-Pa55",  # pragma: allowlist secret
}
