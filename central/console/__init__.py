"""The staff console: server-rendered pages over central's services (the API's sibling)."""
