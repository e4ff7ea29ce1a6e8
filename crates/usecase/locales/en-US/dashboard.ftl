# dashboard (issue 16)
