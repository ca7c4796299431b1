"""Dashboard shell: settings, app factory, theme, components, i18n. Pages live in `pages/`."""
