"""The app served with its sign-in routes, for an office or an organisation (``ITA_SIGNIN``): Streamlit's own server
runs ``app.py`` and, beside it, ``/auth/signin`` and ``/auth/signout`` (``ita.web.signin``).

    ITA_SIGNIN=accounts streamlit run serve.py --server.address 0.0.0.0

``scripts/serve-team.sh`` starts several of these behind nginx. Personal mode (``scripts/run.sh``) runs ``app.py``
alone, on this machine only.
"""

import streamlit as st

from ita.web.signin import routes

app = st.App("app.py", routes=routes())
