"""Django's cached_db sessions, whose cached data may come with the request's first reads (storefront.middleware):
a signed-in shopper's page then costs one cache round trip for the session, the user, the shopper and the versions."""

from django.contrib.sessions.backends import cached_db

from core.versions import take_ahead


class SessionStore(cached_db.SessionStore):
    def load(self):
        """The session as read ahead in this request, else as cached_db reads it (the cache, then the database)."""
        data = take_ahead(self.cache_key) if self.session_key else None
        return super().load() if data is None else data
