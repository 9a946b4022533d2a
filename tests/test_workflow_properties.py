"""Random sequences of steps on every procedure of the workflow core, taken by random members of
the cast: only the transitions the declaration allows succeed; each success writes exactly one
step record and one audit event for the step and bumps the version; each refusal changes
nothing at all (every yifa table)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import CASE_FIELDS
from tests.helpers import assert_unchanged
from tests.test_enforcement import enforcement_power  # noqa: F401 -- fixture
from tests.test_licensing import power_a, receive  # noqa: F401 -- the licensing item fixture
from tests.test_randomcheck import directory, pool  # noqa: F401 -- fixtures
from yifa.audit.models import AuditEvent
from yifa.cases import actions as case_actions
from yifa.cases.procedure import PENALTY
from yifa.coercion import actions as coercion_actions
from yifa.coercion.procedure import MEASURES
from yifa.evidence.actions import add_evidence
from yifa.inspections.actions import record_inspection
from yifa.inspections.procedure import INSPECTIONS
from yifa.lib.errors import ActionError
from yifa.licensing.procedure import LICENSING
from yifa.workflow.steps import Procedure

pytestmark = pytest.mark.django_db
D = dt.date
VIDEO = b"\x00\x00\x00\x18ftypisom" + b"\x00" * 64  # an MP4 header: enough for the type check
PROPERTY = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def penalty_inputs(crew: dict[str, Any], day: dt.date) -> dict[str, dict[str, Any]]:
    officers = {"officers": [crew["lead"], crew["colleague"]], "lead": crew["lead"]}
    return {
        "open": {"opened_on": day} | officers, "decline": {"reason": "不属于本机关管辖。", "on_date": day},
        "assign": {"officer": crew["chair"], "on_date": day},
        "recuse": {"officer": crew["colleague"], "reason": "近亲属", "on_date": day},
        "investigate": {"facts": "销售超过保质期的食品。", "on_date": day},
        "review": {"opinion": "同意。", "proposed_types": ["fine"], "proposed_fine": Decimal("1000"), "on_date": day},
        "legal_review": {"passed": True, "opinion": "合法。", "on_date": day},
        "discuss": {"participants": ["甲", "乙"], "conclusion": "同意。", "on_date": day},
        "notify": {"notified_on": day}, "waive": {"on_date": day}, "request_hearing": {"requested_on": day},
        "schedule_hearing": {"notice_served_on": day, "scheduled_for": day + dt.timedelta(days=14),
                             "chair": crew["chair"]},
        "record_hearing": {"held_on": day, "record_text": "当事人陈述申辩。"},
        "extend": {"reason": "案情复杂。", "on_date": day},
        "assess": {"benchmark": "food.unlicensed", "amount": Decimal("5000"), "on_date": day},
        "decide": {"outcome": "penalty", "decided_types": ["fine"], "decided_fine": Decimal("1000"),
                   "decided_on": day, "reasons": "依据食品安全法。"},
        "serve": {"served_on": day, "method": "direct"}, "payment": {"paid_on": day}, "close": {"closed_on": day},
        "archive": {}, "reinstate": {"reason": "复议需要。"}, "file": {"filed_on": day},
        "collect": {"amount": Decimal("100"), "receipt_no": "A001", "collected_on": day},
        "hand_over": {"handed_on": day}, "bank": {"banked_on": day},
        "revoke": {"change": "revoked", "changed_on": day, "basis": "复议决定", "reasons": "事实不清。",
                   "explanation": "该决定已被撤销。"},
    }


def measure_inputs(crew: dict[str, Any], day: dt.date) -> dict[str, dict[str, Any]]:
    return {
        "approve": {"approve": True}, "regularise": {"approve": True}, "extend": {"reason": "情况复杂。"},
        "execute": {"started_on": day, "officers": [crew["lead"], crew["colleague"]], "av_record": VIDEO,
                    "emergency_reason": "当事人正在转移财物。",
                    # ACL 19: when it was carried out (the 24-hour report runs from it).
                    "carried_out_at": dt.datetime.combine(day, dt.time(0, 5), tzinfo=dt.timezone(dt.timedelta(hours=8)))},
        "exclude": {"days": 5, "reason": "送检。"}, "release": {"released_on": day},
    }


def licensing_inputs(crew: dict[str, Any], day: dt.date) -> dict[str, dict[str, Any]]:
    return {
        "request_correction": {"missing_items": ["平面布局图"], "notified_on": day},
        "receive_correction": {"materials": ["平面布局图"], "received_on": day},
        "accept": {"accepted_on": day}, "extend_review": {"reasons": "需要现场核查。", "on_date": day},
        "suspend": {"kind": "testing", "start": day, "applicant_notified_on": day}, "resume": {"end": day},
        "decide": {"outcome": "granted", "decided_on": day},
        "issue_licence": {"number": f"JY{day:%Y%m%d}", "valid_to": day + dt.timedelta(days=1800), "issued_on": day},
        "notify_hearing_right": {"notified_on": day},
        "request_hearing": {"requester_kind": "applicant", "requester_name": "申请人", "requested_on": day,
                            "applicant_notified_on": day},
        "schedule_hearing": {"hearing_on": day + dt.timedelta(days=12), "notice_on": day, "place": "听证室",
                             "presider": crew["reviewer_login"].pk},
        "hold_hearing": {"held_on": day, "record": "听证笔录。"},
    }


def inspection_inputs(crew: dict[str, Any], day: dt.date) -> dict[str, dict[str, Any]]:
    return {"register_case": {"power": crew["power"], "party_kind": "organisation", "party_address": "某路1号",
                              "act_ended_on": D(2026, 8, 20)}}


def complaint_inputs(crew: dict[str, Any], day: dt.date) -> dict[str, dict[str, Any]]:
    return {
        "accept": {"accepted_on": day, "public_text": "已受理。"}, "reject": {"rejected_on": day, "reason": "不属于本机关职责。"},
        "transfer": {"agency": crew["agency_b"], "transferred_on": day, "reason": "转交。"},
        "merge": {"into": crew["original"], "merged_on": day}, "link": {"case": crew["case"], "inspection": None},
        "reply": {"replied_on": day, "reply": "经核查已处理。"}, "close": {"closed_on": day},
    }


def take(procedure: Procedure[Any], record: Any, name: str, user: Any, inputs: dict[str, Any]) -> Any:
    """The step as the pages and the API take it: the version the caller saw, exactly one action."""
    return procedure.take(name, record, version=record.version, inputs=inputs, acting_user=user)


@contextmanager
def rolled_back() -> Iterator[None]:
    """Each example on the database as the fixtures left it (Hypothesis replays an example and
    expects it to behave the same way)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def run_sequence(procedure: Procedure[Any], record: Any, data: st.DataObject, users: dict[str, Any],
                 inputs: Callable[[dt.date], dict[str, dict[str, Any]]], start: dt.date) -> None:
    """Up to fourteen steps, each by a member of the cast: one time in five any step by anyone,
    otherwise a step the procedure offers someone now (so that sequences reach deep into it)."""
    log = procedure.log.model._default_manager.filter(**{procedure.log.owner: record.pk})
    label = procedure.model._meta.model_name
    days = (start + dt.timedelta(days=n) for n in itertools.count())
    for _ in range(data.draw(st.integers(min_value=1, max_value=14), label="steps")):
        record = procedure.model._default_manager.get(pk=record.pk)
        offered = [(s.name, who) for who in sorted(users) for s in procedure.offered(record, users[who])]
        anything = st.tuples(st.sampled_from(sorted(procedure.steps)), st.sampled_from(sorted(users)))
        name, who = data.draw(anything if not offered or data.draw(st.integers(0, 4), label="any") == 0
                              else st.sampled_from(offered), label="move")
        user = users[who]
        before_status, before_version, before_log = record.status, record.version, log.count()
        events = AuditEvent.objects.filter(action=f"{label}.{name}", object_id=str(record.pk))
        before_events = events.count()
        outcome: dict[str, Any] = {}
        try:
            with assert_unchanged():
                try:
                    take(procedure, record, name, user, inputs(next(days))[name])
                except ActionError as err:
                    outcome["refused"] = err
                else:
                    outcome["done"] = True
        except AssertionError:
            if "done" not in outcome:
                raise  # a refused step changed something (or the step failed with an assertion)
        else:
            assert "refused" in outcome, f"{name} succeeded and changed nothing"
            continue  # refused, and nothing changed
        step = procedure[name]
        after = procedure.model._default_manager.get(pk=record.pk)
        assert before_status in step.sources, (name, before_status)
        assert step.target is None or after.status == step.target, (name, after.status)
        assert after.version == before_version + 1, name
        assert log.count() == before_log + 1, name
        assert events.count() == before_events + 1, name


