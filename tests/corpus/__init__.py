"""A generated corpus of matrices of the family: documents never seen, with their records as ground truth.

`generate.py` draws a document from a seed (which assembler, column order, label styles, fonts, page
furniture, ...) and writes it as PDF, Word or a text rendition; `measure.py` reads documents through the
project and scores them; `python -m corpus` (`make corpus`) does both for N documents.
"""
