"""Writers: each turns a RenderedDocument's HTML into one output format."""
