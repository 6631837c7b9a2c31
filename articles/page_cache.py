"""Whole reader pages for anonymous readers, kept in the shared cache.

A reader without a session or a pending message sees what every such reader sees, so a
page rendered once is served again to all of them (for PAGE_CACHE_SECONDS at most)
without a query or a template. Every entry carries a generation that forget_pages()
replaces whenever what pages show changes (an article saved, a comment approved or
rejected), so in every process the next request renders afresh. A page that scheduled
publishing changes (an article falling due) is at most PAGE_CACHE_SECONDS late.

The per-reader parts of such a page, the hidden fields of a form that must differ for
each reader (its CSRF token, and any other named in settings.PAGE_CACHE_PER_READER_FIELDS,
such as the comment form's own token), never enter the cache: they are cut out before
the page is stored and each response gets values of its own.

Each process also keeps a copy of the pages it served last (LOCAL_PAGES of them), so a
busy page does not cross the network from the cache on every request, and a copy is
served only while the shared generation is the one it was stored under and until the
shared entry itself expires. The generation itself the Redis cache keeps in each
process, told by Redis of every change (a WatchingCache, as newsroom.cache's is), so
a busy page costs no round trip at all. What changes a page therefore shows at once in
every process, as before; while the shared cache is unreachable no copy is kept.

Pages with a form say `Cache-Control: private`; pages without one may be kept by a CDN
(`public, max-age`). Members, readers with a session and guests with comments of their
own to see (a cookie named in settings.PAGE_CACHE_PRIVATE_COOKIES) get the view's own response,
marked private. Cached pages answer conditional GETs (ETag, Last-Modified) with 304.
"""

import hashlib
import re
import secrets
import threading
import time
from collections import OrderedDict
from functools import cache as cache_function
from functools import wraps
from typing import Protocol, runtime_checkable

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.module_loading import import_string

GENERATION_KEY = "pages:generation"
# How many pages each process keeps a copy of: the busiest, as the last served.
LOCAL_PAGES = 64
# The CSRF token is every cached form's own; other apps name theirs in settings.
CSRF_FIELD = "csrfmiddlewaretoken"


@runtime_checkable
class WatchingCache(Protocol):
    """A cache that keeps a key's value in this process and hears when another process
    changes it (newsroom.cache's Redis backend does): the generation is then read with
    no round trip at all. Any other cache is asked on every request."""

    def get_watched(self, key, default=None, version=None): ...

    def changed(self, *keys, version=None) -> None: ...


@cache_function
def _watches(backend_class) -> bool:
    return issubclass(backend_class, WatchingCache)


def _watching_cache() -> WatchingCache | None:
    backend = caches[DEFAULT_CACHE_ALIAS]
    return backend if _watches(type(backend)) else None


@cache_function
def _value_maker(dotted_path: str):
    return import_string(dotted_path)


def _per_reader_fields() -> dict:
    """Hidden form fields filled anew for each reader: name -> function(request) -> value.
    Apps name theirs in settings.PAGE_CACHE_PER_READER_FIELDS (name -> dotted path)."""
    return {
        CSRF_FIELD: get_token,
        **{
            name: _value_maker(path) for name, path in settings.PAGE_CACHE_PER_READER_FIELDS.items()
        },
    }


def _per_reader_values():
    """The hidden fields to fill per reader, as `name="N" value="..."` in rendered HTML."""
    names = "|".join(re.escape(name) for name in _per_reader_fields())
    return re.compile(rf'(name="(?P<name>{names})" value=")[^"]*(")')


def _cut(content: str) -> tuple[list[bytes], list[str]]:
    """The page in pieces around its per-reader values, and whose value goes in each gap."""
    pieces, names, start = [], [], 0
    for found in _per_reader_values().finditer(content):
        pieces.append(content[start : found.end(1)].encode())
        names.append(found["name"])
        start = found.start(3)
    pieces.append(content[start:].encode())
    return pieces, names


def _fill(page: dict, request) -> bytes:
    chunks = [page["pieces"][0]]
    if not page["names"]:
        return chunks[0]
    makers = _per_reader_fields()
    for name, piece in zip(page["names"], page["pieces"][1:], strict=True):
        chunks += [makers[name](request).encode(), piece]
    return b"".join(chunks)


