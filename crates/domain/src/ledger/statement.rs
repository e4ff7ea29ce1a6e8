//! Statement layouts (资产负债表, 收益及收益分配表) as data files; see the helper brief.
