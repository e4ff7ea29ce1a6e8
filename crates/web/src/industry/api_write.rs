//! The industry JSON API's writes: projects and their workflow, funding, budget lines,
//! milestones, approvals, disbursements, units, batches, logs and paying labour.
