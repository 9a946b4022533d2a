"""One POST endpoint per workflow step, for the procedure apps' routers (cases, licensing,
coercive measures): `run` reads the record through the app's access policy, makes the one
action call and answers with the record as stored; a refusal is the API's error handlers' answer
(yifa.api.errors: 400/403/404 with both messages), with nothing changed.
"""

# No `from __future__ import annotations`: django-ninja reads the endpoint's annotations as types.

from collections.abc import Callable, Mapping
from typing import Any

from django.http import HttpRequest
from ninja import Router
from pydantic import BaseModel, Field, create_model

from yifa.accounts.requests import signed_in
from yifa.workflow.steps import Procedure

#: (request, pk, step, payload) → the record after the step, as the endpoint answers it.
StepRunner = Callable[[HttpRequest, int, str, Any], Any]


def add_step_endpoints(router: Router, inputs: Mapping[str, type[BaseModel]], run: StepRunner, *, path: str,
                       response: Any, operation: str, name: str = "{operation}", doc: str = "",
                       docs: Mapping[str, str] | None = None) -> None:
    """`router.post(path)` for each step of `inputs` (its payload schema). `path`, `operation`
    (the OpenAPI operation id), `name` (the function's, which ninja makes the summary of) and `doc`
    are formatted with the step (`{step}`); `docs` gives a step its own description."""
    for step, schema in inputs.items():
        operation_id = operation.format(step=step)
        _add(router, step, schema, run, path=path.format(step=step), response=response, operation_id=operation_id,
             name=name.format(step=step, operation=operation_id), doc=(docs or {}).get(step, doc.format(step=step)))


def _add(router: Router, step: str, schema: type[BaseModel], run: StepRunner, *, path: str, response: Any,
         operation_id: str, name: str, doc: str) -> None:
    def endpoint(request: HttpRequest, pk: int, payload: BaseModel) -> Any:
        return run(request, pk, step, payload)

    endpoint.__annotations__["payload"] = schema
    endpoint.__name__ = name
    endpoint.__doc__ = doc
    router.post(path, response=response, operation_id=operation_id)(endpoint)


def payload_schema(name: str, inputs: type[BaseModel], record: str) -> type[BaseModel]:
    """The step's declared inputs, plus the record version the caller last saw. Named after the
    record and the step (`CaseDecideIn`): two procedures' steps of one name are different schemas."""
    camel = "".join(part.title() for part in name.split("_"))
    return create_model(f"{record}{camel}In", __base__=inputs, version=(int, Field(
        description="记录版本：提交时所见的 version；已被他人更新的将被拒绝 (the version you saw; a stale one is refused)")))


def add_procedure_endpoints(router: Router, procedure: Procedure[Any], *, load: Callable[[int, Any], Any],
                            out: Callable[[Any, Any], Any], path: str, response: Any, operation: str,
                            name: str = "{operation}",
                            doc: str = "Step “{step}”: calls the one action for it; a stale version is refused.",
                            docs: Mapping[str, str] | None = None, exclude: tuple[str, ...] = ()) -> None:
    """One POST per declared step of `procedure`: the record through `load` (the app's access
    policy: 404 for "not yours"), exactly one action call, the record as stored through `out`."""

    def run(request: HttpRequest, pk: int, step: str, payload: Any) -> Any:
        record = load(pk, request.user)
        procedure.take(step, record, version=payload.version, inputs=payload.model_dump(exclude={"version"}),
                       acting_user=signed_in(request))
        return out(load(pk, request.user), request.user)

    inputs = {key: payload_schema(key, step.inputs, procedure.model.__name__) for key, step in procedure.steps.items() if key not in exclude}
    add_step_endpoints(router, inputs, run, path=path, response=response, operation=operation, name=name, doc=doc,
                       docs=docs)
