"""Pages of the dashboard, one module each, registered with `dash.register_page`."""
