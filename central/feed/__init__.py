"""The read-only OData v4 feed for analysts' tools (Excel, Power BI): docs/feed.md."""
