"""Home page per role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yifa.law.models import Law, PowerItem
from yifa.registry import access
from yifa.registry.models import Agency, Officer, Post, Unit
from yifa.web.views_common import can_create_any
from yifa.web.views_registry import category_counts, status_counts


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not access.is_staff_user(user):
        return render(request, "web/home_public.html")
    officers = access.scoped(Officer, user)
    powers = access.scoped(PowerItem, user)
    return render(request, "web/home.html", {
        "counts": {
            "agencies": access.scoped(Agency, user).count(),
            "units": access.scoped(Unit, user).count(),
            "posts": access.scoped(Post, user).count(),
            "officers": officers.count(),
            "powers": powers.count(),
            "laws": access.scoped(Law, user).count(),
        },
        "officer_status": status_counts(officers),
        "power_categories": category_counts(powers),
        "can_add_officer": can_create_any(user, Officer),
    })
