"""The app served with its sign-in routes, for an office or an organisation (``ITA_SIGNIN``): Streamlit's own server
runs ``app.py`` and, beside it, ``/auth/signin`` and ``/auth/signout`` for office accounts (``ita.web.signin``; only
in that mode) and, for organisation sign-in, the return to the page a user was on (``ita.web.oidc``).

    ITA_SIGNIN=accounts streamlit run serve.py --server.address 0.0.0.0

``scripts/serve-team.sh`` starts several of these behind nginx. Personal mode (``scripts/run.sh``) runs ``app.py``
alone, on this machine only.
"""

import streamlit as st
from starlette.middleware import Middleware

from ita.common.settings import signin_mode
from ita.web.oidc import ReturnAfterSignIn
from ita.web.signin import routes

app = st.App(
    "app.py",
    routes=routes() if signin_mode() == "accounts" else [],
    middleware=[Middleware(ReturnAfterSignIn)] if signin_mode() == "oidc" else [],
)
