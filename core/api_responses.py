"""Small shapes every API answer shares."""

from rest_framework import status
from rest_framework.response import Response


def response_created(instance, created: bool, serializer) -> Response:
    """201 with the new object, or 200 with the one an idempotency key found again."""
    return Response(serializer(instance).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
