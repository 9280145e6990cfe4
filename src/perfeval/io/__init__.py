"""I/O: indicator files (YAML), actuals and budget files (CSV, YAML), and
one atomic writer for every output.

>>> from perfeval.io import load
>>> load("examples/small.yaml").department_name
'曹妃甸区人力资源和社会保障局'
"""

from . import frames as _frames  # noqa: F401  (installs Report.to_frame; pandas only when called)
from .files import read_bytes, write_atomic
from .grading import grade
from .indicators import dump, load, loads, read_document
from .published import audit, read_departments, read_tables
from .tables import read_actuals, read_budget, template

__all__ = ["load", "loads", "dump", "read_document", "grade", "read_actuals", "read_budget", "template",
           "read_bytes", "write_atomic", "read_tables", "read_departments", "audit"]
