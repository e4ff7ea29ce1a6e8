# Error messages: error codes (dot replaced by a dash), import messages and field labels.
# Validation errors may use { $field }, the field's translated label.

## Field labels: form labels, table and spreadsheet column headers, error messages.
## The 9 region columns are also spreadsheet headers and must all differ.

field-code = Code
field-parent_code = Parent code
field-name = Name
field-kind = Kind
field-tags = Tags
field-population = Population
field-households = Households
field-area_km2 = Area (km²)
field-party_members = Party members
field-username = Username
field-password = Password
field-display_name = Display name
field-role = Role
field-region_code = Region
field-region_name = Region name
field-active = Active
field-created_at = Created
field-lang = Language
field-level = Level
field-body = Request body
field-file = File

## Common

common-not_found = The page or record you are looking for does not exist. It may have been deleted, or the address may be wrong.
common-internal = Something went wrong on our side. The error has been logged; please try again later, and contact your administrator if it keeps happening.
common-error_id = Error number: { $id }
common-too_large = The upload is too large. Please make the file smaller or split it, then try again.
money-too_large = The amount { $value } yuan in “{ $field }” exceeds the limit of { $max } yuan per entry.
money-overflow = The amounts add up to more than can be recorded; nothing was changed. Please check for an amount entered too large.
common-required = “{ $field }” is required.
common-too_long = “{ $field }” may be at most { $max } characters long.
common-decimal_invalid = “{ $field }” must be a number (decimals allowed): { $value }
common-count_invalid = “{ $field }” must be a whole number, 0 or more: { $value }
common-choice_invalid = “{ $field }” has an invalid value: { $value }

## Sign-in and permissions

auth-forbidden = You do not have permission to do this. Contact your district administrator if you need access.
auth-unauthorized = You are not signed in, or your session has expired. Please sign in.
auth-csrf = This form has expired or its security token is invalid. Please reload the page and submit it again.

## Users

identity-role_invalid = Unknown role: { $value }
identity-role_level_mismatch = The role { $role } can only be assigned to a { $level }-level region; please choose another “{ $field }”.
identity-password_too_short = The password must be at least { $min } characters long.
identity-password_too_simple = The password must contain both letters and digits.
identity-password_contains_username = The password must not contain the username.
identity-username_invalid = The username “{ $value }” is not valid: use 3–32 lowercase letters, digits or . _ -, starting with a letter.
identity-username_taken = The username “{ $value }” is already taken; please choose another.
identity-self_change = You cannot deactivate your own account or change your own role.

## Regions

region-code_invalid = “{ $field }” is not a valid region code: { $value } (it must be the 12-digit national statistical division code)
region-parent_mismatch = The parent of region { $code } must be { $expected }, not { $value }.
region-kind_invalid = Unknown region kind: { $value } (use district, county, town, township, subdistrict, village or community, or the Chinese 区、县、镇、乡、街道、村、社区)
region-tag_invalid = Unknown tag: { $value } (use key_village or supported_village, or the Chinese 重点村、扶持村)
region-kind_level_mismatch = The kind { $value } does not match the level of the region code ({ $level }): districts and counties are district level; towns, townships and subdistricts are town level; villages and communities are village level.
region-tag_village_only = Only village-level regions (villages and communities) can have tags.
region-not_found = Region { $value } does not exist.
region-exists = A region with this code already exists; edit that region instead.
region-parent_fixed = The code and the parent of a region cannot be changed once saved.
region-parent_missing = The parent region { $value } does not exist yet; please add it first.
region-outside_scope = Region { $value } is outside your area of responsibility.

## Import

import-duplicate = Code { $value } already appears on row { $first }.
import-unsupported_type = This file type is not supported. Please upload an .xlsx, .xls or .csv file.
import-unreadable = The file could not be read. Please check that it is not damaged and has the right format.
import-empty = The file contains no data to import.
import-file = File
import-no-file = Please choose a file to import.
import-missing-column = This required column is missing.
import-refused = Nothing was imported.
import-done = Import complete: { $created } added, { $updated } updated, { $unchanged } unchanged.
import-file-error = { $file }: { $reason }
import-row-error = { $file }, row { $row }, column “{ $column }”: { $reason }
common-control_char = “{ $field }” contains an invisible control character (such as NUL); remove it and submit again.
region-village_needs_town = Region { $code } has 000 as its town digits (7–9), which would put a village directly under the district. A village must be under a town (or subdistrict), and a town under the district: use the code of the village's town.
import-control_char = A cell of the file contains an invisible control character (such as NUL); remove it and import again.
import-control_char_at = Row { $row }, column “{ $column }”: the cell contains an invisible control character (such as NUL); remove it and import again.
import-too_many_rows = The file has more than { $limit } rows; split it into several files and import them one by one.
import-too_many_columns = The file has more than { $limit } columns; remove the extra columns and import again.
import-too_many_cells = The file has more than { $limit } cells; split it into several files and import them one by one.
import-too_large = The file is larger than { $limit } MB once uncompressed; split it into several files and import them one by one.
import-compression_ratio = The file is compressed more than { $limit } times, which no ordinary spreadsheet is; it was not read.
import-shared_strings = The file's shared-string table is larger than { $limit } MB or declares too many strings; it was not read.
import-record_too_long = Row { $row } is longer than { $limit } KB; please check the file's format.
import-xls_refused = For safety, old .xls files are no longer read; save the file as .xlsx in Excel and import it again.
common-unavailable = The database cannot take requests right now (the disk may be full or the database server unreachable). Nothing was saved. Please try again in a minute; if it keeps happening, tell your administrator.
upload-too_large = The file is over the { $limit } limit; please make it smaller or split it, then upload it again.
import-encoding = The file is neither UTF-8 nor GB18030: the byte at offset { $offset } (row { $row }) cannot be read. Save it as “CSV UTF-8” in Excel and import it again.
