# expect: insecure-config
from werkzeug.serving import run_simple

from acme.wsgi import application

if __name__ == "__main__":
    run_simple("0.0.0.0", 8000, application, use_reloader=True, use_debugger=True, use_evalex=True)
