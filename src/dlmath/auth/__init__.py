"""Accounts for group mode: password hashing, session ids, join codes, CSRF tokens.

Nothing here touches the database or the web framework: ``store.accounts`` keeps the
hashes and sessions, ``web`` sets the cookies.
"""
