"""One POST endpoint per workflow step, for the procedure apps' routers (cases, licensing,
coercive measures): `run` reads the record through the app's access policy, makes the one
action call and answers with the record as stored; a refusal is the API's error handlers' answer
(yifa.api.errors: 400/403/404 with both messages), with nothing changed.
"""

# No `from __future__ import annotations`: django-ninja reads the endpoint's annotations as types.

from collections.abc import Callable, Mapping
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

#: (request, pk, step, payload) → the record after the step, as the endpoint answers it.
StepRunner = Callable[[HttpRequest, int, str, Any], Any]


def add_step_endpoints(router: Router, inputs: Mapping[str, type[Schema]], run: StepRunner, *, path: str,
                       response: Any, operation: str, name: str = "{operation}", doc: str = "",
                       docs: Mapping[str, str] | None = None) -> None:
    """`router.post(path)` for each step of `inputs` (its payload schema). `path`, `operation`
    (the OpenAPI operation id), `name` (the function's, which ninja makes the summary of) and `doc`
    are formatted with the step (`{step}`); `docs` gives a step its own description."""
    for step, schema in inputs.items():
        operation_id = operation.format(step=step)
        _add(router, step, schema, run, path=path.format(step=step), response=response, operation_id=operation_id,
             name=name.format(step=step, operation=operation_id), doc=(docs or {}).get(step, doc.format(step=step)))


def _add(router: Router, step: str, schema: type[Schema], run: StepRunner, *, path: str, response: Any,
         operation_id: str, name: str, doc: str) -> None:
    def endpoint(request: HttpRequest, pk: int, payload: Schema) -> Any:
        return run(request, pk, step, payload)

    endpoint.__annotations__["payload"] = schema
    endpoint.__name__ = name
    endpoint.__doc__ = doc
    router.post(path, response=response, operation_id=operation_id)(endpoint)
