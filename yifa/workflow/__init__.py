"""The workflow core: one executor for every procedure (penalty cases, licensing, coercive
measures, inspections, and every workflow added later).

A procedure declares each step once (`Step`): name, label, the statuses it leaves from and the
one it goes to, who may take it (`Actor`), its input schema, when its form is offered, and how
inputs that name other records (officers) are resolved. The action (`Procedure.performs`), the
web form (yifa.web.stepforms), the API endpoint and its schema (yifa.api.steps), the list of
steps open to a user and the labels all derive from it. `Procedure.run` is the one executor:
lock, version check, status, gates, change, step record, audit event, in one transaction.
"""
