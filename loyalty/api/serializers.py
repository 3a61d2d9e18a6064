"""A customer's own loyalty card as the app reads it — balance, tier, open reward codes, one page of the history — and
a reward asked for, with explicit fields."""

from rest_framework import serializers

from core.api_fields import OptionalChoiceField
from customers.models import Channel
from loyalty.models import PointsEntry, Reward


class PointsEntrySerializer(serializers.ModelSerializer):
    channel = OptionalChoiceField(
        choices=Channel.choices,
        help_text="Where the purchase or return was; null for other entries (rewards, expiry, adjustments).",
    )
    description = serializers.CharField(
        source="text", read_only=True, help_text="What the entry was for, in the language of the request."
    )

    class Meta:
        model = PointsEntry
        fields = [
            "kind",
            "points",
            "description",
            "channel",
            "location_code",
            "location_name",
            "order_number",
            "shortfall",
            "occurred_at",
            "created_at",
        ]
        read_only_fields = fields


class TierSerializer(serializers.Serializer):
    name = serializers.CharField()
    spend = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="Purchases minus returns, 12 months.")
    next_name = serializers.CharField(allow_null=True)
    to_next = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    progress_percent = serializers.IntegerField()


class RewardSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reward
        fields = ["code", "kind", "value", "points_spent", "expires_at"]
        read_only_fields = fields


class RewardCreateSerializer(serializers.Serializer):
    points = serializers.IntegerField(help_text="Points to spend: a multiple of LOYALTY_REWARD_STEP (100).")


class LoyaltySerializer(serializers.Serializer):
    card_number = serializers.CharField()
    balance = serializers.IntegerField(help_text="Points available now: the sum of all entries.")
    worth = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="What the points buy as reward codes.")
    tier = TierSerializer()
    rewards = RewardSerializer(many=True, help_text="Reward codes not used yet.")
    entries = PointsEntrySerializer(many=True, help_text="One page of the history (?page=), newest first.")
    entries_count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
