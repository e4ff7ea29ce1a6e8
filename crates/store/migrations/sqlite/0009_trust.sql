-- Trustworthy books (issue 11).

-- Where a voucher came from: 'entered' in the ledger (by hand or by a draft import),
-- 'generated' by another module from its source record (an industry disbursement, sale or
-- labour entry; later pay), or 'migrated' by a district admin's import of a previous system's
-- posted books. A generated voucher is changed through its source record, never in the ledger.
ALTER TABLE ledger_vouchers ADD COLUMN origin TEXT NOT NULL DEFAULT 'entered';
UPDATE ledger_vouchers SET origin = 'generated'
 WHERE id IN (SELECT voucher_id FROM industry_disbursements)
    OR id IN (SELECT voucher_id FROM industry_logs WHERE voucher_id IS NOT NULL)
    OR id IN (SELECT paid_voucher_id FROM industry_logs WHERE paid_voucher_id IS NOT NULL);

-- A voucher has at most one reversal.
CREATE UNIQUE INDEX ledger_vouchers_one_reversal ON ledger_vouchers (reverses_id)
    WHERE reverses_id IS NOT NULL;

-- A balance that is not an integer is impossible: SQLite turns an overflowing integer sum
-- into REAL, which these checks refuse (PostgreSQL's BIGINT raises on overflow by itself).
CREATE TABLE ledger_period_balances_checked (
    book_id        TEXT NOT NULL REFERENCES ledger_books (id),
    account_code   TEXT NOT NULL,
    period         TEXT NOT NULL,
    debit          BIGINT NOT NULL CHECK (typeof(debit) = 'integer'),
    credit         BIGINT NOT NULL CHECK (typeof(credit) = 'integer'),
    closing_debit  BIGINT NOT NULL CHECK (typeof(closing_debit) = 'integer'),
    closing_credit BIGINT NOT NULL CHECK (typeof(closing_credit) = 'integer'),
    PRIMARY KEY (book_id, account_code, period)
);
INSERT INTO ledger_period_balances_checked
    SELECT book_id, account_code, period, debit, credit, closing_debit, closing_credit
      FROM ledger_period_balances;
DROP TABLE ledger_period_balances;
ALTER TABLE ledger_period_balances_checked RENAME TO ledger_period_balances;

-- What an API token may do: 'full' (the API as its user) or 'calendar' (read the user's
-- calendar feed, nothing else).
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'full';
