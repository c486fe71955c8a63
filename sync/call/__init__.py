"""Video consults from the station: aiortc tuned for poor links, the quality policy, camera and
microphone per OS, signaling with the hub, and the call session the call window drives (no Qt here)."""
