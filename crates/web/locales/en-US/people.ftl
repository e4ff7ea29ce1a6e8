# People and talent: registry, posts, reserve cadres and talent pool, recruitment, training and coverage, incentives

## Errors

people-id_number_invalid = The ID number “{ $value }” is not valid: it has 18 characters, 17 digits and a check character (0–9 or X) that must match the first 17.
people-id_number_birth_invalid = The birth date inside the ID number “{ $value }” does not exist.
people-id_number_taken = The ID number “{ $value }” is already registered; one person per number.
people-birth_date_mismatch = The birth date { $value } differs from the one in the ID number.
people-phone_invalid = The phone “{ $value }” is not valid: use an 11-digit mobile number or a landline with its area code (e.g. 0556-5551234).
people-photo_too_large = The photo is larger than { $max }; please compress it and upload again.
people-photo_type = The photo must be a PNG or JPEG image. Files are recognised by their content, not by their name.
people-end_before_start = “{ $field }” ({ $value }) cannot lie before the start date.
people-dispatching_unit_required = First secretaries and work-team members need the unit that sent them.
people-person_unknown = The person “{ $value }” does not exist or is not visible to you.
people-post_ended = This post has already ended; record a new post to continue.
people-post_unknown = The post “{ $value }” does not exist or is not this person's.
people-talent_status_invalid = A talent entry moves forward only (reserve → training → used); it cannot go from “{ $from }” to “{ $to }”.
people-talent_post_required = A used entry needs the post the person was promoted to.
people-talent_exists = This person is already in this pool.
people-talent_fixed = The person and the pool of an entry cannot change; archive it and add a new one.
people-too_many_tags = At most { $max } tags.
people-campaign_closed = This recruitment is closed and cannot change; reopen it first.
people-position_region = The position's region “{ $value }” must lie within the recruitment's region.
people-position_unknown = The position “{ $value }” does not exist.
people-applicant_exists = This person has already applied for this position.
people-applicant_hired = This applicant has been hired; a hire cannot be undone.
people-quota_full = The position's quota is filled; no one else can be hired.
people-attendance_duplicate = The same person appears more than once in the file.

## Field names

field-sex = Sex
field-birth_date = Birth date
field-ethnicity = Ethnicity
field-id_number = ID number
field-political_status = Political status
field-education = Education
field-phone = Phone
field-photo = Photo
field-person_id = Person
field-post = Post
field-dispatching_unit = Dispatching unit
field-pool = Pool
field-skills = Skills
field-post_id = Post taken up
field-quota = Quota
field-position_id = Position
field-written_score = Written score
field-interview_score = Interview score
field-topic = Topic
field-organiser = Organiser
field-hours = Hours
field-target_group = Target group
field-attended = Attended
field-issuer = Issuer

## Audit log

audit-entity-people_person = Person
audit-entity-people_post = Post
audit-entity-people_talent = Talent pool
audit-entity-people_campaign = Recruitment
audit-entity-people_training = Training
audit-entity-people_attendance = Training attendance
audit-entity-people_incentive = Incentive
audit-action-reveal = Personal information revealed
audit-action-export = Personal information exported
