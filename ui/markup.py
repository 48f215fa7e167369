"""Make any text inert before it is put into Streamlit markdown (st.markdown, st.error, st.caption, …).

Streamlit renders those strings as GitHub-flavoured markdown with its own extras (``:red[…]``,
``:material/…:`` icons, ``$…$`` maths, bare-URL autolinks). A value that came from a user, a
URL, an uploaded file or the database could otherwise draw a link or an image (a request to
another host) into the page. CommonMark lets a backslash escape every ASCII punctuation
character, so escaping all of them, and flattening line breaks, leaves only literal text.
"""
from __future__ import annotations

import string

_ESCAPE = str.maketrans({**{ch: "\\" + ch for ch in string.punctuation}, "\r": " ", "\n": " "})


def escape_markdown(text: object) -> str:
    """``text`` as markdown that shows exactly those characters and nothing else."""
    return str(text).translate(_ESCAPE)
