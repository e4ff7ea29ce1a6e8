-- Faster bulk imports (docs/benchmarks.md, issue 3), same data:
-- voucher lines are stored in their primary key's b-tree (WITHOUT ROWID) instead of a rowid
-- table plus a separate key index, and the (book, period, state) index goes: the unique
-- (book_id, period, number) index serves the same lookups by book and period.
DROP INDEX ledger_vouchers_book_period;

CREATE TABLE ledger_lines_keyed (
    voucher_id   TEXT NOT NULL REFERENCES ledger_vouchers (id),
    line_no      INTEGER NOT NULL,
    account_code TEXT NOT NULL,
    debit        BIGINT NOT NULL,
    credit       BIGINT NOT NULL,
    summary      TEXT NOT NULL,
    PRIMARY KEY (voucher_id, line_no)
) WITHOUT ROWID;
INSERT INTO ledger_lines_keyed (voucher_id, line_no, account_code, debit, credit, summary)
    SELECT voucher_id, line_no, account_code, debit, credit, summary FROM ledger_lines;
DROP TABLE ledger_lines;
ALTER TABLE ledger_lines_keyed RENAME TO ledger_lines;
