"""Stage two: content to semantic HTML (templates, locale rules, Markdown, fonts, charts)."""
