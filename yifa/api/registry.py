"""Registry endpoints: regions, agencies, units, posts, officers, laws, power items, rules."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from yifa.accounts.requests import signed_in
from yifa.api import schemas as s
from yifa.api.crud import Endpoint, register
from yifa.law.models import Law, PowerItem, Provision, ProvisionVersion
from yifa.registry import access, actions
from yifa.registry.models import Agency, Officer, Post, Region, Unit
from yifa.workcal.models import DeadlineRule, LegalParameter

router = Router()

ENDPOINTS = [
    Endpoint(Region, "regions", s.RegionOut, search=["name", "code"], filters={"level": "level", "parent": "parent_id"}),
    Endpoint(Agency, "agencies", s.AgencyOut, s.AgencyIn, s.AgencyPatch, search=["name", "uscc"],
             filters={"kind": "kind", "sector": "sector", "region": "region_id"}),
    Endpoint(Unit, "units", s.UnitOut, s.UnitIn, s.UnitPatch, search=["name"], filters={"agency": "agency_id"}),
    Endpoint(Post, "posts", s.PostOut, s.PostIn, s.PostPatch, search=["name", "duties"],
             filters={"agency": "agency_id", "unit": "unit_id"}),
    Endpoint(Officer, "officers", s.OfficerOut, s.OfficerIn, s.OfficerPatch, search=["name", "certificate_no"],
             filters={"agency": "agency_id", "status": "status", "unit": "unit_id"}),
    Endpoint(Law, "laws", s.LawOut, s.LawIn, s.LawIn, search=["name"], filters={"kind": "kind"}),
    Endpoint(Provision, "provisions", s.ProvisionOut, s.ProvisionIn, s.ProvisionIn, search=["label"],
             filters={"law": "law_id"}),
    Endpoint(ProvisionVersion, "provision-versions", s.ProvisionVersionOut, s.ProvisionVersionIn,
             s.ProvisionVersionIn, search=["text"], filters={"provision": "provision_id"}),
    Endpoint(PowerItem, "power-items", s.PowerItemOut, s.PowerItemIn, s.PowerItemPatch, search=["code", "name"],
             filters={"agency": "agency_id", "category": "category", "procedure": "procedure"}),
    Endpoint(DeadlineRule, "deadline-rules", s.DeadlineRuleOut, search=["code", "name"], filters={"code": "code"}),
    Endpoint(LegalParameter, "legal-parameters", s.LegalParameterOut, search=["code", "name"], filters={"code": "code"}),
]
for endpoint in ENDPOINTS:
    register(router, endpoint)


@router.post("/officers/{pk}/status", response=s.OfficerOut, tags=["执法人员"], operation_id="change_officer_status")
def change_status(request: HttpRequest, pk: int, payload: s.StatusChangeIn) -> Officer:
    officer = access.access_record(Officer, pk, request.user)
    return actions.change_officer_status(officer, payload.to_status, payload.reason, acting_user=signed_in(request))
