"""Consultation screens: notes, vitals with NEWS2/IMCI checks, diagnoses, prescriptions, summary."""