@pytest.fixture
def people(cast, crew_a, agency_a):
    from tests.conftest import make_user

    return cast | {"reviewer": crew_a["reviewer_login"], "finance": make_user("finance_p", "finance", agency=agency_a)}


@PROPERTY
@given(data=st.data())
def test_penalty_case_steps(data, people, crew_a, agency_a, penalty_power):
    with rolled_back():
        case = case_actions.register_case(agency=agency_a, power=penalty_power, acting_user=people["officer_a"],
                                          **CASE_FIELDS)
        add_evidence(case, kind="physical", title="涉案物品", upload=None, acting_user=people["head_a"],
                     collected_on=D(2026, 9, 1))
        run_sequence(PENALTY, case, data, people, lambda day: penalty_inputs(crew_a, day),
                     D(2026, 9, 2))


@PROPERTY
@given(data=st.data())
def test_coercive_measure_steps(data, people, crew_a, agency_a):
    with rolled_back():
        measure = coercion_actions.propose_measure(agency=agency_a, kind="detention", items="过期食品", reason="涉嫌违法。",
                                                   party_name="某食品店", acting_user=people["officer_a"])
        run_sequence(MEASURES, measure, data, people, lambda day: measure_inputs(crew_a, day),
                     D(2026, 9, 2))


@PROPERTY
@given(data=st.data())
def test_licence_application_steps(data, people, crew_a, power_a):  # noqa: F811 -- the fixture
    with rolled_back():
        application = receive(power_a, people["officer_a"])
        run_sequence(LICENSING, application, data, people, lambda day: licensing_inputs(crew_a, day),
                     application.received_on)


