# Review cycles, national reviews and inputs arrive with the next issues.
