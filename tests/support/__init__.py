"""What every test shares: the worlds (fixtures), the helpers and the demo loaded once."""
