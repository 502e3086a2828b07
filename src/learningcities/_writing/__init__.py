"""Writing: files made for people to fill in or to use, from the models.

:mod:`.templates` writes the blank templates partners start from. The
exports (spreadsheets, maps, calendars) belong here too.

Imports the run and the public functions below it, never the command line.
"""
