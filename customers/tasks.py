"""Celery tasks of the customers app: thin wrappers that deliver what a service or the account adapter prepared."""

import smtplib

from celery import shared_task
from django.core.mail import EmailMultiAlternatives

from customers import sms


@shared_task(autoretry_for=(smtplib.SMTPException, OSError), retry_backoff=True, max_retries=5)
def email_send(subject: str, body: str, from_email: str, to: list[str], html_body: str = "") -> None:
    """Send one rendered email; retried when the mail server is down."""
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def sms_send(to: str, body: str) -> None:
    """Send one text message through settings.SMS_BACKEND."""
    sms.sms_send(to=to, body=body)
