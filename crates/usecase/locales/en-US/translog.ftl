# translog (en-US): owned by the translog work of issue 15
