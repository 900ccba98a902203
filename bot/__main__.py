"""`python -m bot`: run the Telegram bot with settings from the environment."""

from bot.app import main

raise SystemExit(main())
