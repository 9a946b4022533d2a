"""The user acting through a request, typed as the User the actions take."""

from __future__ import annotations

from django.http import HttpRequest

from yifa.accounts.models import User
from yifa.lib.errors import Forbidden


def signed_in(request: HttpRequest) -> User:
    """`request.user` of a request that has passed login (the pages' login_required, the API's
    staff session, the admin site). None of them lets an anonymous visitor reach an action;
    should one ever arrive, it is refused here as the actions would refuse it."""
    user = request.user
    if not isinstance(user, User):
        raise Forbidden()
    return user
