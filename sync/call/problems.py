"""What can go wrong with this computer's camera, microphone, speaker or relay during a call.

Each is one sentence for the health worker, in English; the station window shows its translation
(ui.call.words.media_problem_text looks these up by value). No imports: the window loads this
even where the video extra is not installed.
"""

CAMERA_FAILED = ("The camera could not be opened, so this call is voice only. Check that the camera is "
                 "connected and not used by another program.")
CAMERA_NOT_BACK = ("The camera could not be switched back on. Check that it is connected and not used by "
                   "another program; the call goes on with voice.")
MICROPHONE_FAILED = ("The microphone could not be opened: the specialist will not hear you. Check the "
                     "microphone in Settings.")
NO_SPEAKER = ("No speaker or headset found: you will not hear the specialist. Connect a speaker or headset, "
              "check it in Settings, then call again.")
RELAY_REFUSED = ("The relay server refused this station's call pass (it has expired, or the hub and the relay "
                 "server do not agree). The call cannot go through the relay: tell the hub administrator to "
                 "check the relay's secret and clock.")
RELAY_UNREACHABLE = ("The relay server could not be reached from this clinic's network, so the call can only try "
                     "a direct path. If calls keep failing, tell the hub administrator.")
RELAY_ONLY_UNREACHABLE = ("The relay server could not be reached from this clinic's network, and this hub allows "
                          "calls only through it, so the call could not start. Tell the hub administrator.")
