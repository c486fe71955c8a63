"""Patient screens: search as you type, registration with the duplicate warning, the chart."""
