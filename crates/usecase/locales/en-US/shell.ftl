# Shell: application name, navigation, language, demo notice, footer, home page, common buttons, error page titles, sign-in

app-name = Zhenxing
app-tagline = Party building leads rural revitalisation

nav-label = Main navigation
nav-home = Home
nav-regions = Regions
nav-users = Users
nav-mechanism = Work mechanism
nav-people = People and talent
nav-industry = Industry
nav-audit = Audit log
nav-account = My account
nav-logout = Sign out

lang-label = Language

demo-banner = Demo site with sample data — village names and figures other than 保婴村 (Baoying Village) are illustrative.

footer-text = Open-source software · enter data once, and the reports follow

home-welcome = Welcome, { $name }
# The region name follows directly; { " " } keeps the trailing space, which Fluent would otherwise trim.
home-scope = Your area:{ " " }
home-regions = Regions
home-users = Users
home-modules = Modules
home-modules-text = The platform is being built step by step. Regions, users and the audit log, the collective-economy books, the work mechanism, cadre development and talent, and industry projects are available now; assessment, village affairs disclosure and the district dashboard will follow. Data are entered once, where they arise, and the district's reports are compiled from them — no more filling in the same forms again and again.

common-save = Save
common-saved = Saved
common-saved-view = View
common-cancel = Cancel
common-edit = Edit
common-filter = Filter
common-import = Import
common-export-csv = Export CSV
common-export-xlsx = Export Excel
common-print = Print
common-prev = Previous
common-next = Next
common-all = All
common-none = Nothing to show yet
common-status = Status
common-created = Created
common-updated = Updated
common-yes = Yes
common-no = No

error-not-found-title = Page not found
error-forbidden-title = Access denied
error-unauthorized-title = Please sign in
error-internal-title = Something went wrong
error-bad-request-title = The request could not be processed
error-back-home = Back to home

login-title = Sign in
login-submit = Sign in
login-demo-hint = Demo accounts: admin (district administrator), leader (district leader), haikou (town officer), baoying (village bookkeeper) and shuji (first secretary); the password for all of them is Zhenxing2026!
home-ledger = Collective economic organisations
