//! `zhenxing disclosure key|verify` and the signing key in the data directory (issue 15):
//! owned by the log work.
