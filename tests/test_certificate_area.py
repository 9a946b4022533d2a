"""Issue 9 item 2: a certificate's area is stored as region codes (GB/T 2260), resolved only
against the region tree, refused at entry when it cannot be resolved (form, API, Excel import
all through the action), compared by code on a case and a coercive measure; the data migration
converts stored names and flags the ones it cannot resolve."""

from __future__ import annotations

import datetime as dt
import io
from contextlib import redirect_stdout
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.urls import reverse

from tests.conftest import client_for, make_officer
from tests.helpers import assert_unchanged
from tests.test_case_gates import Flow, refused
from tests.test_case_gates import flow as flow  # the penalty-case fixture (re-exported for pytest)
from tests.test_coercion import VIDEO
from tests.test_transfer import import_fails, officer_row, write
from yifa.cases.models import Status
from yifa.coercion import actions as coercion
from yifa.lib.errors import ActionError
from yifa.lib.idcodes import resident_id_check_char
from yifa.registry.actions import create_record, update_record
from yifa.registry.models import Officer, Region
from yifa.registry.regions import Node, Tree, covers, resolve_area
from yifa.transfer.kinds import OFFICERS

pytestmark = pytest.mark.django_db
D = dt.date
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
RID = "33072619900101001" + resident_id_check_char("33072619900101001")

TREE = Tree.of([
    Node("330000", "浙江省", "330000/"),
    Node("330700", "金华市", "330000/330700/"),
    Node("330726", "浦江县", "330000/330700/330726/"),
    Node("330723", "武义县", "330000/330700/330723/"),
    Node("330100", "杭州市", "330000/330100/"),
    Node("330726001", "城关镇", "330000/330700/330726/330726001/"),
    Node("330723001", "城关镇", "330000/330700/330723/330723001/"),
])
NO_WUYI = Tree.of([n for n in TREE.by_code.values() if n.name != "武义县" and not n.code.startswith("330723")])


@pytest.mark.parametrize(("text", "codes"), [
    ("浦江县", ("330726",)),
    ("金华市浦江县", ("330726",)),
    ("浙江省金华市浦江县", ("330726",)),
    ("浙江省浦江县", ("330726",)),            # a level may be left out, the order may not
    ("金华市武义县", ("330723",)),
    ("武义县、浦江县", ("330723", "330726")),
    ("330726", ("330726",)),
    (" 金华市 ", ("330700",)),
    ("浦江县城关镇", ("330726001",)),
])
def test_names_resolve_against_the_tree(text, codes):
    assert resolve_area(text, TREE).codes == codes
    assert resolve_area(text, TREE).ok


@pytest.mark.parametrize("text", [
    "金华市武义县",   # 武义县 unknown to this tree: never read as 金华市
    "武义县",
    "义乌市",
    "杭州市浦江县",   # 浦江县 is not under 杭州市
    "浦江县金华市",   # upside down
    "999999",
    "",
])
def test_unknown_wrong_or_ambiguous_names_do_not_resolve(text):
    assert not resolve_area(text, NO_WUYI).ok
    assert resolve_area(text, NO_WUYI).codes == () or text == ""


def test_an_ambiguous_name_is_not_guessed():
    assert resolve_area("城关镇", TREE).unresolved == ("城关镇",)  # two regions of that name
    assert resolve_area("武义县城关镇", TREE).codes == ("330723001",)


def test_city_covers_its_counties_and_a_county_not_its_neighbour():
    pujiang = TREE.by_code["330726"].path
    assert covers(["330700"], pujiang, TREE)
    assert covers(["330000"], pujiang, TREE)
    assert covers(["330726"], pujiang, TREE)
    assert not covers(["330723"], pujiang, TREE)
    assert not covers(["330726001"], pujiang, TREE)  # a township's certificate does not cover the county
    assert not covers([], pujiang, TREE)


# --- entering a certificate ---------------------------------------------------------------------

def officer_data(agency: Any, area: str) -> dict[str, Any]:
    return {"agency": agency, "name": "赵六", "resident_id": RID, "certificate_no": "浙C330726777",
            "issuing_authority": "浙江省人民政府", "area": area, "valid_from": D(2025, 1, 1),
            "valid_until": D(2029, 12, 31)}


def test_action_stores_codes_and_refuses_an_unresolvable_area(county, agency_a, head_a):
    with assert_unchanged(), pytest.raises(ActionError) as refusal:
        create_record(Officer, officer_data(agency_a, "金华市武义县"), acting_user=head_a)
    assert refusal.value.field == "area"
    assert "金华市武义县" in refusal.value.zh
    assert "GB/T 2260" in refusal.value.zh
    assert "行政处罚法第四十二条" in refusal.value.zh
    officer = create_record(Officer, officer_data(agency_a, "金华市浦江县"), acting_user=head_a)
    assert (officer.area_codes, officer.area_unresolved) == (["330726"], False)
    officer = update_record(officer, {"area": "金华市"}, acting_user=head_a)
    assert Officer.objects.get(pk=officer.pk).area_codes == ["330700"]
    with assert_unchanged(), pytest.raises(ActionError):
        update_record(Officer.objects.get(pk=officer.pk), {"area": "金华市义乌市"}, acting_user=head_a)