@PROPERTY
@given(data=st.data(), result=st.sampled_from(["suspected", "compliant"]))
def test_inspection_steps(data, result, people, crew_a, agency_a, penalty_power):
    with rolled_back():
        inspection = record_inspection(
            agency=agency_a, power=penalty_power, inspected_on=D(2026, 9, 1), officers=[crew_a["lead"], crew_a["colleague"]],
            party_name="某食品店", place="某路1号", findings="过期食品。", result=result, acting_user=people["officer_a"])
        run_sequence(INSPECTIONS, inspection, data, people,
                     lambda day: inspection_inputs(crew_a | {"power": penalty_power}, day), D(2026, 9, 2))


@PROPERTY
@given(data=st.data())
def test_complaint_steps(data, people, crew_a, agency_a, agency_b, penalty_power):
    from tests.test_licensing import on
    from yifa.complaints.actions import file_complaint
    from yifa.complaints.procedure import COMPLAINTS

    fields = {"kind": "complaint", "category": "conduct", "content": "态度恶劣。", "agency": agency_a,
              "anonymous": True, "acting_user": None}
    with rolled_back():
        with on(D(2026, 9, 1)):
            original = file_complaint(subject="原件", **fields).complaint
            complaint = file_complaint(subject="重复件", **fields).complaint
        case = case_actions.register_case(agency=agency_a, power=penalty_power, acting_user=people["officer_a"],
                                          **CASE_FIELDS)
        extra = {"agency_b": agency_b, "original": original, "case": case}
        run_sequence(COMPLAINTS, complaint, data, people, lambda day: complaint_inputs(extra, day), D(2026, 9, 2))
def enforcement_inputs(power: Any, day: dt.date) -> dict[str, dict[str, Any]]:
    return {
        "remind": {"served_on": day}, "statement": {"statement_on": day, "statement": "经营困难。"},
        "answer": {"answered_on": day, "accepted": False, "answer": "理由不成立。"},
        "decide": {"decided_on": day, "power": power, "method": "surcharge", "reasons": "逾期不缴纳罚款。"},
        "apply_court": {"applied_on": day, "court": "浦江县人民法院"}, "complied": {"complied_on": day},
        "conclude": {"concluded_on": day, "note": "执行完毕。"},
    }


@PROPERTY
@given(data=st.data())
def test_enforcement_steps(data, people, agency_a, penalty_power, enforcement_power):  # noqa: F811 -- the fixture
    from tests.test_enforcement import served_case
    from yifa.enforcement.actions import open_enforcement
    from yifa.enforcement.procedure import ENFORCEMENT

    with rolled_back():
        case = served_case(agency_a, penalty_power, people["officer_a"], served_on=D(2026, 9, 1))
        item = open_enforcement(case, acting_user=people["officer_a"])
        run_sequence(ENFORCEMENT, item, data, people, lambda day: enforcement_inputs(enforcement_power, day),
                     D(2026, 9, 17))


@PROPERTY
@given(data=st.data())
def test_inspection_plan_steps(data, people, agency_a, directory, pool):  # noqa: F811 -- the fixtures
    from yifa.randomcheck.actions import create_plan
    from yifa.randomcheck.procedure import PLANS

    with rolled_back():
        plan = create_plan(agency=agency_a, title="抽查计划", scope="进货查验", count=3, starts_on=D(2026, 10, 8),
                           ends_on=D(2026, 12, 31), acting_user=people["officer_a"])
        run_sequence(PLANS, plan, data, people, lambda day: {"draw": {"drawn_on": day, "seed": f"s{day}"},
                                                            "publish": {"published_on": day}}, D(2026, 9, 17))
