"""Reading the tables that departments publish (绩效目标表) into books.

>>> imported = read_tables("../shared/seed/000_2b2695376b0debb2.txt")
>>> imported.summary.projects, len(imported.book.activities)
(16, 21)
"""

from .document import Cell, Document, Grid, Prose, read_text
from .selfeval import audit, read_self_assessments
from .sources import read_departments, read_source, read_tables
from .targets import Imported, Summary, read_document_tables

__all__ = ["read_tables", "read_departments", "audit", "read_self_assessments", "read_source", "read_document_tables",
           "Imported", "Summary", "Document", "Grid", "Prose", "Cell", "read_text"]
