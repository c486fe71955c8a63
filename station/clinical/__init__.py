"""Clinical checks for the station: pure functions, no storage, no Qt, no network.

Modules (import them directly; this package imports nothing so it loads cheaply):

- ``ranges``: the plausible range, LOINC code and UCUM unit of each vital sign
  (read once from ``resources/vital_ranges.json``) and number formatting.
- ``vitals``: checking and parsing typed vital signs, BMI, and the observation
  list stored in a ``vitals_set`` record.
- ``news2``: the National Early Warning Score 2 for adults.
- ``imci``: WHO IMCI danger signs and cough/difficult breathing for young children.
- ``muac``: mid-upper arm circumference bands.
- ``urgency``: a suggested referral urgency from the results above.
"""
