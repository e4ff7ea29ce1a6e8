//! Industry imports and exports (placeholder until written).
