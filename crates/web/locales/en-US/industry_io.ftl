# Industry imports and exports (harvest, sale and labour log imports; exports).

industry-name_mismatch = The name “{ $value }” is not the name registered for ID number { $id_number }.

iio-import-title = Import production records
iio-import-link = Import harvest, sale and labour records
iio-import-text = Import harvest, sale or labour records of one batch from an Excel (.xlsx) or CSV file. The first row is the header; if any row is wrong, nothing from the file is imported and the row and column are named. Each sale and each labour record creates a draft voucher in the village collective's books.
iio-no-batches = Record a production unit and a batch on the production page first.
iio-columns = Columns (* required):
iio-hint-harvest = Quantities are exact decimals with a unit such as kg, 斤 or g; a product's unit must convert to the unit of its first harvest.
iio-hint-sale = Unit price and amount are in yuan; an empty amount is quantity × unit price. An empty debit account is 102 bank deposits; for a sale on credit give the receivables account's code.
iio-hint-labour = Workers are found in the people registry by resident ID number (within your scope); a name, when given, must match the registry. Days may be fractional; wages are in yuan.
iio-template-xlsx = Download the Excel template
iio-template-csv = Download the CSV template
iio-done-harvest = Imported { $count } harvest records.
iio-done-sale = Imported { $count } sale records; their draft income vouchers are in the books.
iio-done-labour = Imported { $count } labour records; their draft wages-payable vouchers are in the books.

iio-col-date = Date
iio-col-item = Product
iio-col-quantity = Quantity
iio-col-unit = Unit
iio-col-grade = Grade
iio-col-note = Note
iio-col-buyer = Buyer
iio-col-unit_price = Unit price (yuan)
iio-col-amount = Amount (yuan)
iio-col-debit_account = Debit account
iio-col-id_number = ID number
iio-col-name = Name
iio-col-days = Days
iio-col-wage = Wage (yuan)
iio-col-progress = Progress (%)
iio-col-unit_name = Production unit
iio-col-size_unit = Size unit
iio-col-paid_voucher = Payment voucher
iio-col-entries = Records
iio-col-paid = Paid (yuan)

iio-exports = Export
iio-disbursements = Disbursements
iio-workers = Workers
iio-export-funding = Funding sources
iio-export-budget = Budget and use of funds
iio-export-disbursements = Disbursements
iio-export-milestones = Milestones
iio-export-units = Production units
iio-export-batches = Batches
iio-export-logs = Production records (with voucher numbers)
iio-export-workers = Workers (this year)
iio-export-households = Households (this year)
industry-worker_name_ambiguous = More than one person named “{ $value }” is registered in the village; give the ID number.
