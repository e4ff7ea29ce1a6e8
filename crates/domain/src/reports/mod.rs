//! Rules of the report pack (一键报表, issue 16): 农经 statistical returns and programme tables for a
//! region and year, as pages, JSON and one .xlsx workbook.