class _LocalPages:
    """This process's copies of shared page entries: the `size` served most lately."""

    def __init__(self, size: int):
        self.size = size
        self._pages = OrderedDict()
        self._lock = threading.Lock()

    def __contains__(self, key: str) -> bool:
        return key in self._pages

    def get(self, key: str, generation) -> dict | None:
        with self._lock:
            page = self._pages.get(key)
            if page is None:
                return None
            if page["generation"] != generation or _expired(page):
                del self._pages[key]
                return None
            self._pages.move_to_end(key)
            return page

    def keep(self, key: str, page: dict) -> None:
        if page["generation"] is None:  # no shared generation: nothing could refresh it
            return
        with self._lock:
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.size:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()


_local_pages = _LocalPages(LOCAL_PAGES)


def _expired(page: dict) -> bool:
    """Whether the shared entry `page` was copied from has timed out by now."""
    return time.time() >= page.get("stored_at", 0) + settings.PAGE_CACHE_SECONDS


def forget_pages() -> None:
    """Make every cached page stale, in every process (the cache is shared)."""
    cache.set(GENERATION_KEY, secrets.token_hex(8), timeout=None)
    _generation_changed()


def _current_generation():
    """The shared generation; a WatchingCache answers it from this process until another
    process changes it."""
    watching = _watching_cache()
    return watching.get_watched(GENERATION_KEY) if watching else cache.get(GENERATION_KEY)


def _generation_changed() -> None:
    if watching := _watching_cache():
        watching.changed(GENERATION_KEY)


def _generation() -> str:
    generation = _current_generation()
    if generation is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), timeout=None)
        _generation_changed()
        generation = cache.get(GENERATION_KEY)
    return generation


def _same_for_everyone(request) -> bool:
    """An anonymous reader with nothing of their own to see: no session, no messages, no
    cookie named in PAGE_CACHE_PRIVATE_COOKIES (a guest's own comments, say)."""
    cookies = request.COOKIES
    return request.method in ("GET", "HEAD") and not (
        settings.SESSION_COOKIE_NAME in cookies
        or "messages" in cookies
        or any(name in cookies for name in settings.PAGE_CACHE_PRIVATE_COOKIES)
    )


def _storable(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
        and not response.has_header("Cache-Control")
    )


def reader_page(view):
    """Serve `view` from the page cache to readers for whom it is the same page."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if not _same_for_everyone(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ["Cookie"])
            return response
        url = request.build_absolute_uri().encode()
        key = f"pages:{hashlib.sha256(url).hexdigest()}"
        page = generation = None
        if key in _local_pages:
            generation = _generation()
            page = _local_pages.get(key, generation)
        if page is None:
            # One round trip for both: the page, and the generation it must carry.
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY) or _generation()
            page = found.get(key)
            if page is not None and (page.get("generation") != generation or _expired(page)):
                page = None
            if page is not None:
                _local_pages.keep(key, page)
        if page is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):  # a TemplateResponse (the list views')
                response.render()
            if not _storable(response):
                return response
            # Stored in pieces around the per-reader values (and as bytes), so serving it
            # is one join: no search through the page, no encoding, per request.
            pieces, names = _cut(response.content.decode(response.charset))
            page = {
                "generation": generation,
                "pieces": pieces,
                "names": names,
                "content_type": response["Content-Type"],
                "has_form": bool(names),
                "etag": quote_etag(hashlib.sha256(b"\0".join(pieces)).hexdigest()[:32]),
                "last_modified": int(time.time()),
                "stored_at": time.time(),
            }
            cache.set(key, page, timeout=settings.PAGE_CACHE_SECONDS)
            _local_pages.keep(key, page)
        response = get_conditional_response(
            request, etag=page["etag"], last_modified=page["last_modified"]
        )
        if response is None:
            response = HttpResponse(_fill(page, request), content_type=page["content_type"])
        response["ETag"] = page["etag"]
        response["Last-Modified"] = http_date(page["last_modified"])
        if page["has_form"]:
            # The form carries this reader's CSRF token: for their browser only.
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_SECONDS)
        patch_vary_headers(response, ["Cookie"])
        return response

    return cached_view
