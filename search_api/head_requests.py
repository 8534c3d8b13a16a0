"""HEAD answered as GET without its body (RFC 9110 §9.3.2): uptime monitors and feed readers send HEAD,
and FastAPI routes declared with GET answer it 405."""

from __future__ import annotations

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Set in the scope of a GET that HeadAsGetMiddleware made of a HEAD, so a route whose body is costly (the
# export) can answer the status and headers without building the body nobody will read.
HEAD_SCOPE_KEY = "pressroom.head_request"


class HeadAsGetMiddleware:
    """Runs a HEAD request as the GET it mirrors and sends the status and headers only."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await send(message)

        await self.app({**scope, "method": "GET", HEAD_SCOPE_KEY: True}, receive, send_without_body)


def is_head_request(request: Request) -> bool:
    """Whether this GET answers a HEAD (a dependency: such a route may leave its body out)."""
    return bool(request.scope.get(HEAD_SCOPE_KEY))
