"""Referral screens: refer a case, follow its status, read and acknowledge advice, message thread."""
