# Account, sign-in messages, user administration and roles

## My account

account-password = Change password
account-current-password = Current password
account-new-password = New password
account-confirm-password = Confirm new password
account-password-rules = At least 10 characters, with both letters and digits, not containing the username, not a common password and not easy to guess (keyboard rows, repeats, dates, common words or names). A few unrelated words with digits and symbols work well.
account-password-ends-sessions = Changing your password signs you out everywhere else and revokes all your API and calendar tokens; this session stays signed in.
account-tokens = API tokens
account-tokens-hint = Other systems can use a token to read and write data through the API, with the same permissions as your account. Keep tokens safe and revoke any you no longer use.
account-token-name = Token name
account-token-create = Create token
account-token-once = Your token has been created. It is shown only this once — copy it now and keep it safe.
account-token-active = Active
account-token-revoked = Revoked
account-token-revoke = Revoke
account-token-revoke-confirm = Revoke this token? Programs that use it will no longer be able to access the system.
account-token-scope = Use
account-token-scope-full = API read and write
account-token-scope-calendar = Calendar feed only

## Sign-in and password messages

auth-bad-credentials = Incorrect username or password.
auth-throttled = Too many failed sign-in attempts. Please try again in { $minutes } minutes.
auth-bad-current-password = The current password is incorrect.
auth-password-mismatch = The two new passwords do not match.
auth-password-changed = Your password has been changed.
auth-token-revoked = The token has been revoked.

## Password rules (error codes)

identity-password_common = This is a common password and easy to guess; please choose another.
identity-password_too_weak = The password is too easy to guess{ $reason ->
    [keyboard] : rows of neighbouring keys are easy to guess.
    [repeat] : repeated characters or pieces (like “aaa” or “abcabc”) are easy to guess.
    [sequence] : sequences of letters or digits (like “abc” or “6543”) are easy to guess.
    [date] : years and dates are easy to guess.
    [word] : a single common word is easy to guess.
    [name] : common names are easy to guess.
    [similar] : it is similar to a common password; replacing letters with look-alike digits or symbols (a→@, o→0) does not help much.
   *[other] .
} Use a few unrelated words with digits and symbols to make a longer password.

## User administration

users-new = New user
users-edit = Edit user
users-active = Active
users-inactive = Inactive
users-reset-password = Reset password (leave blank to keep the current one)
users-username-hint = 3–32 lowercase letters, digits or . _ -, starting with a letter; it cannot be changed later.
users-role-level-hint = District administrators and district leaders belong to the district, town officers to a town, and village cadres/bookkeepers and first secretaries to a village or community.

## Roles

role-district_admin = District administrator
role-district_leader = District leader
role-town_officer = Town officer
role-village_cadre = Village cadre / bookkeeper
role-first_secretary = First secretary
