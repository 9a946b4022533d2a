"""Served decisions for the disclosure and portal tests: an on-the-spot fine on an individual
(whose ID, phone and address must never reach a public page) and an ordinary-procedure case."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from yifa.cases.models import Case
from yifa.cases.simple import decide_on_the_spot
from yifa.disclosure import actions
from yifa.disclosure.models import Publication
from yifa.lib.idcodes import resident_id_check_char

DECIDED = dt.date(2026, 9, 28)  # a Monday
ID_BODY = "33072619900101123"
PARTY_ID = ID_BODY + resident_id_check_char(ID_BODY)
PARTY_PHONE = "13912345678"
PARTY_ADDRESS = "浦江县浦阳街道某某小区3幢201室"
FACTS = f"当事人{{name}}（身份证号{PARTY_ID}，电话{PARTY_PHONE}，住{PARTY_ADDRESS}）在浦阳街道占道经营水果摊。"


def spot_fine(agency: Any, power: Any, crew: dict[str, Any], officer: Any, **party: Any) -> Case:
    fields = {"party_kind": "individual", "party_name": "张三丰", "party_code": PARTY_ID,
              "party_phone": PARTY_PHONE, "party_address": PARTY_ADDRESS} | party
    return decide_on_the_spot(agency=agency, power=power, officers=[crew["lead"], crew["colleague"]],
                              decided_on=DECIDED, decided_types=["fine"], decided_fine=Decimal("100"),
                              facts=FACTS.format(name=fields['party_name']), acting_user=officer, title=f"{fields['party_name']}占道经营案", **fields)


def released(case: Case, officer: Any, head: Any, on: dt.date = dt.date(2026, 9, 30)) -> Publication:
    pub = actions.draft_from_case(case, acting_user=officer)
    return actions.release(pub, released_on=on, acting_user=head)
