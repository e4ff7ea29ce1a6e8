-- Faster bulk imports (docs/benchmarks.md, issue 3): the (book, period, state) index goes;
-- the unique (book_id, period, number) index serves the same lookups by book and period.
-- (On SQLite the voucher lines also move to a WITHOUT ROWID table; PostgreSQL has no such
-- distinction.)
DROP INDEX ledger_vouchers_book_period;
