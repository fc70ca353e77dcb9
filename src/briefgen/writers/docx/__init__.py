"""The Word writer: the semantic HTML, laid out as the PDF is, as a .docx package."""
