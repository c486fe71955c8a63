"""The wire format shared by station and hub: protocol models, record payloads, request signing,
the FHIR mapping, ids and clock text.

Imports nothing else of the project (a test follows imports transitively), so the hub depends on
this package alone and the station's core may use its ids and clock.
"""
