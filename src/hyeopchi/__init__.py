"""hyeopchi (협치): a platform for a local government's collaborative-governance cycle."""

__version__ = "0.1.0"
