//! Industry results on the village profile and as plan metrics (placeholder until written).
