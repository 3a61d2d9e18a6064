"""What transfers tell the apps above, sent after the step's transaction has committed.

`transfer_shipped(transfer, actor)` and `transfer_received(transfer, actor)`: a receiver runs in a transaction of its
own and takes its own locks (pickup notes the move on the order whose units the transfer carries).
"""

from django.dispatch import Signal

transfer_shipped = Signal()
transfer_received = Signal()
