"""Shop-specific allauth behaviour: emails leave through Celery after the transaction commits."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMultiAlternatives
from django.db import transaction

from customers.tasks import email_send


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render now (the request is at hand), send from a worker so a slow mail server never slows a page."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        html_body = ""
        if isinstance(message, EmailMultiAlternatives):
            html_body = next((content for content, mime in message.alternatives if mime == "text/html"), "")
        payload = {
            "subject": message.subject,
            "body": message.body,
            "from_email": message.from_email,
            "to": list(message.to),
            "html_body": html_body,
        }
        transaction.on_commit(lambda: email_send.delay(**payload))
