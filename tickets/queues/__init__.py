"""The agent queue: filters (a FilterSet shared with the API), keyset pages, the built-in
views with their bounded counts, and saved views."""
