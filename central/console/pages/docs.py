"""The API's documentation page, served from the package: the intranet has no internet."""

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
def docs() -> HTMLResponse:
    # Swagger UI from the package, not a CDN: the intranet has no internet.
    page = get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="Minigjenbruk central API",
        swagger_js_url="/console/static/vendor/swagger-ui/swagger-ui-bundle.js",
        swagger_css_url="/console/static/vendor/swagger-ui/swagger-ui.css",
        swagger_favicon_url="/console/static/favicon.svg",
        # Deep links put a link inside each operation's button (axe: nested-interactive).
        swagger_ui_parameters={"deepLinking": False},
    )
    # WCAG 2.1 AA like every console page: the page says its language (the API is described
    # in English), and docs.css darkens Swagger UI's few light-on-light texts.
    html = bytes(page.body).decode()
    html = html.replace("<html>", '<html lang="en">', 1)
    html = html.replace(
        "</head>", '<link rel="stylesheet" href="/console/static/docs.css">\n</head>', 1
    )
    return HTMLResponse(html)
