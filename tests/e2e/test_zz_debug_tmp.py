import threading
import pytest
from django.db import connection, connections
from greenlist.models import Authority

def info(tag):
    c = connections["default"]
    print(f"\n{tag}: id={id(c)} has={hasattr(c, '_test_serialized_contents')} n={Authority.objects.count()} thread={threading.current_thread().name}")

@pytest.mark.django_db
def test_a_plain():
    info("plain")

@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_b_tx1(live_server, page):
    info("tx1-start")
    page.goto(live_server.url + "/lists/")
    info("tx1-end")

@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_c_tx2(live_server):
    info("tx2")