def test_api_and_form_refuse_an_unresolvable_area(county, agency_a, head_a):
    body = {"name": "赵六", "certificate_no": "浙C330726009", "issuing_authority": "浙江省人民政府",
            "area": "金华市武义县", "field": "市场监管", "valid_from": "2025-01-01", "valid_until": "2029-12-31",
            "is_legal_reviewer": False, "unit_id": None, "post_id": None, "agency_id": agency_a.pk,
            "resident_id": RID}
    with assert_unchanged():
        response = client_for(head_a).post("/api/registry/officers", body, content_type="application/json")
        assert response.status_code == 400
        assert response.json()["field"] == "area"
        form = client_for(head_a).post(reverse("registry:officer-new"), {
            "agency": agency_a.pk, "name": "赵六", "resident_id": RID, "certificate_no": "浙C330726999",
            "issuing_authority": "浙江省人民政府", "area": "金华市武义县", "valid_from": "2024-01-01",
            "valid_until": "2028-01-01"})
        assert form.status_code == 400
        assert "GB/T 2260" in form.content.decode()
    created = client_for(head_a).post("/api/registry/officers", body | {"area": "浦江县"}, content_type="application/json")
    assert created.status_code == 201, created.content.decode()
    assert Officer.objects.get(certificate_no="浙C330726009").area_codes == ["330726"]


def test_excel_import_refuses_an_unresolvable_area(county, agency_a, head_a, tmp_path: Path):
    headers = OFFICERS.headers
    path = write(tmp_path / "new.xlsx", headers, [officer_row(headers, 执法区域="金华市武义县")])
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, tzinfo=SHANGHAI), tick=False), assert_unchanged():
        _, report = import_fails("officers", path, head_a)
    assert "金华市武义县" in report
    assert "GB/T 2260" in report


# --- on a case and on a coercive measure -----------------------------------------------------------

def test_city_prefixed_other_county_unknown_to_the_table_is_refused_on_a_case(flow: Flow):
    """The defect: 武义县 not in the region table, "金华市武义县" fell back to 金华市 and was accepted."""
    assert not Region.objects.filter(name="武义县").exists()
    second = make_officer(flow.agency, "赵磊", 21, area="金华市武义县")
    assert (second.area_codes, second.area_unresolved) == ([], True)
    case = flow.register()
    err = refused(ActionError, "第四十二条", case, lambda: flow.open(case, officers=[flow.crew["lead"], second]))
    assert "赵磊" in err.zh


def test_county_certificate_refused_on_a_neighbour_county_case_city_certificate_accepted(flow: Flow, other_county):
    wuyi = make_officer(flow.agency, "赵磊", 21, area="武义县")
    assert wuyi.area_codes == ["330723"]
    case = flow.register()
    refused(ActionError, "第四十二条", case, lambda: flow.open(case, officers=[flow.crew["lead"], wuyi]))
    city = make_officer(flow.agency, "钱多", 22, area="金华市")
    assert flow.open(flow.register(), officers=[flow.crew["lead"], city]).status == Status.OPENED


def test_coercive_measure_compares_codes(agency_a, crew_a, officer_a, head_a, other_county, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    wuyi = make_officer(agency_a, "赵磊", 21, area="金华市武义县")
    city = make_officer(agency_a, "钱多", 22, area="金华市")
    with time_machine.travel(dt.datetime(2026, 9, 29, 10, tzinfo=SHANGHAI), tick=False):
        m = coercion.approve_measure(coercion.propose_measure(
            agency=agency_a, kind="detention", items="过期食品", reason="涉嫌", party_name="某店", acting_user=officer_a),
            approve=True, acting_user=head_a)
        with assert_unchanged(), pytest.raises(ActionError, match="赵磊的执法区域") as refusal:
            coercion.execute_measure(m, started_on=D(2026, 9, 29), officers=[crew_a["lead"], wuyi], av_record=VIDEO,
                                     acting_user=officer_a)
        assert "第十八条第（二）项" in refusal.value.zh
        m = coercion.execute_measure(m, started_on=D(2026, 9, 29), officers=[crew_a["lead"], city], av_record=VIDEO,
                                     acting_user=officer_a)
    assert m.status == "in_force"


# --- the data migration -----------------------------------------------------------------------------

def test_data_migration_converts_stored_names_and_flags_the_rest(county, agency_a, other_county):
    good = make_officer(agency_a, "甲", 41, area="浙江省金华市浦江县")
    city = make_officer(agency_a, "乙", 42, area="金华市")
    bad = make_officer(agency_a, "丙", 43, area="金华市东阳市")
    Officer.objects.update(area_codes=[], area_unresolved=False)  # as stored before the migration
    out = io.StringIO()
    with redirect_stdout(out):
        import_module("yifa.registry.migrations.0003_convert_officer_areas").convert(apps, None)
    rows = {o.pk: (o.area_codes, o.area_unresolved) for o in Officer.objects.all()}
    assert rows[good.pk] == (["330726"], False)
    assert rows[city.pk] == (["330700"], False)
    assert rows[bad.pk] == ([], True)
    assert "浙C3307262043：金华市东阳市" in out.getvalue()
    assert list(Officer.objects.filter(area_unresolved=True)) == [bad]


def test_unresolved_area_is_flagged_in_the_registry(county, agency_a, supervisor):
    bad = make_officer(agency_a, "丙", 43, area="金华市东阳市")
    good = make_officer(agency_a, "甲", 41, area="浦江县")
    client = client_for(supervisor)
    listing = client.get(reverse("registry:officer-list")).content.decode()
    assert listing.count('data-testid="area-unresolved"') == 1
    assert 'data-testid="area-unresolved"' in client.get(reverse("registry:officer-detail", args=[bad.pk])).content.decode()
    assert "330726" in client.get(reverse("registry:officer-detail", args=[good.pk])).content.decode()
