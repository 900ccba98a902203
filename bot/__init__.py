"""newsqa's Telegram front end: thin handlers around `retrieval.service.QAService`.

Start it with `newsqa bot`, `python -m bot`, or `bot.app.main()`; build it for tests or
embedding with `bot.app.build_application(settings, service)`.
"""
