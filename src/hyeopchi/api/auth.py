"""Who an API call is from: the signed-in session.

The session's CSRF token is checked once, by ``ApiMiddleware``, for every signed-in write
(operations open to everyone included), so the operations' own check is off.
"""

from ninja.security import SessionAuth

signed_in = SessionAuth(csrf=False)
