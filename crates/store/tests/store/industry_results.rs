//! Industry results over a region (placeholder until written).
