"""The specialist web console: server-rendered pages where specialists read and answer referrals.

`hub.console.routes.router` is included by `hub.app.create_app`; templates live in hub/templates
and the CSS, JavaScript and font in hub/static (no build step, nothing loaded from other sites).
"""
