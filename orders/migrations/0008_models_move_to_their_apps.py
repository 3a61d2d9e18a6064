from django.db import migrations

from core.model_moves import state_only

# Payments, till and marketplace clients, returns and the marketing tables moved to apps of their own
# (payments, channels, returns, marketing). Their tables keep their names: orders forgets them, nothing else.


class Migration(migrations.Migration):

    dependencies = [
        ('orders', '0007_devices_and_returns'),
    ]

    operations = [
        state_only(
            migrations.RemoveField(
                model_name='boughttogether',
                name='other',
            ),
            migrations.RemoveField(
                model_name='boughttogether',
                name='product',
            ),
            migrations.RemoveField(
                model_name='deviceclient',
                name='location',
            ),
            migrations.RemoveField(
                model_name='return',
                name='device',
            ),
            migrations.RemoveField(
                model_name='marketingemail',
                name='customer',
            ),
            migrations.RemoveField(
                model_name='paymentrefund',
                name='order',
            ),
            migrations.RemoveField(
                model_name='return',
                name='actor',
            ),
            migrations.RemoveField(
                model_name='return',
                name='location',
            ),
            migrations.RemoveField(
                model_name='return',
                name='order',
            ),
            migrations.RemoveField(
                model_name='returnline',
                name='ret',
            ),
            migrations.RemoveField(
                model_name='returnline',
                name='order_line',
            ),
            migrations.RemoveField(
                model_name='stripeevent',
                name='order',
            ),
            migrations.RemoveField(
                model_name='wishlistalert',
                name='customer',
            ),
            migrations.RemoveField(
                model_name='wishlistalert',
                name='variant',
            ),
            migrations.DeleteModel(
                name='CustomerSegment',
            ),
            migrations.DeleteModel(
                name='StoreSale',
            ),
            migrations.DeleteModel(
                name='BoughtTogether',
            ),
            migrations.DeleteModel(
                name='DeviceClient',
            ),
            migrations.DeleteModel(
                name='MarketingEmail',
            ),
            migrations.DeleteModel(
                name='PaymentRefund',
            ),
            migrations.DeleteModel(
                name='Return',
            ),
            migrations.DeleteModel(
                name='ReturnLine',
            ),
            migrations.DeleteModel(
                name='StripeEvent',
            ),
            migrations.DeleteModel(
                name='WishlistAlert',
            ),
        ),
    ]
