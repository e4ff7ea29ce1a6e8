//! Industry API writes (placeholder until written).
