"""Generic helpers for limiting how often a client may do something.

- `throttling.windows`: counts in a fixed time window, kept in Django's cache (so with
  Redis every process shares them), and how long until a window closes;
- `throttling.clients`: the address a request came from, trusting X-Forwarded-For only
  as far as the PROXY_COUNT setting says proxies stand in front.

A plain package, not a Django app: it has no models, and it imports no app of this
project nor the project package `newsroom`, so any app may use it (accounts for the
sign-in throttle and registration mails, comments for flood control and confirmation
mails) without the apps coming to depend on each other. tests/test_dependencies.py
checks this.
"""
