"""API shapes of the registry records (generated from the models, so they cannot drift), and the
shapes the procedure apps share (a step log entry)."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from ninja import ModelSchema, Schema

from yifa.law.models import Law, PowerItem, Provision, ProvisionVersion
from yifa.lib.masking import mask_resident_id
from yifa.registry import access
from yifa.registry.models import Agency, Officer, Post, Region, Unit
from yifa.workcal.models import DeadlineRule, LegalParameter

AGENCY_FIELDS = ["name", "short_name", "kind", "sector", "qualification_basis", "region",
                 "parent_government", "entrusted_by", "uscc", "address", "phone", "is_active"]
UNIT_FIELDS = ["agency", "name", "duties"]
POST_FIELDS = ["agency", "unit", "name", "duties", "headcount"]
OFFICER_FIELDS = ["agency", "unit", "post", "name", "resident_id", "certificate_no", "issuing_authority",
                  "area", "field", "valid_from", "valid_until", "is_legal_reviewer"]
POWER_FIELDS = ["code", "name", "category", "agency", "unit", "post", "procedure", "violated_provisions",
                "penalty_provisions", "time_limit_rule", "fee_standard", "penalty_types", "penalty_standard",
                "responsibility_items", "accountability", "is_active"]


class RegionOut(ModelSchema):
    class Meta:
        model = Region
        fields: ClassVar[list[str]] = ["id", "code", "name", "level", "parent"]


class AgencyOut(ModelSchema):
    class Meta:
        model = Agency
        fields: ClassVar[list[str]] = ["id", *AGENCY_FIELDS]


class AgencyIn(ModelSchema):
    class Meta:
        model = Agency
        fields = AGENCY_FIELDS


class AgencyPatch(ModelSchema):
    class Meta:
        model = Agency
        fields = AGENCY_FIELDS
        fields_optional = "__all__"


class UnitOut(ModelSchema):
    class Meta:
        model = Unit
        fields: ClassVar[list[str]] = ["id", *UNIT_FIELDS]


class UnitIn(ModelSchema):
    class Meta:
        model = Unit
        fields = UNIT_FIELDS


class UnitPatch(ModelSchema):
    class Meta:
        model = Unit
        fields: ClassVar[list[str]] = ["name", "duties"]
        fields_optional = "__all__"


class PostOut(ModelSchema):
    class Meta:
        model = Post
        fields: ClassVar[list[str]] = ["id", *POST_FIELDS]


class PostIn(ModelSchema):
    class Meta:
        model = Post
        fields = POST_FIELDS


class PostPatch(ModelSchema):
    class Meta:
        model = Post
        fields: ClassVar[list[str]] = ["unit", "name", "duties", "headcount"]
        fields_optional = "__all__"


class OfficerOut(ModelSchema):
    """The resident ID is masked unless the reader's role needs it in full."""

    class Meta:
        model = Officer
        fields: ClassVar[list[str]] = ["id", *OFFICER_FIELDS, "status"]

    @staticmethod
    def resolve_resident_id(obj: Officer, context: dict[str, Any]) -> str:
        user = context["request"].user
        return obj.resident_id if access.can_see_full_id(user, obj) else mask_resident_id(obj.resident_id)


class OfficerIn(ModelSchema):
    class Meta:
        model = Officer
        fields = OFFICER_FIELDS


class OfficerPatch(ModelSchema):
    class Meta:
        model = Officer
        fields: ClassVar[list[str]] = [f for f in OFFICER_FIELDS if f not in ("agency", "resident_id")]
        fields_optional = "__all__"


class StatusChangeIn(Schema):
    to_status: Officer.CertificateStatus
    reason: str


class LawOut(ModelSchema):
    class Meta:
        model = Law
        fields: ClassVar[list[str]] = ["id", "name", "kind", "issuer", "promulgated_on", "document_number"]


class LawIn(ModelSchema):
    class Meta:
        model = Law
        fields: ClassVar[list[str]] = ["name", "kind", "issuer", "promulgated_on", "document_number"]


class ProvisionOut(ModelSchema):
    class Meta:
        model = Provision
        fields: ClassVar[list[str]] = ["id", "law", "article", "label"]


class ProvisionIn(ModelSchema):
    class Meta:
        model = Provision
        fields: ClassVar[list[str]] = ["law", "article", "label"]


class ProvisionVersionOut(ModelSchema):
    class Meta:
        model = ProvisionVersion
        fields: ClassVar[list[str]] = ["id", "provision", "text", "effective_from", "effective_to", "source"]


class ProvisionVersionIn(ModelSchema):
    class Meta:
        model = ProvisionVersion
        fields: ClassVar[list[str]] = ["provision", "text", "effective_from", "effective_to", "source"]


# The model keeps penalty types in a JSON column; ninja would document it as any object.
PenaltyTypes = list[PowerItem.PenaltyType]


class PowerItemOut(ModelSchema):
    penalty_types: list[str]

    class Meta:
        model = PowerItem
        fields: ClassVar[list[str]] = ["id", *POWER_FIELDS]


class PowerItemIn(ModelSchema):
    penalty_types: PenaltyTypes = []  # noqa: RUF012 -- a pydantic field: each instance gets its own copy

    class Meta:
        model = PowerItem
        fields = POWER_FIELDS


class PowerItemPatch(ModelSchema):
    penalty_types: PenaltyTypes | None = None

    class Meta:
        model = PowerItem
        fields: ClassVar[list[str]] = [f for f in POWER_FIELDS if f not in ("code", "agency")]
        fields_optional = "__all__"


class DeadlineRuleOut(ModelSchema):
    class Meta:
        model = DeadlineRule
        fields: ClassVar[list[str]] = ["id", "code", "name", "count", "unit", "trigger", "citation", "rolls_over",
                                       "rolls_over_citation", "effective_from", "effective_to"]


class LegalParameterOut(ModelSchema):
    class Meta:
        model = LegalParameter
        fields: ClassVar[list[str]] = ["id", "code", "name", "value", "unit", "citation", "effective_from", "effective_to"]


class DeadlineOut(Schema):
    due: str
    provisional: bool
    calendar_version: str
    rule: str | None = None
    citation: str | None = None


# --- the procedure apps' shared shapes (cases, licensing) ----------------------------------------


class StepOut(Schema):
    """One entry of a record's step log (CaseStep, LicenceStep)."""

    id: int
    step: str
    from_status: str
    to_status: str
    at: dt.datetime
    on_date: dt.date
    actor: str
    note: str
    data: dict[str, Any]


class OfficerOnRecord(Schema):
    """An officer named on a measure or an inspection record."""

    officer_id: int
    name: str
    certificate_no: str


def step_out(s: Any) -> dict[str, Any]:
    """A step record as StepOut (a step the system took has no actor: "")."""
    return {"id": s.pk, "step": s.step, "from_status": s.from_status, "to_status": s.to_status, "at": s.at,
            "on_date": s.on_date, "actor": str(s.actor) if s.actor_id else "", "note": s.note, "data": s.data}


def steps_out(model: Any, **owner: Any) -> list[dict[str, Any]]:
    """A record's step history (`model` its step table, `owner` the record), oldest first, as StepOut."""
    return [step_out(s) for s in model.objects.filter(**owner).select_related("actor").order_by("at", "id")]
