"""Two instances on one Redis keep their own task queues: broker keys carry the instance's prefix."""

import pytest
from celery import Celery
from django.conf import settings

from config.celery import app as omnistore
from tests.throwaway import ThrowawayRedis


@pytest.fixture
def redis_server():
    server = ThrowawayRedis().start()
    yield server
    server.stop()


def instance(url: str, prefix: str) -> Celery:
    app = Celery(f"omnistore-{prefix}", broker=url, set_as_current=False)
    app.conf.broker_transport_options = {"global_keyprefix": f"{prefix}:"}
    return app


def test_the_broker_prefix_is_the_cache_prefix_by_default():
    assert omnistore.conf.broker_transport_options["global_keyprefix"] == f"{settings.CACHE_KEY_PREFIX}:"


def test_an_instance_does_not_receive_the_tasks_of_another(redis_server):
    shop_a, shop_b = instance(redis_server.url, "shop-a"), instance(redis_server.url, "shop-b")

    shop_a.send_task("core.tasks.outbox_send", args=(1,))

    with shop_b.connection_for_read() as connection:
        queue = connection.SimpleQueue("celery")
        with pytest.raises(queue.Empty):
            queue.get(timeout=0.5)
    with shop_a.connection_for_read() as connection:
        message = connection.SimpleQueue("celery").get(timeout=5)
        assert message.headers["task"] == "core.tasks.outbox_send"
        message.ack()
