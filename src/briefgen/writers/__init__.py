"""Writers: each turns a RenderedDocument's HTML into one output format."""

from briefgen.writers.native_libraries import quick_weasyprint_import

quick_weasyprint_import()  # WeasyPrint, wherever it is first imported, without running gcc
