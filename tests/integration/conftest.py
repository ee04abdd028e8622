"""Point this process's Celery app at a test's own Redis server.

Careful: the app reads Django settings with ``namespace="CELERY"``, so its config keys
are ``CELERY_BROKER_URL`` etc.; ``app.conf.broker_url = url`` is silently ignored.
"""
import contextlib

import pytest

# What base.py sets for a Redis broker, plus ``max_retries: 0``: without it, every
# publish while Redis is down spends CELERY_BROKER_CONNECTION_TIMEOUT (2 s) in kombu's
# connect-retry loop (``Connection.default_channel``), so a broadcast to N users blocks
# the request for about 2·N seconds. ``task_publish_retry=False`` does not cover this.
REDIS_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5, "max_retries": 0}


def reset_publisher(app) -> None:
    """Drop the app's cached connection and producer pools (they hold broker connections)."""
    pool = app._pool
    app._pool = None
    with contextlib.suppress(AttributeError, KeyError):
        app.__dict__["amqp"]._producer_pool = None
    if pool is not None:
        with contextlib.suppress(Exception):
            pool.force_close_all()


def _key(app, name: str) -> str:
    return f"{app.namespace}_{name.upper()}" if app.namespace else name


@contextlib.contextmanager
def celery_publishing_to(broker_url: str, transport_options: dict | None = None):
    """Publish this process's tasks to ``broker_url`` (the web process's side of the broker)."""
    from django.conf import settings

    from integrity_portal.celery import app

    conf = app.conf
    keys = [_key(app, name) for name in ("broker_url", "broker_transport_options")]
    saved = {key: conf.get(key) for key in keys}
    options = {**getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {})}
    for name, value in (transport_options or REDIS_TRANSPORT_OPTIONS).items():
        options.setdefault(name, value)
    conf.update({keys[0]: broker_url, keys[1]: options})
    reset_publisher(app)
    assert app.connection_for_write().as_uri().startswith(broker_url.rsplit("/", 1)[0]), "override not applied"
    try:
        yield app
    finally:
        reset_publisher(app)
        conf.update(saved)


@pytest.fixture
def celery_publisher(redis_server):
    """This process's Celery app, publishing to ``redis_server``."""
    with celery_publishing_to(redis_server.url) as app:
        yield app
