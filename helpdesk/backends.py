"""Authentication backends. Agents sign in with their username (Django's ModelBackend);
customers who have a password sign in with their e-mail address as the login name."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from helpdesk.errors import ValidationError


class CustomerEmailBackend(ModelBackend):
    """The customer's address (Customer.email, any case) as the username.

    Only for customers' own logins: a login that works tickets, or reaches the admin, still
    signs in by its username, so an address typed here never opens an agent's account."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        from tickets.roles import user_is_agent
        from tickets.services.customers import normalize_email

        if not username or password is None or "@" not in username:
            return None
        User = get_user_model()
        try:
            address = normalize_email(username)
        except ValidationError:
            return None
        user = (
            User.objects.filter(customer__email=address, is_staff=False, is_superuser=False)
            .select_related("customer")
            .first()
        )
        if user is None or user_is_agent(user):
            # Hash anyway, so a miss takes as long as a wrong password (ModelBackend does too).
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
