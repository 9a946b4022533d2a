"""Demo logins of field staff are linked to their certified officer records."""

from io import StringIO

import pytest
from django.core.management import call_command

from yifa.accounts.models import User


@pytest.mark.django_db
def test_field_logins_are_certified_officers_of_their_agency():
    call_command("demo", "--seed", "7", stdout=StringIO())
    for username in ("shijian_zhifa", "shijian_fazhi", "zongzhi_zhifa"):
        user = User.objects.select_related("officer").get(username=username)
        assert user.officer is not None
        assert user.officer.agency_id == user.agency_id
        assert user.officer.name == user.display_name
    assert User.objects.get(username="shijian_fazhi").officer.is_legal_reviewer
    assert User.objects.get(username="sifaju").officer is None
