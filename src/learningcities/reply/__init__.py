"""The reply to a partner: their data with every problem marked, and a report page.

A secretariat checks what a partner sent and answers with something the
partner can act on, in the partner's language (``report.lang``):

- :func:`annotate` writes the files the report checked as one workbook:
  the partner's values exactly as read, each cell with a problem filled
  in its severity's colour and carrying the message as a comment, and a
  first sheet that counts the problems by code and links to each cell;
- :func:`html` writes the report as one self-contained web page: the
  summary, the problems grouped by code, each with the lines of its file
  around it (or the row of its sheet) and the offending value marked.

Where a problem goes (its *place*): in a workbook, its sheet, row and
column as the report says; in a CSV file, its row and column (a CSV
file's rows are numbered as a spreadsheet's, the header being row 1); in
a JSON document or a JSON Lines file, the record and field its pointer
names, in a sheet per kind, a record per row, under the CSV template's
columns. A problem of a whole record marks its row; one of a whole file
or sheet, the header. A problem with no place in the data (a file that
could not be read, a dataset's own field) is listed on the first sheet
only. See docs/reply.md.

>>> import learningcities
>>> from learningcities import reply
>>> report = learningcities.validate(["examples/submission-broken"],
...                                  register="examples/register.json")
>>> reply.html(report).count('<article class="problem')
5
"""

from learningcities.reply._page import HELP, html
from learningcities.reply._places import FILLS
from learningcities.reply._workbook import annotate

__all__ = ["FILLS", "HELP", "annotate", "html"]
