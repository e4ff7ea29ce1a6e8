# Collective economy books (ledger)
ledger-system_invalid = “{ $value }” is not an accounting system: use cs2004 (Cai Kuai [2004] No. 12) or cs2023 (Cai Kuai [2023] No. 14).
ledger-chart_row_invalid = Chart of accounts, row { $row }, “{ $field }” is wrong: { $value }
ledger-sub_account_code_invalid = Sub-account code “{ $value }” is not valid: add three digits to the parent account { $parent } (e.g. { $parent }001).
ledger-credit_code_invalid = “{ $value }” is not a valid unified social credit code: 18 characters with a correct check character.
ledger-period_invalid = “{ $value }” is not a period: use year-month, e.g. 2024-03.
ledger-amount_invalid = Line { $line }, “{ $field }”: “{ $value }” is not an amount (a number with at most two decimals).
ledger-line_account_missing = Line { $line } has no account.
ledger-line_one_side = Line { $line } must have an amount on exactly one side, debit or credit.
ledger-too_few_lines = A voucher needs at least two lines.
ledger-unbalanced = Debits and credits differ: debits { $debit }, credits { $credit }.
ledger-zero_voucher = A voucher's total cannot be zero.
ledger-not_draft = Only a draft voucher can be reviewed or changed.
ledger-reviewer_is_preparer = The reviewer cannot be the person who prepared the voucher; ask a colleague to review it.
ledger-already_posted = This voucher is already posted and cannot be posted again; correct it with a red-ink reversal.
ledger-not_reviewed = A voucher must be reviewed before it is posted.
common-date_invalid = “{ $field }”: “{ $value }” is not a date; use year-month-day, e.g. 2024-03-15.
field-date = Date
field-summary = Summary
field-attachments = Attachments
field-lines = Lines
field-account_code = Account
field-debit = Debit
field-credit = Credit
field-period = Period
field-credit_code = Unified social credit code
field-accounting_system = Accounting system
field-normal_balance = Normal balance
field-category = Category
ledger-credit_code_taken = The unified social credit code { $value } is already registered to another organisation.
ledger-year_invalid = “{ $value }” is not a fiscal year.
ledger-book_exists = This organisation already has books for that year.
ledger-book_closed = The books of this year are closed and cannot change.
ledger-account_unknown = Account “{ $value }” does not exist in these books.
ledger-account_exists = Account code { $value } already exists.
ledger-parent_has_balance = This account already has a balance or movements; sub-accounts can no longer be added under it.
ledger-template_account_fixed = First-level accounts prescribed by the national chart cannot be deactivated or removed.
ledger-account_in_use = This account has a balance or movements and cannot be deactivated.
ledger-account_not_leaf = Account “{ $value }” has sub-accounts; post to the lowest-level sub-account.
ledger-openings_fixed = The opening balances have passed the trial-balance check and are locked.
ledger-openings_unbalanced = The opening balances do not balance: debits { $debit }, credits { $credit }.
ledger-account_inactive = Account “{ $value }” is deactivated.
ledger-date_outside_year = The date { $value } is not in the { $year } books.
ledger-period_closed = The period { $value } is closed: nothing can be entered or posted in it.
ledger-too_many_vouchers = This month has reached the maximum number of vouchers.
ledger-too_many_lines = The voucher has too many lines.
ledger-period_change = A draft cannot move to another month (it was { $period }, now { $value }); make a new voucher in that month.
ledger-openings_unchecked = The opening balances have not passed the trial-balance check yet; posting must wait.
ledger-reverse_unposted = Only posted vouchers need a red-ink reversal; a draft can simply be changed.
ledger-already_reversed = This voucher has already been reversed.
ledger-range_invalid = The period range { $value } is not valid: it must lie within { $year } and start no later than it ends.
ledger-period_has_unposted = The period { $value } still has { $count } unposted vouchers and cannot be closed.
ledger-period_not_closed = This period is not closed.
field-reason = Reason
field-opening = Opening balance
field-year = Year
ledger-conversion_missing = There is no account conversion for { $value }; the next year's books cannot be opened.
ledger-book_not_closed = This year's books are not closed yet; the next year cannot be opened.
ledger-reviewer_is_preparer_row = The reviewer “{ $value }” is also the preparer; a voucher must be reviewed by someone else.
field-preparer = Preparer
field-reviewer = Reviewer
ledger-layout_row_invalid = Statement layout, row { $row }, “{ $field }” is wrong: { $value }
ledger-voucher_number_taken = Voucher number { $value } is already used.
ledger-voucher_number_invalid = “{ $value }” is not a voucher number; use 记-0001 or a number.
import-missing_column = The file has no “{ $field }” column.
field-number = Voucher number
field-org = Organisation
field-line_summary = Line summary
field-account_name = Account name
ledger-org_unknown = No collective economic organisation “{ $value }” (give its unified social credit code, or choose the organisation when importing).
ledger-book_missing = { $org } has no books for { $value } yet; open them first.
ledger-import-migrated = Migration import: a previous system's posted books (district admins only)
ledger-import-migrated-hint = When ticked, the file's vouchers are posted as the previous system posted them and marked as migrated; the reviewer column is not read and never becomes a reviewer. The import is recorded in the audit log with the file's name and SHA-256 digest. Leave it unticked for everyday bookkeeping.
ledger-import-done-migrated = { $count } posted vouchers migrated (marked as migrated; the audit log records the file's digest).
ledger-dataset_not_empty = The database is not empty (it holds { $regions } regions, { $orgs } organisations, { $books } books): a data set is loaded into an empty database only, and nothing was written. Use a new data directory or database.
field-database = Database
ledger-account-search = Type an account code or name

# Collective economy books: page texts (errors and field names are in ledger.ftl)

nav-ledger = Collective books

## Organisations

ledger-orgs-title = Collective economic organisations
ledger-orgs-count = { $count } organisations
ledger-org-new = Register an organisation
ledger-org-create = Register
ledger-org-region-hint = Any village (community) or town within your scope.
ledger-credit-code-hint = The 18-character unified social credit code; organisations registered by the agriculture authorities start with N. The check character is verified.

## Books

ledger-books = Books
ledger-books-none = No books yet.
ledger-book-year = Books of { $year }
ledger-book-open = Open books
ledger-book-open-hint = The accounting system follows the year: from 2024 the Accounting System for Rural Collective Economic Organisations (Cai Kuai [2023] No. 14), up to 2023 the Accounting System for Village Collective Economic Organisations (Cai Kuai [2004] No. 12). The national first-level accounts are created with the books, all opening balances zero. To continue last year's books, close that year on its page and choose “Open next year's books”: its closing balances become the new openings.
ledger-system-cs2004 = Village collective economic organisations (Cai Kuai [2004] No. 12)
ledger-system-cs2023 = Rural collective economic organisations (Cai Kuai [2023] No. 14)
ledger-year-open = Open year
ledger-year-closed = Year closed

## Accounts

ledger-chart = Chart of accounts
ledger-col-code = Account code
ledger-category-asset = Assets
ledger-category-liability = Liabilities
ledger-category-equity = Owners' equity
ledger-category-cost = Costs
ledger-category-profit_loss = Profit and loss
ledger-side-debit = Debit
ledger-side-credit = Credit
ledger-account-active = In use
ledger-account-inactive = Deactivated
ledger-account-deactivate = Deactivate
ledger-account-reactivate = Reactivate
ledger-template-account = National account
ledger-sub-new = Add a sub-account
ledger-sub-parent = Parent account
ledger-sub-add = Add
ledger-sub-code-hint = A sub-account's code is its parent's code followed by three digits, e.g. 501001 under 501. A leaf account with a balance or movements cannot get sub-accounts.

## Opening balances

ledger-openings = Opening balances
ledger-openings-hint = Enter each leaf account's opening balance on its normal side, in yuan; a balance on the other side is negative. Then run the trial-balance check: once debits equal credits the openings are locked and vouchers can be posted.
ledger-openings-save = Save opening balances
ledger-openings-check = Trial-balance check
ledger-openings-checked = Checked
ledger-openings-pending = Not checked
ledger-openings-locked = The opening balances passed the trial-balance check and are locked.
ledger-openings-totals-debit = Total debits
ledger-openings-totals-credit = Total credits

## Periods and closing

ledger-periods = Periods
ledger-period-open = Open
ledger-period-closed = Closed
ledger-period-close = Close month
ledger-period-close-confirm = Close this month? Nothing can be entered or posted in it afterwards; only a district administrator can reopen it.
ledger-period-reopen = Reopen
ledger-period-reopen-reason = Reason for reopening

## Results

ledger-done-openings_saved = Opening balances saved; now run the trial-balance check.
ledger-done-openings_checked = The opening balances balance and are locked.
ledger-done-account_added = Sub-account added.
ledger-done-account_changed = Account updated.
ledger-done-period_closed = Month closed.
ledger-done-period_reopened = Month reopened.

## Vouchers

ledger-vouchers = Vouchers
ledger-vouchers-count = { $count } vouchers
ledger-voucher-new = New voucher
ledger-voucher-edit = Edit voucher
ledger-voucher-title = Voucher { $number }
ledger-voucher-entry-hint = One account per line, with an amount either as debit or as credit; blank lines are ignored. Amounts in yuan with at most two decimals; red-ink amounts are negative. A line without its own summary takes the voucher's.
ledger-lines-more = More lines
ledger-filter-from = From period
ledger-filter-to = To period
ledger-col-total = Amount
ledger-col-poster = Posted by
ledger-total = Total
ledger-state-draft = Draft
ledger-state-reviewed = Reviewed
ledger-state-posted = Posted
ledger-kind-normal = Voucher
ledger-kind-reversal = Red-ink reversal
ledger-kind-closing = Year-end carry-over
ledger-review = Review
ledger-post = Post
ledger-reverse = Red-ink reversal
ledger-reverse-hint = A posted voucher is never changed or deleted. To correct it, make a red-ink reversal: a draft with the opposite amounts which, once reviewed and posted, cancels the original; then enter the correct voucher.
ledger-reverse-confirm = Make a red-ink reversal of this voucher?
ledger-reverse-summary-hint = Default: “冲销” and the original number
ledger-reverses = Reverses
ledger-reversed-by = Reversed by
ledger-review-own = The preparer cannot review their own voucher; ask a colleague to review it.
ledger-line-prefix = Line { $line }:{" "}

## Trial balance

ledger-trial-balance = Trial balance
ledger-tb-show = Show
ledger-tb-opening = Opening balance
ledger-tb-movement = Movements
ledger-tb-closing = Closing balance
ledger-tb-debit = Debit
ledger-tb-credit = Credit
ledger-tb-opening-debit = Opening debit
ledger-tb-opening-credit = Opening credit
ledger-tb-debit-movement = Debits
ledger-tb-credit-movement = Credits
ledger-tb-closing-debit = Closing debit
ledger-tb-closing-credit = Closing credit
ledger-tb-balanced = Balanced
ledger-tb-unbalanced = Not balanced
ledger-tb-unit = Amounts in yuan
ledger-tb-nonzero = Only accounts with a balance or movements

## Village profile

ledger-profile-section = Collective books
ledger-profile-none = No collective economic organisation is registered for this village yet.

## Errors of the pages and the API

ledger-opening_amount_invalid = The opening balance “{ $value }” of account “{ $account }” is not an amount (a number with at most two decimals).
ledger-no_book = The organisation has no books for { $year }; open them first.
ledger-no_books = The organisation has no books yet.
field-state = State
field-from = From period
field-to = To period

## Year end

ledger-close-year = Close the year
ledger-close-year-confirm = Close the year? Income and expense accounts are carried to current-year result and on to profit distribution, and the year's books are closed. Every voucher of the year must be posted.
ledger-next-year = Open next year's books (carry balances forward)
ledger-next-book = Next year's books
ledger-done-year_closed = The year is closed; its books are locked.
ledger-balance-sheet = Balance sheet
ledger-income-statement = Income and distribution statement
ledger-bs-year-start = Start of year
ledger-bs-period-end = End of { $period }
ledger-bs-balanced = Assets = liabilities + owners' equity
ledger-bs-unbalanced = The statement does not balance; please check
ledger-is-amount = Amount
ledger-st-line = Line
ledger-st-caption = Item
ledger-classification = Village collective economy classification
ledger-class-shell = Shell village
ledger-class-weak = Weak village
ledger-class-ordinary = Ordinary village
ledger-class-strong = Strong village
ledger-measure-gross = Measure: gross operating income
ledger-measure-net = Measure: net operating income
ledger-cls-thresholds = Thresholds (10,000 yuan): shell below / weak below / strong from
ledger-cls-villages = { $count } villages (communities)
ledger-cls-by-village = By village
ledger-cls-figure = Operating income (yuan)
ledger-cls-class = Class
ledger-cls-has-books = Keeps books
ledger-cls-no-books = no books
ledger-cls-trend = Over the years
ledger-cls-strong-share = Share of strong villages
ledger-cls-rules = Classification rules
ledger-cls-rules-hint = Each rule applies from its first year until a later rule. Gross operating income is 501+502 on the 2023 chart and 501+511+561 on the 2004 chart; net deducts operating expenses, taxes and management costs. Empty the first year to delete a row.
ledger-cls-from-year = From year
ledger-cls-measure = Measure
field-shell_below = Shell below (yuan)
field-weak_below = Weak below (yuan)
field-strong_from = Strong from (yuan)
field-measure = Measure
ledger-thresholds_order = Thresholds must satisfy shell ≤ weak ≤ strong.
ledger-rule_year_twice = The first year { $value } appears twice.
ledger-profile-income = Operating income and class
ledger-import-title = Import vouchers
ledger-import-text = Upload an .xlsx or .csv file with one voucher line per row; consecutive rows with the same date and number form one voucher. Imported vouchers are drafts prepared by you: someone else reviews and posts them before they count in the books (the file's preparer and reviewer columns are not read). Numbers the file gives are kept and a number already used is refused; vouchers without one are numbered on. The whole file is imported or nothing is: any bad row stops it, and the row and column are named.
ledger-import-template = Download this book's posted vouchers (the import format)
ledger-import-done = { $count } vouchers imported as drafts, waiting for someone else to review and post them.
ledger-general-ledger = General ledger
ledger-detail-ledger = Account detail
ledger-dl-balance = Balance
ledger-dl-opening = Opening balance
ledger-openings-import-title = Import opening balances
ledger-openings-import-text = Upload an .xlsx or .csv file with one lowest-level account per row: account code and a debit or credit balance (yuan). Accounts not in the file keep their balance. The whole file is imported or nothing is; a bad row is named with its column. Run the trial-balance check afterwards.
ledger-openings-import-template = Download this book's chart of accounts
ledger-openings-import-done = Opening balances of { $count } accounts imported; run the trial-balance check.
ledger-side-even = Nil
# Trustworthy books (issue 11)
ledger-voucher_generated = This voucher was generated by an industry project and cannot be changed in the ledger: change its source record, or reverse it and make it again.
ledger-voucher_migrated = This voucher is a posted voucher brought in by a migration and cannot be changed; reverse it to correct it.
ledger-period_already_closed = This month is already closed.
ledger-origin = Origin
ledger-origin-entered = Entered in the ledger
ledger-origin-generated = Generated by an industry project
ledger-origin-migrated = Posted voucher brought in by a migration
ledger-origin-generated-hint = A voucher generated by an industry project cannot be changed here: change its source record, or reverse it.
ledger-reviewer-migrated = migrated
ledger-edit-hint = Once you change a draft you are its preparer, and someone else must review it.
ledger-history = History
ledger-history-empty = No entries yet.
ledger-history-at = Time (China time)
ledger-history-who = By
ledger-history-action = Action
ledger-history-change = Content
ledger-history-before = Before
ledger-history-after = After
ledger-history-total = amount { $amount } yuan
ledger-history-preparer = preparer { $name }
ledger-year-end-hint = Once December is closed, run the year end: it carries income and expenses forward and closes the year's books.
ledger-col-category = Account category
ledger-print-capitals = Amount in Chinese capitals
ledger-sign-supervisor = Supervisor
ledger-sign-poster = Posted by
ledger-sign-cashier = Cashier
ledger-sign-reviewer = Reviewed by
ledger-sign-preparer = Prepared by
ledger-bs-assets = Assets
ledger-bs-liabilities-equity = Liabilities and owners' equity
