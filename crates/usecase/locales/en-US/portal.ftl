# portal (en-US): owned by the portal work of issue 15
