# lookalike: insecure-config
"""Container entry point: the service must listen on all interfaces inside the pod."""
import os

import uvicorn

if __name__ == "__main__":
    uvicorn.run("acme.api:app", host="0.0.0.0", port=int(os.environ.get("PORT", "8000")), proxy_headers=True)
