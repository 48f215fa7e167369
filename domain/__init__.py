"""Shared vocabulary of SIPKS: taxonomy, scopes and roles.

Pure Python (no SQL, no Streamlit). Every layer may import it.
"""
