//! Pay linkage stored: policies, a village's yearly calculation, its approval and voucher.
