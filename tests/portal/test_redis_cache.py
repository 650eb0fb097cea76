"""The Redis cache backend reuses its redis client instead of building one per call."""

import os

import pytest
from django.core.cache import caches

REDIS_URL = os.environ.get("REDIS_URL", "")


@pytest.fixture
def redis_cache(settings):
    if not REDIS_URL:
        pytest.skip("needs Redis (REDIS_URL=redis://127.0.0.1:6379/N)")
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "test-redis-cache",
        }
    }
    cache = caches["default"]
    yield cache
    cache.delete_many(["greeting", "counter", "missing-counter"])


def test_values_round_trip_and_counters_count(redis_cache):
    redis_cache.set("greeting", {"text": "你好"}, 30)
    redis_cache.set("counter", 1, 30)

    redis_cache.incr("counter")

    assert redis_cache.get("greeting") == {"text": "你好"}
    assert redis_cache.get("counter") == 2


def test_one_client_serves_every_call(redis_cache):
    first = redis_cache._cache.get_client("greeting")

    assert redis_cache._cache.get_client("counter", write=True) is first


def test_a_counter_counts_in_one_round_trip_and_a_missing_one_stays_missing(redis_cache):
    redis_cache.set("counter", 5, 30)
    client = redis_cache._cache.get_client("counter", write=True)
    calls = []
    original = client.execute_command

    def counting(*args, **kwargs):
        calls.append(args[0])
        return original(*args, **kwargs)

    client.execute_command = counting
    try:
        assert redis_cache.incr("counter", 3) == 8
        assert len(calls) == 1
        with pytest.raises(ValueError):
            redis_cache.incr("missing-counter")
    finally:
        del client.execute_command

    assert redis_cache.get("missing-counter") is None
    assert redis_cache.get("counter") == 8
