"""The project's own errors: each carries a message a user can act on."""


class PostureError(Exception):
    """Base class: the CLI prints the message on one line and exits with code 2."""


class SourceError(PostureError):
    """A file, folder or camera could not be read as frames."""


class CameraError(SourceError):
    """The webcam is missing, busy or stopped delivering frames."""


class ModelError(PostureError):
    """The pose model is missing, corrupt, or could not be downloaded or loaded."""


class ConfigError(PostureError):
    """A setting has a bad value."""


class UsageError(PostureError):
    """The command line asks for something that cannot be done."""


class ProfileError(PostureError):
    """A calibration profile is missing, corrupt, too old, or made for another camera."""


class CalibrationError(PostureError):
    """A calibration capture was refused (no person, too much movement, ears not visible...)."""


class StoreError(PostureError):
    """The history database cannot be opened, read or written."""


class CatalogueError(ConfigError):
    """The stretch catalogue, or the user's override of it, is malformed."""
