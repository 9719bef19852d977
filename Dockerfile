# The shop's image: every process of the Procfile runs from it (compose.yaml says which).
# Multi-stage: the virtualenv is built in the first stage (where build tools could be added
# for a package without a wheel); the final image has only Python, the virtualenv and the
# code, and runs as an unprivileged user.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /venv
COPY requirements.txt /tmp/requirements.txt
RUN /venv/bin/pip install -r /tmp/requirements.txt

FROM python:3.11-slim
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    GUNICORN_BIND=0.0.0.0:8000
RUN useradd --system --create-home --uid 10001 --home-dir /home/shop shop
COPY --from=build /venv /venv
WORKDIR /app
COPY wsgi.py gunicorn.conf.py Procfile ./
COPY storefront ./storefront
COPY templates ./templates
COPY static ./static
COPY migrations ./migrations
RUN mkdir -p /app/instance && chown shop:shop /app/instance
USER shop
EXPOSE 8000
# The web process's liveness; compose.yaml gives the other processes checks of their own.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["gunicorn"]
