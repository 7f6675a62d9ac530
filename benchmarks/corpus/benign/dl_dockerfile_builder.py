# lookalike: download-and-execute
DOCKERFILE = """\
FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . /app
WORKDIR /app
CMD ["gunicorn", "app:app", "--bind", "0.0.0.0:8000"]
"""


def write_dockerfile(path: str = "Dockerfile") -> None:
    with open(path, "w") as fh:
        fh.write(DOCKERFILE)
