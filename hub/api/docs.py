"""The API's documentation page, served entirely by the hub.

Swagger UI's files come from the pinned `swagger-ui-bundle-v2` package (no CDN: the page lives on
the hub's own origin, where the console's cookie can export patient data, and an offline hub must
still show it). The page carries the console's Content-Security-Policy, so nothing from another
origin and no inline script can run on it.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Response
from fastapi.responses import FileResponse, HTMLResponse

from hub.console.web import add_security_headers

router = APIRouter()

# The only files the page needs; nothing else from the package is served.
ASSETS = {
    "swagger-ui.css": "text/css; charset=utf-8",
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "favicon-32x32.png": "image/png",
}

PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Telehub station API</title>
  <link rel="stylesheet" href="/api/v1/docs/assets/swagger-ui.css">
  <link rel="icon" href="/api/v1/docs/assets/favicon-32x32.png" type="image/png">
  <script src="/api/v1/docs/assets/swagger-ui-bundle.js" defer></script>
  <script src="/static/api-docs.js" defer></script>
</head>
<body>
  <div id="swagger-ui" data-openapi-url="/api/v1/openapi.json"></div>
  <noscript><p>This page needs JavaScript. The API description itself is at
  <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p></noscript>
</body>
</html>
"""


def swagger_ui_dir() -> Path:
    import swagger_ui_bundle

    return Path(str(swagger_ui_bundle.swagger_ui_path))


@router.get("/docs", include_in_schema=False)
def docs_page() -> Response:
    return add_security_headers(HTMLResponse(PAGE))


@router.get("/docs/assets/{name}", include_in_schema=False)
def docs_asset(name: str) -> Response:
    if name not in ASSETS:
        return add_security_headers(Response("There is no such file.", status_code=404, media_type="text/plain"))
    response = FileResponse(swagger_ui_dir() / name, media_type=ASSETS[name])
    add_security_headers(response)
    # The files change only with the pinned package: let browsers keep them for a day.
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response
