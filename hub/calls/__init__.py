"""Video consults: call lifecycle (store), ICE/TURN servers (ice), signaling messages and relay."""
