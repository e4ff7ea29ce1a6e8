# reports (issue 16)
