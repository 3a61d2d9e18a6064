from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Shop-specific account behaviour (filled in by the accounts work)."""
