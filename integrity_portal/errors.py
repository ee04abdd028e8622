"""Domain errors raised by services; the API and HTML layers map them to statuses once."""


class PortalError(Exception):
    status_code = 400
    code = "invalid"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TransitionNotAllowed(PortalError):
    """The object is not in a state that allows this transition (HTTP 409)."""

    status_code = 409
    code = "wrong_state"
