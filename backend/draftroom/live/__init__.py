"""Live updates: the broker, the hub that replays and streams the journal, the websocket."""
