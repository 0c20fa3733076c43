"""The API's documentation page, served from the package: the intranet has no internet."""

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def docs() -> HTMLResponse:
    # Swagger UI from the package, not a CDN: the intranet has no internet.
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="Minigjenbruk central API",
        swagger_js_url="/console/static/vendor/swagger-ui/swagger-ui-bundle.js",
        swagger_css_url="/console/static/vendor/swagger-ui/swagger-ui.css",
        swagger_favicon_url="/console/static/favicon.svg",
    )
