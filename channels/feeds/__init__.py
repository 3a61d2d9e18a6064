"""The product feeds the shopping channels fetch on a schedule: Google's products (RSS 2.0 with the `g:` namespace)
and local inventory (TSV, one row per store and variant), and Meta's catalog (CSV).

`rows` reads the catalog and the stock ledger in batches and gives one `FeedItem` per active variant, with its
text made safe for every format (`text`); `google`, `local` and `meta` each write one format from those items,
chunk by chunk; `http` serves them (token, cache, ETag, gzip, streaming) and `status` tells the staff console
what the channels would see.
"""
