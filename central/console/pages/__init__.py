"""The console's pages, one module per page group (a resource), each with its ``router``."""
