"""A Redis cache that degrades to misses when Redis is unreachable."""
import logging

from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)


def _guard(name, fallback):
    def method(self, *args, **kwargs):
        try:
            return getattr(super(ResilientRedisCache, self), name)(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - any Redis failure is a cache miss
            logger.warning("cache %s failed, continuing without cache: %s", name, exc)
            return fallback() if callable(fallback) else fallback

    method.__name__ = name
    return method


class ResilientRedisCache(RedisCache):
    get = _guard("get", None)
    get_many = _guard("get_many", dict)
    set = _guard("set", None)
    set_many = _guard("set_many", list)
    add = _guard("add", False)
    touch = _guard("touch", False)
    delete = _guard("delete", False)
    delete_many = _guard("delete_many", None)
    has_key = _guard("has_key", False)
    clear = _guard("clear", False)

    def get_or_set(self, key, default, timeout=None, version=None):
        value = self.get(key, version=version)
        if value is None:
            value = default() if callable(default) else default
            self.set(key, value, timeout=timeout, version=version)
        return value
