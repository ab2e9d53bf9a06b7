"""Publishing what the platform holds: dashboards, and (to come) the white paper, open data and search.

It reads every other domain through their selectors; nothing imports it but the edges."""
