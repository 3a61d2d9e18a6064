from django.urls import path

from squarepos.views import square_webhook

urlpatterns = [path("webhook/", square_webhook, name="square-webhook")]
