"""The JSON API (django-ninja); OpenAPI at /api/openapi.json, docs at /api/docs."""

from ninja import NinjaAPI

api = NinjaAPI(title="依法 Yifa API", version="1", urls_namespace="api")
