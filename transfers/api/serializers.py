"""What the transfer API reads and writes; every field listed, writable only where the caller may set it."""

from rest_framework import serializers

from catalog.models import Variant
from core.api_fields import quantity_field
from inventory.models import Location
from transfers.models import Transfer, TransferLine


class TransferLineSerializer(serializers.ModelSerializer):
    sku = serializers.SlugRelatedField(source="variant", slug_field="sku", queryset=Variant.objects.all())
    quantity = quantity_field()

    class Meta:
        model = TransferLine
        fields = ["sku", "quantity"]


class TransferSerializer(serializers.ModelSerializer):
    source = serializers.SlugRelatedField(slug_field="code", queryset=Location.objects.all())
    destination = serializers.SlugRelatedField(slug_field="code", queryset=Location.objects.all())
    lines = TransferLineSerializer(many=True, allow_empty=False)

    class Meta:
        model = Transfer
        fields = ["id", "source", "destination", "status", "note", "lines", "created_at", "shipped_at", "received_at"]
        read_only_fields = ["id", "status", "created_at", "shipped_at", "received_at"]

    def validate(self, attrs):
        if attrs["source"] == attrs["destination"]:
            raise serializers.ValidationError({"destination": "A transfer needs two different locations."})
        return attrs
