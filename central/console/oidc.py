"""Staff sign-in with the city's OpenID Connect provider, through Authlib.

Authorization code flow with PKCE, state and nonce (Authlib keeps them in a short-lived signed
cookie); the ID token's groups claim picks the role, then ``auth.open_session`` signs in.
"""

import hashlib
import hmac
from datetime import datetime, timedelta
from typing import Any

from authlib.integrations.starlette_client import OAuth, OAuthError  # type: ignore[import-untyped]
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from joserfc.errors import JoseError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.middleware.sessions import SessionMiddleware

from central.console.deps import local_path, set_session_cookie
from central.console.pages.session import login_form
from central.core import clock
from central.core.config import Settings
from central.core.deps import NowDep
from central.services import auth

router = APIRouter(include_in_schema=False)
# Only the sign-in routes read the flow cookie; ten minutes is plenty to type a password.
_FLOW_PATH = "/auth/oidc"
_FLOW_SECONDS = 600


class Refused(Exception):
    """The provider's answer does not sign anyone in; ``code`` says why for the audit log."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def role_for(claims: dict[str, Any], settings: Settings) -> str:
    """The highest role any of the user's groups maps to, else the default, else ``Refused``."""
    groups = claims.get(settings.oidc_role_claim) or []
    if isinstance(groups, str):
        groups = [groups]
    roles = [settings.oidc_roles[g] for g in groups if g in settings.oidc_roles]
    if settings.oidc_default_role is not None:
        roles.append(settings.oidc_default_role)
    if not roles:
        raise Refused("no_role")
    return max(roles, key=auth.ROLES.index)


def install(app: FastAPI, settings: Settings, key: bytes) -> None:
    """Add the OIDC routes and their flow cookie to ``app``, if an issuer is configured."""
    if not (settings.oidc_enabled and settings.oidc_issuer):
        return
    oauth = OAuth()
    oauth.register(
        "city",
        client_id=settings.oidc_client_id,
        client_secret=settings.oidc_client_secret,
        server_metadata_url=f"{settings.oidc_issuer.rstrip('/')}/.well-known/openid-configuration",
        client_kwargs={"scope": "openid profile", "code_challenge_method": "S256", "timeout": 10},
    )
    app.state.oidc = oauth.create_client("city")
    secure = (settings.oidc_redirect_url or "").startswith("https://")
    app.add_middleware(
        SessionMiddleware,
        # A key of its own, derived from the server's, so the flow cookie cannot be forged.
        secret_key=hmac.new(key, b"oidc flow cookie", hashlib.sha256).hexdigest(),
        session_cookie="mg_oidc",
        max_age=_FLOW_SECONDS,
        path=_FLOW_PATH,
        # Lax, not strict: the cookie must come back on the provider's redirect to us.
        same_site="lax",
        https_only=secure,
    )
    app.include_router(router)


@router.get(f"{_FLOW_PATH}/login")
async def oidc_login(request: Request, next: str = "/") -> Response:
    settings: Settings = request.app.state.settings
    request.session.clear()
    request.session["next"] = local_path(next)
    redirect = settings.oidc_redirect_url or str(request.url_for("oidc_callback"))
    response: Response = await request.app.state.oidc.authorize_redirect(request, redirect)
    return response


@router.get(f"{_FLOW_PATH}/callback", name="oidc_callback")
async def oidc_callback(request: Request, now: NowDep) -> Response:
    settings: Settings = request.app.state.settings
    target = request.session.get("next", "/")
    try:
        token = await request.app.state.oidc.authorize_access_token(
            request,
            # The token must come from the configured issuer, not whoever answered discovery.
            claims_options={"iss": {"essential": True, "value": settings.oidc_issuer}},
        )
        claims = token.get("userinfo") or {}
        if not claims:
            raise Refused("no_id_token")
    except OAuthError as exc:  # the provider's own error, or a state that is not ours
        return _refused(request, exc.error or "oauth_error")
    except JoseError as exc:  # the ID token: signature, issuer, audience, nonce or expiry
        return _refused(request, exc.error or "bad_id_token")
    except Refused as exc:
        return _refused(request, exc.code)
    request.session.clear()
    try:
        cookie = await run_in_threadpool(_open, request, settings, dict(claims), now)
    except Refused as exc:
        return _refused(request, exc.code)
    response = RedirectResponse(local_path(target), status_code=303)
    set_session_cookie(request, response, cookie, settings)
    return response


def _open(request: Request, settings: Settings, claims: dict[str, Any], now: datetime) -> str:
    name = str(claims.get("preferred_username") or claims["sub"])
    with Session(request.app.state.engine, expire_on_commit=False) as session:
        try:
            role = role_for(claims, settings)
            try:
                user = auth.staff_from_identity(now=now, session=session, name=name, role=role)
            except auth.AuthError as exc:
                raise Refused(exc.code) from None
        except Refused as exc:
            auth.record(
                now=now,
                session=session,
                actor=f"oidc:{name}"[:64],
                action="sign_in_refused",
                detail=exc.code,
            )
            session.commit()
            raise
        except ValueError:
            raise Refused("bad_username") from None
        cookie = auth.open_session(  # by the real clock, as current_staff reads it
            now=clock.now(), session=session, user=user, ttl=timedelta(hours=settings.session_hours)
        )
        auth.record(
            now=now, session=session, actor=user.username, action="sign_in", detail=f"oidc {role}"
        )
        session.commit()
    return cookie


def _refused(request: Request, code: str) -> Response:
    request.session.clear()
    response = login_form(request, error="oidc")
    response.status_code = 401
    response.headers["X-Sign-In-Refused"] = code
    return response
