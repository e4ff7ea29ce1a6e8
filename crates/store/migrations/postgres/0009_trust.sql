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

-- Balances are BIGINT, whose arithmetic raises on overflow instead of wrapping or turning
-- into a fraction; the checks below state the same promise the SQLite schema makes.
ALTER TABLE ledger_period_balances
    ADD CONSTRAINT ledger_period_balances_debit_int CHECK (debit = trunc(debit)),
    ADD CONSTRAINT ledger_period_balances_credit_int CHECK (credit = trunc(credit)),
    ADD CONSTRAINT ledger_period_balances_closing_debit_int CHECK (closing_debit = trunc(closing_debit)),
    ADD CONSTRAINT ledger_period_balances_closing_credit_int CHECK (closing_credit = trunc(closing_credit));

-- What an API token may do: 'full' (the API as its user) or 'calendar' (read the user's
-- calendar feed, nothing else).
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'full';
