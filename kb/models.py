# The knowledge base arrives with its own issue; the app exists now so its tables, URLs and
# templates drop in without touching the rest.
