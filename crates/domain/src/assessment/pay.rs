//! Pay linkage (报酬挂钩): policies and the computation of a village's pool and its cadres'
//! shares.
