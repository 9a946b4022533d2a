"""The public portal (执法公示平台): no login, Chinese by default with English, cacheable pages
and open data. Reads only what yifa.disclosure and the registries publish."""
