"""Where the settings read the machine from: the checkout, the environment and var/."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

VAR_DIR = Path(env("HELPDESK_VAR_DIR", default=str(BASE_DIR / "var")))
