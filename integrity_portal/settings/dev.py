"""Local development and `make run`: the embedded default (SQLite, filesystem broker)."""
from .base import *  # noqa: F403
from .env import env, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env("SECRET_KEY") or "dev-only-not-secret-3c8f1e0b2a"
