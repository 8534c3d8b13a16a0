"""Fetch failures named for the crawl summary: one short kind per failure (http_503, redirect_loop…)."""

from __future__ import annotations

from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure


class FetchError(Exception):
    """A page that cannot be fetched for a reason the operator should see; `kind` names it."""

    kind = "fetch_error"


class RedirectLoop(FetchError):
    """A redirect leads back to a URL already visited in the same chain."""

    kind = "redirect_loop"


class TooManyRedirects(FetchError):
    """A redirect chain longer than REDIRECT_MAX_TIMES."""

    kind = "too_many_redirects"


# Twisted and Scrapy exception class names -> short kinds; anything else keeps its class name.
KIND_BY_EXCEPTION_NAME = {
    "TimeoutError": "timeout",
    "TCPTimedOutError": "timeout",
    "DownloadTimeoutError": "timeout",
    "ConnectionRefusedError": "connection_refused",
    "DownloadConnectionRefusedError": "connection_refused",
    "DNSLookupError": "dns",
    "CannotResolveHostError": "dns",
    "ResponseDataLossError": "data_loss",
    "ResponseNeverReceived": "connection_lost",
    "ConnectionLost": "connection_lost",
    "ConnectionDone": "connection_lost",
}
# HttpCompressionMiddleware gives up on a body that inflates past DOWNLOAD_MAXSIZE with a plain IgnoreRequest.
DECOMPRESSED_TOO_LARGE = "exceeded DOWNLOAD_MAXSIZE"


def is_policy_refusal(failure: Failure) -> bool:
    """True for requests refused on purpose (robots.txt, offsite, fresh or 304 in the archive): not errors."""
    if not failure.check(IgnoreRequest) or failure.check(HttpError):
        return False
    return DECOMPRESSED_TOO_LARGE not in str(failure.value)


def error_kind(failure: Failure) -> str:
    """The summary's name for a failed request."""
    error = failure.value
    if isinstance(error, HttpError):
        return f"http_{error.response.status}"
    if isinstance(error, FetchError):
        return error.kind
    if isinstance(error, DownloadCancelledError) and "max size" in str(error):
        return "oversize"
    if isinstance(error, IgnoreRequest) and DECOMPRESSED_TOO_LARGE in str(error):
        return "oversize"
    if isinstance(error, ValueError) and failure.type is ValueError:
        # Scrapy could not make a request of the URL: a redirect's Location such as "http://[x" or "x:y".
        return "bad_url"
    name = failure.type.__name__ if failure.type else "unknown"
    return KIND_BY_EXCEPTION_NAME.get(name, name)
