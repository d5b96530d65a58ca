"""The book's editions built from the one MyST source (DESIGN.md, "Editions").

* :mod:`editions.export`: clean notebooks (committed next to the pages; student copies);
* :mod:`editions.trees`: the source trees of the student edition and of the PDF.
"""
