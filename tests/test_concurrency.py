"""Several writers on one agency's chain at once: no lost or forked links.

Runs on whichever database the suite targets (SQLite in `make test`, PostgreSQL in CI).
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from yifa.audit.chain import verify
from yifa.audit.models import AuditEvent
from yifa.registry.actions import create_record
from yifa.registry.models import Unit


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_keep_one_unbroken_chain(head_a, agency_a, agency_b, supervisor):
    def write(worker: int) -> int:
        try:
            for i in range(8):
                agency = agency_a if (worker + i) % 3 else agency_b
                create_record(Unit, {"agency": agency, "name": f"并发{worker}-{i}"}, acting_user=supervisor)
            return 8
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert sum(pool.map(write, range(4))) == 32
    assert Unit.objects.filter(name__startswith="并发").count() == 32
    for agency in (agency_a, agency_b):
        seqs = list(AuditEvent.objects.filter(chain=f"agency:{agency.pk}").order_by("seq").values_list("seq", flat=True))
        assert seqs == list(range(1, len(seqs) + 1))
    verdict = verify()
    assert verdict.ok
    assert verdict.count == 32
